import Anthropic, { OverloadedError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import OpenAI, { InternalServerError, RateLimitError } from 'openai';
import type { RecordedRequest, SimulatorStats } from './simulator-state.ts';
import { startSimulator, type RunningSimulator } from './server.ts';

let sim: RunningSimulator;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-openai-verbatim', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: sim.url, apiKey: 'sk-ant-verbatim', maxRetries: 0 });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  await fetch(`${sim.url}/_sim/reset`, { method: 'POST' });
});

const control = (path: string, body?: unknown) =>
  fetch(`${sim.url}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
const readStats = async () => (await (await control('/_sim/stats')).json()) as SimulatorStats;
const ask = (model: string, content = 'hi') => openai.chat.completions.create({ model, messages: [{ role: 'user', content }] });

/** Polls until the server has noticed what the client did; the test runner's timeout bounds it. */
async function waitForStats(predicate: (stats: SimulatorStats) => boolean): Promise<SimulatorStats> {
  for (;;) {
    const stats = await readStats();
    if (predicate(stats)) return stats;
    await Bun.sleep(5);
  }
}

describe('control API', () => {
  test('faults are consumed in order by matching models, `times` times, then requests succeed', async () => {
    const queued = await control('/_sim/faults', [
      { model: 'gpt-5', status: 429, times: 2, retryAfter: 3 },
      { model: '*', status: 500 },
    ]);
    expect(((await queued.json()) as { pending: number }).pending).toBe(2);

    const first = await ask('gpt-5').catch((error: unknown) => error);
    expect(first).toBeInstanceOf(RateLimitError);
    expect((first as RateLimitError).headers?.get('retry-after')).toBe('3');
    // Another model skips the gpt-5 fault and takes the wildcard one.
    expect(await ask('deepseek-chat').catch((error: unknown) => error)).toBeInstanceOf(InternalServerError);
    expect(await ask('gpt-5').catch((error: unknown) => error)).toBeInstanceOf(RateLimitError);
    expect((await ask('gpt-5')).choices[0]?.message.content).toContain('Simulated gpt-5');
    expect(((await (await control('/_sim/faults')).json()) as { faults: unknown[] }).faults).toEqual([]);
  });

  test('a 529 fault on an Anthropic model is an OverloadedError; an invalid fault is refused', async () => {
    await control('/_sim/faults', { model: 'claude-opus-4-6', status: 529 });
    const error = await anthropic.messages
      .create({ model: 'claude-opus-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OverloadedError);
    expect((await control('/_sim/faults', { status: 'boom' })).status).toBe(400);
    expect((await control('/_sim/faults', { mode: 'explode' })).status).toBe(400);
  });

  test('a midstream fault turns a normal prompt into text followed by an error event', async () => {
    await control('/_sim/faults', { model: '*', mode: 'midstream', status: 529 });
    const stream = anthropic.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect((error as { type?: string }).type).toBe('overloaded_error');
    expect(text.length).toBeGreaterThan(0);
  });

  test('a slow-first-byte fault delays but still answers', async () => {
    await control('/_sim/faults', { mode: 'slow-first-byte', delayMs: 30 });
    expect((await ask('gpt-5')).choices[0]?.finish_reason).toBe('stop');
  });

  test('requests are recorded with credentials verbatim, protocol headers, query and parsed body', async () => {
    await anthropic.messages.create(
      { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'recorded' }] },
      { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' }, query: { beta: 'true' } },
    );
    await ask('gpt-5', 'second');
    const requests = (await (await control('/_sim/requests')).json()) as RecordedRequest[];
    expect(requests).toHaveLength(2);
    const [messages, chat] = requests;
    expect(messages?.path).toBe('/v1/messages');
    expect(messages?.query).toBe('?beta=true');
    expect(messages?.model).toBe('claude-haiku-4-5');
    // @anthropic-ai/sdk 1.13 sends its apiKey as a bearer token.
    expect(messages?.headers.authorization).toBe('Bearer sk-ant-verbatim');
    expect(messages?.headers['anthropic-version']).toBeTruthy();
    expect(messages?.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
    expect((messages?.body as { messages: unknown[] }).messages).toEqual([{ role: 'user', content: 'recorded' }]);
    expect(chat?.headers.authorization).toBe('Bearer sk-openai-verbatim');
    expect(chat?.path).toBe('/v1/chat/completions');
    await fetch(`${sim.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-raw', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'count' }] }),
    });
    expect(sim.state.requests.at(-1)?.headers['x-api-key']).toBe('sk-ant-raw');
  });

  test('stats count received and completed; reset clears requests, faults and counters', async () => {
    await ask('gpt-5');
    await ask('gpt-5', 'sim:error=500').catch(() => undefined);
    expect(await readStats()).toEqual({ received: 2, completed: 2, aborted: 0, active: 0 });
    await control('/_sim/faults', { status: 500, times: 5 });
    await control('/_sim/reset', {});
    expect(await readStats()).toEqual({ received: 0, completed: 0, aborted: 0, active: 0 });
    expect(await (await control('/_sim/requests')).json()).toEqual([]);
    expect((await ask('gpt-5')).choices[0]?.finish_reason).toBe('stop');
  });

  test('a client that aborts a hanging stream is counted as aborted', async () => {
    const stream = await anthropic.messages.create({
      model: 'claude-opus-4-6',
      max_tokens: 64,
      stream: true,
      messages: [{ role: 'user', content: 'sim:hang' }],
    });
    expect((await readStats()).active).toBe(1);
    stream.controller.abort();
    const stats = await waitForStats((current) => current.aborted === 1);
    expect(stats).toEqual({ received: 1, completed: 0, aborted: 1, active: 0 });
  });

  test('a client that stops reading a slow stream half-way is counted as aborted', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-5',
      stream: true,
      messages: [{ role: 'user', content: 'sim:slow=20 sim:long=200' }],
    });
    let chunks = 0;
    for await (const _chunk of stream) if (++chunks === 3) break; // break aborts the request
    const stats = await waitForStats((current) => current.aborted === 1);
    expect(stats.completed).toBe(0);
    expect(stats.active).toBe(0);
  });

  test('a hanging fault on a non-streamed request is aborted when the client gives up', async () => {
    await control('/_sim/faults', { mode: 'hang' });
    const controller = new AbortController();
    const request = openai.chat.completions
      .create({ model: 'gpt-5', messages: [{ role: 'user', content: 'y' }] }, { signal: controller.signal })
      .catch((error: unknown) => error);
    await waitForStats((current) => current.active === 1);
    controller.abort();
    expect((await request) as Error).toBeInstanceOf(Error);
    expect(await waitForStats((current) => current.aborted === 1)).toEqual({ received: 1, completed: 0, aborted: 1, active: 0 });
  });
});

