export * from './plans.ts';
export * from './users.ts';
export * from './data-key.ts';
export * from './provider-keys.ts';
export * from './byok.ts';
