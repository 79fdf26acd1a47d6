export * from './test-backend.js';
export * from './http-call.js';
export * from './project-zip.js';
export * from './fixtures.js';
export * from './test-gateway.js';
export * from './openapi-document.js';
export * from './apictl-project.js';
export * from './gateway-process.js';
