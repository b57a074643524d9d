/**
 * `bun run eval [--split test|dev] [--gate acceptance|regression] [--no-write]`: replays the labelled transcripts through feature
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
import { checkGate, type Gate, GATES, type Thresholds } from './gate.ts';
import { renderConsoleSummary, renderMarkdownReport } from './render-report.ts';

export interface EvalOutcome {
  model: ClassifierReport;
  heuristic: ClassifierReport;
  /** Why the model fails the chosen gate; empty when it passes. */
  failures: string[];
  /** The verdict of every gate, for the report. */
  gates: Record<Gate, string[]>;
}

/** Runs the whole comparison for any classifier: the CLI passes the shipped model, the tests a degraded one. */
export async function runEval(transcripts: readonly Transcript[], model: Classifier, thresholds: Thresholds, gate: Gate = 'acceptance'): Promise<EvalOutcome> {
  const cases = prepareCases(transcripts);
  const modelReport = await evaluateClassifier(model, cases);
  const heuristicReport = await evaluateClassifier(createHeuristicClassifier(), cases);
  const gates = Object.fromEntries(GATES.map((name) => [name, checkGate(modelReport.summary, heuristicReport.summary, thresholds, name)])) as Record<Gate, string[]>;
  return { model: modelReport, heuristic: heuristicReport, failures: gates[gate], gates };
}

export async function loadThresholds(): Promise<Thresholds> {
  return (await Bun.file(join(import.meta.dir, 'thresholds.json')).json()) as Thresholds;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: { split: { type: 'string', default: 'test' }, dev: { type: 'boolean', default: false }, gate: { type: 'string', default: 'acceptance' }, 'no-write': { type: 'boolean', default: false } },
  });
  const split = values.dev ? 'dev' : values.split!;
  const gate = values.gate as Gate;
  if (!GATES.includes(gate)) {
    console.error(`--gate must be one of ${GATES.join(', ')}`);
    process.exit(2);
  }
  const transcripts = readJsonLines<Transcript>(join(import.meta.dir, '../fixtures/labelled', `${split}.jsonl`));
  if (transcripts.length === 0) {
    console.error(`no transcripts in fixtures/labelled/${split}.jsonl: run \`bun classifier/build-dataset.ts\``);
    process.exit(2);
  }
  const modelInfo = await embeddedModelInfo();
  const outcome = await runEval(transcripts, await createOnnxClassifier(), await loadThresholds(), gate);
  console.log(`${split}: ${transcripts.length} requests, model ${modelInfo.name} ${modelInfo.version} (${(modelInfo.sizeBytes / 2 ** 20).toFixed(2)} MiB)\n`);
  console.log(renderConsoleSummary(outcome.model, outcome.heuristic));
  if (!values['no-write']) {
    const directory = join(import.meta.dir, 'reports');
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, `${split}.md`), renderMarkdownReport({ split, model: outcome.model, heuristic: outcome.heuristic, gates: outcome.gates, modelName: `${modelInfo.name} ${modelInfo.version}` }));
    writeFileSync(join(directory, `${split}.json`), `${JSON.stringify({ split, model: modelInfo, thresholds: await loadThresholds(), gates: outcome.gates, onnx: outcome.model, heuristic: outcome.heuristic }, null, 2)}\n`);
    console.log(`\nreports: evals/reports/${split}.md, evals/reports/${split}.json`);
  }
  for (const name of GATES) {
    if (name !== gate) console.log(`\n(${name} gate, not enforced: ${outcome.gates[name].length === 0 ? 'would pass' : `would fail: ${outcome.gates[name].join('; ')}`})`);
  }
  if (outcome.failures.length > 0) {
    console.error(`\n${gate} gate FAILED:\n${outcome.failures.map((failure) => `  - ${failure}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`\n${gate} gate passed`);
}
