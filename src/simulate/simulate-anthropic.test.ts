import Anthropic, { APIError, BadRequestError, InternalServerError, OverloadedError, RateLimitError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { SseDecoder } from '../sse/decode-sse.ts';
import { startSimulator, type RunningSimulator } from './server.ts';

let sim: RunningSimulator;
let client: Anthropic;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  client = new Anthropic({ baseURL: sim.url, apiKey: 'sk-ant-test', maxRetries: 0 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.state.reset());

const BASH_TOOL = {
  name: 'Bash',
  description: 'Run a shell command',
  input_schema: { type: 'object' as const, properties: { command: { type: 'string' } }, required: ['command'] },
};
const READ_TOOL = {
  name: 'Read',
  description: 'Read a file',
  input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};

describe('anthropic messages through @anthropic-ai/sdk', () => {
  test('messages.create answers with a text block, usage and a msg_ id', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Explain closures' }],
    });
    expect(message.id).toStartWith('msg_');
    expect(message.type).toBe('message');
    expect(message.stop_reason).toBe('end_turn');
    expect(message.content).toHaveLength(1);
    const block = message.content[0];
    expect(block?.type === 'text' && block.text).toBe('Simulated claude-sonnet-4-6 reply to: Explain closures ✓');
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(message.usage.cache_read_input_tokens).toBe(0);
  });

  test('messages.stream().finalMessage() assembles a streamed tool call with its arguments', async () => {
    const stream = client.messages.stream({
      model: 'claude-opus-4-6',
      max_tokens: 1024,
      tools: [READ_TOOL, BASH_TOOL],
      messages: [{ role: 'user', content: 'list files sim:tool=Bash {"command": "ls -la ✓"}' }],
    });
    const jsonPieces: string[] = [];
    stream.on('inputJson', (partial) => jsonPieces.push(partial));
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    const toolUse = message.content.find((block) => block.type === 'tool_use');
    expect(toolUse?.type === 'tool_use' && toolUse.name).toBe('Bash');
    expect(toolUse?.type === 'tool_use' && toolUse.input).toEqual({ command: 'ls -la ✓' });
    expect(toolUse?.type === 'tool_use' && toolUse.id).toStartWith('toolu_');
    expect(jsonPieces.filter((piece) => piece.length > 0).length).toBeGreaterThan(1);
  });

  test('sim:tool for a tool that is not offered answers with text', async () => {
    const message = await client.messages.create({
      model: 'claude-opus-4-6',
      max_tokens: 256,
      tools: [READ_TOOL],
      messages: [{ role: 'user', content: 'sim:tool=Bash {"command":"ls"}' }],
    });
    expect(message.stop_reason).toBe('end_turn');
    expect(message.content.map((block) => block.type)).toEqual(['text']);
  });

  test('sim:parallel-tools calls the first two offered tools with their required arguments', async () => {
    const message = await client.messages.stream({
      model: 'claude-opus-4-6',
      max_tokens: 1024,
      tools: [READ_TOOL, BASH_TOOL],
      messages: [{ role: 'user', content: 'do both sim:parallel-tools' }],
    }).finalMessage();
    const calls = message.content.filter((block) => block.type === 'tool_use');
    expect(calls.map((call) => call.type === 'tool_use' && call.name)).toEqual(['Read', 'Bash']);
    expect(calls[0]?.type === 'tool_use' && calls[0].input).toEqual({ file_path: 'simulated file_path' });
    expect(new Set(calls.map((call) => call.type === 'tool_use' && call.id)).size).toBe(2);
  });

  test('sim:thinking streams a thinking block with a signature before the text', async () => {
    const stream = client.messages.stream({
      model: 'claude-opus-4-6',
      max_tokens: 4096,
      thinking: { type: 'adaptive' },
      messages: [{ role: 'user', content: 'think first sim:thinking' }],
    });
    let thinkingText = '';
    stream.on('thinking', (delta) => (thinkingText += delta));
    const message = await stream.finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const thinking = message.content[0];
    expect(thinking?.type === 'thinking' && thinking.signature.length).toBeGreaterThan(20);
    expect(thinking?.type === 'thinking' && thinking.thinking).toBe(thinkingText);
    expect(thinkingText).toContain('✓');
  });

  test('a tool-result turn quotes the tool result (string or block content)', async () => {
    const toolUse = { type: 'tool_use' as const, id: 'toolu_1', name: 'Bash', input: { command: 'echo hi' } };
    for (const content of ['fake-tool-ran', [{ type: 'text' as const, text: 'fake-tool-ran' }]]) {
      const message = await client.messages.create({
        model: 'claude-opus-4-6',
        max_tokens: 256,
        tools: [BASH_TOOL],
        messages: [
          { role: 'user', content: 'run it sim:tool=Bash {"command":"echo hi"}' },
          { role: 'assistant', content: [toolUse] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content }] },
        ],
      });
      // The directive is not repeated on the tool-result turn, so the loop ends.
      expect(message.stop_reason).toBe('end_turn');
      const block = message.content[0];
      expect(block?.type === 'text' && block.text).toBe('Tool result received ✓: fake-tool-ran');
    }
  });

  test('sim:error=529 is an OverloadedError with overloaded_error; 429 a RateLimitError with retry-after', async () => {
    const overloaded = await client.messages
      .create({ model: 'claude-opus-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'sim:error=529' }] })
      .catch((error: unknown) => error);
    expect(overloaded).toBeInstanceOf(OverloadedError);
    expect((overloaded as OverloadedError).status).toBe(529);
    expect((overloaded as APIError).type).toBe('overloaded_error');

    const limited = await client.messages
      .create({ model: 'claude-opus-4-6', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'sim:error=429' }] })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).headers.get('retry-after')).toBe('1');
    expect((limited as APIError).type).toBe('rate_limit_error');

    const failed = await client.messages
      .create({ model: 'claude-opus-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'sim:error=500' }] })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(InternalServerError);
    expect((failed as APIError).type).toBe('api_error');
  });

  test('sim:midstream-error streams text, then an error event the SDK throws', async () => {
    const stream = client.messages.stream({
      model: 'claude-opus-4-6',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'a long answer please sim:midstream-error=529' }],
    });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).type).toBe('overloaded_error');
    expect(text.length).toBeGreaterThan(0);
  });

  test('a request without model or messages is a BadRequestError in the Anthropic error shape', async () => {
    const error = await client.messages
      .create({ max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).error).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'model: Field required' },
    });
  });

  test('cache_control: the first request writes the prefix, the same prefix later reads it', async () => {
    const system = [{ type: 'text' as const, text: 'You are a careful agent. '.repeat(40), cache_control: { type: 'ephemeral' as const } }];
    const ask = (content: string) =>
      client.messages.create({ model: 'claude-opus-4-6', max_tokens: 64, system, messages: [{ role: 'user', content }] });
    const first = await ask('first question');
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(200);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    const second = await ask('second question');
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBeLessThan(first.usage.input_tokens + 10);
    const counted = await client.messages.countTokens({ model: 'claude-opus-4-6', system, messages: [{ role: 'user', content: 'second question' }] });
    expect(counted.input_tokens).toBe(
      second.usage.input_tokens + (second.usage.cache_read_input_tokens ?? 0) + (second.usage.cache_creation_input_tokens ?? 0),
    );
  });

  test('streamed usage: message_delta carries the final output tokens and the cache counters', async () => {
    const events: string[] = [];
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'hello' }],
    });
    stream.on('streamEvent', (event) => events.push(event.type));
    const message = await stream.finalMessage();
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(events).toContain('message_delta');
    expect(message.usage.output_tokens).toBeGreaterThan(1);
  });

  test('captured Claude Code requests (role:system entries, thinking, context_management, ?beta=true) are answered', async () => {
    for (const name of ['claude-code-2.1.197-messages-hi.json', 'claude-code-2.1.197-messages-tool-roundtrip.json']) {
      const captured = JSON.parse(readFileSync(`/work/shared/captured/${name}`, 'utf8')).request;
      const response = await fetch(`${sim.url}${captured.path}${captured.query}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer cr_captured',
          'anthropic-version': captured.headers['anthropic-version'],
          'anthropic-beta': captured.headers['anthropic-beta'],
        },
        body: JSON.stringify(captured.body),
      });
      expect(response.status).toBe(200);
      const decoder = new SseDecoder();
      const messages = [...decoder.push(new Uint8Array(await response.arrayBuffer())), ...decoder.end()];
      expect(messages.at(-1)?.event).toBe('message_stop');
      const text = messages
        .map((message) => JSON.parse(message.data) as { delta?: { text?: string } })
        .map((event) => event.delta?.text ?? '')
        .join('');
      if (name.includes('tool-roundtrip')) expect(text).toContain('Tool result received ✓: fake-tool-ran');
      else expect(text).toContain('reply to: hi ✓');
    }
    const [recorded] = sim.state.requests;
    expect(recorded?.query).toBe('?beta=true');
    expect(recorded?.headers.authorization).toBe('Bearer cr_captured');
    expect(recorded?.headers['anthropic-beta']).toContain('claude-code-20250219');
  });
});
