import { expect, test } from 'bun:test';
import { buildUpstreamBody } from '../index.ts';

const build = (args: Parameters<typeof buildUpstreamBody>[0]) => buildUpstreamBody(args) as Record<string, any>;
import { readJsonFixture, TARGETS } from '../test-support.ts';
import { applyGeminiOpenAIEndpoint, SKIP_THOUGHT_SIGNATURE } from './gemini-openai-endpoint.ts';

test('tool calls from another provider get the documented thought-signature sentinel, on the first call of a turn', () => {
  const body = readJsonFixture<{ body: Record<string, any> }>('requests/openai-image-parallel-tools.request.json').body;
  const out = build({ from: 'openai', to: 'openai', body, target: TARGETS.gemini });
  const calls = out.messages.find((message: any) => message.role === 'assistant').tool_calls;
  expect(calls[0].extra_content).toEqual({ google: { thought_signature: SKIP_THOUGHT_SIGNATURE } });
  expect(calls[1].extra_content).toBeUndefined();
  expect(out.tools[0].function.parameters.$schema).toBeUndefined();
  expect(out.stream_options).toEqual({ include_usage: true });
});

test('a real signature is kept; OpenAI-only fields go; other providers untouched', () => {
  const signed = { role: 'assistant', tool_calls: [{ id: 'x', extra_content: { google: { thought_signature: 'real' } } }] };
  const out = applyGeminiOpenAIEndpoint({ messages: [signed], store: true, metadata: {}, service_tier: 'auto' }, TARGETS.gemini);
  expect(out).toEqual({ messages: [signed] });
  const body = { store: true };
  expect(applyGeminiOpenAIEndpoint(body, TARGETS.gpt4o)).toBe(body);
});
