import { COMPLEXITIES, PHASES, TASK_TYPES } from '../src/config/config-schema.ts';
import type { TokenIds } from '../src/classifier/feature-tokens.ts';
import { Random } from './envelopes/envelope-kit.ts';

/**
 * A fastText-style classifier: the means of hashed text and structure token embeddings feed three linear softmax heads
 * (taskType, complexity, phase). Parameters are float32, as in the exported ONNX graph; the forward
 * pass here is the reference the ONNX parity test compares onnxruntime against.
 */
export const HEADS = [
  { name: 'taskType', labels: TASK_TYPES, output: 'task_type_probabilities' },
  { name: 'complexity', labels: COMPLEXITIES, output: 'complexity_probabilities' },
  { name: 'phase', labels: PHASES, output: 'phase_probabilities' },
] as const;
export type HeadName = (typeof HEADS)[number]['name'];

export interface FastTextModel {
  buckets: number;
  dimension: number;
  /** [buckets × dimension], row per token id. */
  embedding: Float32Array;
  /** Per head: weights [2·dimension × classes] (row-major, as ONNX MatMul reads them; text mean then structure mean) and bias [classes]. */
  weights: Float32Array[];
  biases: Float32Array[];
}

export function createModel(buckets: number, dimension: number, seed: number): FastTextModel {
  const random = new Random(seed);
  const embedding = new Float32Array(buckets * dimension);
  const scale = 1 / dimension;
  for (let index = 0; index < embedding.length; index++) embedding[index] = (random.next() * 2 - 1) * scale;
  return {
    buckets,
    dimension,
    embedding,
    weights: HEADS.map((head) => new Float32Array(2 * dimension * head.labels.length)),
    biases: HEADS.map((head) => new Float32Array(head.labels.length)),
  };
}

/** [mean of text rows, mean of structure rows]: the hidden vector, 2·dimension long. */
export function hiddenVector(model: FastTextModel, ids: TokenIds, into = new Float64Array(2 * model.dimension)): Float64Array {
  into.fill(0);
  const { dimension, embedding } = model;
  const addMean = (list: Int32Array, offset: number) => {
    for (const id of list) {
      const row = id * dimension;
      for (let j = 0; j < dimension; j++) into[offset + j]! += embedding[row + j]!;
    }
    for (let j = 0; j < dimension; j++) into[offset + j]! /= list.length;
  };
  addMean(ids.text, 0);
  addMean(ids.structure, dimension);
  return into;
}

export function headProbabilities(model: FastTextModel, head: number, hidden: Float64Array, into?: Float64Array): Float64Array {
  const weights = model.weights[head]!;
  const bias = model.biases[head]!;
  const classes = bias.length;
  const output = into ?? new Float64Array(classes);
  let max = -Infinity;
  for (let c = 0; c < classes; c++) {
    let sum = bias[c]!;
    for (let j = 0; j < hidden.length; j++) sum += hidden[j]! * weights[j * classes + c]!;
    output[c] = sum;
    if (sum > max) max = sum;
  }
  let total = 0;
  for (let c = 0; c < classes; c++) {
    output[c] = Math.exp(output[c]! - max);
    total += output[c]!;
  }
  for (let c = 0; c < classes; c++) output[c]! /= total;
  return output;
}

/** The three heads' probabilities for one request's token ids. */
export function scoreTokens(model: FastTextModel, ids: TokenIds): Float64Array[] {
  const hidden = hiddenVector(model, ids);
  return HEADS.map((_, head) => headProbabilities(model, head, hidden));
}

export interface TrainingExample {
  ids: TokenIds;
  /** Label index per head. */
  targets: readonly number[];
  /** Per-head loss weight of this example (class weighting). */
  weights: readonly number[];
}

/**
 * Plain SGD with fastText's linearly decaying learning rate, examples shuffled per epoch with a
 * seeded generator: the same data and hyper-parameters give the same model bit for bit.
 */
export function train(model: FastTextModel, examples: readonly TrainingExample[], options: { epochs: number; learningRate: number; seed: number }): void {
  const random = new Random(options.seed);
  const order = examples.map((_, index) => index);
  const total = options.epochs * examples.length;
  const hidden = new Float64Array(2 * model.dimension);
  const gradientHidden = new Float64Array(2 * model.dimension);
  const probabilities = HEADS.map((head) => new Float64Array(head.labels.length));
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let index = order.length - 1; index > 0; index--) {
      const swap = random.int(index + 1);
      [order[index], order[swap]] = [order[swap]!, order[index]!];
    }
    for (const exampleIndex of order) {
      const example = examples[exampleIndex]!;
      const rate = options.learningRate * (1 - step++ / total);
      hiddenVector(model, example.ids, hidden);
      gradientHidden.fill(0);
      HEADS.forEach((head, headIndex) => {
        const p = headProbabilities(model, headIndex, hidden, probabilities[headIndex]);
        const weights = model.weights[headIndex]!;
        const bias = model.biases[headIndex]!;
        const classes = head.labels.length;
        const scale = example.weights[headIndex]!;
        for (let c = 0; c < classes; c++) {
          const gradient = (p[c]! - (c === example.targets[headIndex] ? 1 : 0)) * scale;
          if (gradient === 0) continue;
          for (let j = 0; j < hidden.length; j++) {
            gradientHidden[j]! += weights[j * classes + c]! * gradient;
            weights[j * classes + c]! -= rate * gradient * hidden[j]!;
          }
          bias[c]! -= rate * gradient;
        }
      });
      const { dimension, embedding } = model;
      const update = (list: Int32Array, offset: number) => {
        const perToken = rate / list.length;
        for (const id of list) {
          const row = id * dimension;
          for (let j = 0; j < dimension; j++) embedding[row + j]! -= perToken * gradientHidden[offset + j]!;
        }
      };
      update(example.ids.text, 0);
      update(example.ids.structure, dimension);
    }
  }
}
