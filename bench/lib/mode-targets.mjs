// Which targets run which mode: every measured one for get and post, `--auth-targets` for the auth
// modes, nginx and Portico for the load-balanced mode (direct is one backend, not two).
import { isAuthMode } from './auth-modes.mjs';
import { LB_MODE, LB_TARGETS } from './lb-mode.mjs';

export function targetsOfMode(mode, measured, options) {
  if (isAuthMode(mode)) return measured.filter((t) => options.authTargets.includes(t.name));
  if (mode === LB_MODE) return measured.filter((t) => LB_TARGETS.includes(t.name));
  return measured;
}
