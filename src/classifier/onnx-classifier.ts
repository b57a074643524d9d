import metadataJson from '../../classifier/model/classifier.meta.json';
// Embedded in the compiled binary; from source this is the file's real path.
import modelPath from '../../classifier/model/classifier.onnx' with { type: 'file' };
import { COMPLEXITIES, PHASES, TASK_TYPES } from '../config/config-schema.ts';
import { decideLabels } from './decide-labels.ts';
import { classifyByRules } from './heuristic-classifier.ts';
import { countBag, featureTokenIds } from './feature-tokens.ts';
import type { ModelMetadata } from './model-metadata.ts';
import { loadOnnxRuntime, type ModelInfo } from './onnx-runtime.ts';
import type { Classification, Classifier, RequestFeatures } from './types.ts';

const metadata = metadataJson as unknown as ModelMetadata;
type OnnxTensor = InstanceType<Awaited<ReturnType<typeof loadOnnxRuntime>>['Tensor']>;

/** The label order the model was trained with must be ours, or its outputs mean something else. */
function assertLabelsMatch(): void {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);
  if (!same(metadata.labels.taskType, TASK_TYPES) || !same(metadata.labels.complexity, COMPLEXITIES) || !same(metadata.labels.phase, PHASES)) {
    throw new Error('classifier model was trained with a different label set; retrain with `bun run train`');
  }
}

export async function embeddedModelInfo(): Promise<ModelInfo> {
  return { name: metadata.name, version: metadata.version, sizeBytes: Bun.file(modelPath).size, sha256: metadata.sha256 };
}

/**
 * The trained model run by onnxruntime-node (directly, not through transformers.js: the graph is
 * ours and its inputs are plain ids and counts, so the extra layer would add only packaging work).
 * Features are hashed here exactly as in training (src/classifier/feature-tokens.ts).
 */
export async function createOnnxClassifier(options: { modelBytes?: Uint8Array } = {}): Promise<Classifier> {
  assertLabelsMatch();
  const ort = await loadOnnxRuntime();
  const bytes = options.modelBytes ?? new Uint8Array(await Bun.file(modelPath).arrayBuffer());
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' });
  const { inputs, outputs } = metadata;

  return {
    name: 'onnx',
    async classify(features: RequestFeatures): Promise<Classification> {
      const feeds: Record<string, OnnxTensor> = {};
      featureTokenIds(features, metadata.tokens).forEach((bag, index) => {
        const { ids, counts } = countBag(bag);
        feeds[inputs[index]!.ids] = new ort.Tensor('int32', ids, [ids.length]);
        feeds[inputs[index]!.counts] = new ort.Tensor('float32', counts, [counts.length]);
      });
      // A failed run or a non-finite probability (neither happens with the shipped model) must not
      // fail the request: the heuristic answers instead, and the trace says which classifier did.
      let probabilities: { taskType: Float32Array; complexity: Float32Array; phase: Float32Array };
      try {
        const result = await session.run(feeds);
        probabilities = {
          taskType: result[outputs.taskType]!.data as Float32Array,
          complexity: result[outputs.complexity]!.data as Float32Array,
          phase: result[outputs.phase]!.data as Float32Array,
        };
      } catch {
        return classifyByRules(features);
      }
      if (![probabilities.taskType, probabilities.complexity, probabilities.phase].every((head) => head.every(Number.isFinite))) return classifyByRules(features);
      const labels = decideLabels(probabilities, metadata.decision);
      return { ...labels, classifier: 'onnx', agent: features.agent };
    },
  };
}
