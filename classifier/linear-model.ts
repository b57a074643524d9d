import { COMPLEXITIES, PHASES, TASK_TYPES } from '../src/config/config-schema.ts';
import type { CountedBag } from '../src/classifier/feature-tokens.ts';

/**
 * The routing classifier: a linear model over hashed TF-IDF features, three softmax heads
 * (taskType, complexity, phase) sharing one weight table.
 *
 * Each bag of ids (words and word pairs, structure, character n-grams) becomes a sparse vector —
 * (1 + ln count) × idf per id, scaled to unit length, times the bag's weight — and the heads read
 * the sum of those vectors. It replaced a fastText-style model (mean of 16-wide embeddings): with
 * a few thousand examples the low-rank bottleneck cost 4–6 points of macro-F1 out of fold and
 * across writers; a full-rank linear model with TF-IDF weighting generalises better and is as fast.
 *
 * The weights ship as float16 (half the size, no measurable loss); `roundToHalf` applies the
 * same rounding here, so this file's forward pass is the reference onnxruntime is tested against
 * (to 1e-5; the largest gap seen on the test split is 5.5e-7).
 */
export const HEADS = [
  { name: 'taskType', labels: TASK_TYPES, output: 'task_type_probabilities' },
  { name: 'complexity', labels: COMPLEXITIES, output: 'complexity_probabilities' },
  { name: 'phase', labels: PHASES, output: 'phase_probabilities' },
] as const;

/** Column where each head's classes start in the shared weight table. */
export const HEAD_OFFSETS = [0, TASK_TYPES.length, TASK_TYPES.length + COMPLEXITIES.length] as const;
export const CLASSES = TASK_TYPES.length + COMPLEXITIES.length + PHASES.length;

export interface LinearModel {
  buckets: number;
  /** Inverse document frequency per bucket (sklearn's smooth idf: ln((1 + n) / (1 + df)) + 1). */
  idf: Float32Array;
  /** Multiplier of each bag's unit vector, in bag order. */
  bagScales: Float32Array;
  /** [buckets × CLASSES], row per id, float16-representable values. */
  weights: Float32Array;
  /** [CLASSES]. */
  bias: Float32Array;
}

/** A request as the heads read it: ids (may repeat across bags) and their values. */
export interface SparseVector {
  ids: Int32Array;
  values: Float64Array;
}

/** Idf from training requests: a bucket seen in every request weighs 1, one never seen ln(1 + n) + 1. */
export function computeIdf(buckets: number, documents: readonly (readonly CountedBag[])[]): Float32Array {
  const frequency = new Uint32Array(buckets);
  for (const bags of documents) {
    const seen = new Set<number>();
    for (const bag of bags) for (const id of bag.ids) seen.add(id);
    for (const id of seen) frequency[id]!++;
  }
  const idf = new Float32Array(buckets);
  for (let id = 0; id < buckets; id++) idf[id] = Math.log((1 + documents.length) / (1 + frequency[id]!)) + 1;
  return idf;
}

/**
 * Each bag's TF-IDF unit vector times its scale, rounded to float32 where onnxruntime holds a
 * float32 tensor (sums are taken in float64 here; the two agree to about 1e-7).
 */
export function vectorize(model: Pick<LinearModel, 'idf' | 'bagScales'>, bags: readonly CountedBag[]): SparseVector {
  if (bags.length !== model.bagScales.length) throw new Error(`the model reads ${model.bagScales.length} bags, got ${bags.length}`);
  const total = bags.reduce((sum, bag) => sum + bag.ids.length, 0);
  const ids = new Int32Array(total);
  const values = new Float64Array(total);
  let at = 0;
  bags.forEach((bag, index) => {
    const weighted = new Float32Array(bag.ids.length);
    let squares = 0;
    for (let k = 0; k < bag.ids.length; k++) {
      weighted[k] = Math.fround(Math.fround(1 + Math.fround(Math.log(bag.counts[k]!))) * model.idf[bag.ids[k]!]!);
      squares += weighted[k]! * weighted[k]!;
    }
    const norm = Math.fround(Math.sqrt(squares));
    const scale = model.bagScales[index]!;
    for (let k = 0; k < bag.ids.length; k++) {
      ids[at] = bag.ids[k]!;
      values[at++] = Math.fround(Math.fround(weighted[k]! / norm) * scale);
    }
  });
  return { ids, values };
}

function softmaxInPlace(values: Float64Array, from: number, to: number): void {
  let max = -Infinity;
  for (let c = from; c < to; c++) if (values[c]! > max) max = values[c]!;
  let total = 0;
  for (let c = from; c < to; c++) total += values[c] = Math.exp(values[c]! - max);
  for (let c = from; c < to; c++) values[c]! /= total;
}

