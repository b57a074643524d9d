import { COMPLEXITIES } from '../src/config/config-schema.ts';
import type { LabelledBags } from './train.ts';

/**
 * The decision rule's `high` threshold, tuned on out-of-fold scores (never on what a model was
 * fitted to): the largest threshold that still recalls `target` of the `high` examples.
 * Per-task-type probability weights tuned for macro-F1 the same way were tried and dropped: +1
 * point out of fold, nothing on the test split.
 * @see ../src/classifier/decide-labels.ts
 */
export function tuneHighThreshold(scores: readonly Float64Array[][], examples: readonly Pick<LabelledBags, 'targets'>[], target: number): number {
  const high = COMPLEXITIES.indexOf('high');
  const highScores = examples.flatMap((example, index) => (example.targets[1] === high ? [scores[index]![1]![high]!] : [])).sort((a, b) => b - a);
  if (highScores.length === 0) return 0.5;
  const needed = Math.ceil(target * highScores.length);
  const threshold = highScores[Math.min(needed, highScores.length) - 1]!;
  return Math.min(0.5, Math.floor(threshold * 1000) / 1000);
}
