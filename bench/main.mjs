#!/usr/bin/env node
// `npm run bench [-- --scenario NAME] [options]`: runs one benchmark scenario (bench/README.md).
//   proxy (default)  bench/run.mjs: the data plane against the backend direct and nginx
//   scale            bench/scale.mjs: issue 13's routing and deploy targets at 10,000 / 5,000 / 2,000 APIs
//   websocket        bench/websocket.mjs: issue 18's WebSocket messages/s and idle-connection memory
//   soap             bench/soap.mjs: issue 19's SOAP pass-through and REST-to-SOAP requests/s and CPU
//   function         bench/function.mjs: issue 20's function-connector GET against direct and the REST proxy
//   observability    bench/observability.mjs: issue 21's access log and metrics, on against off
//   workers          bench/workers.mjs: issue 22's workers: 2 against workers: 1
import { fileURLToPath } from 'node:url';

const SCENARIOS = { proxy: './run.mjs', scale: './scale.mjs', websocket: './websocket.mjs', soap: './soap.mjs', function: './function.mjs', observability: './observability.mjs', workers: './workers.mjs' };

const argv = process.argv.slice(2);
let scenario = 'proxy';
const rest = [];
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].split(/=(.*)/s, 2);
  if (flag === '--scenario') scenario = inline ?? argv[++i];
  else rest.push(argv[i]);
}
if (!Object.hasOwn(SCENARIOS, scenario)) {
  console.error(`--scenario: expected one of ${Object.keys(SCENARIOS).join(', ')}, got ${scenario}`);
  process.exit(2);
}
if (rest.includes('--help') || rest.includes('-h')) {
  console.log(`scenarios: --scenario proxy (default: data-plane throughput and latency) | --scenario scale (issue 13's scale targets) | --scenario websocket (issue 18's WebSocket figures) | --scenario soap (issue 19's SOAP figures) | --scenario function (issue 20's function-connector figures) | --scenario observability (issue 21's access log and metrics cost) | --scenario workers (issue 22's workers: 2 against 1)\n`);
}
// The scenario reads process.argv as if it had been started directly.
process.argv = [process.argv[0], fileURLToPath(new URL(SCENARIOS[scenario], import.meta.url)), ...rest];
await import(SCENARIOS[scenario]);
