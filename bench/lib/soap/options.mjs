// Command-line options of the SOAP scenario (bench/soap.mjs), checked up front.
import { integer, list } from '../option-values.mjs';

export const SOAP_TARGETS = ['direct', 'nginx', 'portico'];
export const SOAP_MODES = ['pass-through', 'rest-to-soap'];
/** nginx passes SOAP through; it has no REST-to-SOAP to compare with. */
export const MODE_TARGETS = { 'pass-through': SOAP_TARGETS, 'rest-to-soap': ['direct', 'portico'] };

const DEFAULTS = {
  duration: 10,
  warmup: 2,
  rounds: 3,
  connections: 50,
  modes: SOAP_MODES,
  only: SOAP_TARGETS,
  help: false,
};

export const USAGE = `usage: npm run bench -- --scenario soap [options]   (or: node bench/soap.mjs [options] after npm run build)
  --duration S      measured seconds per run (default ${DEFAULTS.duration})
  --warmup S        seconds of the same load before each measured run, not counted (default ${DEFAULTS.warmup})
  --rounds N        interleaved rounds of every mode on every target, order rotated each round (default ${DEFAULTS.rounds})
  --connections N   concurrent keep-alive connections of the load generator (default ${DEFAULTS.connections})
  --modes LIST      pass-through,rest-to-soap (default both): a SOAP 1.1 envelope to direct/nginx/Portico's SOAP API;
                    a JSON POST to Portico's REST-to-SOAP API against the same operation called directly
  --only LIST       targets among direct,nginx,portico (default all; nginx is left out with a note when not installed)
  --quick           --duration 3 --warmup 1 --rounds 1 (a look, not figures to quote)
  --help`;

const LIMITS = {
  duration: [1, 600],
  warmup: [0, 600],
  rounds: [1, 20],
  connections: [1, 5000],
};
const QUICK = { duration: 3, warmup: 1, rounds: 1 };

export function parseSoapOptions(argv) {
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
    else if (flag === '--modes') options.modes = list(flag, value(), SOAP_MODES);
    else if (flag === '--only') options.only = list(flag, value(), SOAP_TARGETS);
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

/** The [mode, target] runs of one round, in mode order then target order (among `only`). */
export function runsOfRound(options) {
  return options.modes.flatMap((mode) => MODE_TARGETS[mode].filter((t) => options.only.includes(t)).map((target) => [mode, target]));
}
