-- wrk script for bench/run.mjs. Environment:
--   BENCH_METHOD     GET or POST
--   BENCH_BODY_FILE  file whose content is sent as the POST body (application/json)
-- At the end it prints one line "BENCH_RESULT {json}" (latencies in microseconds).
local method = os.getenv("BENCH_METHOD") or "GET"
wrk.method = method

if method == "POST" then
  local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write("BENCH_RESULT ", string.format(
    '{"requests":%d,"durationUs":%d,"socketErrors":%d,"statusErrors":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d}',
    summary.requests, summary.duration,
    errors.connect + errors.read + errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max), "\n")
end
