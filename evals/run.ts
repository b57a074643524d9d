/**
 * `bun run eval [--split test|dev] [--no-write]`: replays the labelled transcripts through feature
 * extraction, the ONNX classifier and the heuristic baseline, and the router; prints the metrics
 * side by side, writes evals/reports/<split>.{md,json}, and exits 1 when the gate fails.
 * @see ../../shared/DESIGN.md §5
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHeuristicClassifier } from '../src/classifier/heuristic-classifier.ts';
import { createOnnxClassifier, embeddedModelInfo } from '../src/classifier/onnx-classifier.ts';
import type { Classifier } from '../src/classifier/types.ts';
import type { Transcript } from '../classifier/build-dataset.ts';
import { readJsonLines } from '../classifier/read-json-lines.ts';
import { evaluateClassifier, prepareCases, type ClassifierReport } from './evaluate.ts';
import { checkGate, type Thresholds } from './gate.ts';
import { renderConsoleSummary, renderMarkdownReport } from './render-report.ts';

export interface EvalOutcome {
  model: ClassifierReport;
  heuristic: ClassifierReport;
  failures: string[];
}

/** Runs the whole comparison for any classifier: the CLI passes the shipped model, the tests a degraded one. */
export async function runEval(transcripts: readonly Transcript[], model: Classifier, thresholds: Thresholds): Promise<EvalOutcome> {
  const cases = prepareCases(transcripts);
  const modelReport = await evaluateClassifier(model, cases);
  const heuristicReport = await evaluateClassifier(createHeuristicClassifier(), cases);
  return { model: modelReport, heuristic: heuristicReport, failures: checkGate(modelReport.summary, heuristicReport.summary, thresholds) };
}

export async function loadThresholds(): Promise<Thresholds> {
  return (await Bun.file(join(import.meta.dir, 'thresholds.json')).json()) as Thresholds;
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Bun.argv.slice(2), options: { split: { type: 'string', default: 'test' }, dev: { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false } } });
  const split = values.dev ? 'dev' : values.split!;
  const transcripts = readJsonLines<Transcript>(join(import.meta.dir, '../fixtures/labelled', `${split}.jsonl`));
  if (transcripts.length === 0) {
    console.error(`no transcripts in fixtures/labelled/${split}.jsonl: run \`bun classifier/build-dataset.ts\``);
    process.exit(2);
  }
  const modelInfo = await embeddedModelInfo();
  const outcome = await runEval(transcripts, await createOnnxClassifier(), await loadThresholds());
  console.log(`${split}: ${transcripts.length} requests, model ${modelInfo.name} ${modelInfo.version} (${(modelInfo.sizeBytes / 2 ** 20).toFixed(2)} MiB)\n`);
  console.log(renderConsoleSummary(outcome.model, outcome.heuristic));
  if (!values['no-write']) {
    const directory = join(import.meta.dir, 'reports');
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, `${split}.md`), renderMarkdownReport({ split, model: outcome.model, heuristic: outcome.heuristic, failures: outcome.failures, modelName: `${modelInfo.name} ${modelInfo.version}` }));
    writeFileSync(join(directory, `${split}.json`), `${JSON.stringify({ split, model: modelInfo, thresholds: await loadThresholds(), failures: outcome.failures, onnx: outcome.model, heuristic: outcome.heuristic }, null, 2)}\n`);
    console.log(`\nreports: evals/reports/${split}.md, evals/reports/${split}.json`);
  }
  if (outcome.failures.length > 0) {
    console.error(`\neval gate FAILED:\n${outcome.failures.map((failure) => `  - ${failure}`).join('\n')}`);
    process.exit(1);
  }
  console.log('\neval gate passed');
}
