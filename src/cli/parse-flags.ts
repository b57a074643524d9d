import { parseArgs } from 'node:util';

/** Parses `--flag value` options of a sub-command; unknown flags are an error that names them. */
export function parseFlags<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(argv: string[], options: T) {
  return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
}

export function parsePortFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${flag} must be a port number (0-65535), got "${value}"`);
  return port;
}
