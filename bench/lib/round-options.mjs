// Command-line options of the scenarios measured in interleaved GET rounds (function,
// observability): durations, rounds, connections and which targets, checked up front.
import { integer, list } from './option-values.mjs';

const DEFAULTS = { duration: 10, warmup: 2, rounds: 3, connections: 50 };
const LIMITS = { duration: [1, 600], warmup: [0, 600], rounds: [1, 20], connections: [1, 5000] };
const QUICK = { duration: 3, warmup: 1, rounds: 1 };

/** The option lines every such scenario's usage shows; `only` describes its --only; `defaults` as given to parseRoundOptions. */
export function roundOptionsUsage(only, defaults = {}) {
  const d = { ...DEFAULTS, ...defaults };
  return `  --duration S      measured seconds per run (default ${d.duration})
  --warmup S        seconds of the same load before each measured run, not counted (default ${d.warmup})
  --rounds N        interleaved rounds of every target, order rotated each round (default ${d.rounds})
  --connections N   concurrent keep-alive connections of the load generator (default ${DEFAULTS.connections})
${only}
  --quick           --duration 3 --warmup 1 --rounds 1 (a look, not figures to quote)
  --help`;
}

/** `targets`: every target, the default of --only, in report order; `defaults`: the scenario's own durations and rounds. */
export function parseRoundOptions(argv, { targets, usage, defaults = {} }) {
  const options = { ...DEFAULTS, ...defaults, only: targets, help: false };
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
    else if (flag === '--only') options.only = list(flag, value(), targets);
    else if (flag.startsWith('--') && Object.hasOwn(LIMITS, name)) {
      options[name] = integer(flag, value(), ...LIMITS[name]);
      explicit.add(name);
    } else throw new Error(`unknown option ${argv[i]}\n${usage}`);
  }
  // --quick shortens what was not given explicitly: `--quick --rounds 2` keeps the 2.
  if (quick) for (const [key, v] of Object.entries(QUICK)) if (!explicit.has(key)) options[key] = v;
  options.quick = quick;
  return options;
}
