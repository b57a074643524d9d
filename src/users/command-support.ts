import { resolve } from 'node:path';
import { readConfigFile } from '../config/load-config.ts';
import { GatewayError } from '../errors/gateway-error.ts';

/** Where a CLI command writes and reads, injectable so tests run commands in-process. */
export interface CommandIo {
  out(text: string): void;
  error(text: string): void;
  readStdin(): Promise<string>;
  /** Called once, with 0 on success. */
  setExitCode(code: number): void;
}

export const processIo: CommandIo = {
  out: (text) => console.log(text),
  error: (text) => console.error(text),
  readStdin: () => Bun.stdin.text(),
  // exitCode, not exit(): pending writes still flush and the database still closes.
  setExitCode: (code) => void (process.exitCode = code),
};

/** A mistake in how the command was called: exit code 2, with the command's help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The database a CLI command works on: `--db`, then `CODEROUTER_DB`, then the config file's, then `./coderouter.db` (as `serve`). */
export function resolveDbPath(values: { db?: string; config?: string }, env: Record<string, string | undefined>): string {
  if (values.db) return resolve(values.db);
  if (env.CODEROUTER_DB) return resolve(env.CODEROUTER_DB);
  const configPath = values.config ?? env.CODEROUTER_CONFIG;
  const fromConfig = configPath ? readConfigFile(configPath).server?.db : undefined;
  return resolve(fromConfig ?? 'coderouter.db');
}

/** Aligned columns for listings. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

export function formatDate(date: Date | null): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-';
}

/**
 * Runs a command body and turns failures into a message and an exit code (through `io`): 2 for
 * usage errors (with the help text), 1 for everything else.
 */
export async function runWithExitCode(name: string, help: string, io: CommandIo, body: () => Promise<void> | void): Promise<void> {
  let code = 0;
  try {
    await body();
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.error(`${name}: ${error.message}\n\n${help}`);
      code = 2;
    } else {
      io.error(`${name}: ${error instanceof GatewayError || error instanceof Error ? error.message : String(error)}`);
      code = 1;
    }
  }
  io.setExitCode(code);
}
