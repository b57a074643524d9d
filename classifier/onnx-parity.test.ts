import { expect, test } from 'bun:test';
import { join } from 'node:path';
import metadataJson from './model/classifier.meta.json';
import { extractFeatures } from '../src/classifier/extract-features.ts';
import { featureTokenIds, type TokenIds } from '../src/classifier/feature-tokens.ts';
import type { ModelMetadata } from '../src/classifier/model-metadata.ts';
import { loadOnnxRuntime } from '../src/classifier/onnx-runtime.ts';
import type { Transcript } from './build-dataset.ts';
import { exportOnnx, inputNames } from './export-onnx.ts';
import { createModel, HEADS, scoreTokens, train } from './fasttext-model.ts';
import { readJsonLines } from './read-json-lines.ts';
import { readOnnxModel } from './read-onnx-model.ts';

const metadata = metadataJson as ModelMetadata;
const modelBytes = new Uint8Array(await Bun.file(join(import.meta.dir, 'model/classifier.onnx')).arrayBuffer());
const transcripts = readJsonLines<Transcript>(join(import.meta.dir, '../fixtures/labelled/dev.jsonl')).slice(0, 120);

async function onnxScores(bytes: Uint8Array, ids: TokenIds, inputs: readonly string[]): Promise<Float32Array[]> {
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(bytes);
  const result = await session.run(Object.fromEntries(ids.map((bag, index) => [inputs[index]!, new ort.Tensor('int32', bag, [bag.length])])));
  return HEADS.map((head) => result[head.output]!.data as Float32Array);
}

function expectClose(typescript: Float64Array[], onnx: Float32Array[]): void {
  typescript.forEach((scores, head) => scores.forEach((score, index) => expect(Math.abs(score - onnx[head]![index]!)).toBeLessThan(1e-5)));
}

test('the shipped model: onnxruntime scores equal the TypeScript forward pass to 1e-5', async () => {
  expect(transcripts.length).toBeGreaterThan(0);
  const { model } = readOnnxModel(modelBytes);
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(modelBytes);
  for (const transcript of transcripts) {
    const ids = featureTokenIds(extractFeatures({ protocol: transcript.protocol, body: transcript.request }), metadata.tokens);
    const result = await session.run(Object.fromEntries(ids.map((bag, index) => [metadata.inputs[index]!, new ort.Tensor('int32', bag, [bag.length])])));
    expectClose(scoreTokens(model, ids), HEADS.map((head) => result[head.output]!.data as Float32Array));
  }
});

test.each([
  [0, 2],
  [6, 2],
  [0, 3],
])('a freshly trained model (hidden units %d, %d bags) exports to a graph that agrees with training-time scores', async (hiddenUnits, bags) => {
  const model = createModel(1024, 8, 3, hiddenUnits, bags);
  const ids = [Int32Array.from([1, 5, 9, 5, 1000]), Int32Array.from([2, 7]), Int32Array.from([3, 4, 4])].slice(0, bags);
  train(model, [{ ids, targets: [1, 2, 3], weights: [1, 1, 1] }], { epochs: 5, learningRate: 0.5, seed: 3, tokenDropout: 0.2 });
  const inputs = inputNames(['text', 'structure', 'subwords'].slice(0, bags));
  expectClose(scoreTokens(model, ids), await onnxScores(exportOnnx(model, 'parity', inputs), ids, inputs));
});

test('training is deterministic: same seed, same bytes', () => {
  const run = () => {
    const model = createModel(512, 4, 11);
    train(model, [{ ids: [Int32Array.from([3, 4]), Int32Array.from([9])], targets: [0, 1, 2], weights: [1, 1, 1] }], { epochs: 3, learningRate: 0.3, seed: 11 });
    return exportOnnx(model, 'determinism');
  };
  expect(Buffer.from(run()).equals(Buffer.from(run()))).toBe(true);
});
