import { COMPLEXITIES, PHASES, TASK_TYPES } from '../src/config/config-schema.ts';
import type { TokenIds } from '../src/classifier/feature-tokens.ts';
import { Random } from './envelopes/envelope-kit.ts';

/**
 * A fastText-style classifier: the means of hashed text and structure token embeddings,
 * concatenated, optionally through one ReLU layer, feed three softmax heads (taskType, complexity,
 * phase). Parameters are float32, as in the exported ONNX graph; the forward pass here is the
 * reference the ONNX parity test compares onnxruntime against.
 */
export const HEADS = [
  { name: 'taskType', labels: TASK_TYPES, output: 'task_type_probabilities' },
  { name: 'complexity', labels: COMPLEXITIES, output: 'complexity_probabilities' },
  { name: 'phase', labels: PHASES, output: 'phase_probabilities' },
] as const;

export interface FastTextModel {
  buckets: number;
  dimension: number;
  /** Bags of ids averaged apart and concatenated (text, structure[, subwords]). */
  bags: number;
  /** [buckets × dimension], row per token id. */
  embedding: Float32Array;
  /** Optional ReLU layer: weights [bags·dimension × units] and bias [units]; null = heads read the pooled vector. */
  layer: { units: number; weights: Float32Array; bias: Float32Array } | null;
  /** Per head: weights [inputs × classes] (row-major, as ONNX MatMul reads them) and bias [classes]. */
  weights: Float32Array[];
  biases: Float32Array[];
}

export function createModel(buckets: number, dimension: number, seed: number, hiddenUnits = 0, bags = 2): FastTextModel {
  const random = new Random(seed);
  const embedding = new Float32Array(buckets * dimension);
  for (let index = 0; index < embedding.length; index++) embedding[index] = (random.next() * 2 - 1) / dimension;
  let layer: FastTextModel['layer'] = null;
  if (hiddenUnits > 0) {
    const weights = new Float32Array(bags * dimension * hiddenUnits);
    const limit = Math.sqrt(6 / (bags * dimension + hiddenUnits));
    for (let index = 0; index < weights.length; index++) weights[index] = (random.next() * 2 - 1) * limit;
    layer = { units: hiddenUnits, weights, bias: new Float32Array(hiddenUnits) };
  }
  const inputs = hiddenUnits > 0 ? hiddenUnits : bags * dimension;
  return {
    buckets,
    dimension,
    bags,
    embedding,
    layer,
    weights: HEADS.map((head) => new Float32Array(inputs * head.labels.length)),
    biases: HEADS.map((head) => new Float32Array(head.labels.length)),
  };
}

/** Buffers of one forward pass, reused across training steps. */
export interface Activations {
  pooled: Float64Array;
  /** Inputs of the heads: the ReLU layer's output, or `pooled` itself. */
  features: Float64Array;
  probabilities: Float64Array[];
}

export function createActivations(model: FastTextModel): Activations {
  const pooled = new Float64Array(model.bags * model.dimension);
  return { pooled, features: model.layer ? new Float64Array(model.layer.units) : pooled, probabilities: HEADS.map((head) => new Float64Array(head.labels.length)) };
}

function pool(model: FastTextModel, ids: TokenIds, into: Float64Array): void {
  into.fill(0);
  const { dimension, embedding } = model;
  const addMean = (list: Int32Array, offset: number) => {
    for (const id of list) {
      const row = id * dimension;
      for (let j = 0; j < dimension; j++) into[offset + j]! += embedding[row + j]!;
    }
    for (let j = 0; j < dimension; j++) into[offset + j]! /= list.length;
  };
  ids.forEach((bag, index) => addMean(bag, index * dimension));
}

function softmaxHead(weights: Float32Array, bias: Float32Array, input: Float64Array, output: Float64Array): void {
  const classes = bias.length;
  let max = -Infinity;
  for (let c = 0; c < classes; c++) {
    let sum = bias[c]!;
    for (let j = 0; j < input.length; j++) sum += input[j]! * weights[j * classes + c]!;
    output[c] = sum;
    if (sum > max) max = sum;
  }
  let total = 0;
  for (let c = 0; c < classes; c++) total += output[c] = Math.exp(output[c]! - max);
  for (let c = 0; c < classes; c++) output[c]! /= total;
}

export function forward(model: FastTextModel, ids: TokenIds, activations = createActivations(model)): Activations {
  pool(model, ids, activations.pooled);
  if (model.layer) {
    const { units, weights, bias } = model.layer;
    for (let u = 0; u < units; u++) {
      let sum = bias[u]!;
      for (let j = 0; j < activations.pooled.length; j++) sum += activations.pooled[j]! * weights[j * units + u]!;
      activations.features[u] = sum > 0 ? sum : 0;
    }
  }
  HEADS.forEach((_, head) => softmaxHead(model.weights[head]!, model.biases[head]!, activations.features, activations.probabilities[head]!));
  return activations;
}

