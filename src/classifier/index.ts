/**
 * The routing classifier: request features in, `{ taskType, complexity, phase, confidence }` out.
 * `loadClassifier()` gives the ONNX model, or the heuristic rules when the model or the runtime
 * cannot load (the reason is kept for /healthz). See classifier/MODEL_CARD.md.
 * @see ../../../shared/DESIGN.md §4
 * @example
 * const classifier = await loadClassifier();
 * const { taskType, complexity, phase } = await classifier.classify(extractFeatures({ protocol, body, headers }));
 */
import { createHeuristicClassifier } from './heuristic-classifier.ts';
import { type ModelInfo, recordClassifierLoad, recordOnnxRuntimeError } from './onnx-runtime.ts';
import type { Classifier } from './types.ts';

export { extractFeatures, type FeatureInput } from './extract-features.ts';
export { createHeuristicClassifier } from './heuristic-classifier.ts';
export { getClassifierInfo, type ClassifierInfo, type ModelInfo } from './onnx-runtime.ts';
export type { Agent, Classification, Classifier, HousekeepingKind, RequestFeatures } from './types.ts';

type OnnxLoader = () => Promise<{ classifier: Classifier; model: ModelInfo }>;

async function loadEmbeddedModel(): Promise<{ classifier: Classifier; model: ModelInfo }> {
  const { createOnnxClassifier, embeddedModelInfo } = await import('./onnx-classifier.ts');
  return { classifier: await createOnnxClassifier(), model: await embeddedModelInfo() };
}

/**
 * Loads the ONNX classifier with `loadOnnx`, or falls back to the heuristic one, recording which
 * and why for /healthz. Exported for tests, which inject a failing loader.
 */
export async function loadClassifierWith(loadOnnx: OnnxLoader): Promise<Classifier> {
  const started = performance.now();
  try {
    const { classifier, model } = await loadOnnx();
    recordClassifierLoad({ classifier: 'onnx', model, loadMs: performance.now() - started });
    return classifier;
  } catch (error) {
    recordOnnxRuntimeError(error);
    recordClassifierLoad({ classifier: 'heuristic', model: null, loadMs: performance.now() - started });
    return createHeuristicClassifier();
  }
}

let loading: Promise<Classifier> | null = null;

/**
 * The ONNX classifier, created once per process; the heuristic one if the model or onnxruntime
 * cannot load (the error then shows in `getClassifierInfo().onnxruntime.error`). Never rejects.
 */
export function loadClassifier(): Promise<Classifier> {
  loading ??= loadClassifierWith(loadEmbeddedModel);
  return loading;
}
