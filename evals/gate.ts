import type { GatedMetrics } from './evaluate.ts';

export const GATES = ['acceptance', 'regression'] as const;
export type Gate = (typeof GATES)[number];

export interface Floors {
  taskTypeMacroF1: number;
  complexityAccuracy: number;
  highRecall: number;
  phaseAccuracy: number;
}

/** evals/thresholds.json */
export interface Thresholds {
  /** `acceptance`: issue 4's bar. `regression`: the shipped model's level less a margin. */
  floors: Record<Gate, Floors>;
  /** Metrics on which the model must be at least as good as the heuristic baseline. */
  modelAtLeastHeuristic: (keyof GatedMetrics)[];
}

/** Metrics where lower is better. */
const LOWER_IS_BETTER = new Set<keyof GatedMetrics>(['underRoutingRate']);

/**
 * The eval gate: every reason the model may not ship, empty when it may. CI fails on a non-empty list.
 * @see ../../shared/DESIGN.md §5
 */
export function checkGate(model: GatedMetrics, heuristic: GatedMetrics, thresholds: Thresholds, gate: Gate = 'acceptance'): string[] {
  const failures: string[] = [];
  const floors = thresholds.floors[gate];
  const floor = (name: keyof GatedMetrics, minimum: number) => {
    if (!(model[name] >= minimum)) failures.push(`${name} ${model[name].toFixed(4)} < ${minimum}`);
  };
  floor('taskTypeMacroF1', floors.taskTypeMacroF1);
  floor('complexityAccuracy', floors.complexityAccuracy);
  floor('highRecall', floors.highRecall);
  floor('phaseAccuracy', floors.phaseAccuracy);
  for (const name of thresholds.modelAtLeastHeuristic) {
    const worse = LOWER_IS_BETTER.has(name) ? model[name] > heuristic[name] : model[name] < heuristic[name];
    if (worse) failures.push(`${name}: model ${model[name].toFixed(4)} is worse than the heuristic baseline ${heuristic[name].toFixed(4)}`);
  }
  return failures;
}
