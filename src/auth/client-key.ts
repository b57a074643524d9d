import { randomBytes } from 'node:crypto';
import { encodeBase62 } from '../db/ids.ts';

/** Every client key starts with this; it lets us tell a CodeRouter key from a provider's. */
export const CLIENT_KEY_PREFIX = 'cr_';

/** Characters of a key shown in listings: `cr_` and five more, too few to guess the rest. */
export const DISPLAY_PREFIX_LENGTH = 8;

/**
 * A new client key: `cr_` + base62 of 32 random bytes (256 bits, 46 characters in all).
 * @see ../../../shared/DESIGN.md §3 (auth)
 */
export function generateClientKey(): string {
  return CLIENT_KEY_PREFIX + encodeBase62(randomBytes(32));
}

/**
 * SHA-256 hex of the whole key, the only form stored. A fast hash, not a password KDF, on purpose:
 * a 256-bit random key cannot be brute-forced, so slowing the hash only slows every request.
 */
export function hashClientKey(key: string): string {
  return new Bun.CryptoHasher('sha256').update(key).digest('hex');
}

/** The displayable start of a key, e.g. `cr_7Hq2x`. */
export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}
