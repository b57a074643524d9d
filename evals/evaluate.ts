import { COMPLEXITIES, PHASES, TASK_TYPES } from '../src/config/config-schema.ts';
import { extractFeatures } from '../src/classifier/extract-features.ts';
import type { Classification, Classifier, RequestFeatures } from '../src/classifier/types.ts';
import type { Transcript } from '../classifier/build-dataset.ts';
import { computeLabelMetrics, type LabelMetrics } from './metrics.ts';
import { computeRoutingMetrics, type RoutingMetrics } from './route-metrics.ts';

/** Everything the eval reports about one classifier on one split. */
export interface ClassifierReport {
  classifier: string;
  examples: number;
  taskType: LabelMetrics;
  complexity: LabelMetrics;
  phase: LabelMetrics;
  routing: RoutingMetrics;
  /** The flat numbers the gate compares (higher is better except underRoutingRate). */
  summary: GatedMetrics;
  perAgent: Record<string, GroupAccuracy>;
  /** By the writing system of the request's intent text (scriptOf): a model can read English well and Chinese badly. */
  perScript: Record<string, GroupAccuracy & { underRoutingRate: number }>;
}

export interface GroupAccuracy {
  examples: number;
  taskTypeAccuracy: number;
  complexityAccuracy: number;
  phaseAccuracy: number;
}

export const SCRIPTS = ['Latin', 'CJK', 'CJK + Latin words', 'other scripts', 'other scripts + Latin words'] as const;
export type Script = (typeof SCRIPTS)[number];

/**
 * Chinese, Japanese and Korean (Han, kana, Hangul); other non-Latin letters (Cyrillic, Greek, Arabic,
 * Hebrew, Devanagari, Thai…); and whether Latin words (identifiers, commands, error strings) are mixed in.
 */
export function scriptOf(text: string): Script {
  const cjk = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  const other = text.match(/[^\p{Script=Latin}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Common}\p{Script=Inherited}]/gu)?.length ?? 0;
  if (cjk + other < 4) return 'Latin';
  const latinWords = /[A-Za-z]{2,}/.test(text);
  if (cjk >= other) return latinWords ? 'CJK + Latin words' : 'CJK';
  return latinWords ? 'other scripts + Latin words' : 'other scripts';
}

export interface GatedMetrics {
  taskTypeAccuracy: number;
  taskTypeMacroF1: number;
  complexityAccuracy: number;
  highRecall: number;
  phaseAccuracy: number;
  underRoutingRate: number;
  savingsVsOpus: number;
}

export interface PreparedCase {
  transcript: Transcript;
  features: RequestFeatures;
}

/** Feature extraction once per transcript, shared by every classifier compared. */
export function prepareCases(transcripts: readonly Transcript[]): PreparedCase[] {
  return transcripts.map((transcript) => ({ transcript, features: extractFeatures({ protocol: transcript.protocol, body: transcript.request }) }));
}

/** The output budget a request asks for (Anthropic, Chat Completions, Responses), 4,096 when it names none. */
export function maxOutputTokensOf(request: Record<string, unknown>): number {
  for (const key of ['max_tokens', 'max_completion_tokens', 'max_output_tokens']) if (typeof request[key] === 'number') return request[key] as number;
  return 4096;
}

export async function evaluateClassifier(classifier: Classifier, cases: readonly PreparedCase[]): Promise<ClassifierReport> {
  const predictions: Classification[] = [];
  for (const item of cases) predictions.push(await classifier.classify(item.features));
  const gold = cases.map((item) => item.transcript.labels);
  const metricsFor = <K extends 'taskType' | 'complexity' | 'phase'>(key: K, labels: readonly string[]) =>
    computeLabelMetrics(labels, gold.map((label) => label[key]), predictions.map((prediction) => prediction[key]));
  const taskType = metricsFor('taskType', TASK_TYPES);
  const complexity = metricsFor('complexity', COMPLEXITIES);
  const phase = metricsFor('phase', PHASES);

  const routed = cases.map((item, index) => ({ gold: gold[index]!, predicted: predictions[index]!, features: item.features, maxOutputTokens: maxOutputTokensOf(item.transcript.request) }));
  const routing = computeRoutingMetrics(routed);
  const accuracyBy = (groupOf: (item: PreparedCase) => string, order: (a: string, b: string) => number) => {
    const groups = new Map<string, number[]>();
    cases.forEach((item, index) => {
      const key = groupOf(item);
      const indexes = groups.get(key);
      if (indexes) indexes.push(index);
      else groups.set(key, [index]);
    });
    return [...groups].sort(([a], [b]) => order(a, b)).map(([key, indexes]) => {
      const share = (label: 'taskType' | 'complexity' | 'phase') => indexes.filter((index) => predictions[index]![label] === gold[index]![label]).length / indexes.length;
      return { key, indexes, accuracy: { examples: indexes.length, taskTypeAccuracy: share('taskType'), complexityAccuracy: share('complexity'), phaseAccuracy: share('phase') } };
    });
  };
  const perAgent = Object.fromEntries(accuracyBy((item) => item.transcript.agent, (a, b) => a.localeCompare(b)).map(({ key, accuracy }) => [key, accuracy]));
  const perScript = Object.fromEntries(
    accuracyBy((item) => scriptOf(item.features.intentText), (a, b) => SCRIPTS.indexOf(a as Script) - SCRIPTS.indexOf(b as Script)).map(({ key, indexes, accuracy }) => [key, { ...accuracy, underRoutingRate: computeRoutingMetrics(indexes.map((index) => routed[index]!)).underRoutingRate }]),
  );

  return {
    classifier: classifier.name,
    examples: cases.length,
    taskType,
    complexity,
    phase,
    routing,
    perAgent,
    perScript,
    summary: {
      taskTypeAccuracy: taskType.accuracy,
      taskTypeMacroF1: taskType.macroF1,
      complexityAccuracy: complexity.accuracy,
      highRecall: complexity.perClass.high!.recall,
      phaseAccuracy: phase.accuracy,
      underRoutingRate: routing.underRoutingRate,
      savingsVsOpus: routing.savingsVsOpus,
    },
  };
}
