import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import OpenAI, { APIError, BadRequestError, InternalServerError, RateLimitError } from 'openai';
import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import { startSimulator, type RunningSimulator } from './server.ts';

let sim: RunningSimulator;
let client: OpenAI;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.state.reset());

const TOOLS: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'read_file',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'run_tests',
      parameters: { type: 'object', properties: { watch: { type: 'boolean' } }, required: ['watch'] },
    },
  },
];

describe('chat completions through the openai SDK', () => {
  test('non-streamed create answers with text, a chatcmpl- id and usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'What is a monad?' },
      ],
    });
    expect(completion.id).toStartWith('chatcmpl-');
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.content).toBe('Simulated gpt-5-mini reply to: What is a monad? ✓');
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
  });

  test('streamed create with include_usage: several deltas, a usage chunk with empty choices, then [DONE]', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-5-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'stream me' }],
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const contentDeltas = chunks.map((chunk) => chunk.choices[0]?.delta.content).filter((content) => content);
    expect(contentDeltas.length).toBeGreaterThan(2);
    expect(contentDeltas.join('')).toBe('Simulated gpt-5-mini reply to: stream me ✓');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBeGreaterThan(0);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  test('without include_usage no chunk carries usage', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-5-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    for await (const chunk of stream) expect(chunk.usage).toBeUndefined();
  });

  test('chat.completions.stream().finalChatCompletion() assembles a streamed tool call', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-5',
      tools: TOOLS,
      messages: [{ role: 'user', content: 'open it sim:tool=read_file {"path": "src/ü.ts"}' }],
    });
    const completion = await stream.finalChatCompletion();
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    const call = choice?.message.tool_calls?.[0];
    expect(call?.id).toStartWith('call_');
    expect(call?.type === 'function' && call.function.name).toBe('read_file');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ path: 'src/ü.ts' });
  });

  test('sim:parallel-tools streams two tool calls with distinct ids and indexes', async () => {
    const completion = await client.chat.completions
      .stream({ model: 'gpt-5', tools: TOOLS, messages: [{ role: 'user', content: 'sim:parallel-tools' }] })
      .finalChatCompletion();
    const calls = completion.choices[0]?.message.tool_calls ?? [];
    expect(calls.map((call) => call.type === 'function' && call.function.name)).toEqual(['read_file', 'run_tests']);
    expect(calls.map((call) => call.type === 'function' && JSON.parse(call.function.arguments))).toEqual([
      { path: 'simulated path' },
      { watch: false },
    ]);
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);
  });

  test('sim:thinking sends reasoning_content deltas before the content', async () => {
    const stream = await client.chat.completions.create({
      model: 'deepseek-reasoner',
      stream: true,
      messages: [{ role: 'user', content: 'sim:thinking why' }],
    });
    const order: string[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { reasoning_content?: string; content?: string } | undefined;
      if (delta?.reasoning_content) order.push('reasoning');
      if (delta?.content) order.push('content');
    }
    expect(order[0]).toBe('reasoning');
    expect(order.at(-1)).toBe('content');
    const completion = await client.chat.completions.create({ model: 'deepseek-reasoner', messages: [{ role: 'user', content: 'sim:thinking' }] });
    expect((completion.choices[0]?.message as { reasoning_content?: string }).reasoning_content).toContain('✓');
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  test('a tool message at the end is answered by quoting the tool result', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-5',
      tools: TOOLS,
      messages: [
        { role: 'user', content: 'read it sim:tool=read_file {"path":"a"}' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'file contents here' },
      ],
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.content).toBe('Tool result received ✓: file contents here');
  });

  test('sim:error surfaces as the typed errors: 429 RateLimitError with retry-after, 500 InternalServerError', async () => {
    const limited = await client.chat.completions
      .create({ model: 'gpt-5', messages: [{ role: 'user', content: 'sim:error=429' }] })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).headers?.get('retry-after')).toBe('1');
    expect((limited as RateLimitError).code).toBe('rate_limit_exceeded');

    const failed = await client.chat.completions
      .create({ model: 'gpt-5', stream: true, messages: [{ role: 'user', content: 'sim:error=500' }] })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(InternalServerError);
    expect((failed as InternalServerError).status).toBe(500);
  });

  test('sim:midstream-error: deltas, then an error object the SDK throws as APIError', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-5',
      stream: true,
      messages: [{ role: 'user', content: 'sim:midstream-error' }],
    });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain('Simulated internal server error');
    expect(text.length).toBeGreaterThan(0);
  });

  test('a request without messages is a BadRequestError naming the parameter', async () => {
    const error = await client.chat.completions.create({ model: 'gpt-5' } as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe('messages');
    expect((error as BadRequestError).type).toBe('invalid_request_error');
  });

  test('max_tokens cuts the text and reports finish_reason length', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-5',
      max_completion_tokens: 20,
      messages: [{ role: 'user', content: 'sim:long=500' }],
    });
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBeLessThanOrEqual(20);
  });

  test('a repeated long prefix reports cached_tokens (≥ 1024, in 128-token steps)', async () => {
    const system = { role: 'system' as const, content: 'Project rules: keep functions small. '.repeat(150) };
    const first = await client.chat.completions.create({ model: 'gpt-5', messages: [system, { role: 'user', content: 'one' }] });
    expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const second = await client.chat.completions.create({ model: 'gpt-5', messages: [system, { role: 'user', content: 'two' }] });
    const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect((cached - 1024) % 128).toBe(0);
    expect(cached).toBeLessThanOrEqual(second.usage?.prompt_tokens ?? 0);
  });

  test('sim:long=n produces about n output tokens in many deltas', async () => {
    const completion = await client.chat.completions.stream({ model: 'gpt-5', messages: [{ role: 'user', content: 'sim:long=2000' }] }).finalChatCompletion();
    const tokens = completion.usage?.completion_tokens;
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(7000);
    expect(tokens).toBeUndefined(); // no include_usage: the stream carries none, as OpenAI's does
    const plain = await client.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'sim:long=2000' }] });
    expect(plain.usage?.completion_tokens).toBeGreaterThanOrEqual(1990);
    expect(plain.usage?.completion_tokens).toBeLessThanOrEqual(2010);
  });
});
