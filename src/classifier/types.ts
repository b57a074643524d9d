import type { Complexity, Phase, TaskType } from '../config/config-schema.ts';

/**
 * The coding agents we recognise from a request's shape. `sdk` is a plain API call we could not
 * attribute to an agent; it is classified from its text alone.
 */
export const AGENTS = [
  'claude-code',
  'codex',
  'aider',
  'cline',
  'continue',
  'cursor',
  'openclaw',
  'windsurf',
  'sdk',
] as const;
export type Agent = (typeof AGENTS)[number];

/**
 * The agent's own background calls, recognised by their prompt signature. `null` for a real
 * user turn. These are `utility` / `low` / `background` whatever the conversation is about.
 */
export const HOUSEKEEPING_KINDS = ['title', 'summary', 'compaction', 'bash-prefix', 'commit-message', 'topic-check'] as const;
export type HousekeepingKind = (typeof HOUSEKEEPING_KINDS)[number];

/**
 * What the classifier sees of a request: the user's intent text with the agent's wrapping removed,
 * plus structural signals read from the whole body. Produced by `extractFeatures` on every request.
 * @see ../../../shared/DESIGN.md §4 ("a tool-result turn inherits the intent of the user turn that started the loop")
 */
export interface RequestFeatures {
  agent: Agent;
  /** The text the developer typed in the turn that the current request serves (wrappers stripped). */
  intentText: string;
  /** Earlier user turns' text, newest first, at most a few hundred characters: context for short follow-ups. */
  previousUserText: string;
  /** The assistant's last words before the intent turn, at most a few hundred characters: what "ok, do it" agrees to. */
  previousAssistantText: string;
  isToolResultTurn: boolean;
  /** Number of tool-result round trips since the intent turn. */
  toolLoopDepth: number;
  /** user + assistant turns in the conversation. */
  turnCount: number;
  estimatedInputTokens: number;
  hasImages: boolean;
  hasTools: boolean;
  toolCount: number;
  codeBlockCount: number;
  hasStackTrace: boolean;
  hasDiff: boolean;
  /** Files the agent attached as context (Aider's added files, Continue's @-files…). */
  attachedFileCount: number;
  /** Aider's architect / editor split; null for everyone else. */
  aiderMode: 'architect' | 'editor' | null;
  isHousekeeping: boolean;
  housekeepingKind: HousekeepingKind | null;
}

/** One routing classification. `confidence` is the joint probability of the three labels (0–1). */
export interface Classification {
  taskType: TaskType;
  complexity: Complexity;
  phase: Phase;
  confidence: number;
  classifier: 'onnx' | 'heuristic';
  agent: string;
}

export interface Classifier {
  readonly name: 'onnx' | 'heuristic';
  classify(features: RequestFeatures): Classification | Promise<Classification>;
}
