export * from './gateway-settings.js';
export * from './login-throttle-settings.js';
export * from './settings-error.js';
export * from './settings-loader.js';
export * from './settings.module.js';
export * from './process-settings.js';
export * from './address-range.validator.js';
