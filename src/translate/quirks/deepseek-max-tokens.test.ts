import { describe, expect, test } from 'bun:test';
import { buildUpstreamBody } from '../index.ts';

const build = (args: Parameters<typeof buildUpstreamBody>[0]) => buildUpstreamBody(args) as Record<string, any>;
import { TARGETS } from '../test-support.ts';
import { applyDeepSeekMaxTokens } from './deepseek-max-tokens.ts';

describe('DeepSeek max_tokens clamp (never fails, as the integration guide promises)', () => {
  test.each([
    [64000, 8192],
    [8192, 8192],
    [100, 100],
    [0, 1],
    [-5, 1],
    [512.7, 512],
  ])('max_tokens %p → %p', (requested, sent) => {
    expect(applyDeepSeekMaxTokens({ max_tokens: requested }, TARGETS.deepseekChat).max_tokens).toBe(sent);
  });

  test('max_completion_tokens is folded into max_tokens; reasoning_effort dropped', () => {
    expect(applyDeepSeekMaxTokens({ max_completion_tokens: 20000, reasoning_effort: 'high' }, TARGETS.deepseekChat)).toEqual({ max_tokens: 8192 });
  });

  test('other providers are untouched; the reasoner keeps its larger cap', () => {
    const body = { max_tokens: 64000 };
    expect(applyDeepSeekMaxTokens(body, TARGETS.gpt4o)).toBe(body);
    expect(applyDeepSeekMaxTokens(body, TARGETS.deepseekReasoner).max_tokens).toBe(64000);
  });

  test('applies on the passthrough path too (an OpenAI client routed to DeepSeek)', () => {
    const out = build({ from: 'openai', to: 'openai', body: { model: 'auto', max_tokens: 32000, messages: [] }, target: TARGETS.deepseekChat });
    expect(out.max_tokens).toBe(8192);
  });
});
