import type { CatalogModel } from '../config/catalog.ts';

/** Token counts of one call. `inputTokens` excludes cache reads and writes (they are priced apart). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

const PER_TOKEN = 1 / 1_000_000;

/**
 * Dollar cost of `usage` on `model`, priced the way the provider prices it: cache reads at the
 * cache-read price (input price when the provider publishes none), cache writes at the cache-write
 * price (input price when none: OpenAI-style automatic caching has no write premium).
 */
export function costOf(model: CatalogModel, usage: TokenUsage): number {
  const { pricing } = model;
  return (
    usage.inputTokens * pricing.input * PER_TOKEN +
    usage.outputTokens * pricing.output * PER_TOKEN +
    usage.cacheReadTokens * (pricing.cacheRead ?? pricing.input) * PER_TOKEN +
    usage.cacheWriteTokens * (pricing.cacheWrite ?? pricing.input) * PER_TOKEN
  );
}

/** Fraction saved against the baseline, 0 when the baseline costs nothing. Can be negative. */
export function savingsFraction(cost: number, baselineCost: number): number {
  if (baselineCost <= 0) return 0;
  return (baselineCost - cost) / baselineCost;
}

/** `0.000213`: plain decimal dollars for X-CodeRouter-Cost (never exponent notation). */
export function formatCostHeader(cost: number): string {
  if (!Number.isFinite(cost) || cost <= 0) return '0';
  return cost.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
}

/** `99.4%` for X-CodeRouter-Savings. */
export function formatSavings(fraction: number): string {
  return `${(Math.round(fraction * 1000) / 10).toFixed(1)}%`;
}

/** `$0.0002` as in the guide's estimatedCost: four significant decimals, at least one non-zero. */
export function formatDollars(cost: number): string {
  if (cost <= 0) return '$0';
  if (cost >= 0.01) return `$${cost.toFixed(4)}`;
  const digits = Math.min(10, Math.max(4, 1 - Math.floor(Math.log10(cost))));
  return `$${cost.toFixed(digits)}`;
}
