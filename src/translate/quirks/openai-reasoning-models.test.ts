import { expect, test } from 'bun:test';
import { TARGETS } from '../test-support.ts';
import { applyOpenAIReasoningModelRules, isOpenAIReasoningModel } from './openai-reasoning-models.ts';

const o3 = { ...TARGETS.gpt5, upstreamId: 'o3' };

test('which models follow the reasoning rules', () => {
  expect(isOpenAIReasoningModel(TARGETS.gpt5)).toBe(true);
  expect(isOpenAIReasoningModel(o3)).toBe(true);
  expect(isOpenAIReasoningModel({ ...TARGETS.gpt5, upstreamId: 'gpt-5-chat-latest' })).toBe(false);
  expect(isOpenAIReasoningModel(TARGETS.gpt4o)).toBe(false);
  expect(isOpenAIReasoningModel({ ...TARGETS.deepseekReasoner, upstreamId: 'o3' })).toBe(false);
});

test('Chat Completions: max_completion_tokens, no sampling unless 1, developer role, no minimal effort on o-series', () => {
  const body = { max_tokens: 500, temperature: 0.2, top_p: 1, reasoning_effort: 'minimal', messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }] };
  expect(applyOpenAIReasoningModelRules('openai', body, o3)).toEqual({
    max_completion_tokens: 500,
    top_p: 1,
    reasoning_effort: 'low',
    messages: [{ role: 'developer', content: 's' }, { role: 'user', content: 'u' }],
  });
  expect(applyOpenAIReasoningModelRules('openai', body, TARGETS.gpt5).reasoning_effort).toBe('minimal');
});

test('Responses: sampling removed, other fields kept; non-reasoning models untouched', () => {
  expect(applyOpenAIReasoningModelRules('responses', { temperature: 0.7, max_output_tokens: 10 }, TARGETS.gpt5)).toEqual({ max_output_tokens: 10 });
  const body = { max_tokens: 5, temperature: 0.3 };
  expect(applyOpenAIReasoningModelRules('openai', body, TARGETS.gpt4o)).toBe(body);
});
