import { existsSync, readFileSync } from 'node:fs';

/**
 * Parsed lines of a JSONL file; a missing file is empty. A line that does not parse (a writer may
 * be mid-write) is skipped with a warning rather than failing the whole build.
 */
export function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const rows: T[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    try {
      rows.push(JSON.parse(line) as T);
    } catch {
      console.warn(`${path}:${index + 1}: skipped a line that is not JSON`);
    }
  });
  return rows;
}
