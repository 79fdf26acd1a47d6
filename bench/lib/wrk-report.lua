-- wrk script for bench/run.mjs. Environment:
--   BENCH_METHOD        GET or POST
--   BENCH_BODY_FILE     file whose content is sent as the POST body (application/json)
--   BENCH_HEADER_NAME   with BENCH_TOKENS_FILE: a header set on every request, its value taken
--   BENCH_TOKENS_FILE   in turn from the file's lines (one credential per line, e.g. "Bearer <jwt>")
-- At the end it prints one line "BENCH_RESULT {json}" (latencies in microseconds).
local method = os.getenv("BENCH_METHOD") or "GET"
wrk.method = method

if method == "POST" then
  local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
end

local header_name = os.getenv("BENCH_HEADER_NAME")
local tokens_file = os.getenv("BENCH_TOKENS_FILE")

if header_name and header_name ~= "" and tokens_file and tokens_file ~= "" then
  local formatted = {}
  local next_request = 0

  -- Every request is formatted once here (wrk has set the Host header by now), so request()
  -- costs the load generator a table lookup, not a string build, and the proxy is what is measured.
  function init(args)
    local file = assert(io.open(tokens_file, "rb"))
    for line in file:lines() do
      if line ~= "" then
        local headers = {}
        for name, value in pairs(wrk.headers) do headers[name] = value end
        headers[header_name] = line
        formatted[#formatted + 1] = wrk.format(nil, nil, headers, nil)
      end
    end
    file:close()
    assert(#formatted > 0, "no credentials in " .. tokens_file)
  end

  function request()
    next_request = next_request % #formatted + 1
    return formatted[next_request]
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write("BENCH_RESULT ", string.format(
    '{"requests":%d,"durationUs":%d,"socketErrors":%d,"statusErrors":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d}',
    summary.requests, summary.duration,
    errors.connect + errors.read + errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max), "\n")
end
