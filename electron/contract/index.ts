export * from './schemas.js';
export type * from './types.js';
