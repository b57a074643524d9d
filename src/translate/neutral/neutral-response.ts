import type { NeutralAssistantPart } from './neutral-request.ts';

/**
 * Token usage, normalised: `inputTokens` EXCLUDES cache reads and writes. OpenAI's `prompt_tokens`
 * includes `cached_tokens`; Anthropic's `input_tokens` excludes cache tokens.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

export interface NeutralFinish {
  reason: FinishReason;
  /** The stop sequence that ended generation, when the upstream says which. */
  stopSequence?: string;
}

export interface NeutralResponse {
  id: string;
  model: string;
  content: NeutralAssistantPart[];
  finish: NeutralFinish;
  usage: Usage;
}