describe('other routes', () => {
  test('GET /v1/models lists the catalog for both SDKs', async () => {
    const models = await openai.models.list();
    expect(models.data.map((model) => model.id)).toContain('claude-opus-4-6');
    const anthropicModels = await anthropic.models.list();
    expect(anthropicModels.data[0]?.type).toBe('model');
  });

  test('HEAD / answers 200 (Claude Code probes its base URL) and unknown routes 404 in protocol shape', async () => {
    expect((await fetch(sim.url, { method: 'HEAD' })).status).toBe(200);
    const missing = await fetch(`${sim.url}/v1/embeddings`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  test('latency knobs still produce the same answer', async () => {
    const slow = await startSimulator({ port: 0, latencyMs: 5, chunkDelayMs: 1 });
    try {
      const client = new OpenAI({ baseURL: `${slow.url}/v1`, apiKey: 'k', maxRetries: 0 });
      const completion = await client.chat.completions.stream({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] }).finalChatCompletion();
      expect(completion.choices[0]?.message.content).toBe('Simulated gpt-5 reply to: hi ✓');
      expect(slow.state.stats.completed).toBe(1);
    } finally {
      await slow.stop();
    }
  });

  test('`coderouter simulate --port 0` prints its URLs and stops on SIGTERM', async () => {
    const child = Bun.spawn([process.execPath, 'src/main.ts', 'simulate', '--port', '0', '--quiet'], {
      cwd: `${import.meta.dir}/../..`,
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const reader = child.stdout.getReader();
    let output = '';
    while (!output.includes('\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      output += new TextDecoder().decode(value);
    }
    const match = /Anthropic base (http:\/\/127\.0\.0\.1:(\d+))\s+OpenAI base (\S+)/.exec(output);
    expect(match?.[3]).toBe(`${match?.[1]}/v1`);
    const response = await fetch(`${match?.[1]}/v1/models`);
    expect(response.status).toBe(200);
    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });
});
