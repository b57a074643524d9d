import { expect, test } from 'bun:test';
import { join } from 'node:path';
import metadataJson from './model/classifier.meta.json';
import { extractFeatures } from '../src/classifier/extract-features.ts';
import { type CountedBag, countBag, featureTokenIds } from '../src/classifier/feature-tokens.ts';
import type { ModelMetadata } from '../src/classifier/model-metadata.ts';
import { loadOnnxRuntime } from '../src/classifier/onnx-runtime.ts';
import type { Transcript } from './build-dataset.ts';
import { exportOnnx, inputNames } from './export-onnx.ts';
import { computeIdf, HEADS, type LinearModel, scoreVector, trainLinear, vectorize } from './linear-model.ts';
import { readJsonLines } from './read-json-lines.ts';
import { readOnnxModel, writeOnnxModel } from './read-onnx-model.ts';
import { createOnnxClassifier } from '../src/classifier/onnx-classifier.ts';

const metadata = metadataJson as unknown as ModelMetadata;
const modelBytes = new Uint8Array(await Bun.file(join(import.meta.dir, 'model/classifier.onnx')).arrayBuffer());
const transcripts = readJsonLines<Transcript>(join(import.meta.dir, '../fixtures/labelled/dev.jsonl')).slice(0, 120);

async function onnxScores(bytes: Uint8Array, bags: readonly CountedBag[], inputs: readonly { ids: string; counts: string }[]): Promise<Float32Array[]> {
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(bytes);
  const feeds = Object.fromEntries(bags.flatMap((bag, index) => [
    [inputs[index]!.ids, new ort.Tensor('int32', bag.ids, [bag.ids.length])],
    [inputs[index]!.counts, new ort.Tensor('float32', bag.counts, [bag.counts.length])],
  ]));
  const result = await session.run(feeds);
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
    const bags = featureTokenIds(extractFeatures({ protocol: transcript.protocol, body: transcript.request }), metadata.tokens).map(countBag);
    const feeds = Object.fromEntries(bags.flatMap((bag, index) => [
      [metadata.inputs[index]!.ids, new ort.Tensor('int32', bag.ids, [bag.ids.length])],
      [metadata.inputs[index]!.counts, new ort.Tensor('float32', bag.counts, [bag.counts.length])],
    ]));
    const result = await session.run(feeds);
    expectClose(scoreVector(model, vectorize(model, bags)), HEADS.map((head) => result[head.output]!.data as Float32Array));
  }
});

const toyBags = [countBag(Int32Array.from([1, 5, 9, 5, 1000])), countBag(Int32Array.from([2, 7])), countBag(Int32Array.from([3, 4, 4, 4]))];

function toyModel(bags: number): LinearModel {
  const documents = [toyBags.slice(0, bags), [countBag(Int32Array.from([1, 2])), countBag(Int32Array.from([7])), countBag(Int32Array.from([4]))].slice(0, bags)];
  const idf = computeIdf(1024, documents);
  const bagScales = Float32Array.from([1, 0.5, 1.3].slice(0, bags));
  const examples = documents.map((document, index) => ({ vector: vectorize({ idf, bagScales }, document), targets: index === 0 ? [1, 2, 3] : [4, 0, 1], weights: [1, 1, 1] }));
  return trainLinear(1024, idf, bagScales, examples, { l2: 0.01, iterations: 30 });
}

test.each([2, 3])('a freshly trained model with %d bags exports to a graph that agrees with training-time scores', async (bags) => {
  const model = toyModel(bags);
  const input = toyBags.slice(0, bags);
  const scores = scoreVector(model, vectorize(model, input));
  // It learnt something: the first example's labels win on its own features.
  expect(scores.map((head) => head.indexOf(Math.max(...head)))).toEqual([1, 2, 3]);
  const inputs = inputNames(['text', 'structure', 'subwords'].slice(0, bags));
  expectClose(scores, await onnxScores(exportOnnx(model, 'parity', inputs), input, inputs));
});

test('an exported model reads back with the same parameters', () => {
  const model = toyModel(3);
  const { model: back } = readOnnxModel(exportOnnx(model, 'round-trip', inputNames(['text', 'structure', 'subwords'])));
  expect(back.weights).toEqual(model.weights);
  expect(back.idf).toEqual(model.idf);
  expect(back.bias).toEqual(model.bias);
  expect(back.bagScales).toEqual(model.bagScales);
});

test('training is deterministic: same data, same bytes', () => {
  const run = () => exportOnnx(toyModel(3), 'determinism', inputNames(['text', 'structure', 'subwords']));
  expect(Buffer.from(run()).equals(Buffer.from(run()))).toBe(true);
});

test('counting a bag: distinct ids in order of first occurrence with their occurrences', () => {
  const { ids, counts } = countBag(Int32Array.from([9, 3, 9, 9, 0, 3]));
  expect([...ids]).toEqual([9, 3, 0]);
  expect([...counts]).toEqual([3, 2, 1]);
  // The tally is left clean: counting again gives the same answer.
  expect([...countBag(Int32Array.from([3, 3])).counts]).toEqual([2]);
});

test('odd requests: onnxruntime still equals the TypeScript forward pass', async () => {
  const { model } = readOnnxModel(modelBytes);
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(modelBytes);
  const bodies = [
    { messages: [{ role: 'user', content: '' }] },
    { messages: [{ role: 'user', content: 'fix '.repeat(50_000) }] },
    { messages: [{ role: 'user', content: '请帮我重构这个模块，把数据库访问层拆出来，并补上单元测试。' }] },
    { messages: [{ role: 'user', content: 'the login test fails with a 401' }, { role: 'assistant', content: 'I updated the token fixture.' }, { role: 'user', content: 'still failing' }] },
  ];
  for (const body of bodies) {
    const bags = featureTokenIds(extractFeatures({ protocol: 'openai', body: { model: 'auto', ...body } }), metadata.tokens).map(countBag);
    const feeds = Object.fromEntries(bags.flatMap((bag, index) => [
      [metadata.inputs[index]!.ids, new ort.Tensor('int32', bag.ids, [bag.ids.length])],
      [metadata.inputs[index]!.counts, new ort.Tensor('float32', bag.counts, [bag.counts.length])],
    ]));
    const result = await session.run(feeds);
    expectClose(scoreVector(model, vectorize(model, bags)), HEADS.map((head) => result[head.output]!.data as Float32Array));
  }
});

test('a model whose output is not finite falls back to the heuristic for that request instead of failing it', async () => {
  const proto = readOnnxModel(modelBytes).proto;
  const bias = proto.graph!.initializer!.find((tensor) => tensor.name === 'bias')!;
  bias.rawData = new Uint8Array(new Float32Array(new Float32Array(new Uint8Array(bias.rawData!).buffer).length).fill(Number.NaN).buffer);
  const classifier = await createOnnxClassifier({ modelBytes: writeOnnxModel(proto) });
  const result = await classifier.classify(extractFeatures({ protocol: 'openai', body: { model: 'auto', messages: [{ role: 'user', content: 'add a unit test for the parser' }] } }));
  expect(result.classifier).toBe('heuristic');
  expect(result.taskType).toBe('testing');
  // The shipped model answers itself.
  const shipped = await (await createOnnxClassifier()).classify(extractFeatures({ protocol: 'openai', body: { model: 'auto', messages: [{ role: 'user', content: 'add a unit test for the parser' }] } }));
  expect(shipped.classifier).toBe('onnx');
});
