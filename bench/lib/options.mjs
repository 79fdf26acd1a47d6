// Command-line options of bench/run.mjs, validated up front so a typo fails before anything starts.
import { integer, list, oneOf } from './option-values.mjs';

export const MODES = ['get', 'post', 'get-jwt', 'get-jwt-bjwt', 'get-apikey', 'get-lb'];
export const TARGETS = ['direct', 'nginx', 'portico'];
export const LOADS = ['auto', 'wrk', 'autocannon'];

const DEFAULTS = {
  duration: 10,
  warmup: 3,
  rounds: 3,
  connections: 50,
  tokens: 5000,
  modes: MODES,
  only: TARGETS,
  // The auth modes' figure is Portico's own ratio to its get; direct and nginx would only add minutes.
  authTargets: ['portico'],
  load: 'auto',
  memory: true,
  help: false,
};

export const USAGE = `usage: npm run bench -- [options]      (or: node bench/run.mjs [options] after npm run build)
  --duration S      measured seconds per run (default ${DEFAULTS.duration})
  --warmup S        warm-up seconds before each measured run, same load (default ${DEFAULTS.warmup})
  --rounds N        interleaved rounds, order rotated each round (default ${DEFAULTS.rounds})
  --connections N   concurrent keep-alive connections (default ${DEFAULTS.connections})
  --modes LIST      get,post,get-jwt,get-jwt-bjwt,get-apikey,get-lb (default all six;
                    get-jwt-bjwt: get-jwt to an API that sends a backend JWT; get-lb: the same
                    GET load balanced over two backends, on nginx and Portico only)
  --only LIST       direct,nginx,portico (default all; nginx is skipped when not on PATH)
  --auth-targets LIST  targets that run the auth modes get-jwt, get-jwt-bjwt and get-apikey
                    (default portico; direct and nginx get the same headers on the open /items)
  --tokens N        distinct credentials per auth mode, sent in turn (default ${DEFAULTS.tokens})
  --load NAME       auto (wrk when on PATH, else autocannon), wrk or autocannon
  --no-memory       skip the 100 MB upload/download memory check
  --help`;

const LIMITS = {
  duration: [1, 600],
  warmup: [0, 600],
  rounds: [1, 20],
  connections: [1, 10_000],
  tokens: [1, 100_000],
};

export function parseOptions(argv) {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag}: expected a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag === '--no-memory') options.memory = false;
    else if (flag === '--modes') options.modes = list(flag, value(), MODES);
    else if (flag === '--load') options.load = oneOf(flag, value(), LOADS);
    else if (flag === '--only') options.only = list(flag, value(), TARGETS);
    else if (flag === '--auth-targets') options.authTargets = list(flag, value(), TARGETS);
    else if (flag.startsWith('--') && flag.slice(2) in LIMITS) options[flag.slice(2)] = integer(flag, value(), ...LIMITS[flag.slice(2)]);
    else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  return options;
}
