import { invalidRequest } from '../../errors/gateway-error.ts';
import type {
  NeutralAssistantPart,
  NeutralImagePart,
  NeutralMessage,
  NeutralReasoning,
  NeutralRequest,
  NeutralTextPart,
  NeutralThinkingPart,
  NeutralTool,
  NeutralToolChoice,
  NeutralToolResultPart,
  NeutralUserPart,
  ReasoningEffort,
} from '../neutral/neutral-request.ts';
import { parseWire, stringifyToolInput } from '../shared/parse-wire.ts';
import { decodeProvenance } from '../shared/reasoning-provenance.ts';
import { AnthropicRequest, type AnthropicContentBlock } from './anthropic-wire.ts';

/**
 * Anthropic Messages request → neutral. Fields that only mean something to Anthropic are dropped
 * here: `cache_control` (no other protocol has per-block cache hints), `context_management`,
 * `top_k`. `metadata.user_id` is dropped too: Claude Code fills it with a JSON blob holding a
 * device id, which is not an end-user id and should not leave for a third-party provider.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function parseAnthropicRequest(body: unknown): NeutralRequest {
  const wire = parseWire(AnthropicRequest, body, 'Anthropic request');
  const request: NeutralRequest = {
    model: wire.model,
    system: parseSystem(wire.system),
    messages: wire.messages.flatMap(parseMessage),
    tools: (wire.tools ?? []).map(parseTool),
    stream: wire.stream ?? false,
  };
  if (wire.max_tokens !== undefined) request.maxTokens = wire.max_tokens;
  if (wire.temperature !== undefined) request.temperature = wire.temperature;
  if (wire.top_p !== undefined) request.topP = wire.top_p;
  if (wire.stop_sequences?.length) request.stop = wire.stop_sequences;
  if (wire.tool_choice) {
    request.toolChoice = parseToolChoice(wire.tool_choice);
    if (wire.tool_choice.disable_parallel_tool_use) request.parallelToolCalls = false;
  }
  const reasoning = parseReasoning(wire.thinking, wire.output_config?.effort);
  if (reasoning) request.reasoning = reasoning;
  return request;
}

function parseSystem(system: AnthropicRequest['system']): NeutralTextPart[] {
  if (system === undefined) return [];
  if (typeof system === 'string') return system === '' ? [] : [{ type: 'text', text: system }];
  return system.flatMap((block) => (block.type === 'text' && block.text !== undefined ? [{ type: 'text' as const, text: block.text }] : []));
}

function parseMessage(message: AnthropicRequest['messages'][number]): NeutralMessage[] {
  const blocks: AnthropicContentBlock[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
  switch (message.role) {
    case 'system':
      return [{ role: 'system', content: blocks.flatMap((block) => (block.type === 'text' ? [textOf(block)] : [])) }];
    case 'assistant':
      return [{ role: 'assistant', content: blocks.flatMap(parseAssistantBlock) }];
    case 'user': {
      // Anthropic carries tool results inside the user turn, first; neutral gives them their own turn.
      const results: NeutralToolResultPart[] = [];
      const rest: NeutralUserPart[] = [];
      for (const block of blocks) {
        if (block.type === 'tool_result') results.push(parseToolResult(block as ToolResultBlock));
        else rest.push(parseUserBlock(block));
      }
      const out: NeutralMessage[] = [];
      if (results.length) out.push({ role: 'tool', content: results });
      if (rest.length || !results.length) out.push({ role: 'user', content: rest });
      return out;
    }
  }
}

type ToolResultBlock = Extract<AnthropicContentBlock, { type: 'tool_result' }>;

function textOf(block: AnthropicContentBlock): NeutralTextPart {
  return { type: 'text', text: (block as { text: string }).text };
}

function parseUserBlock(block: AnthropicContentBlock): NeutralUserPart {
  if (block.type === 'text') return textOf(block);
  if (block.type === 'image') return parseImage(block as Extract<AnthropicContentBlock, { type: 'image' }>);
  throw invalidRequest(`Anthropic content block '${block.type}' cannot be translated for this model`);
}

function parseImage(block: Extract<AnthropicContentBlock, { type: 'image' }>): NeutralImagePart {
  const source = block.source;
  if (source.type === 'base64') return { type: 'image', source: { kind: 'base64', mediaType: source.media_type, data: source.data } };
  return { type: 'image', source: { kind: 'url', url: source.url } };
}

function parseToolResult(block: ToolResultBlock): NeutralToolResultPart {
  const content = block.content === undefined ? [] : typeof block.content === 'string' ? [{ type: 'text' as const, text: block.content }] : block.content.map(parseUserBlock);
  const part: NeutralToolResultPart = { type: 'tool-result', toolCallId: block.tool_use_id, content };
  if (block.is_error) part.isError = true;
  return part;
}

function parseAssistantBlock(block: AnthropicContentBlock): NeutralAssistantPart[] {
  switch (block.type) {
    case 'text':
      return [textOf(block)];
    case 'tool_use': {
      const use = block as Extract<AnthropicContentBlock, { type: 'tool_use' }>;
      return [{ type: 'tool-call', id: use.id, name: use.name, arguments: stringifyToolInput(use.input) }];
    }
    case 'thinking':
      return [parseThinking(block as Extract<AnthropicContentBlock, { type: 'thinking' }>)];
    case 'redacted_thinking':
      return [{ type: 'thinking', text: '', issuer: 'anthropic', redactedData: (block as { data: string }).data }];
    default:
      throw invalidRequest(`Anthropic content block '${block.type}' cannot be translated for this model`);
  }
}

/** A signature minted by us says which provider really issued the reasoning (reasoning-provenance.ts). */
function parseThinking(block: Extract<AnthropicContentBlock, { type: 'thinking' }>): NeutralThinkingPart {
  const provenance = decodeProvenance(block.signature);
  if (!provenance) {
    const part: NeutralThinkingPart = { type: 'thinking', text: block.thinking, issuer: 'anthropic' };
    if (block.signature) part.signature = block.signature;
    return part;
  }
  return { type: 'thinking', text: block.thinking, ...provenance };
}

