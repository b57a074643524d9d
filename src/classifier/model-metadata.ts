import type { DecisionOptions } from './decide-labels.ts';
import type { TokenOptions } from './feature-tokens.ts';

/**
 * What classifier/train.ts writes beside the ONNX file (classifier/model/classifier.meta.json) and
 * the runtime needs to use it: the tokenisation it was trained with, the decision thresholds, the
 * graph's input and output names, and the model's identity for /healthz.
 */
export interface ModelMetadata {
  name: string;
  version: string;
  sha256: string;
  sizeBytes: number;
  tokens: TokenOptions;
  decision: DecisionOptions;
  /** Two graph inputs per bag of ids (distinct ids, their counts), in the order featureTokenIds returns the bags. */
  inputs: { ids: string; counts: string }[];
  outputs: { taskType: string; complexity: string; phase: string };
  labels: { taskType: readonly string[]; complexity: readonly string[]; phase: readonly string[] };
  training: { examples: number; seed: number; outOfFold: Record<string, number> };
}
