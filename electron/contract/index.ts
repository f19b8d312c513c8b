export * from './schemas.js';
export * from './api.js';
export * from './admin.js';
export * from './imports.js';
export * from './connectors.js';
export type * from './types.js';
export * from './errors.js';
export * from './segments.js';
export type * from './insights.js';
