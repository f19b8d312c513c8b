export * from './schemas.js';
export * from './api.js';
export type * from './types.js';
