import type { Complexity, Phase, Strategy, TaskType } from '../config/config-schema.ts';

/**
 * The tier a request's labels call for: 0 housekeeping-class, 1 cheap workhorse (DeepSeek-class),
 * 2 strong generalist (Sonnet-class), 3 frontier (Opus-class). This table is the routing policy's
 * core, kept as data so it can be read at a glance and overridden in config (`routing.rules`).
 * Under-routing, in the evals, means serving a request below the tier of its gold labels.
 */
export type Tier = 0 | 1 | 2 | 3;

export interface RouteLabels {
  taskType: TaskType;
  complexity: Complexity;
  phase: Phase;
}

/** Tier by complexity for each task type: [low, medium, high]. */
export const TIER_TABLE: Record<TaskType, readonly [Tier, Tier, Tier]> = {
  code_generation: [1, 2, 3],
  bug_fix: [1, 2, 3],
  refactor: [1, 2, 3],
  code_review: [1, 2, 3],
  planning: [2, 2, 3],
  testing: [1, 1, 2],
  explanation: [1, 1, 2],
  documentation: [1, 1, 2],
  devops: [1, 1, 2],
  data: [1, 2, 3],
  chat: [0, 0, 1],
  utility: [0, 0, 0],
};

const COMPLEXITY_INDEX: Record<Complexity, 0 | 1 | 2> = { low: 0, medium: 1, high: 2 };

/** The tier the labels call for under the balanced strategy. */
export function requiredTier(labels: RouteLabels): Tier {
  if (labels.phase === 'background') return 0;
  // An edit that was already decided (Aider's editor model) is mechanical: a workhorse applies it.
  if (labels.phase === 'diff_apply') return 1;
  return TIER_TABLE[labels.taskType][COMPLEXITY_INDEX[labels.complexity]];
}

/**
 * The tier a strategy serves: `cost` steps medium work down one tier (never hard work, never
 * below the workhorse for real work); `quality` steps everything but housekeeping up one tier.
 */
export function tierForStrategy(labels: RouteLabels, strategy: Strategy): Tier {
  const base = requiredTier(labels);
  switch (strategy) {
    case 'balanced':
      return base;
    case 'cost':
      if (labels.complexity === 'medium' && base >= 2) return (base - 1) as Tier;
      return base;
    case 'quality':
      if (base === 0) return 0;
      return Math.min(3, base + 1) as Tier;
  }
}
