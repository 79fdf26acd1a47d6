// Command-line options of the WebSocket scenario (bench/websocket.mjs), checked up front.
import { integer, list } from '../option-values.mjs';

export const WS_TARGETS = ['direct', 'nginx', 'portico'];
export const WS_PARTS = ['throughput', 'idle'];

const DEFAULTS = {
  duration: 10,
  warmup: 2,
  rounds: 3,
  connections: 50,
  window: 16,
  messageBytes: 128,
  idleConnections: 1000,
  batch: 100,
  hold: 5,
  parts: WS_PARTS,
  only: WS_TARGETS,
  help: false,
};

export const USAGE = `usage: npm run bench -- --scenario websocket [options]   (or: node bench/websocket.mjs [options] after npm run build)
  --duration S          measured seconds per throughput run (default ${DEFAULTS.duration})
  --warmup S            seconds of the same load before each measured run, not counted (default ${DEFAULTS.warmup})
  --rounds N            interleaved rounds of every target, order rotated each round (default ${DEFAULTS.rounds})
  --connections N       client WebSocket connections of the throughput load (default ${DEFAULTS.connections})
  --window N            messages in flight per connection (default ${DEFAULTS.window})
  --message-bytes N     size of each text message (default ${DEFAULTS.messageBytes})
  --idle-connections N  connections held open through Portico (and nginx) by the idle part (default ${DEFAULTS.idleConnections})
  --batch N             idle connections opened at a time (default ${DEFAULTS.batch})
  --hold S              seconds the idle connections are held before the proxy's RSS is read (default ${DEFAULTS.hold})
  --parts LIST          throughput,idle (default both)
  --only LIST           targets among direct,nginx,portico (default all; nginx is left out with a note when not installed)
  --quick               --duration 3 --warmup 1 --rounds 1 --hold 2 (a look, not figures to quote)
  --help`;

const LIMITS = {
  duration: [1, 600],
  warmup: [0, 600],
  rounds: [1, 20],
  connections: [1, 5000],
  window: [1, 1000],
  'message-bytes': [1, 1024 * 1024],
  'idle-connections': [1, 10_000],
  batch: [1, 1000],
  hold: [0, 600],
};
const camel = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
const QUICK = { duration: 3, warmup: 1, rounds: 1, hold: 2 };

export function parseWebsocketOptions(argv) {
  const options = { ...DEFAULTS };
  const explicit = new Set();
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag}: expected a value`);
      return v;
    };
    const name = flag.slice(2);
    if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag === '--quick') quick = true;
    else if (flag === '--parts') options.parts = list(flag, value(), WS_PARTS);
    else if (flag === '--only') options.only = list(flag, value(), WS_TARGETS);
    else if (flag.startsWith('--') && Object.hasOwn(LIMITS, name)) {
      options[camel(name)] = integer(flag, value(), ...LIMITS[name]);
      explicit.add(camel(name));
    } else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  // --quick shortens what was not given explicitly: `--quick --rounds 2` keeps the 2.
  if (quick) for (const [key, v] of Object.entries(QUICK)) if (!explicit.has(key)) options[key] = v;
  options.quick = quick;
  return options;
}
