// Command-line options of the function scenario (bench/function.mjs), checked up front.
import { integer, list } from '../option-values.mjs';

/** direct: the backend's GET /items; both Portico targets are served by one function gateway process. */
export const FUNCTION_TARGETS = ['direct', 'portico-rest', 'portico-function'];

const DEFAULTS = {
  duration: 10,
  warmup: 2,
  rounds: 3,
  connections: 50,
  only: FUNCTION_TARGETS,
  help: false,
};

export const USAGE = `usage: npm run bench -- --scenario function [options]   (or: node bench/function.mjs [options] after npm run build)
  --duration S      measured seconds per run (default ${DEFAULTS.duration})
  --warmup S        seconds of the same load before each measured run, not counted (default ${DEFAULTS.warmup})
  --rounds N        interleaved rounds of every target, order rotated each round (default ${DEFAULTS.rounds})
  --connections N   concurrent keep-alive connections of the load generator (default ${DEFAULTS.connections})
  --only LIST       targets among direct,portico-rest,portico-function (default all): the same 1024-byte
                    GET /items from the backend, through Portico's REST proxy, from a function handler
  --quick           --duration 3 --warmup 1 --rounds 1 (a look, not figures to quote)
  --help`;

const LIMITS = {
  duration: [1, 600],
  warmup: [0, 600],
  rounds: [1, 20],
  connections: [1, 5000],
};
const QUICK = { duration: 3, warmup: 1, rounds: 1 };

export function parseFunctionOptions(argv) {
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
    else if (flag === '--only') options.only = list(flag, value(), FUNCTION_TARGETS);
    else if (flag.startsWith('--') && Object.hasOwn(LIMITS, name)) {
      options[name] = integer(flag, value(), ...LIMITS[name]);
      explicit.add(name);
    } else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  // --quick shortens what was not given explicitly: `--quick --rounds 2` keeps the 2.
  if (quick) for (const [key, v] of Object.entries(QUICK)) if (!explicit.has(key)) options[key] = v;
  options.quick = quick;
  return options;
}

/** Whether any measured target needs the function gateway. */
export const needsGateway = (options) => options.only.some((t) => t !== 'direct');
