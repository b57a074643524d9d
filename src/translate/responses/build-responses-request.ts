import { invalidRequest } from '../../errors/gateway-error.ts';
import { assertNever } from '../../protocols/protocol.ts';
import type { NeutralAssistantPart, NeutralMessage, NeutralRequest, NeutralResponseFormat, NeutralToolChoice, NeutralUserPart } from '../neutral/neutral-request.ts';
import { effortForReasoning } from '../shared/effort-budget.ts';
import { imageSourceToUrl } from '../shared/image-source.ts';
import { CUSTOM_TOOL_SCHEMA, flattenToolName, functionArgumentsOf } from '../shared/tool-names.ts';
import type { TargetModel } from '../target-model.ts';

type Wire = Record<string, unknown>;

/**
 * Neutral → OpenAI Responses request body. Stateless on purpose: `store: false` and the whole
 * conversation in `input`, like Codex does; reasoning comes back encrypted
 * (`include: ["reasoning.encrypted_content"]`) so it can be replayed on the next turn.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export function buildResponsesRequest(request: NeutralRequest, target: TargetModel): Record<string, unknown> {
  const body: Wire = { model: target.upstreamId };
  if (request.system.length) body.instructions = request.system.map((part) => part.text).join('\n\n');
  body.input = request.messages.flatMap((message) => buildItems(message, target));
  if (request.maxTokens !== undefined) body.max_output_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stream) body.stream = true;
  body.store = false;
  if (request.tools.length) {
    if (!target.capabilities.tools) throw invalidRequest(`Model '${target.upstreamId}' does not support tools`, 'tools');
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      name: flattenToolName(tool.name, tool.namespace),
      ...(tool.description ? { description: tool.description } : {}),
      parameters: tool.kind === 'custom' ? CUSTOM_TOOL_SCHEMA : tool.parameters,
      strict: tool.strict ?? false,
    }));
    if (request.toolChoice) body.tool_choice = buildToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.reasoning?.enabled && target.capabilities.thinking) {
    body.reasoning = { effort: effortForReasoning(request.reasoning), summary: 'auto' };
    body.include = ['reasoning.encrypted_content'];
  }
  if (request.responseFormat) body.text = { format: buildFormat(request.responseFormat) };
  if (request.user) body.user = request.user;
  return body;
}

function buildItems(message: NeutralMessage, target: TargetModel): Wire[] {
  switch (message.role) {
    case 'system':
      return [{ type: 'message', role: 'developer', content: message.content.map((part) => ({ type: 'input_text', text: part.text })) }];
    case 'user':
      return [{ type: 'message', role: 'user', content: message.content.map((part) => buildUserPart(part, target)) }];
    case 'tool':
      return message.content.map((result) => {
        const textOnly = result.content.every((part) => part.type === 'text');
        const output = textOnly ? result.content.map((part) => (part as { text: string }).text).join('\n') : result.content.map((part) => buildUserPart(part, target));
        return { type: 'function_call_output', call_id: result.toolCallId, output };
      });
    case 'assistant':
      return buildAssistantItems(message.content);
    default:
      return assertNever(message, 'message');
  }
}

/** Consecutive text parts share one output message; reasoning only goes back if OpenAI issued it. */
function buildAssistantItems(parts: NeutralAssistantPart[]): Wire[] {
  const items: Wire[] = [];
  let text: Wire[] | undefined;
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        if (!text) items.push({ type: 'message', role: 'assistant', content: (text = []) });
        text.push({ type: 'output_text', text: part.text, annotations: [] });
        continue;
      case 'thinking':
        if (part.issuer === 'openai' && part.encryptedContent && part.itemId) {
          items.push({ type: 'reasoning', id: part.itemId, summary: part.text ? [{ type: 'summary_text', text: part.text }] : [], encrypted_content: part.encryptedContent });
        }
        break;
      case 'tool-call':
        items.push({ type: 'function_call', call_id: part.id, name: flattenToolName(part.name, part.namespace), arguments: functionArgumentsOf(part) });
        break;
      default:
        assertNever(part, 'assistant part');
    }
    text = undefined;
  }
  return items;
}

function buildUserPart(part: NeutralUserPart, target: TargetModel): Wire {
  if (part.type === 'text') return { type: 'input_text', text: part.text };
  if (!target.capabilities.vision) throw invalidRequest(`Model '${target.upstreamId}' does not accept images`, 'input');
  return { type: 'input_image', image_url: imageSourceToUrl(part.source), detail: part.detail ?? 'auto' };
}

function buildToolChoice(choice: NeutralToolChoice): unknown {
  switch (choice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: 'function', name: choice.name };
    default:
      return assertNever(choice, 'tool choice');
  }
}

function buildFormat(format: NeutralResponseFormat): Wire {
  switch (format.type) {
    case 'text':
    case 'json_object':
      return { type: format.type };
    case 'json_schema':
      return { type: 'json_schema', name: format.name, schema: format.schema, ...(format.strict !== undefined ? { strict: format.strict } : {}) };
    default:
      return assertNever(format, 'response format');
  }
}
