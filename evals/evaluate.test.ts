import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import type { Transcript } from '../classifier/build-dataset.ts';
import { readJsonLines } from '../classifier/read-json-lines.ts';
import { createHeuristicClassifier } from '../src/classifier/heuristic-classifier.ts';
import { evaluateClassifier, prepareCases, scriptOf } from './evaluate.ts';

describe('scriptOf', () => {
  test('names the writing system and whether Latin words are mixed in', () => {
    expect(scriptOf('refactor the payment module')).toBe('Latin');
    expect(scriptOf('corrige la función de pago, ¿vale?')).toBe('Latin');
    expect(scriptOf('重构支付模块，把订单服务拆开')).toBe('CJK');
    expect(scriptOf('ログイン画面を直して')).toBe('CJK');
    expect(scriptOf('결제 모듈을 리팩터링해줘')).toBe('CJK');
    expect(scriptOf('修一下 OrderService 里的空指针')).toBe('CJK + Latin words');
    expect(scriptOf('Перепиши модуль оплаты')).toBe('other scripts');
    expect(scriptOf('исправь NullPointerException в модуле оплаты')).toBe('other scripts + Latin words');
    expect(scriptOf('fix the 登录 bug')).toBe('Latin');
  });
});

describe('evaluateClassifier per script', () => {
  test('the script groups partition the requests and their accuracies match the predictions', async () => {
    const transcripts = readJsonLines<Transcript>(join(import.meta.dir, '../fixtures/labelled/test.jsonl'));
    const report = await evaluateClassifier(createHeuristicClassifier(), prepareCases(transcripts));
    const groups = Object.values(report.perScript);
    expect(Object.keys(report.perScript)).toContain('CJK');
    expect(groups.reduce((sum, group) => sum + group.examples, 0)).toBe(transcripts.length);
    const weighted = groups.reduce((sum, group) => sum + group.taskTypeAccuracy * group.examples, 0) / transcripts.length;
    expect(weighted).toBeCloseTo(report.taskType.accuracy, 9);
    const underRouted = groups.reduce((sum, group) => sum + group.underRoutingRate * group.examples, 0) / transcripts.length;
    expect(underRouted).toBeCloseTo(report.routing.underRoutingRate, 9);
  });
});
