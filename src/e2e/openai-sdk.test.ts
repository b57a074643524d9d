import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import { startStack, type Stack } from '../testing/start-stack.ts';

/**
 * The official `openai` client pointed at the gateway (with and without `/api/v1`), through to the
 * simulator: text, streamed text, a tool call and its round trip, streamed tool calls, and
 * upstream errors as the SDK's typed errors.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

for (const base of ['/v1', '/api/v1']) {
  describe(`openai SDK via ${base}`, () => {
    const client = () => new OpenAI({ baseURL: `${stack.gatewayUrl}${base}`, apiKey: stack.masterKey, maxRetries: 0 });

    test('plain text, routed by auto, carries the routing trace', async () => {
      const { data, response } = await client()
        .chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Write a Python quicksort' }] })
        .withResponse();
      expect(data.choices[0]!.message.content).toContain('Write a Python quicksort');
      const served = response.headers.get('x-coderouter-model');
      expect(served).toBeTruthy();
      expect(response.headers.get('x-coderouter-task-type')).toBeTruthy();
      expect(response.headers.get('x-coderouter-cost')).toMatch(/^\d+(\.\d+)?$/);
      expect(response.headers.get('x-coderouter-savings')).toMatch(/^-?\d+\.\d%$/);
      expect(response.headers.get('x-ratelimit-limit')).toBe('2400');
      const trace = (data as unknown as { _clawrouters: { model_used: string; request_id: string } })._clawrouters;
      expect(trace.model_used).toBe(served!);
      expect(trace.request_id).toBe(response.headers.get('x-coderouter-request-id')!);
    });

    test('streamed text assembles the same message as the non-stream call', async () => {
      const messages = [{ role: 'user' as const, content: 'say hello ✓ please' }];
      const plain = await client().chat.completions.create({ model: 'deepseek-chat', messages });
      const stream = client().chat.completions.stream({ model: 'deepseek-chat', messages, stream_options: { include_usage: true } });
      const final = await stream.finalChatCompletion();
      expect(final.choices[0]!.message.content).toBe(plain.choices[0]!.message.content);
      expect(final.usage?.completion_tokens).toBeGreaterThan(0);
    });

    test('a tool call and its result round trip', async () => {
      const first = await client().chat.completions.create({
        model: 'deepseek-chat',
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'weather in Paris? sim:tool=get_weather {"city":"Paris"}' }],
      });
      const call = first.choices[0]!.message.tool_calls![0]!;
      expect(first.choices[0]!.finish_reason).toBe('tool_calls');
      expect(call.type === 'function' && call.function.name).toBe('get_weather');
      expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
      const second = await client().chat.completions.create({
        model: 'deepseek-chat',
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'weather in Paris? sim:tool=get_weather {"city":"Paris"}' },
          first.choices[0]!.message,
          { role: 'tool', tool_call_id: call.id, content: 'sunny, 21C' },
        ],
      });
      expect(second.choices[0]!.message.content).toContain('sunny, 21C');
    });

    test('streamed tool calls assemble into complete arguments', async () => {
      const stream = client().chat.completions.stream({
        model: 'deepseek-chat',
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'sim:tool=get_weather {"city":"São Paulo"}' }],
      });
      const final = await stream.finalChatCompletion();
      const call = final.choices[0]!.message.tool_calls![0]!;
      expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'São Paulo' });
    });

    test('an upstream 400 surfaces as BadRequestError, not retried', async () => {
      await stack.fault({ model: 'deepseek-chat', status: 400 });
      const error = await client()
        .chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    });

    test('upstream 500 on a directly chosen model surfaces as InternalServerError', async () => {
      const error = await client()
        .chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'sim:error=500' }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(500);
    });

    test('upstream 429 surfaces as RateLimitError with retry-after', async () => {
      const error = await client()
        .chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'sim:error=429' }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBeTruthy();
    });

    test('an unknown model is a 404 NotFoundError naming it', async () => {
      const error = await client()
        .chat.completions.create({ model: 'gpt-nonexistent-9', messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as Error).message).toContain('gpt-nonexistent-9');
    });

    test('models list includes auto and the catalog', async () => {
      const ids: string[] = [];
      for await (const model of client().models.list()) ids.push(model.id);
      expect(ids).toContain('auto');
      expect(ids).toContain('deepseek-chat');
      expect(ids).toContain('claude-opus-4.6');
    });
  });
}