/** The three heads' probabilities for one request's token ids. */
export function scoreTokens(model: FastTextModel, ids: TokenIds): Float64Array[] {
  return forward(model, ids).probabilities;
}

export interface TrainingExample {
  ids: TokenIds;
  /** Label index per head. */
  targets: readonly number[];
  /** Per head, another labeller's reading to share the target with (the labellers disagreed), or -1. */
  secondTargets?: readonly number[];
  /** Per-head loss weight of this example (class weighting). */
  weights: readonly number[];
}

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  seed: number;
  /** Keeps probabilities calibrated: an overconfident model makes the `high` threshold meaningless. */
  labelSmoothing?: number;
  /** Weight given to the other labeller's reading in the target where they disagreed (0 = the final label only). */
  secondLabelShare?: number;
  /** Share of text tokens dropped at random in each step, so no single word carries a decision. */
  tokenDropout?: number;
}

/** Drops text and subword ids (never structure: bag 1) at random. */
function dropTokens(ids: TokenIds, rate: number, random: Random): TokenIds {
  if (rate <= 0) return ids;
  return ids.map((bag, index) => {
    if (index === 1 || bag.length < 4) return bag;
    const kept = bag.filter(() => random.next() >= rate);
    return kept.length === 0 ? bag : kept;
  });
}

/**
 * Plain SGD with fastText's linearly decaying learning rate, examples shuffled per epoch with a
 * seeded generator: the same data and hyper-parameters give the same model bit for bit.
 */
export function train(model: FastTextModel, examples: readonly TrainingExample[], options: TrainingOptions): void {
  const smoothing = options.labelSmoothing ?? 0;
  const secondShare = options.secondLabelShare ?? 0;
  const random = new Random(options.seed);
  const order = examples.map((_, index) => index);
  const total = options.epochs * examples.length;
  const activations = createActivations(model);
  const gradientFeatures = new Float64Array(activations.features.length);
  const gradientPooled = model.layer ? new Float64Array(activations.pooled.length) : gradientFeatures;
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let index = order.length - 1; index > 0; index--) {
      const swap = random.int(index + 1);
      [order[index], order[swap]] = [order[swap]!, order[index]!];
    }
    for (const exampleIndex of order) {
      const example = examples[exampleIndex]!;
      const rate = options.learningRate * (1 - step++ / total);
      const ids = dropTokens(example.ids, options.tokenDropout ?? 0, random);
      forward(model, ids, activations);
      const { features, pooled } = activations;
      gradientFeatures.fill(0);
      HEADS.forEach((head, headIndex) => {
        const p = activations.probabilities[headIndex]!;
        const weights = model.weights[headIndex]!;
        const bias = model.biases[headIndex]!;
        const classes = head.labels.length;
        for (let c = 0; c < classes; c++) {
          const second = example.secondTargets?.[headIndex] ?? -1;
          const hard = second >= 0 ? (c === example.targets[headIndex] ? 1 - secondShare : 0) + (c === second ? secondShare : 0) : c === example.targets[headIndex] ? 1 : 0;
          const target = hard * (1 - smoothing) + smoothing / classes;
          const gradient = (p[c]! - target) * example.weights[headIndex]!;
          for (let j = 0; j < features.length; j++) {
            gradientFeatures[j]! += weights[j * classes + c]! * gradient;
            weights[j * classes + c]! -= rate * gradient * features[j]!;
          }
          bias[c]! -= rate * gradient;
        }
      });
      if (model.layer) {
        const { units, weights, bias } = model.layer;
        gradientPooled.fill(0);
        for (let u = 0; u < units; u++) {
          if (features[u]! <= 0) continue;
          const gradient = gradientFeatures[u]!;
          for (let j = 0; j < pooled.length; j++) {
            gradientPooled[j]! += weights[j * units + u]! * gradient;
            weights[j * units + u]! -= rate * gradient * pooled[j]!;
          }
          bias[u]! -= rate * gradient;
        }
      }
      const { dimension, embedding } = model;
      const update = (list: Int32Array, offset: number) => {
        const perToken = rate / list.length;
        for (const id of list) {
          const row = id * dimension;
          for (let j = 0; j < dimension; j++) embedding[row + j]! -= perToken * gradientPooled[offset + j]!;
        }
      };
      ids.forEach((bag, index) => update(bag, index * dimension));
    }
  }
}
