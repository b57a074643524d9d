import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { createOnnxClassifier } from '../src/classifier/onnx-classifier.ts';
import type { Classifier } from '../src/classifier/types.ts';
import type { Transcript } from '../classifier/build-dataset.ts';
import { Random } from '../classifier/envelopes/envelope-kit.ts';
import { readJsonLines } from '../classifier/read-json-lines.ts';
import { writeOnnxModel } from '../classifier/read-onnx-model.ts';
import { onnx } from 'onnx-proto';
import { checkGate } from './gate.ts';
import { loadThresholds, runEval } from './run.ts';

const transcripts = readJsonLines<Transcript>(join(import.meta.dir, '../fixtures/labelled/test.jsonl'));
const thresholds = await loadThresholds();

/** The shipped model with its weight-table rows shuffled: same shape and size, meaningless weights. */
async function scrambledModelBytes(): Promise<Uint8Array> {
  const proto = onnx.ModelProto.decode(new Uint8Array(await Bun.file(join(import.meta.dir, '../classifier/model/classifier.onnx')).arrayBuffer()));
  const table = proto.graph!.initializer!.find((tensor) => tensor.name === 'weights')!;
  const [rows, width] = table.dims!.map(Number) as [number, number];
  // Float16 values: shuffle them as 16-bit words, a row at a time.
  const values = new Uint16Array(new Uint8Array(table.rawData!).buffer);
  const random = new Random(99);
  for (let row = rows - 1; row > 0; row--) {
    const other = random.int(row + 1);
    for (let column = 0; column < width; column++) {
      const a = row * width + column;
      const b = other * width + column;
      [values[a], values[b]] = [values[b]!, values[a]!];
    }
  }
  table.rawData = new Uint8Array(values.buffer);
  return writeOnnxModel(proto);
}

describe('the eval gate fails a degraded model', () => {
  test('a classifier that always answers code_generation / medium / editing', async () => {
    const constant: Classifier = { name: 'onnx', classify: (features) => ({ taskType: 'code_generation', complexity: 'medium', phase: 'editing', confidence: 1, classifier: 'onnx', agent: features.agent }) };
    const outcome = await runEval(transcripts, constant, thresholds);
    expect(outcome.failures.length).toBeGreaterThan(0);
    expect(outcome.gates.regression.length).toBeGreaterThan(0);
    expect(outcome.failures.some((failure) => failure.startsWith('taskTypeMacroF1'))).toBe(true);
    expect(outcome.failures.some((failure) => failure.startsWith('highRecall'))).toBe(true);
  });

  test('the shipped ONNX model with scrambled weights', async () => {
    const outcome = await runEval(transcripts, await createOnnxClassifier({ modelBytes: await scrambledModelBytes() }), thresholds, 'regression');
    expect(outcome.failures.length).toBeGreaterThan(0);
    expect(outcome.model.summary.taskTypeMacroF1).toBeLessThan(thresholds.floors.regression.taskTypeMacroF1);
  });
});

describe('checkGate', () => {
  const good = { taskTypeAccuracy: 0.9, taskTypeMacroF1: 0.9, complexityAccuracy: 0.85, highRecall: 0.95, phaseAccuracy: 0.95, underRoutingRate: 0.05, savingsVsOpus: 0.6 };
  test('the regression gate has lower floors than acceptance, and both fail a constant classifier', () => {
    const { acceptance, regression } = thresholds.floors;
    expect(regression.taskTypeMacroF1).toBeLessThanOrEqual(acceptance.taskTypeMacroF1);
    expect(regression.highRecall).toBe(acceptance.highRecall);
    const constant = { taskTypeAccuracy: 0.1, taskTypeMacroF1: 0.02, complexityAccuracy: 0.4, highRecall: 0, phaseAccuracy: 0.5, underRoutingRate: 0.3, savingsVsOpus: 0.5 };
    expect(checkGate(constant, good, thresholds, 'regression').length).toBeGreaterThan(0);
  });
  test('passes a model above every threshold and the baseline', () => {
    expect(checkGate(good, { ...good, taskTypeMacroF1: 0.6, underRoutingRate: 0.2 }, thresholds)).toEqual([]);
  });
  test('fails a model worse than the baseline even above the thresholds', () => {
    expect(checkGate(good, { ...good, phaseAccuracy: 0.97 }, thresholds)).toEqual([expect.stringContaining('phaseAccuracy: model')]);
  });
  test('lower under-routing is better', () => {
    expect(checkGate(good, { ...good, underRoutingRate: 0.01 }, thresholds)).toEqual([expect.stringContaining('underRoutingRate')]);
  });
});
