/**
 * Maps every accepted spelling of a route onto one: `/api/v1/x`, `/v1/x`, and the doubled
 * `/v1/v1/x` or `/api/v1/v1/x` that a base URL ending in `/v1` plus a client appending `/v1`
 * produces (the guide's troubleshooting promises we accept it).
 */
export function normalizePath(path: string): string {
  let out = path;
  if (out.startsWith('/api/')) out = out.slice(4);
  else if (out === '/api') return '/';
  while (out.startsWith('/v1/v1/') || out === '/v1/v1') out = out.slice(3);
  if (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

/** The path of a request URL without parsing the whole URL (this runs on every request). */
export function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  if (start === -1) return '/';
  const query = url.indexOf('?', start);
  return url.slice(start, query === -1 ? undefined : query);
}
