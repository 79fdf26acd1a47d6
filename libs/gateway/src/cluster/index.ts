export * from './cluster-messages.js';
export * from './crash-loop-guard.js';
export * from './primary-link.js';
export * from './process-role.module.js';
export * from './worker-count.js';
export * from './worker-supervisor.js';
