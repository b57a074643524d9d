/**
 * `bun evals/sweep-escalation.ts [dev|test]`: how the confidence-escalation threshold trades
 * under-routing against savings, through the real router. The default of
 * `routing.escalateBelowConfidence` is chosen from this on the dev split (see README).
 */
import { join } from 'node:path';
import { loadClassifier } from '../src/classifier/index.ts';
import type { Transcript } from '../classifier/build-dataset.ts';
import { readJsonLines } from '../classifier/read-json-lines.ts';
import { prepareCases } from './evaluate.ts';
import { computeRoutingMetrics, type RoutedCase } from './route-metrics.ts';

const split = process.argv[2] ?? 'dev';
const transcripts = readJsonLines<Transcript>(join(import.meta.dir, '../fixtures/labelled', `${split}.jsonl`));
const classifier = await loadClassifier();
const cases: RoutedCase[] = [];
for (const item of prepareCases(transcripts)) {
  const body = item.transcript.request as Record<string, unknown>;
  const maxOutputTokens = Number(body.max_tokens ?? body.max_completion_tokens ?? body.max_output_tokens ?? 4096);
  cases.push({ gold: item.transcript.labels, predicted: await classifier.classify(item.features), features: item.features, maxOutputTokens });
}
console.log(`${split}: ${cases.length} requests, classifier ${classifier.name}`);
console.log('threshold  under-routing  over-routing  savings vs Opus');
for (const threshold of [0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]) {
  const m = computeRoutingMetrics(cases, 'balanced', threshold);
  console.log(`${threshold.toFixed(2).padStart(9)}  ${(m.underRoutingRate * 100).toFixed(1).padStart(12)}%  ${(m.overRoutingRate * 100).toFixed(1).padStart(11)}%  ${(m.savingsVsOpus * 100).toFixed(1).padStart(14)}%`);
}
