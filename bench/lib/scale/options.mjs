// Command-line options of the scale scenario (`npm run bench -- --scenario scale ...`).
import { integer, list, oneOf } from '../option-values.mjs';

export const STEPS = ['match', 'persisted', 'one-by-one'];
export const LAYOUTS = ['shared', 'spread'];

/** The sizes the issue states its targets at. */
export const FULL = {
  apis: 10_000,
  resources: 20,
  smallApis: 10,
  persisted: 5_000,
  oneByOne: 2_000,
  apiResources: 10,
  reps: 5,
  matchMs: 2000,
  warmupMs: 500,
};

/** `--quick`: the same figures at small sizes (a couple of minutes on today's code). */
export const QUICK = { ...FULL, apis: 1_000, persisted: 200, oneByOne: 200, reps: 3, matchMs: 500, warmupMs: 200 };

const DEFAULTS = { ...FULL, steps: STEPS, layout: 'shared', budget: 1800, quick: false, help: false };

export const USAGE = `usage: npm run bench -- --scenario scale [options]   (or: node bench/scale.mjs [options] after npm run build)
  --quick             small sizes (${QUICK.apis} APIs matched, ${QUICK.persisted} persisted, ${QUICK.oneByOne} one by one, ${QUICK.reps} repetitions); options below override it
  --steps LIST        ${STEPS.join(',')} (default all)
                        match: figure 1 (routing micro-benchmark, in its own process per table size)
                        persisted: figures 2, 4, 5 (boot from a persisted state, memory, one more deploy)
                        one-by-one: figure 3 (deploys through the admin API into an empty gateway)
  --apis N            APIs in the routing table of the match figure (default ${FULL.apis})
  --resources N       resources per API of the match figure (default ${FULL.resources})
  --small-apis N      the table size the match figure is compared with (default ${FULL.smallApis})
  --persisted N       APIs persisted before boot for figures 2, 4, 5 (default ${FULL.persisted})
  --one-by-one N      APIs deployed one by one for figure 3 (default ${FULL.oneByOne})
  --api-resources N   resources per API deployed into the gateway (default ${FULL.apiResources})
  --reps N            deploys of one more API into the persisted gateway (default ${FULL.reps})
  --match-ms MS       measured milliseconds per request position of the match figure (default ${FULL.matchMs})
  --warmup-ms MS      warm-up milliseconds per position before it is measured (default ${FULL.warmupMs})
  --budget S          stop the one-by-one deploys after S seconds (reported as not finished; default ${DEFAULTS.budget})
  --layout NAME       shared: every base path under one first segment (/scale/apiNNNNN/v1, the issue's case);
                      spread: one first segment per API (/apiNNNNN/v1) (default shared)
  --help`;

const INTEGERS = {
  apis: ['apis', 1, 1_000_000],
  resources: ['resources', 1, 1000],
  'small-apis': ['smallApis', 1, 1_000_000],
  persisted: ['persisted', 1, 1_000_000],
  'one-by-one': ['oneByOne', 1, 1_000_000],
  'api-resources': ['apiResources', 1, 1000],
  reps: ['reps', 1, 1000],
  'match-ms': ['matchMs', 10, 600_000],
  'warmup-ms': ['warmupMs', 0, 600_000],
  budget: ['budget', 1, 86_400],
};

export function parseScaleOptions(argv) {
  const given = {};
  let quick = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag}: expected a value`);
      return v;
    };
    const name = flag.slice(2);
    if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--quick') quick = true;
    else if (flag === '--steps') given.steps = list(flag, value(), STEPS);
    else if (flag === '--layout') given.layout = oneOf(flag, value(), LAYOUTS);
    else if (flag.startsWith('--') && name in INTEGERS) {
      const [key, min, max] = INTEGERS[name];
      given[key] = integer(flag, value(), min, max);
    } else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  return { ...DEFAULTS, ...(quick ? QUICK : {}), ...given, quick, help };
}