function parseTool(tool: NonNullable<AnthropicRequest['tools']>[number]): NeutralTool {
  if (tool.type !== undefined && tool.type !== 'custom') {
    throw invalidRequest(`Anthropic server tool '${tool.type}' (${tool.name}) can only run on an Anthropic model`, 'tools');
  }
  const out: NeutralTool = { name: tool.name, parameters: tool.input_schema ?? { type: 'object', properties: {} } };
  if (tool.description !== undefined) out.description = tool.description;
  return out;
}

function parseToolChoice(choice: NonNullable<AnthropicRequest['tool_choice']>): NeutralToolChoice {
  switch (choice.type) {
    case 'auto':
      return { type: 'auto' };
    case 'none':
      return { type: 'none' };
    case 'any':
      return { type: 'required' };
    case 'tool':
      if (!choice.name) throw invalidRequest("tool_choice of type 'tool' needs a name", 'tool_choice.name');
      return { type: 'tool', name: choice.name };
  }
}

const EFFORTS: Record<string, ReasoningEffort> = { minimal: 'minimal', low: 'low', medium: 'medium', high: 'high', max: 'high' };

/** `thinking: {type: "adaptive"}` (Claude Code) + `output_config.effort` → enabled reasoning with that effort. */
function parseReasoning(thinking: AnthropicRequest['thinking'], effort: string | undefined): NeutralReasoning | undefined {
  if (!thinking && !effort) return undefined;
  const enabled = thinking ? thinking.type !== 'disabled' : true;
  const reasoning: NeutralReasoning = { enabled };
  const mapped = effort === undefined ? undefined : EFFORTS[effort];
  if (mapped) reasoning.effort = mapped;
  if (thinking?.budget_tokens !== undefined) reasoning.budgetTokens = thinking.budget_tokens;
  return reasoning;
}
