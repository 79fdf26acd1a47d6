export * from './credential-verifiers.js';
export * from './consumer-security.compiler.js';
export * from './operation-security-handler.js';
export * from './unsecured-operation.js';
export * from './security.module.js';
