import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startStack, type Stack } from '../testing/start-stack.ts';

/**
 * The official `@anthropic-ai/sdk` pointed at the gateway (with and without `/api/v1`), through to
 * the simulator, using `authToken` as the guide tells third-party-gateway users to.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

const tools: Anthropic.Tool[] = [
  { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
];

for (const base of ['', '/api/v1']) {
  describe(`anthropic SDK via '${base || '/'}'`, () => {
    const client = () => new Anthropic({ baseURL: `${stack.gatewayUrl}${base}`, authToken: stack.masterKey, apiKey: null, maxRetries: 0 });

    test('plain text with the routing trace headers', async () => {
      const { data, response } = await client()
        .messages.create({ model: 'claude-sonnet-4.6', max_tokens: 256, messages: [{ role: 'user', content: 'Hello there' }] })
        .withResponse();
      expect(data.content[0]!.type).toBe('text');
      expect((data.content[0] as Anthropic.TextBlock).text).toContain('Hello there');
      expect(response.headers.get('x-coderouter-model')).toBe('claude-sonnet-4.6');
      expect(response.headers.get('x-coderouter-phase')).toBeTruthy();
    });

    test('streamed text assembles the same message as the non-stream call', async () => {
      const params = { model: 'claude-sonnet-4.6', max_tokens: 256, messages: [{ role: 'user' as const, content: 'stream me ✓ something' }] };
      const plain = await client().messages.create(params);
      const final = await client().messages.stream(params).finalMessage();
      expect(final.content as unknown).toEqual(plain.content);
      expect(final.stop_reason).toBe('end_turn');
      expect(final.usage.output_tokens).toBeGreaterThan(0);
    });

    test('tool use and tool result round trip', async () => {
      const question = { role: 'user' as const, content: 'weather? sim:tool=get_weather {"city":"Oslo"}' };
      const first = await client().messages.create({ model: 'claude-sonnet-4.6', max_tokens: 256, tools, messages: [question] });
      expect(first.stop_reason).toBe('tool_use');
      const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
      expect(use.input).toEqual({ city: 'Oslo' });
      const second = await client().messages.create({
        model: 'claude-sonnet-4.6',
        max_tokens: 256,
        tools,
        messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'snowing, -3C' }] }],
      });
      expect((second.content[0] as Anthropic.TextBlock).text).toContain('snowing, -3C');
    });

    test('streamed tool use assembles its input', async () => {
      const final = await client()
        .messages.stream({ model: 'claude-sonnet-4.6', max_tokens: 256, tools, messages: [{ role: 'user', content: 'sim:tool=get_weather {"city":"Zürich"}' }] })
        .finalMessage();
      const use = final.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
      expect(use.input).toEqual({ city: 'Zürich' });
    });

    test('upstream 529 surfaces as an overloaded APIError with status 529', async () => {
      const error = await client()
        .messages.create({ model: 'claude-sonnet-4.6', max_tokens: 64, messages: [{ role: 'user', content: 'sim:error=529' }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.APIError);
      expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    });

    test('upstream 429 surfaces as RateLimitError', async () => {
      const error = await client()
        .messages.create({ model: 'claude-sonnet-4.6', max_tokens: 64, messages: [{ role: 'user', content: 'sim:error=429' }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    });

    test('a missing max_tokens is a 400 BadRequestError naming the field', async () => {
      const error = await client()
        .messages.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] } as never)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as Error).message).toContain('max_tokens');
    });

    test('anthropic-version and anthropic-beta reach the Anthropic upstream; our key does not', async () => {
      await stack.resetSim();
      await client().messages.create(
        { model: 'claude-sonnet-4.6', max_tokens: 32, messages: [{ role: 'user', content: 'headers' }] },
        { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' } },
      );
      const [seen] = await stack.simRequests();
      expect(seen!.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
      expect(seen!.headers['anthropic-version']).toBeTruthy();
      expect(JSON.stringify(seen!.headers)).not.toContain(stack.masterKey);
      expect(seen!.headers['x-api-key']).toStartWith('sk-ant-canary');
    });
  });
}
