/**
 * `bun evals/envelope-swap.ts [--split test]`: the same labelled prompts, each re-wrapped in every
 * general agent's envelope (Claude Code, Codex, Cline, Continue, Cursor, Windsurf, OpenClaw, both
 * SDKs), classified by the shipped model. Real prompts reach us in any agent's wrapping, so the
 * labels should not depend on it: per envelope it prints the metrics and how often the labels
 * differ from the prompt's own envelope. Aider's architect / editor prompts and housekeeping calls
 * are left out (their wording belongs to their agent).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COMPLEXITIES, PHASES, TASK_TYPES } from '../src/config/config-schema.ts';
import { extractFeatures } from '../src/classifier/extract-features.ts';
import { createOnnxClassifier } from '../src/classifier/onnx-classifier.ts';
import type { Classification } from '../src/classifier/types.ts';
import { GENERAL_AGENTS, isSwappable, loadPromptRecords, type Transcript, wrapRecordAs } from '../classifier/build-dataset.ts';
import type { PromptRecord } from '../classifier/envelopes/envelope-kit.ts';
import { readJsonLines } from '../classifier/read-json-lines.ts';
import { computeLabelMetrics } from './metrics.ts';

const { values } = parseArgs({ args: Bun.argv.slice(2), options: { split: { type: 'string', default: 'test' } } });
const root = join(import.meta.dir, '..');
const transcripts = readJsonLines<Transcript>(join(root, 'fixtures/labelled', `${values.split}.jsonl`));
const prompts = loadPromptRecords(join(root, 'fixtures/prompts'));
// Wrapped as the dataset build wraps them (the writer's record); scored against the final, adjudicated labels.
const cases = transcripts.flatMap((transcript) => {
  const record = prompts.get(transcript.id);
  return record && isSwappable(record) ? [{ record, gold: transcript.labels }] : [];
});
const records: PromptRecord[] = cases.map(({ record }) => record);
const gold = cases.map(({ gold }) => gold);
const classifier = await createOnnxClassifier();
const classify = async (record: PromptRecord, agent: string) => {
  const envelope = wrapRecordAs(record, agent);
  return classifier.classify(extractFeatures({ protocol: envelope.protocol, body: envelope.request }));
};
const own = await Promise.all(records.map((record) => classify(record, record.agent)));
console.log(`${records.length} ${values.split} prompts (agent turns of the general agents), each in ${GENERAL_AGENTS.length} envelopes\n`);
console.log('| envelope | taskType macro-F1 | complexity accuracy | high recall | phase accuracy | labels differ from own envelope |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
const totals = { task: 0, complexity: 0, differ: 0 };
const row = (name: string, predicted: Classification[]) => {
  const task = computeLabelMetrics(TASK_TYPES, gold.map((g) => g.taskType), predicted.map((p) => p.taskType));
  const complexity = computeLabelMetrics(COMPLEXITIES, gold.map((g) => g.complexity), predicted.map((p) => p.complexity));
  const phase = computeLabelMetrics(PHASES, gold.map((g) => g.phase), predicted.map((p) => p.phase));
  const differ = predicted.filter((p, i) => p.taskType !== own[i]!.taskType || p.complexity !== own[i]!.complexity || p.phase !== own[i]!.phase).length / predicted.length;
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  if (name !== 'own envelope') {
    totals.task += task.macroF1 / GENERAL_AGENTS.length;
    totals.complexity += complexity.accuracy / GENERAL_AGENTS.length;
    totals.differ += differ / GENERAL_AGENTS.length;
  }
  console.log(`| ${name} | ${pct(task.macroF1)} | ${pct(complexity.accuracy)} | ${pct(complexity.perClass.high!.recall)} | ${pct(phase.accuracy)} | ${pct(differ)} |`);
};
row('own envelope', own);
for (const agent of GENERAL_AGENTS) row(agent, await Promise.all(records.map((record) => classify(record, agent))));
console.log(`\nmean over the ${GENERAL_AGENTS.length} envelopes: taskType macro-F1 ${(totals.task * 100).toFixed(1)}%, complexity ${(totals.complexity * 100).toFixed(1)}%, labels differ from the own envelope on ${(totals.differ * 100).toFixed(1)}% of prompts`);
