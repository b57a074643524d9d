/**
 * The protocol-neutral chat call every translation goes through when the client's protocol and the
 * upstream's differ. It holds what agents actually use, in terms no protocol owns: parsers fill it
 * from a client body, builders turn it into an upstream body.
 */

/** Which provider produced a piece of reasoning: only that provider may receive its signature back. */
export type ReasoningIssuer = string;

export interface NeutralTextPart {
  type: 'text';
  text: string;
}

export type NeutralImageSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string };

export interface NeutralImagePart {
  type: 'image';
  source: NeutralImageSource;
  /** OpenAI's `detail` hint; other protocols ignore it. */
  detail?: string;
}

export interface NeutralToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  /** Responses API namespace tools (`multi_agent_v1.spawn_agent`); flat protocols see `namespace__name`. */
  namespace?: string;
  /** Responses `custom` tools take free text instead of JSON arguments. */
  kind?: 'function' | 'custom';
  /** The arguments as JSON text, exactly as the model produced them. */
  arguments: string;
}

export interface NeutralToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  content: Array<NeutralTextPart | NeutralImagePart>;
  isError?: boolean;
}

export interface NeutralThinkingPart {
  type: 'thinking';
  text: string;
  issuer: ReasoningIssuer;
  /** Anthropic's signature, when the issuer is Anthropic. */
  signature?: string;
  /** Anthropic `redacted_thinking` data. */
  redactedData?: string;
  /** OpenAI Responses reasoning item id and encrypted content. */
  itemId?: string;
  encryptedContent?: string;
}

export type NeutralUserPart = NeutralTextPart | NeutralImagePart;
export type NeutralAssistantPart = NeutralTextPart | NeutralThinkingPart | NeutralToolCallPart;

/**
 * `system` messages are the ones that appear mid-conversation (Claude Code's `role: "system"`
 * entries, a later OpenAI `developer` message); leading ones go to {@link NeutralRequest.system}.
 */
export type NeutralMessage =
  | { role: 'system'; content: NeutralTextPart[] }
  | { role: 'user'; content: NeutralUserPart[] }
  | { role: 'assistant'; content: NeutralAssistantPart[] }
  | { role: 'tool'; content: NeutralToolResultPart[] };

export interface NeutralTool {
  name: string;
  namespace?: string;
  kind?: 'function' | 'custom';
  description?: string;
  /** JSON Schema of the arguments (always an object schema for functions). */
  parameters: Record<string, unknown>;
  strict?: boolean;
}

export type NeutralToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string };

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

export interface NeutralReasoning {
  enabled: boolean;
  effort?: ReasoningEffort;
  /** Anthropic `budget_tokens`, when the client gave one. */
  budgetTokens?: number;
}

export type NeutralResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

export interface NeutralRequest {
  model: string;
  system: NeutralTextPart[];
  messages: NeutralMessage[];
  tools: NeutralTool[];
  toolChoice?: NeutralToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  stream: boolean;
  /** OpenAI `stream_options.include_usage`: the client wants a final usage chunk. */
  includeUsage?: boolean;
  reasoning?: NeutralReasoning;
  responseFormat?: NeutralResponseFormat;
  /** An end-user identifier the client chose to send (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
}
