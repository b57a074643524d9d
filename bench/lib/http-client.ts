/**
 * A small closed-loop HTTP client for what wrk cannot measure: time to first byte of a streamed
 * body (headers can leave before the first event; the first body chunk is what an agent waits
 * for). Also the fallback load driver when wrk is unavailable. Bounded by count and by time.
 */

export interface ClientTarget {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Rotated per request as `keyHeader: keyPrefix + key`. */
  keys?: string[];
  keyHeader?: string;
  keyPrefix?: string;
}

export interface ClientRun {
  /** Time to first body byte (streams) or to the whole response (otherwise), microseconds. */
  samplesUs: number[];
  errors: number;
  seconds: number;
  firstError?: string;
}

let keyCursor = Math.floor(Math.random() * 1_000_000);

export async function runClient(target: ClientTarget, options: { connections: number; maxRequests: number; maxSeconds: number; stream: boolean }): Promise<ClientRun> {
  const samplesUs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let issued = 0;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const one = async () => {
    const headers: Record<string, string> = { ...target.headers };
    if (target.keys?.length) headers[target.keyHeader ?? 'authorization'] = (target.keyPrefix ?? '') + target.keys[keyCursor++ % target.keys.length];
    const begin = performance.now();
    try {
      const response = await fetch(target.url, { method: 'POST', headers, body: target.body });
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
      if (options.stream) {
        const reader = response.body!.getReader();
        const first = await reader.read();
        const elapsed = performance.now() - begin;
        if (first.done) throw new Error('empty stream');
        while (!(await reader.read()).done) {
          // drain: the connection is reused only once the body is consumed
        }
        samplesUs.push(elapsed * 1000);
      } else {
        await response.arrayBuffer();
        samplesUs.push((performance.now() - begin) * 1000);
      }
    } catch (error) {
      errors++;
      firstError ??= (error as Error).message;
    }
  };
  const worker = async () => {
    while (issued < options.maxRequests && performance.now() < deadline) {
      issued++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  return { samplesUs, errors, seconds: (performance.now() - started) / 1000, firstError };
}
