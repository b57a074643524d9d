/**
 * What routing saves on the labelled eval transcripts: each strategy's cost against sending every
 * request to the Opus-class baseline and against an oracle that routes on the gold labels, with the
 * under-routing rate. Costs are the router's pre-call estimates (prompt tokens counted from the
 * request, output capped at 500 tokens) through `decideRoute`, via evals/route-metrics.ts.
 */
import { join } from 'node:path';
import type { Transcript } from '../classifier/build-dataset.ts';
import { readJsonLines } from '../classifier/read-json-lines.ts';
import { loadClassifier } from '../src/classifier/index.ts';
import type { Classification } from '../src/classifier/types.ts';
import type { Strategy } from '../src/config/config-schema.ts';
import { maxOutputTokensOf, prepareCases } from '../evals/evaluate.ts';
import { computeRoutingMetrics, type RoutedCase } from '../evals/route-metrics.ts';
import { FIXTURES } from './lib/scenarios.ts';

export interface StrategyRow {
  strategy: Strategy;
  costUsd: number;
  opusCostUsd: number;
  oracleCostUsd: number;
  savingsVsOpus: number;
  /** Routed cost divided by the oracle's (same strategy): 1 is as cheap as knowing the answer. */
  costVsOracle: number;
  oracleSavingsVsOpus: number;
  underRoutingRate: number;
  overRoutingRate: number;
}

export interface TaskTypeRow {
  taskType: string;
  requests: number;
  savingsVsOpus: Record<Strategy, number>;
  oracleSavingsVsOpus: number;
  underRoutingRate: number;
}

export interface SavingsReport {
  split: string;
  requests: number;
  classifier: string;
  strategies: StrategyRow[];
  byTaskType: TaskTypeRow[];
}

const STRATEGIES: Strategy[] = ['balanced', 'cost', 'quality'];

export async function computeSavings(options: { quick: boolean }): Promise<SavingsReport> {
  let split = 'test';
  let transcripts: Transcript[] = [];
  for (const candidate of ['test', 'dev', 'train']) {
    transcripts = readJsonLines<Transcript>(join(FIXTURES, 'labelled', `${candidate}.jsonl`));
    split = candidate;
    if (transcripts.length) break;
  }
  if (options.quick) transcripts = transcripts.slice(0, 150);
  const classifier = await loadClassifier();
  const prepared = prepareCases(transcripts);
  const predicted: Classification[] = [];
  for (const item of prepared) predicted.push(await classifier.classify(item.features));
  const routed: RoutedCase[] = prepared.map((item, index) => ({ gold: item.transcript.labels, predicted: predicted[index]!, features: item.features, maxOutputTokens: maxOutputTokensOf(item.transcript.request) }));
  // The oracle: the same router, fed the gold labels with full confidence.
  const oracle: RoutedCase[] = routed.map((item) => ({ ...item, predicted: { ...item.gold, confidence: 1, classifier: item.predicted.classifier, agent: item.predicted.agent } }));

  const strategies = STRATEGIES.map((strategy): StrategyRow => {
    const metrics = computeRoutingMetrics(routed, strategy);
    const best = computeRoutingMetrics(oracle, strategy);
    return {
      strategy,
      costUsd: metrics.routedCostUsd,
      opusCostUsd: metrics.opusCostUsd,
      oracleCostUsd: best.routedCostUsd,
      savingsVsOpus: metrics.savingsVsOpus,
      costVsOracle: best.routedCostUsd === 0 ? 0 : metrics.routedCostUsd / best.routedCostUsd,
      oracleSavingsVsOpus: best.savingsVsOpus,
      underRoutingRate: metrics.underRoutingRate,
      overRoutingRate: metrics.overRoutingRate,
    };
  });

  const taskTypes = [...new Set(routed.map((item) => item.gold.taskType))].sort();
  const byTaskType = taskTypes.map((taskType): TaskTypeRow => {
    const subset = routed.filter((item) => item.gold.taskType === taskType);
    const oracleSubset = oracle.filter((item) => item.gold.taskType === taskType);
    const savings = Object.fromEntries(STRATEGIES.map((strategy) => [strategy, computeRoutingMetrics(subset, strategy).savingsVsOpus])) as Record<Strategy, number>;
    return {
      taskType,
      requests: subset.length,
      savingsVsOpus: savings,
      oracleSavingsVsOpus: computeRoutingMetrics(oracleSubset, 'balanced').savingsVsOpus,
      underRoutingRate: computeRoutingMetrics(subset, 'balanced').underRoutingRate,
    };
  });
  return { split, requests: routed.length, classifier: classifier.name, strategies, byTaskType };
}
