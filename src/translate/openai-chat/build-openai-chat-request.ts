import { invalidRequest } from '../../errors/gateway-error.ts';
import { assertNever } from '../../protocols/protocol.ts';
import type { NeutralMessage, NeutralRequest, NeutralResponseFormat, NeutralTool, NeutralToolChoice, NeutralUserPart } from '../neutral/neutral-request.ts';
import { effortForReasoning } from '../shared/effort-budget.ts';
import { imageSourceToUrl } from '../shared/image-source.ts';
import { CUSTOM_TOOL_SCHEMA, flattenToolName, functionArgumentsOf } from '../shared/tool-names.ts';
import type { TargetModel } from '../target-model.ts';

type Wire = Record<string, unknown>;

/**
 * Neutral → Chat Completions request body, for any OpenAI-protocol upstream. Provider differences
 * (reasoning models, DeepSeek, Gemini) are applied afterwards by the quirk modules.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function buildOpenAIChatRequest(request: NeutralRequest, target: TargetModel): Record<string, unknown> {
  const messages: Wire[] = request.system.map((part) => ({ role: 'system', content: part.text }));
  for (const message of request.messages) messages.push(...buildMessage(message, target));
  const body: Wire = { model: target.upstreamId, messages };
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop?.length) body.stop = request.stop;
  if (request.stream) {
    body.stream = true;
    // Always asked for: the gateway's cost accounting needs the usage chunk even when the client did not.
    body.stream_options = { include_usage: true };
  }
  if (request.tools.length) {
    if (!target.capabilities.tools) throw invalidRequest(`Model '${target.upstreamId}' does not support tools`, 'tools');
    body.tools = request.tools.map(buildTool);
    if (request.toolChoice) body.tool_choice = buildToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.reasoning?.enabled && target.capabilities.thinking) body.reasoning_effort = effortForReasoning(request.reasoning);
  if (request.responseFormat) body.response_format = buildResponseFormat(request.responseFormat);
  if (request.user) body.user = request.user;
  return body;
}

function buildMessage(message: NeutralMessage, target: TargetModel): Wire[] {
  switch (message.role) {
    case 'system':
      return [{ role: 'system', content: message.content.map((part) => part.text).join('\n\n') }];
    case 'user':
      return [{ role: 'user', content: buildUserContent(message.content, target) }];
    case 'tool': {
      // Tool messages carry text only; images a tool returned (a screenshot, a Read of a PNG)
      // follow in a user message so a vision model still sees them.
      const images: NeutralUserPart[] = [];
      const out: Wire[] = message.content.map((result) => {
        const text = result.content.flatMap((part) => (part.type === 'text' ? [part.text] : (images.push(part), []))).join('\n');
        return { role: 'tool', tool_call_id: result.toolCallId, content: result.isError ? `Error: ${text}` : text };
      });
      if (images.length) out.push({ role: 'user', content: buildUserContent([{ type: 'text', text: 'Images returned by the tool calls above:' }, ...images], target) });
      return out;
    }
    case 'assistant': {
      const text = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
      const calls = message.content.flatMap((part) =>
        part.type === 'tool-call' ? [{ id: part.id, type: 'function', function: { name: flattenToolName(part.name, part.namespace), arguments: functionArgumentsOf(part) } }] : [],
      );
      const wire: Wire = { role: 'assistant', content: text === '' && calls.length ? null : text };
      if (calls.length) wire.tool_calls = calls;
      // Only DeepSeek takes reasoning back (as plain text, which carries no signature to leak).
      const reasoning = message.content.flatMap((part) => (part.type === 'thinking' && part.redactedData === undefined ? [part.text] : [])).join('');
      if (reasoning && target.provider === 'deepseek') wire.reasoning_content = reasoning;
      return [wire];
    }
    default:
      return assertNever(message, 'message');
  }
}

function buildUserContent(parts: NeutralUserPart[], target: TargetModel): string | Wire[] {
  if (parts.length === 1 && parts[0]!.type === 'text') return parts[0]!.text;
  return parts.map((part) => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    if (!target.capabilities.vision) throw invalidRequest(`Model '${target.upstreamId}' does not accept images`, 'messages');
    const image: Wire = { url: imageSourceToUrl(part.source) };
    if (part.detail) image.detail = part.detail;
    return { type: 'image_url', image_url: image };
  });
}

function buildTool(tool: NeutralTool): Wire {
  const fn: Wire = { name: flattenToolName(tool.name, tool.namespace) };
  if (tool.description) fn.description = tool.description;
  fn.parameters = tool.kind === 'custom' ? CUSTOM_TOOL_SCHEMA : tool.parameters;
  if (tool.strict !== undefined) fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

function buildToolChoice(choice: NeutralToolChoice): unknown {
  switch (choice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
    default:
      return assertNever(choice, 'tool choice');
  }
}

function buildResponseFormat(format: NeutralResponseFormat): Wire {
  switch (format.type) {
    case 'text':
    case 'json_object':
      return { type: format.type };
    case 'json_schema':
      return { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...(format.strict !== undefined ? { strict: format.strict } : {}) } };
    default:
      return assertNever(format, 'response format');
  }
}
