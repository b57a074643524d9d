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
import { recordClassifierLoad, recordOnnxRuntimeError } from './onnx-runtime.ts';
import type { Classifier } from './types.ts';

export { extractFeatures, type FeatureInput } from './extract-features.ts';
export { createHeuristicClassifier } from './heuristic-classifier.ts';
export { getClassifierInfo, type ClassifierInfo, type ModelInfo } from './onnx-runtime.ts';
export type { Agent, Classification, Classifier, HousekeepingKind, RequestFeatures } from './types.ts';

let loading: Promise<Classifier> | null = null;

/**
 * The ONNX classifier, created once per process; the heuristic one if the model or onnxruntime
 * cannot load (the error then shows in `getClassifierInfo().onnxruntime.error`). Never rejects.
 */
export function loadClassifier(): Promise<Classifier> {
  loading ??= (async () => {
    const started = performance.now();
    try {
      const { createOnnxClassifier, embeddedModelInfo } = await import('./onnx-classifier.ts');
      const classifier = await createOnnxClassifier();
      recordClassifierLoad({ classifier: 'onnx', model: await embeddedModelInfo(), loadMs: performance.now() - started });
      return classifier;
    } catch (error) {
      recordOnnxRuntimeError(error);
      recordClassifierLoad({ classifier: 'heuristic', model: null, loadMs: performance.now() - started });
      return createHeuristicClassifier();
    }
  })();
  return loading;
}
