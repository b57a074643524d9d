import { describe, expect, test } from 'bun:test';
import { extractUsage, translateResponseBody } from './index.ts';
import { decodeProvenance } from './shared/reasoning-provenance.ts';
import { readJsonFixture } from './test-support.ts';

type Json = Record<string, any>;
const anthropic = () => readJsonFixture('responses/anthropic-tool-use.response.json');
const chat = () => readJsonFixture('responses/openai-chat-tool-calls.response.json');
const deepseek = () => readJsonFixture('responses/deepseek-reasoner.response.json');
const responses = () => readJsonFixture('responses/responses-function-call.response.json');

describe('usage is normalised: input excludes cache reads and writes', () => {
  test.each([
    ['anthropic', anthropic, { inputTokens: 2095, outputTokens: 503, cacheReadTokens: 4096, cacheWriteTokens: 1024 }],
    ['openai', chat, { inputTokens: 176, outputTokens: 40, cacheReadTokens: 1024, cacheWriteTokens: 0 }],
    ['openai', deepseek, { inputTokens: 14, outputTokens: 12, cacheReadTokens: 16, cacheWriteTokens: 0 }],
    ['responses', responses, { inputTokens: 372, outputTokens: 60, cacheReadTokens: 128, cacheWriteTokens: 0 }],
  ] as const)('%s', (protocol, body, usage) => {
    expect(extractUsage(protocol, body())).toEqual(usage);
  });

  test('no usage → undefined', () => {
    expect(extractUsage('openai', { choices: [] })).toBeUndefined();
  });
});

describe('non-stream responses in the client protocol', () => {
  test('Anthropic → Chat Completions: text, tool call with its toolu_ id, finish, usage including cache', () => {
    const out = translateResponseBody({ from: 'anthropic', to: 'openai', body: anthropic(), clientModel: 'auto' }) as Json;
    expect(out.model).toBe('auto');
    expect(out.object).toBe('chat.completion');
    expect(out.choices[0].finish_reason).toBe('tool_calls');
    expect(out.choices[0].message).toMatchObject({
      content: "I'll read it.",
      reasoning_content: 'Need the file first.',
      tool_calls: [{ id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/tmp/ä.txt"}' } }],
    });
    expect(out.usage).toEqual({ prompt_tokens: 7215, completion_tokens: 503, total_tokens: 7718, prompt_tokens_details: { cached_tokens: 4096 } });
  });

  test('Chat Completions → Anthropic: msg_ id, parallel tool_use blocks, stop_reason', () => {
    const out = translateResponseBody({ from: 'openai', to: 'anthropic', body: chat(), clientModel: 'claude-auto' }) as Json;
    expect(out.id).toMatch(/^msg_/);
    expect(out.model).toBe('claude-auto');
    expect(out.content).toEqual([
      { type: 'text', text: 'Reading both.' },
      { type: 'tool_use', id: 'call_abc123', name: 'read_file', input: { path: 'a.ts' } },
      { type: 'tool_use', id: 'call_def456', name: 'read_file', input: { path: 'b.ts' } },
    ]);
    expect(out.stop_reason).toBe('tool_use');
    expect(out.usage).toEqual({ input_tokens: 176, cache_creation_input_tokens: 0, cache_read_input_tokens: 1024, output_tokens: 40 });
  });

  test('DeepSeek reasoning → Anthropic thinking block whose signature names DeepSeek; length → max_tokens', () => {
    const out = translateResponseBody({ from: 'openai', to: 'anthropic', body: deepseek(), clientModel: 'auto', provider: 'deepseek' }) as Json;
    expect(out.content[0]).toMatchObject({ type: 'thinking', thinking: '2+2 is 4.' });
    expect(decodeProvenance(out.content[0].signature)).toEqual({ issuer: 'deepseek' });
    expect(out.stop_reason).toBe('max_tokens');
  });

  test('Responses → Anthropic keeps OpenAI encrypted reasoning inside the signature, for OpenAI only', () => {
    const out = translateResponseBody({ from: 'responses', to: 'anthropic', body: responses(), clientModel: 'auto' }) as Json;
    expect(out.content.map((block: Json) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(decodeProvenance(out.content[0].signature)).toEqual({ issuer: 'openai', itemId: 'rs_67ccd2bf3c8c8190', encryptedContent: 'gAAAAABenc==' });
    expect(out.content[2]).toEqual({ type: 'tool_use', id: 'call_unLAR8MvFNptuiZK6K6HCy5k', name: 'exec_command', input: { cmd: 'echo hi' } });
  });

  test('Anthropic → Responses: items with call_id = tool id, item ids fc_…; incomplete on max_tokens', () => {
    const out = translateResponseBody({ from: 'anthropic', to: 'responses', body: anthropic(), clientModel: 'auto' }) as Json;
    expect(out.id).toMatch(/^resp_/);
    expect(out.status).toBe('completed');
    expect(out.output.map((item: Json) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(out.output[2]).toMatchObject({ id: 'fc_toolu_01A09q90qw90lq917835lq9', call_id: 'toolu_01A09q90qw90lq917835lq9', name: 'Read', arguments: '{"file_path":"/tmp/ä.txt"}' });
    expect(out.usage).toMatchObject({ input_tokens: 7215, input_tokens_details: { cached_tokens: 4096 }, output_tokens: 503 });
    const truncated = translateResponseBody({ from: 'anthropic', to: 'responses', body: { ...anthropic(), stop_reason: 'max_tokens' }, clientModel: 'auto' }) as Json;
    expect(truncated).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
  });

  test('same protocol: body as received, model replaced', () => {
    const out = translateResponseBody({ from: 'openai', to: 'openai', body: chat(), clientModel: 'auto' });
    expect(out).toEqual({ ...chat(), model: 'auto' });
  });
});
