/** Backend-side security (spec §12, §13): credentials sent to backends and the backend JWT. */
export { BackendSecurityModule } from './backend-security.module.js';
export { BackendSecurityPlanner } from './backend-security-planner.js';
export { BackendJwtKeys, type RotationSummary } from './jwt/index.js';
