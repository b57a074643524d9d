import { expect, test } from 'bun:test';
import { TARGETS } from '../test-support.ts';
import { clampToCatalogOutputLimit } from './catalog-output-limit.ts';

test('each protocol’s output limit is clamped to the catalog maximum, smaller values kept', () => {
  expect(clampToCatalogOutputLimit('anthropic', { max_tokens: 200000 }, TARGETS.sonnet)).toEqual({ max_tokens: 64000 });
  expect(clampToCatalogOutputLimit('openai', { max_tokens: 99999, max_completion_tokens: 20000 }, TARGETS.gpt4o)).toEqual({ max_tokens: 16384, max_completion_tokens: 16384 });
  expect(clampToCatalogOutputLimit('responses', { max_output_tokens: 1000 }, TARGETS.gpt5)).toEqual({ max_output_tokens: 1000 });
  const untouched = { messages: [] };
  expect(clampToCatalogOutputLimit('openai', untouched, TARGETS.gpt4o)).toBe(untouched);
});
