/**
 * Structured JSON-lines logger on stderr. Secrets never reach it on purpose (we log ids, not
 * keys), and as a second line of defence every string is passed through `redactSecrets`, which
 * masks anything shaped like a client or provider key.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const SECRET_PATTERNS: RegExp[] = [
  /\bcr_[A-Za-z0-9]{8,}/g, // our client keys
  /\bsk-[A-Za-z0-9_-]{8,}/g, // OpenAI, Anthropic (sk-ant-…), DeepSeek, OpenRouter (sk-or-…)
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google API keys
  /\b(?:Bearer|bearer)\s+[A-Za-z0-9._~+/-]{12,}=*/g,
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, (match) => `${match.slice(0, 5)}…[redacted]`);
  return out;
}

export interface Logger {
  level: LogLevel;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const threshold = LEVELS[level];
  const log = (at: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[at] < threshold) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level: at, msg: message, ...fields });
    write(`${redactSecrets(line)}\n`);
  };
  return {
    level,
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}
