/**
 * The model catalog, kept as data. Prices are US dollars per million tokens, as each provider
 * publishes them on its pricing page; `pricesReadOn` records when we read them. Users override
 * any field, or add models, in the config file (see README "Configuration").
 *
 * `tier` orders models by capability for routing: 0 = housekeeping-class, 1 = cheap workhorse,
 * 2 = strong generalist, 3 = frontier (Opus-class). The routing policy never picks below the tier
 * the request's labels call for.
 */
export interface ModelPricing {
  input: number;
  output: number;
  /** Price of input tokens read from the provider's prompt cache. */
  cacheRead?: number;
  /** Price of input tokens written to the prompt cache (Anthropic charges a premium). */
  cacheWrite?: number;
}

export interface CatalogModel {
  id: string;
  provider: string;
  /** The id the provider's API knows the model by. */
  upstreamId: string;
  aliases: string[];
  tier: 0 | 1 | 2 | 3;
  contextWindow: number;
  maxOutputTokens: number;
  pricing: ModelPricing;
  capabilities: { tools: boolean; vision: boolean; thinking: boolean };
  pricesReadOn: string;
  /** Where the prices and limits were read. */
  source: string;
}

/** The Opus-class model every savings figure is measured against. */
export const BASELINE_MODEL_ID = 'claude-opus-4.6';

export const DEFAULT_CATALOG: CatalogModel[] = [
  {
    id: 'claude-opus-4.6',
    provider: 'anthropic',
    upstreamId: 'claude-opus-4-6',
    aliases: ['claude-opus-4-6', 'opus'],
    tier: 3,
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    pricing: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
    capabilities: { tools: true, vision: true, thinking: true },
    pricesReadOn: '2026-11-24',
    source: 'https://docs.anthropic.com/en/docs/about-claude/pricing',
  },
  {
    id: 'claude-sonnet-4.6',
    provider: 'anthropic',
    upstreamId: 'claude-sonnet-4-6',
    aliases: ['claude-sonnet-4-6', 'sonnet'],
    tier: 2,
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    pricing: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    capabilities: { tools: true, vision: true, thinking: true },
    pricesReadOn: '2026-11-24',
    source: 'https://docs.anthropic.com/en/docs/about-claude/pricing',
  },
  {
    id: 'claude-haiku-4.5',
    provider: 'anthropic',
    upstreamId: 'claude-haiku-4-5',
    aliases: ['claude-haiku-4-5', 'haiku'],
    tier: 1,
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    pricing: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
    capabilities: { tools: true, vision: true, thinking: true },
    pricesReadOn: '2026-11-24',
    source: 'https://docs.anthropic.com/en/docs/about-claude/pricing',
  },
  {
    id: 'gpt-5',
    provider: 'openai',
    upstreamId: 'gpt-5',
    aliases: [],
    tier: 3,
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    pricing: { input: 1.25, output: 10, cacheRead: 0.125 },
    capabilities: { tools: true, vision: true, thinking: true },
    pricesReadOn: '2026-11-24',
    source: 'https://openai.com/api/pricing/',
  },
  {
    id: 'gpt-5-mini',
    provider: 'openai',
    upstreamId: 'gpt-5-mini',
    aliases: [],
    tier: 1,
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    pricing: { input: 0.25, output: 2, cacheRead: 0.025 },
    capabilities: { tools: true, vision: true, thinking: true },
    pricesReadOn: '2026-11-24',
    source: 'https://openai.com/api/pricing/',
  },
  {
    id: 'gpt-5-nano',
    provider: 'openai',
    upstreamId: 'gpt-5-nano',
    aliases: [],
    tier: 0,
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    pricing: { input: 0.05, output: 0.4, cacheRead: 0.005 },
    capabilities: { tools: true, vision: true, thinking: true },
    pricesReadOn: '2026-11-24',
    source: 'https://openai.com/api/pricing/',
  },
  {
    id: 'deepseek-chat',
    provider: 'deepseek',
    upstreamId: 'deepseek-chat',
    aliases: ['deepseek-v3.2'],
    tier: 1,
    contextWindow: 128_000,
    maxOutputTokens: 8_192,
    pricing: { input: 0.28, output: 0.42, cacheRead: 0.028 },
    capabilities: { tools: true, vision: false, thinking: false },
    pricesReadOn: '2026-11-24',
    source: 'https://api-docs.deepseek.com/quick_start/pricing',
  },
  {
    id: 'deepseek-reasoner',
    provider: 'deepseek',
    upstreamId: 'deepseek-reasoner',
    aliases: [],
    tier: 2,
    contextWindow: 128_000,
    maxOutputTokens: 64_000,
    pricing: { input: 0.28, output: 0.42, cacheRead: 0.028 },
    capabilities: { tools: true, vision: false, thinking: true },
    pricesReadOn: '2026-11-24',
    source: 'https://api-docs.deepseek.com/quick_start/pricing',
  },
  {
    id: 'gemini-3-pro',
    provider: 'gemini',
    upstreamId: 'gemini-3-pro-preview',
    aliases: ['gemini-3-pro-preview'],
    tier: 3,
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    pricing: { input: 2, output: 12, cacheRead: 0.2 },
    capabilities: { tools: true, vision: true, thinking: true },
    pricesReadOn: '2026-11-24',
    source: 'https://ai.google.dev/gemini-api/docs/pricing',
  },
  {
    id: 'gemini-2.5-flash',
    provider: 'gemini',
    upstreamId: 'gemini-2.5-flash',
    aliases: [],
    tier: 1,
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    pricing: { input: 0.3, output: 2.5, cacheRead: 0.03 },
    capabilities: { tools: true, vision: true, thinking: true },
    pricesReadOn: '2026-11-24',
    source: 'https://ai.google.dev/gemini-api/docs/pricing',
  },
  {
    id: 'qwen3-coder',
    provider: 'openrouter',
    upstreamId: 'qwen/qwen3-coder',
    aliases: [],
    tier: 1,
    contextWindow: 262_144,
    maxOutputTokens: 65_536,
    pricing: { input: 0.22, output: 0.95 },
    capabilities: { tools: true, vision: false, thinking: false },
    pricesReadOn: '2026-11-24',
    source: 'https://openrouter.ai/qwen/qwen3-coder',
  },
];
