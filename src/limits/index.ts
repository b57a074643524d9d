export * from './rate-limiter.ts';
export * from './rate-limit-headers.ts';
