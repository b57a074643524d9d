import { expect, test } from 'bun:test';
import { classifyByRules, createHeuristicClassifier } from './heuristic-classifier.ts';
import type { RequestFeatures } from './types.ts';

const classifier = createHeuristicClassifier();
const features = (intentText: string, extra: Partial<RequestFeatures> = {}): RequestFeatures => ({
  agent: 'sdk',
  intentText,
  previousUserText: '',
  previousAssistantText: '',
  isToolResultTurn: false,
  toolLoopDepth: 0,
  turnCount: 1,
  estimatedInputTokens: 100,
  hasImages: false,
  hasTools: false,
  toolCount: 0,
  codeBlockCount: 0,
  hasStackTrace: false,
  hasDiff: false,
  attachedFileCount: 0,
  aiderMode: null,
  isHousekeeping: false,
  housekeepingKind: null,
  ...extra,
});

test('housekeeping is utility / low / background whatever the text', () => {
  expect(classifier.classify(features('design a distributed database', { isHousekeeping: true, housekeepingKind: 'title' }))).toMatchObject({ taskType: 'utility', complexity: 'low', phase: 'background', classifier: 'heuristic' });
});

test('rules pick the obvious cases', () => {
  expect(classifier.classify(features('thanks!'))).toMatchObject({ taskType: 'chat', complexity: 'low', phase: 'question' });
  expect(classifier.classify(features('write unit tests for the parser with pytest'))).toMatchObject({ taskType: 'testing', phase: 'editing' });
  expect(classifier.classify(features('explain how the event loop works'))).toMatchObject({ taskType: 'explanation', phase: 'question' });
  expect(classifier.classify(features('it crashes on start', { hasStackTrace: true }))).toMatchObject({ taskType: 'bug_fix', phase: 'editing' });
});

test("Aider's editor request is diff_apply", () => {
  expect(classifier.classify(features('change foo to bar in a.py', { agent: 'aider', aiderMode: 'editor' }))).toMatchObject({ phase: 'diff_apply', complexity: 'low' });
});

test('architecture work is high complexity', () => {
  expect(classifyByRules(features('make the job queue safe across 4 replicas: two workers must never process the same job, concurrency bugs today')).complexity).toBe('high');
});
