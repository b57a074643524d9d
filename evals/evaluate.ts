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
  perAgent: Record<string, { examples: number; taskTypeAccuracy: number; complexityAccuracy: number; phaseAccuracy: number }>;
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

function maxOutputTokensOf(request: Record<string, unknown>): number {
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
  const routing = computeRoutingMetrics(cases.map((item, index) => ({ gold: gold[index]!, predicted: predictions[index]!, features: item.features, maxOutputTokens: maxOutputTokensOf(item.transcript.request) })));

  const perAgent: ClassifierReport['perAgent'] = {};
  const tallies = new Map<string, { n: number; task: number; complexity: number; phase: number }>();
  cases.forEach((item, index) => {
    const tally = tallies.get(item.transcript.agent) ?? { n: 0, task: 0, complexity: 0, phase: 0 };
    const prediction = predictions[index]!;
    tally.n++;
    if (prediction.taskType === gold[index]!.taskType) tally.task++;
    if (prediction.complexity === gold[index]!.complexity) tally.complexity++;
    if (prediction.phase === gold[index]!.phase) tally.phase++;
    tallies.set(item.transcript.agent, tally);
  });
  for (const [agent, tally] of [...tallies].sort()) {
    perAgent[agent] = { examples: tally.n, taskTypeAccuracy: tally.task / tally.n, complexityAccuracy: tally.complexity / tally.n, phaseAccuracy: tally.phase / tally.n };
  }

  return {
    classifier: classifier.name,
    examples: cases.length,
    taskType,
    complexity,
    phase,
    routing,
    perAgent,
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
