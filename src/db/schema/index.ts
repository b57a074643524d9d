/** The whole drizzle schema, one file per table; drizzle-kit reads this file. */
export * from './users.ts';
export * from './client-keys.ts';
export * from './provider-keys.ts';
export * from './requests.ts';
export * from './auth-epoch.ts';
