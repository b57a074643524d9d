import type { Protocol } from '../protocols/protocol.ts';

/**
 * Built-in providers. Base URLs follow each provider's SDK convention: OpenAI-protocol base URLs
 * include the version path, Anthropic's does not (DESIGN.md §2). A provider is "configured" when
 * it has an API key (config, `CODEROUTER_<P>_API_KEY` or `<P>_API_KEY`).
 */
export interface ProviderDefinition {
  id: string;
  /** The wire protocol the upstream speaks for chat calls. */
  protocol: Protocol;
  baseUrl: string;
  /** Whether the provider also serves the Responses API at `${baseUrl}/responses`. */
  supportsResponses: boolean;
}

export const DEFAULT_PROVIDERS: ProviderDefinition[] = [
  { id: 'anthropic', protocol: 'anthropic', baseUrl: 'https://api.anthropic.com', supportsResponses: false },
  { id: 'openai', protocol: 'openai', baseUrl: 'https://api.openai.com/v1', supportsResponses: true },
  { id: 'deepseek', protocol: 'openai', baseUrl: 'https://api.deepseek.com/v1', supportsResponses: false },
  {
    id: 'gemini',
    protocol: 'openai',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    supportsResponses: false,
  },
  { id: 'openrouter', protocol: 'openai', baseUrl: 'https://openrouter.ai/api/v1', supportsResponses: false },
];
