import { estimateTokens } from './reply-script.ts';

/**
 * A deterministic stand-in for the providers' prompt caches, so cost accounting (cache reads are
 * billed at a tenth, Anthropic cache writes at a premium) can be tested end to end.
 *
 * The prompt is a list of segments in the provider's cache order (tools, system, messages).
 * - Anthropic (explicit): segments marked `cache_control` are breakpoints. The longest breakpoint
 *   prefix seen before (same model) is read; the rest up to the last breakpoint is written.
 *   No minimum length, so short test prompts see the effect.
 * - OpenAI (automatic): every segment boundary is a candidate prefix; the longest one seen before
 *   is read when it is at least 1024 tokens, counted in 128-token steps, as OpenAI documents.
 */
export interface PromptSegment {
  text: string;
  breakpoint?: boolean;
}

export interface CacheMeasurement {
  /** All prompt tokens, cached or not. */
  totalTokens: number;
  readTokens: number;
  writeTokens: number;
}

const OPENAI_MIN_CACHED_TOKENS = 1024;
const OPENAI_CACHE_STEP_TOKENS = 128;
/** Bounds memory in long benchmark runs; forgetting only turns reads back into writes. */
const MAX_REMEMBERED_PREFIXES = 100_000;

export class PromptCache {
  private readonly seen = new Set<string>();

  clear(): void {
    this.seen.clear();
  }

  measureExplicit(model: string, segments: PromptSegment[]): CacheMeasurement {
    const breakpoints = this.walk(model, segments, (segment) => segment.breakpoint === true);
    const totalTokens = estimateTokens(totalLength(segments));
    if (breakpoints.length === 0) return { totalTokens, readTokens: 0, writeTokens: 0 };
    let readTokens = 0;
    for (const breakpoint of breakpoints) if (this.seen.has(breakpoint.key)) readTokens = Math.max(readTokens, breakpoint.tokens);
    const lastTokens = breakpoints[breakpoints.length - 1]?.tokens ?? 0;
    this.remember(breakpoints);
    return { totalTokens, readTokens, writeTokens: Math.max(0, lastTokens - readTokens) };
  }

  measureAutomatic(model: string, segments: PromptSegment[]): CacheMeasurement {
    const boundaries = this.walk(model, segments, () => true);
    const totalTokens = estimateTokens(totalLength(segments));
    let longest = 0;
    for (const boundary of boundaries) if (this.seen.has(boundary.key)) longest = Math.max(longest, boundary.tokens);
    this.remember(boundaries);
    const readTokens =
      longest < OPENAI_MIN_CACHED_TOKENS
        ? 0
        : OPENAI_MIN_CACHED_TOKENS +
          Math.floor((longest - OPENAI_MIN_CACHED_TOKENS) / OPENAI_CACHE_STEP_TOKENS) * OPENAI_CACHE_STEP_TOKENS;
    return { totalTokens, readTokens, writeTokens: 0 };
  }

  private walk(model: string, segments: PromptSegment[], isCandidate: (segment: PromptSegment) => boolean) {
    const candidates: { key: string; tokens: number }[] = [];
    let hash = Bun.hash(model);
    let length = 0;
    for (const segment of segments) {
      hash = Bun.hash(segment.text, hash);
      length += segment.text.length;
      if (isCandidate(segment)) candidates.push({ key: `${model}:${hash}:${length}`, tokens: estimateTokens(length) });
    }
    return candidates;
  }

  private remember(candidates: { key: string }[]): void {
    if (this.seen.size + candidates.length > MAX_REMEMBERED_PREFIXES) this.seen.clear();
    for (const candidate of candidates) this.seen.add(candidate.key);
  }
}

/** Prompt size without touching the cache (count_tokens must not turn the next request into a read). */
export function countTokensOfSegments(segments: PromptSegment[]): number {
  return estimateTokens(totalLength(segments));
}

function totalLength(segments: PromptSegment[]): number {
  let length = 0;
  for (const segment of segments) length += segment.text.length;
  return length;
}
