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

test('scope said in a few words is high complexity; the same words on one file are not', () => {
  const complexity = (text: string) => classifyByRules(features(text)).complexity;
  expect(complexity('migrate the whole codebase from javascript to typescript')).toBe('high');
  expect(complexity('add input validation to all 40 handlers')).toBe('high');
  expect(complexity('add i18n to every screen')).toBe('high');
  expect(complexity('split this 3000 line file into modules')).toBe('high');
  expect(complexity('refactor the payment service to use the repository pattern, 15 files touch the db')).toBe('high');
  expect(complexity('rename userId to accountId in utils.ts')).toBe('low');
  expect(complexity('add input validation to the signup handler')).toBe('low');
  expect(complexity('audit the codebase for sql injection and xss')).toBe('high');
  expect(complexity('we need to support multiple currencies throughout the app')).toBe('high');
  expect(complexity('add retries with backoff to all outbound http calls')).toBe('high');
});

test('requests in Chinese, Japanese, Korean and Russian are read by their own keywords, not as chat', () => {
  const rules = (text: string) => classifyByRules(features(text));
  expect(rules('重构支付模块，把订单服务拆成三个微服务')).toMatchObject({ taskType: 'refactor', complexity: 'high' });
  expect(rules('登录页面点提交没反应，帮我看看')).toMatchObject({ taskType: 'bug_fix' });
  expect(rules('解释一下这个缓存为什么会雪崩')).toMatchObject({ taskType: 'explanation', phase: 'question' });
  expect(rules('ログイン画面でボタンを押しても動かない。直して')).toMatchObject({ taskType: 'bug_fix' });
  expect(rules('주문 서비스에 통합 테스트 추가해줘')).toMatchObject({ taskType: 'testing' });
  expect(rules('Деплой сломался: пайплайн падает на шаге сборки контейнера')).toMatchObject({ taskType: 'devops' });
  expect(rules('你好')).toMatchObject({ taskType: 'chat', complexity: 'low' });
});

test('a Chinese request of 40 characters is not short: length is read in English-equivalent characters', () => {
  const request = '订单导出现在是同步的，运营一导十万条直接超时，改成后台生成文件，生成完了通知，前端能查进度';
  expect(request.length).toBeLessThan(90);
  expect(classifyByRules(features(request)).complexity).not.toBe('low');
});