/** All classes' probabilities, head by head in one array (see HEAD_OFFSETS). */
function probabilitiesOf(weights: ArrayLike<number>, bias: ArrayLike<number>, vector: SparseVector, into: Float64Array): Float64Array {
  for (let c = 0; c < CLASSES; c++) into[c] = bias[c]!;
  for (let k = 0; k < vector.ids.length; k++) {
    const row = vector.ids[k]! * CLASSES;
    const value = vector.values[k]!;
    for (let c = 0; c < CLASSES; c++) into[c]! += value * weights[row + c]!;
  }
  HEADS.forEach((_, head) => softmaxInPlace(into, HEAD_OFFSETS[head]!, HEAD_OFFSETS[head]! + HEADS[head]!.labels.length));
  return into;
}

/** The three heads' probabilities for one request. */
export function scoreVector(model: LinearModel, vector: SparseVector): Float64Array[] {
  const all = probabilitiesOf(model.weights, model.bias, vector, new Float64Array(CLASSES));
  return HEADS.map((head, index) => all.slice(HEAD_OFFSETS[index]!, HEAD_OFFSETS[index]! + head.labels.length));
}

export interface TrainingExample {
  vector: SparseVector;
  /** Label index per head. */
  targets: readonly number[];
  /** Per head, another labeller's reading to share the target with (the labellers disagreed), or -1. */
  secondTargets?: readonly number[];
  /** Per-head loss weight of this example (class weighting). */
  weights: readonly number[];
}

export interface TrainingOptions {
  /** L2 penalty on the weights (not the bias), per example: the objective is mean loss + l2/2·‖W‖². */
  l2: number;
  /** Per head, a multiplier of `l2` for that head's columns (complexity reads different evidence from taskType). */
  headL2?: readonly number[];
  iterations: number;
  /** Keeps probabilities calibrated: an overconfident model makes the `high` threshold meaningless. */
  labelSmoothing?: number;
  /** Weight given to the other labeller's reading in the target where they disagreed (0 = the final label only). */
  secondLabelShare?: number;
}

/** Soft targets of every example, all heads in one row of CLASSES. */
function targetsOf(examples: readonly TrainingExample[], smoothing: number, secondShare: number): Float64Array {
  const targets = new Float64Array(examples.length * CLASSES);
  examples.forEach((example, index) => {
    HEADS.forEach((head, headIndex) => {
      const classes = head.labels.length;
      const offset = index * CLASSES + HEAD_OFFSETS[headIndex]!;
      const second = example.secondTargets?.[headIndex] ?? -1;
      for (let c = 0; c < classes; c++) {
        const hard = second >= 0 ? (c === example.targets[headIndex] ? 1 - secondShare : 0) + (c === second ? secondShare : 0) : c === example.targets[headIndex] ? 1 : 0;
        targets[offset + c] = hard * (1 - smoothing) + smoothing / classes;
      }
    });
  });
  return targets;
}

/**
 * Fits the weights by minimising the heads' weighted cross-entropy plus an L2 penalty with L-BFGS
 * (full batch, no randomness: the same data and options give the same model bit for bit). The
 * objective is convex, so there is no learning rate to tune; `iterations` only has to be large
 * enough for L-BFGS to converge (it stops by itself when the objective stops moving: about 240
 * iterations on the shipped data).
 */
