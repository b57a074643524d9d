/**
 * `bun run eval:everyday`: the held-out everyday requests of fixtures/probes/everyday.jsonl — short
 * opening messages of the kind most real traffic is ("add rate limiting to the login endpoint"),
 * written by a helper that labelled nothing, kept where two blind labellers agreed on all three
 * labels and no writer's record is a near-duplicate (fixtures/probes/README.md) — each wrapped in
 * every general agent's envelope, classified by the shipped model and by the heuristic, and routed
 * by the gateway's router. The test split is written by the same writers as train; this set is not,
 * so it shows how the model carries over to requests written otherwise. A report, not a gate: 80
 * requests are too few for a floor.
 */
import { join } from 'node:path';
import { COMPLEXITIES, PHASES, TASK_TYPES } from '../src/config/config-schema.ts';
import { extractFeatures } from '../src/classifier/extract-features.ts';
import { classifyByRules } from '../src/classifier/heuristic-classifier.ts';
import { createOnnxClassifier } from '../src/classifier/onnx-classifier.ts';
import type { Classification } from '../src/classifier/types.ts';
import { GENERAL_AGENTS, wrapRecordAs } from '../classifier/build-dataset.ts';
import type { PromptRecord } from '../classifier/envelopes/envelope-kit.ts';
import { readJsonLines } from '../classifier/read-json-lines.ts';
import { maxOutputTokensOf } from './evaluate.ts';
import { computeLabelMetrics } from './metrics.ts';
import { computeRoutingMetrics, type RoutedCase } from './route-metrics.ts';

interface Probe {
  id: string;
  user: string;
  labels: { taskType: string; complexity: string; phase: string };
}

const probes = readJsonLines<Probe>(join(import.meta.dir, '..', 'fixtures/probes/everyday.jsonl'));
const model = await createOnnxClassifier();
const cases = { model: [] as RoutedCase[], heuristic: [] as RoutedCase[] };
const perAgent: { agent: string; predicted: Classification[] }[] = [];
for (const agent of GENERAL_AGENTS) {
  const predicted: Classification[] = [];
  for (const probe of probes) {
    const envelope = wrapRecordAs({ id: probe.id, agent, kind: 'turn', user: probe.user, labels: probe.labels } as PromptRecord, agent);
    const features = extractFeatures({ protocol: envelope.protocol, body: envelope.request });
    const fromModel = await model.classify(features);
    predicted.push(fromModel);
    const gold = probe.labels as RoutedCase['gold'];
    const maxOutputTokens = maxOutputTokensOf(envelope.request);
    cases.model.push({ gold, predicted: fromModel, features, maxOutputTokens });
    cases.heuristic.push({ gold, predicted: classifyByRules(features), features, maxOutputTokens });
  }
  perAgent.push({ agent, predicted });
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const summarise = (routed: RoutedCase[]) => {
  const task = computeLabelMetrics(TASK_TYPES, routed.map((c) => c.gold.taskType), routed.map((c) => c.predicted.taskType));
  const complexity = computeLabelMetrics(COMPLEXITIES, routed.map((c) => c.gold.complexity), routed.map((c) => c.predicted.complexity));
  const phase = computeLabelMetrics(PHASES, routed.map((c) => c.gold.phase), routed.map((c) => c.predicted.phase));
  const rank = (value: string) => COMPLEXITIES.indexOf(value as (typeof COMPLEXITIES)[number]);
  const below = routed.filter((c) => rank(c.predicted.complexity) < rank(c.gold.complexity)).length / routed.length;
  const routing = computeRoutingMetrics(routed);
  return { task, complexity, phase, below, routing };
};

console.log(`${probes.length} everyday requests × ${GENERAL_AGENTS.length} envelopes\n`);
console.log('| | taskType accuracy | complexity accuracy | complexity read below gold | recall of high | phase accuracy | under-routing (router) | savings vs always-Opus |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [name, routed] of Object.entries(cases)) {
  const s = summarise(routed);
  console.log(`| ${name} | ${pct(s.task.accuracy)} | ${pct(s.complexity.accuracy)} | ${pct(s.below)} | ${pct(s.complexity.perClass.high!.recall)} | ${pct(s.phase.accuracy)} | ${pct(s.routing.underRoutingRate)} | ${pct(s.routing.savingsVsOpus)} |`);
}
console.log('\n| envelope | taskType accuracy | complexity accuracy |');
console.log('| --- | ---: | ---: |');
for (const { agent, predicted } of perAgent) {
  const task = computeLabelMetrics(TASK_TYPES, probes.map((p) => p.labels.taskType), predicted.map((p) => p.taskType));
  const complexity = computeLabelMetrics(COMPLEXITIES, probes.map((p) => p.labels.complexity), predicted.map((p) => p.complexity));
  console.log(`| ${agent} | ${pct(task.accuracy)} | ${pct(complexity.accuracy)} |`);
}
