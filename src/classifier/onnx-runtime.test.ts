import { expect, test } from 'bun:test';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractEmbeddedLibrary, runtimeCacheDirectories } from './onnx-runtime.ts';

test('cache folders: XDG_CACHE_HOME, then ~/.cache, then the temp folder', () => {
  expect(runtimeCacheDirectories({ XDG_CACHE_HOME: '/x', HOME: '/home/a' })).toEqual(['/x/coderouter', '/home/a/.cache/coderouter', join(tmpdir(), 'coderouter-cache')]);
  expect(runtimeCacheDirectories({ HOME: '/home/a' })[0]).toBe('/home/a/.cache/coderouter');
});

test('the runtime library is written once, keyed by its hash, past a folder that cannot be written', async () => {
  // A folder below a plain file cannot be created, even by root.
  const readOnly = join(mkdtempSync(join(tmpdir(), 'ro-')), 'a-file');
  writeFileSync(readOnly, '');
  const writable = mkdtempSync(join(tmpdir(), 'rw-'));
  const first = await extractEmbeddedLibrary([join(readOnly, 'nested'), writable]);
  expect(first.startsWith(writable)).toBe(true);
  expect(first).toMatch(/onnxruntime-[0-9a-f]{16}\/libonnxruntime\.so\.1$/);
  const written = statSync(first).mtimeMs;
  expect(await extractEmbeddedLibrary([writable])).toBe(first);
  expect(statSync(first).mtimeMs).toBe(written);
  await expect(extractEmbeddedLibrary([join(readOnly, 'nested')])).rejects.toThrow('cannot write the onnxruntime library');
});
