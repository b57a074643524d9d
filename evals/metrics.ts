/** Classification metrics over parallel arrays of gold and predicted labels. */

export interface LabelMetrics {
  accuracy: number;
  macroF1: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  /** confusion[gold][predicted] = count */
  confusion: Record<string, Record<string, number>>;
}

export function computeLabelMetrics(labels: readonly string[], gold: readonly string[], predicted: readonly string[]): LabelMetrics {
  const confusion: Record<string, Record<string, number>> = {};
  for (const row of labels) confusion[row] = Object.fromEntries(labels.map((column) => [column, 0]));
  let correct = 0;
  gold.forEach((label, index) => {
    const guess = predicted[index]!;
    if (label === guess) correct++;
    if (confusion[label] && guess in confusion[label]) confusion[label][guess]!++;
  });
  const perClass: LabelMetrics['perClass'] = {};
  let f1Sum = 0;
  let present = 0;
  for (const label of labels) {
    const truePositive = confusion[label]![label]!;
    const support = labels.reduce((sum, column) => sum + confusion[label]![column]!, 0);
    const predictedCount = labels.reduce((sum, row) => sum + confusion[row]![label]!, 0);
    const precision = predictedCount === 0 ? 0 : truePositive / predictedCount;
    const recall = support === 0 ? 0 : truePositive / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[label] = { precision, recall, f1, support };
    // Macro-F1 averages over classes present in the gold labels, as scikit-learn does for a label subset.
    if (support > 0) {
      f1Sum += f1;
      present++;
    }
  }
  return { accuracy: gold.length === 0 ? 0 : correct / gold.length, macroF1: present === 0 ? 0 : f1Sum / present, perClass, confusion };
}
