import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Base62 of `bytes` as one big-endian number, left-padded to the length the byte count can need,
 * so every key of a kind has the same length (32 bytes → 43 characters). Base62 because keys get
 * double-clicked and pasted into shells and YAML: no `-`, `_`, `+`, `/` or `=` to trip on.
 */
export function encodeBase62(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let text = '';
  while (value > 0n) {
    text = BASE62[Number(value % 62n)] + text;
    value /= 62n;
  }
  const width = Math.ceil((bytes.length * 8) / Math.log2(62));
  return text.padStart(width, '0');
}

/** A random row id such as `usr_4fS0kQ2cZ8aLr1Bx` (96 random bits): readable in logs and CLI output. */
export function newId(prefix: 'usr' | 'key' | 'pk'): string {
  return `${prefix}_${encodeBase62(randomBytes(12))}`;
}
