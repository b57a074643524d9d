import { invalidRequest } from '../../errors/gateway-error.ts';
import { assertNever } from '../../protocols/protocol.ts';
import type {
  NeutralAssistantPart,
  NeutralImagePart,
  NeutralMessage,
  NeutralRequest,
  NeutralThinkingPart,
  NeutralTool,
  NeutralToolChoice,
  NeutralUserPart,
} from '../neutral/neutral-request.ts';
import { ANTHROPIC_MIN_THINKING_BUDGET, budgetForReasoning } from '../shared/effort-budget.ts';
import { toAnthropicToolId } from '../shared/ids.ts';
import { assertAnthropicImageType, assertFetchableUrl } from '../shared/image-source.ts';
import { parseToolArguments } from '../shared/parse-wire.ts';
import { CUSTOM_TOOL_SCHEMA, flattenToolName, functionArgumentsOf } from '../shared/tool-names.ts';
import type { TargetModel } from '../target-model.ts';
import { lastToolTurnLacksThinking } from './thinking-history.ts';

type Block = Record<string, unknown>;
type WireMessage = { role: 'user' | 'assistant' | 'system'; content: Block[] | string };

/**
 * Neutral → Anthropic Messages request body.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function buildAnthropicRequest(request: NeutralRequest, target: TargetModel): Record<string, unknown> {
  const body: Record<string, unknown> = { model: target.upstreamId };
  if (request.system.length) body.system = request.system.map((part) => ({ type: 'text', text: part.text }));
  const messages = buildMessages(request.messages);
  body.messages = messages;
  // Anthropic requires max_tokens; a client that gave none expects "as long as the model allows".
  const maxTokens = request.maxTokens ?? target.maxOutputTokens;
  body.max_tokens = maxTokens;

  const wantsThinking = request.reasoning?.enabled && target.capabilities.thinking && !lastToolTurnLacksThinking(messages);
  const thinking = wantsThinking ? thinkingBudget(request, maxTokens) : undefined;
  if (thinking !== undefined) body.thinking = { type: 'enabled', budget_tokens: thinking };
  // With thinking on, Anthropic rejects a changed temperature and a top_p below 0.95.
  if (request.temperature !== undefined && thinking === undefined) body.temperature = request.temperature;
  if (request.topP !== undefined && (thinking === undefined || request.topP >= 0.95)) body.top_p = request.topP;

  // Anthropic rejects whitespace-only stop sequences ("\n" is common from OpenAI clients).
  const stop = request.stop?.filter((sequence) => sequence.trim() !== '');
  if (stop?.length) body.stop_sequences = stop;
  if (request.stream) body.stream = true;
  if (request.user) body.metadata = { user_id: request.user };

  if (request.tools.length) {
    if (!target.capabilities.tools) throw invalidRequest(`Model '${target.upstreamId}' does not support tools`, 'tools');
    body.tools = request.tools.map(buildTool);
  }
  const toolChoice = buildToolChoice(request.toolChoice, request.parallelToolCalls);
  if (toolChoice && request.tools.length) body.tool_choice = toolChoice;
  return body;
}

function thinkingBudget(request: NeutralRequest, maxTokens: number): number | undefined {
  const budget = Math.min(budgetForReasoning(request.reasoning!), maxTokens - 1);
  return budget >= ANTHROPIC_MIN_THINKING_BUDGET ? budget : undefined;
}

/**
 * Tool results become user turns; consecutive turns of the same role merge (Anthropic would merge
 * them anyway, and tool results must lead the user turn that follows the tool calls).
 */
function buildMessages(messages: NeutralMessage[]): WireMessage[] {
  const out: WireMessage[] = [];
  const push = (role: 'user' | 'assistant', blocks: Block[]) => {
    const last = out[out.length - 1];
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        // Claude Code sends mid-conversation system entries to Anthropic; keep them in place.
        out.push({ role: 'system', content: message.content.map((part) => part.text).join('\n\n') });
        break;
      case 'user':
        // Anthropic rejects empty text blocks; an empty OpenAI message means nothing anyway.
        push('user', message.content.filter(isNonEmpty).map(buildUserPart));
        break;
      case 'tool':
        push(
          'user',
          message.content.map((result) => {
            const block: Block = { type: 'tool_result', tool_use_id: toAnthropicToolId(result.toolCallId), content: result.content.filter(isNonEmpty).map(buildUserPart) };
            if (result.isError) block.is_error = true;
            return block;
          }),
        );
        break;
      case 'assistant': {
        const blocks = message.content.flatMap(buildAssistantPart);
        if (blocks.length) push('assistant', blocks);
        break;
      }
      default:
        assertNever(message, 'message');
    }
  }
  return out;
}

function isNonEmpty(part: NeutralUserPart): boolean {
  return part.type !== 'text' || part.text !== '';
}

function buildUserPart(part: NeutralUserPart): Block {
  return part.type === 'text' ? { type: 'text', text: part.text } : buildImage(part);
}

/** OpenAI data URLs arrive here as base64 sources; http(s) URLs as Anthropic `url` sources. */
function buildImage(part: NeutralImagePart): Block {
  const source = part.source;
  if (source.kind === 'base64') {
    return { type: 'image', source: { type: 'base64', media_type: assertAnthropicImageType(source.mediaType), data: source.data } };
  }
  return { type: 'image', source: { type: 'url', url: assertFetchableUrl(source.url) } };
}

function buildAssistantPart(part: NeutralAssistantPart): Block[] {
  switch (part.type) {
    case 'text':
      return part.text === '' ? [] : [{ type: 'text', text: part.text }];
    case 'tool-call':
      return [{ type: 'tool_use', id: toAnthropicToolId(part.id), name: flattenToolName(part.name, part.namespace), input: parseToolArguments(functionArgumentsOf(part)) }];
    case 'thinking':
      return buildThinking(part);
    default:
      return assertNever(part, 'assistant part');
  }
}

/** Only Anthropic's own signed thinking goes back to Anthropic; anything else would fail validation. */
function buildThinking(part: NeutralThinkingPart): Block[] {
  if (part.issuer !== 'anthropic') return [];
  if (part.redactedData !== undefined) return [{ type: 'redacted_thinking', data: part.redactedData }];
  if (!part.signature) return [];
  return [{ type: 'thinking', thinking: part.text, signature: part.signature }];
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

function buildTool(tool: NeutralTool): Block {
  const name = flattenToolName(tool.name, tool.namespace);
  if (!TOOL_NAME.test(name)) throw invalidRequest(`Tool name '${name}' is not accepted by Anthropic models (letters, digits, _ and - only, up to 128)`, 'tools');
  const schema = tool.kind === 'custom' ? CUSTOM_TOOL_SCHEMA : tool.parameters;
  if (schema.type !== 'object') throw invalidRequest(`Tool '${name}' has a parameters schema of type '${String(schema.type)}': Anthropic models need an object schema`, 'tools');
  const block: Block = { name, input_schema: schema };
  if (tool.description) block.description = tool.description;
  return block;
}

function buildToolChoice(choice: NeutralToolChoice | undefined, parallel: boolean | undefined): Block | undefined {
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (!choice) return parallel === false ? { type: 'auto', ...disable } : undefined;
  switch (choice.type) {
    case 'auto':
      return { type: 'auto', ...disable };
    case 'none':
      return { type: 'none' };
    case 'required':
      return { type: 'any', ...disable };
    case 'tool':
      return { type: 'tool', name: choice.name, ...disable };
    default:
      return assertNever(choice, 'tool choice');
  }
}
