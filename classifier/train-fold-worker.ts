/**
 * One fold of `bun run train`'s out-of-fold scoring, in a Worker so folds train on all cores. It
 * rebuilds the same examples from the same files (deterministic), trains on the other folds and
 * posts back its held-out records' scores. Build-time only.
 */
import { foldsOf, type Hyperparameters, loadTrainingTranscripts, scoreRecord, toExamples, trainModel } from './train.ts';

declare const self: Worker;

self.onmessage = (event: MessageEvent<{ hyperparameters: Hyperparameters; fold: number }>) => {
  const { hyperparameters, fold } = event.data;
  const transcripts = loadTrainingTranscripts(hyperparameters);
  const foldOf = foldsOf(transcripts, hyperparameters);
  const examples = toExamples(transcripts, hyperparameters, true);
  const heldOut = toExamples(transcripts, hyperparameters);
  const model = trainModel(hyperparameters, examples.filter((_, index) => foldOf[index] !== fold));
  const scores: [number, Float64Array[]][] = [];
  heldOut.forEach((example, index) => {
    if (foldOf[index] === fold) scores.push([index, scoreRecord(model, example)]);
  });
  self.postMessage({ fold, scores });
};