export function trainLinear(buckets: number, idf: Float32Array, bagScales: Float32Array, examples: readonly TrainingExample[], options: TrainingOptions): LinearModel {
  const size = buckets * CLASSES + CLASSES;
  const targets = targetsOf(examples, options.labelSmoothing ?? 0, options.secondLabelShare ?? 0);
  const scratch = new Float64Array(CLASSES);
  const count = examples.length;
  const penalty = new Float64Array(CLASSES);
  HEADS.forEach((head, index) => penalty.fill(options.l2 * (options.headL2?.[index] ?? 1), HEAD_OFFSETS[index]!, HEAD_OFFSETS[index]! + head.labels.length));

  const objective = (theta: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    const bias = theta.subarray(buckets * CLASSES);
    let loss = 0;
    for (let index = 0; index < count; index++) {
      const example = examples[index]!;
      const p = probabilitiesOf(theta, bias, example.vector, scratch);
      // Per class: d(loss)/d(logit) = weight · (p − target).
      HEADS.forEach((head, headIndex) => {
        const weight = example.weights[headIndex]! / count;
        const from = HEAD_OFFSETS[headIndex]!;
        for (let c = from; c < from + head.labels.length; c++) {
          const target = targets[index * CLASSES + c]!;
          if (target > 0) loss -= weight * target * Math.log(Math.max(p[c]!, 1e-300));
          p[c] = weight * (p[c]! - target);
        }
      });
      const { ids, values } = example.vector;
      for (let k = 0; k < ids.length; k++) {
        const row = ids[k]! * CLASSES;
        const value = values[k]!;
        for (let c = 0; c < CLASSES; c++) gradient[row + c]! += value * p[c]!;
      }
      for (let c = 0; c < CLASSES; c++) gradient[buckets * CLASSES + c]! += p[c]!;
    }
    for (let j = 0; j < buckets * CLASSES; j++) {
      const l2 = penalty[j % CLASSES]!;
      loss += (l2 / 2) * theta[j]! * theta[j]!;
      gradient[j]! += l2 * theta[j]!;
    }
    return loss;
  };

  const theta = minimiseLbfgs(objective, new Float64Array(size), options.iterations);
  return {
    buckets,
    idf,
    bagScales,
    weights: roundToHalf(theta.subarray(0, buckets * CLASSES)),
    bias: Float32Array.from(theta.subarray(buckets * CLASSES)),
  };
}

/** Float16 values (as float32): what the exported graph stores. */
export function roundToHalf(values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length);
  for (let index = 0; index < values.length; index++) out[index] = Math.f16round(values[index]!);
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

/**
 * Limited-memory BFGS (Nocedal & Wright, algorithm 7.4) with a backtracking Armijo line search.
 * Stops after `iterations`, or when the objective no longer moves (relative change below 1e-9).
 */
export function minimiseLbfgs(objective: (theta: Float64Array, gradient: Float64Array) => number, start: Float64Array, iterations: number, memory = 8): Float64Array {
  const size = start.length;
  let theta = start.slice();
  let gradient = new Float64Array(size);
  let value = objective(theta, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const rhos: number[] = [];
  const direction = new Float64Array(size);
  const alphas = new Float64Array(memory);
  let candidate = new Float64Array(size);
  let candidateGradient = new Float64Array(size);

  for (let iteration = 0; iteration < iterations; iteration++) {
    // Two-loop recursion: direction = −H·gradient.
    direction.set(gradient);
    for (let m = steps.length - 1; m >= 0; m--) {
      alphas[m] = rhos[m]! * dot(steps[m]!, direction);
      const change = changes[m]!;
      for (let j = 0; j < size; j++) direction[j]! -= alphas[m]! * change[j]!;
    }
    if (steps.length > 0) {
      const last = steps.length - 1;
      const gamma = dot(steps[last]!, changes[last]!) / dot(changes[last]!, changes[last]!);
      for (let j = 0; j < size; j++) direction[j]! *= gamma;
    } else {
      const norm = Math.sqrt(dot(gradient, gradient));
      for (let j = 0; j < size; j++) direction[j]! /= Math.max(norm, 1e-12);
    }
    for (let m = 0; m < steps.length; m++) {
      const beta = rhos[m]! * dot(changes[m]!, direction);
      const step = steps[m]!;
      for (let j = 0; j < size; j++) direction[j]! += step[j]! * (alphas[m]! - beta);
    }
    for (let j = 0; j < size; j++) direction[j] = -direction[j]!;

    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      steps.length = changes.length = rhos.length = 0;
      for (let j = 0; j < size; j++) direction[j] = -gradient[j]!;
      slope = dot(gradient, direction);
    }
    let rate = 1;
    let candidateValue = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < size; j++) candidate[j] = theta[j]! + rate * direction[j]!;
      candidateValue = objective(candidate, candidateGradient);
      if (candidateValue <= value + 1e-4 * rate * slope) break;
      rate /= 2;
    }
    if (!(candidateValue < value)) break;

    const step = new Float64Array(size);
    const change = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      step[j] = candidate[j]! - theta[j]!;
      change[j] = candidateGradient[j]! - gradient[j]!;
    }
    const curvature = dot(step, change);
    if (curvature > 1e-12) {
      if (steps.length === memory) {
        steps.shift();
        changes.shift();
        rhos.shift();
      }
      steps.push(step);
      changes.push(change);
      rhos.push(1 / curvature);
    }
    const previous = value;
    [theta, candidate] = [candidate, theta];
    [gradient, candidateGradient] = [candidateGradient, gradient];
    value = candidateValue;
    if (Math.abs(previous - value) < 1e-9 * Math.max(1, Math.abs(value))) break;
  }
  return theta;
}
