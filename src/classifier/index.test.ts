import { expect, test } from 'bun:test';
import metadata from '../../classifier/model/classifier.meta.json';
import { extractFeatures, getClassifierInfo, loadClassifier, loadClassifierWith } from './index.ts';

const body = { model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: 'why does this query do a sequential scan on orders?' }] };

test('loadClassifier gives the embedded ONNX model and /healthz describes it', async () => {
  const classifier = await loadClassifier();
  expect(classifier.name).toBe('onnx');
  const classification = await classifier.classify(extractFeatures({ protocol: 'anthropic', body }));
  expect(classification).toMatchObject({ classifier: 'onnx', agent: 'sdk' });
  expect(classification.confidence).toBeGreaterThan(0);
  const info = getClassifierInfo();
  expect(info).toMatchObject({ classifier: 'onnx', model: { name: metadata.name, version: metadata.version, sha256: metadata.sha256 }, onnxruntime: { version: '1.30.0', loaded: true } });
  expect(info.model!.sizeBytes).toBe(metadata.sizeBytes);
  expect(info.loadMs).toBeGreaterThan(0);
  expect(await loadClassifier()).toBe(classifier);
});

test('when the model cannot load, the heuristic serves and /healthz says why', async () => {
  const classifier = await loadClassifierWith(() => Promise.reject(new Error('libonnxruntime.so.1: cannot open shared object file')));
  expect(classifier.name).toBe('heuristic');
  expect(await classifier.classify(extractFeatures({ protocol: 'anthropic', body }))).toMatchObject({ classifier: 'heuristic' });
  expect(getClassifierInfo()).toMatchObject({ classifier: 'heuristic', model: null, onnxruntime: { error: 'libonnxruntime.so.1: cannot open shared object file' } });
});
