export { openDatabase, type GatewayDatabase, type OpenedDatabase } from './open-database.ts';
export * from './schema/index.ts';
