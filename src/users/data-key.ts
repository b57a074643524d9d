import { dirname } from 'node:path';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';

/** AES-256-GCM: authenticated, so a flipped bit in a stored key fails loudly instead of decrypting to junk. */
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
/** 96-bit nonces, random per row: at our row counts the collision chance is negligible (< 2^-60). */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** One sealed value as stored: base64 of ciphertext‖tag, and base64 of the nonce. */
export interface SealedValue {
  ciphertext: string;
  nonce: string;
}

/** Where the data key came from, for `coderouter users` output and /healthz (never the key itself). */
export type DataKeySource = 'env' | 'file' | 'ephemeral';

/**
 * The data key that encrypts users' provider keys at rest. The raw key never leaves this object:
 * no getter, and `toJSON`/inspection show only a fingerprint, so it cannot end up in a log by accident.
 */
export class DataKey {
  readonly #key: Buffer;
  /** First 12 hex of SHA-256 of the key: tells two keys apart without revealing either. */
  readonly fingerprint: string;

  constructor(
    key: Uint8Array,
    readonly source: DataKeySource = 'ephemeral',
    readonly keyFile: string | undefined = undefined,
  ) {
    if (key.length !== KEY_BYTES) throw new Error(`a data key is ${KEY_BYTES} bytes, got ${key.length}`);
    this.#key = Buffer.from(key);
    this.fingerprint = createHash('sha256').update(this.#key).digest('hex').slice(0, 12);
  }

  /** A fresh random key (for first start, rotation and tests). */
  static generate(): DataKey {
    return new DataKey(randomBytes(KEY_BYTES));
  }

  /** Parses base64 (standard or url-safe) of exactly 32 bytes, e.g. from `openssl rand -base64 32`. */
  static fromBase64(text: string, source: DataKeySource = 'env', keyFile?: string): DataKey {
    const trimmed = text.trim();
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.length !== KEY_BYTES || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
      throw new Error(`${keyFile ?? 'CODEROUTER_DATA_KEY'} must hold base64 of ${KEY_BYTES} random bytes (make one with: openssl rand -base64 32)`);
    }
    return new DataKey(bytes, source, keyFile);
  }

  /** Encrypts `plaintext` bound to `associatedData` (the row's identity), with a fresh nonce. */
  seal(plaintext: string, associatedData: string): SealedValue {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { ciphertext: body.toString('base64'), nonce: nonce.toString('base64') };
  }

  /**
   * Decrypts and authenticates. Returns undefined when the value was tampered with, belongs to
   * another row, or was sealed under another key: the caller turns that into its own error.
   */
  open(sealed: SealedValue, associatedData: string): string | undefined {
    const body = Buffer.from(sealed.ciphertext, 'base64');
    const nonce = Buffer.from(sealed.nonce, 'base64');
    if (body.length < TAG_BYTES || nonce.length !== NONCE_BYTES) return undefined;
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  /**
   * Writes the key as base64 to `path` with mode 0600. The file appears whole or not at all (temp
   * file, then rename); with `exclusive` it is a hard link instead, which fails with EEXIST when the
   * file already exists, so two processes starting at once cannot overwrite each other's key.
   */
  writeKeyFile(path: string, options: { exclusive?: boolean } = {}): void {
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, `${this.#key.toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
    if (!options.exclusive) return renameSync(temporary, path);
    try {
      linkSync(temporary, path);
    } finally {
      unlinkSync(temporary);
    }
  }

  toJSON(): string {
    return `DataKey(${this.fingerprint})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toJSON();
  }
}

/** The key file used when `CODEROUTER_DATA_KEY` is unset: beside the database. */
export function defaultKeyFile(dbPath: string): string {
  return `${dbPath}.key`;
}

/** Reads a key file, refusing one that other users can read (as ssh does with private keys). */
function readKeyFile(path: string): DataKey {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`data key file ${path} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${path}`);
  }
  return DataKey.fromBase64(readFileSync(path, 'utf8'), 'file', path);
}

export interface LoadDataKeyOptions {
  env: Record<string, string | undefined>;
  dbPath: string;
  /** Overrides the default `<db>.key`. */
  keyFile?: string;
}

/**
 * The data key: `CODEROUTER_DATA_KEY` (base64 of 32 bytes) if set; otherwise the key file beside
 * the database, created with mode 0600 at first start. An in-memory database gets a throwaway key,
 * since nothing it encrypts outlives the process.
 */
export function loadDataKey(options: LoadDataKeyOptions): DataKey {
  const fromEnv = options.env.CODEROUTER_DATA_KEY;
  if (fromEnv) return DataKey.fromBase64(fromEnv, 'env');
  if (options.dbPath === ':memory:' || options.dbPath === '') return DataKey.generate();
  const path = options.keyFile ?? defaultKeyFile(options.dbPath);
  if (existsSync(path)) return readKeyFile(path);
  mkdirSync(dirname(path), { recursive: true });
  const created = new DataKey(randomBytes(KEY_BYTES), 'file', path);
  try {
    created.writeKeyFile(path, { exclusive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(path);
    throw error;
  }
  return created;
}
