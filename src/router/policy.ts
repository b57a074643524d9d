import type { CatalogModel } from '../config/catalog.ts';
import type { CatalogIndex } from '../config/catalog-index.ts';
import type { PolicyRule, Strategy } from '../config/config-schema.ts';
import type { RouteLabels, Tier } from './tiers.ts';

/** What a request needs from a model: hard constraints that come before cost. */
export interface RequestNeeds {
  estimatedInputTokens: number;
  /** Output tokens the request may ask for (max_tokens), for the context-window check. */
  requestedOutputTokens: number;
  hasTools: boolean;
  hasImages: boolean;
}

/**
 * Preference order inside each tier (cheapest adequate first). A model may serve a higher tier's
 * fallback, never a lower tier's primary. Data, not code: `routing.rules` in config overrides it.
 */
export const TIER_PREFERENCES: Record<Tier, readonly string[]> = {
  0: ['gpt-5-nano', 'claude-haiku-4.5', 'gemini-2.5-flash', 'deepseek-chat'],
  1: ['deepseek-chat', 'gpt-5-mini', 'gemini-2.5-flash', 'qwen3-coder', 'claude-haiku-4.5'],
  2: ['claude-sonnet-4.6', 'gemini-3-pro', 'gpt-5', 'deepseek-reasoner'],
  3: ['claude-opus-4.6', 'gpt-5', 'gemini-3-pro'],
};

/** Longest fallback chain we try after the primary. */
export const MAX_FALLBACKS = 2;

export type Unusable = { model: CatalogModel; why: string };

/** Why `model` cannot serve this request, or undefined when it can. */
export function whyUnusable(model: CatalogModel, needs: RequestNeeds, isAvailable: (provider: string) => boolean): string | undefined {
  if (!isAvailable(model.provider)) return `provider ${model.provider} has no API key`;
  if (needs.hasImages && !model.capabilities.vision) return 'no vision';
  if (needs.hasTools && !model.capabilities.tools) return 'no tool use';
  const outputReserve = Math.min(needs.requestedOutputTokens, model.maxOutputTokens);
  if (needs.estimatedInputTokens + outputReserve > model.contextWindow) {
    return `context ${model.contextWindow} < ~${needs.estimatedInputTokens} input tokens`;
  }
  return undefined;
}

export interface PolicyChoice {
  model: CatalogModel;
  fallbackChain: CatalogModel[];
  /** The tier actually served (higher than asked when nothing in the tier was usable). */
  servedTier: Tier;
  ruleNote?: string;
  skipped: Unusable[];
}

function ruleMatches(rule: PolicyRule, labels: RouteLabels, strategy: Strategy): boolean {
  const when = rule.when;
  return (
    (!when.taskType || when.taskType.includes(labels.taskType)) &&
    (!when.complexity || when.complexity.includes(labels.complexity)) &&
    (!when.phase || when.phase.includes(labels.phase)) &&
    (!when.strategy || when.strategy.includes(strategy))
  );
}

/** Ordered candidate ids: the tier's preferences, then every higher tier's, deduplicated. */
function candidatesFromTier(tier: Tier, catalog: CatalogIndex): CatalogModel[] {
  const seen = new Set<string>();
  const out: CatalogModel[] = [];
  for (let t = tier; t <= 3; t++) {
    const preferred = TIER_PREFERENCES[t as Tier].map((id) => catalog.find(id)).filter((m): m is CatalogModel => !!m);
    // Models added in config join their tier after the built-in preferences, cheapest first.
    const extra = catalog.models
      .filter((m) => m.tier === t && !TIER_PREFERENCES[t as Tier].includes(m.id))
      .sort((a, b) => a.pricing.input + a.pricing.output - (b.pricing.input + b.pricing.output));
    for (const model of [...preferred, ...extra]) {
      if (!seen.has(model.id) && model.tier >= tier) {
        seen.add(model.id);
        out.push(model);
      }
    }
  }
  return out;
}

/**
 * Picks the primary model and its fallback chain: hard constraints first (provider available,
 * vision, tools, context window), then cost order. The chain prefers other providers, because a
 * provider outage is the failure a fallback exists for.
 */
export function choosePolicyModels(args: {
  tier: Tier;
  labels: RouteLabels;
  strategy: Strategy;
  needs: RequestNeeds;
  catalog: CatalogIndex;
  rules: readonly PolicyRule[];
  isAvailable: (provider: string) => boolean;
}): PolicyChoice | { model: undefined; skipped: Unusable[] } {
  const rule = args.rules.find((r) => ruleMatches(r, args.labels, args.strategy));
  const candidates = rule
    ? rule.models.map((id) => args.catalog.find(id)).filter((m): m is CatalogModel => !!m)
    : candidatesFromTier(args.tier, args.catalog);
  const usable: CatalogModel[] = [];
  const skipped: Unusable[] = [];
  for (const model of candidates) {
    const why = whyUnusable(model, args.needs, args.isAvailable);
    if (why) skipped.push({ model, why });
    else usable.push(model);
  }
  const [primary, ...rest] = usable;
  if (!primary) return { model: undefined, skipped };
  const chain: CatalogModel[] = [];
  const providers = new Set([primary.provider]);
  for (const model of rest) {
    if (chain.length >= MAX_FALLBACKS) break;
    if (!providers.has(model.provider)) {
      chain.push(model);
      providers.add(model.provider);
    }
  }
  for (const model of rest) {
    if (chain.length >= MAX_FALLBACKS) break;
    if (!chain.includes(model)) chain.push(model);
  }
  return { model: primary, fallbackChain: chain, servedTier: primary.tier, ruleNote: rule?.note ?? (rule ? 'config rule' : undefined), skipped };
}
