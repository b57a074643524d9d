/**
 * Drives load with wrk (Debian's package, installed on demand when running as root). A generated
 * Lua script pre-formats the requests (one per client key, rotated round-robin so no key meets its
 * plan limit), and on exit writes the latency quantiles, counts and errors as JSON.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantilePoints, type Distribution } from './stats.ts';

/** Path of a usable wrk, installing it with apt-get if we are root; undefined if neither works. */
export function ensureWrk(log: (line: string) => void): string | undefined {
  const which = () => spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).stdout.trim() || undefined;
  const found = which();
  if (found) return found;
  if (process.getuid?.() !== 0) return undefined;
  log('installing wrk from Debian (apt-get install -y wrk)…');
  let install = spawnSync('apt-get', ['install', '-y', 'wrk'], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update'], { encoding: 'utf8' });
    install = spawnSync('apt-get', ['install', '-y', 'wrk'], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return which();
}

export interface WrkTarget {
  /** Full URL of the endpoint. */
  url: string;
  headers: Record<string, string>;
  /** Request body file (JSON). */
  bodyFile: string;
  /** One value per line; each becomes a request with `keyHeader: keyPrefix + value`. */
  keysFile?: string;
  keyHeader?: string;
  keyPrefix?: string;
}

export interface WrkResult extends Distribution {
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
}

const luaString = (value: string) => JSON.stringify(value); // a JSON string literal is a valid Lua one for ASCII

/** Runs wrk once: one thread, `connections` connections, `seconds` long. */
export function runWrk(wrk: string, target: WrkTarget, connections: number, seconds: number, workDir: string): WrkResult {
  const out = join(workDir, `wrk-${process.pid}-${Date.now()}.json`);
  const script = join(workDir, `wrk-${process.pid}.lua`);
  const url = new URL(target.url);
  const points = quantilePoints();
  const headerLines = Object.entries(target.headers).map(([name, value]) => `headers[${luaString(name)}] = ${luaString(value)}`).join('\n  ');
  writeFileSync(
    script,
    `
local requests = {}
local n = 0
local quantiles = { ${points.map((p) => p.q).join(', ')} }
init = function(args)
  local f = io.open(${luaString(target.bodyFile)}, "rb"); local body = f:read("*a"); f:close()
  local headers = {}
  ${headerLines}
  local keys = {}
  ${target.keysFile ? `for line in io.lines(${luaString(target.keysFile)}) do if #line > 0 then keys[#keys + 1] = line end end` : ''}
  if #keys == 0 then keys[1] = false end
  -- at most ~64 MB of pre-formatted requests
  local most = math.max(1, math.floor(64000000 / (#body + 512)))
  for i = 1, math.min(#keys, most) do
    if keys[i] then headers[${luaString(target.keyHeader ?? 'authorization')}] = ${luaString(target.keyPrefix ?? '')} .. keys[i] end
    requests[i] = wrk.format("POST", ${luaString(url.pathname + url.search)}, headers, body)
  end
  math.randomseed(os.time() + os.clock() * 1000000)
  n = math.random(#requests) - 1
end
request = function()
  n = n % #requests + 1
  return requests[n]
end
done = function(summary, latency, requests_)
  local f = io.open(${luaString(out)}, "w")
  f:write(string.format('{"requests":%d,"durationUs":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"meanUs":%f,"maxUs":%d,"values":[',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout, latency.mean, latency.max))
  for i, q in ipairs(quantiles) do
    if i > 1 then f:write(",") end
    f:write(string.format("%d", latency:percentile(q)))
  end
  f:write("]}")
  f:close()
end
`,
  );
  const run = spawnSync(wrk, ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, `${url.protocol}//${url.host}`], { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  if (run.status !== 0) throw new Error(`wrk failed (${run.status}): ${run.stderr || run.stdout}`);
  const raw = JSON.parse(readFileSync(out, 'utf8')) as { requests: number; durationUs: number; errors: WrkResult['errors']; meanUs: number; maxUs: number; values: number[] };
  return {
    connections,
    seconds: raw.durationUs / 1e6,
    requests: raw.requests,
    requestsPerSecond: raw.requests / (raw.durationUs / 1e6),
    errors: raw.errors,
    meanUs: raw.meanUs,
    maxUs: raw.maxUs,
    points: points.map((point, index) => ({ valueUs: raw.values[index]!, mass: point.mass })),
  };
}
