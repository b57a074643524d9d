import { z } from 'zod';
import { renderErrorBody } from '../errors/render-error.ts';
import { createId } from './ids.ts';
import { countTokensOfSegments, type CacheMeasurement, type PromptSegment } from './prompt-cache.ts';
import { asRecord, type OfferedTool, type ReplyScript, type SimulatedTurn } from './reply-script.ts';
import { createSimulatedError } from './simulated-errors.ts';
import { collectText, countDeltasBeforeMidstreamError, selectUserText, type SimulatedProtocol } from './simulated-protocol.ts';
import { jsonFrame, type SseFrame } from './sse-stream.ts';

/**
 * Anthropic Messages (`POST /v1/messages`, `/v1/messages/count_tokens`), as Claude Code and
 * `@anthropic-ai/sdk` read it. Stream order: message_start, then per block content_block_start /
 * deltas / content_block_stop (one `ping` after the first start, as the API does), message_delta
 * with stop_reason and cumulative usage, message_stop. Every frame has an `event:` line: the SDK
 * skips frames without one.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */

const messageSchema = z.looseObject({ role: z.string(), content: z.unknown() });
const toolSchema = z.looseObject({ name: z.string().optional(), input_schema: z.unknown().optional() });

export const anthropicRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema),
  system: z.unknown().optional(),
  tools: z.array(toolSchema).optional(),
  max_tokens: z.number().optional(),
  stream: z.boolean().optional(),
});
export type AnthropicRequest = z.infer<typeof anthropicRequestSchema>;

export const simulatedAnthropic: SimulatedProtocol<AnthropicRequest> = {
  protocol: 'anthropic',
  schema: anthropicRequestSchema,
  requestIdHeader: 'request-id',
  isStreaming: (body) => body.stream === true,
  readTurn: readAnthropicTurn,
  measurePrompt: (body, cache) => cache.measureExplicit(body.model, collectAnthropicSegments(body)),
  countPromptTokens: (body) => countTokensOfSegments(collectAnthropicSegments(body)),
  formatResponse: formatAnthropicMessage,
  formatStream: formatAnthropicStream,
};

function readAnthropicTurn(body: AnthropicRequest): SimulatedTurn {
  // Claude Code puts `role: "system"` entries inside messages; they are not conversation turns.
  const turns = body.messages.filter((message) => message.role !== 'system');
  const last = turns[turns.length - 1];
  const toolResult = last?.role === 'user' ? findLastToolResult(last.content) : undefined;
  let lastUserText = '';
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const message = turns[index];
    if (message?.role !== 'user') continue;
    const texts = collectText(message.content, ['text']);
    if (texts.length > 0 && findLastToolResult(message.content) === undefined) {
      lastUserText = selectUserText(texts);
      break;
    }
  }
  const tools: OfferedTool[] = [];
  for (const tool of body.tools ?? []) if (tool.name) tools.push({ name: tool.name, schema: tool.input_schema });
  return {
    model: body.model,
    lastUserText,
    ...(toolResult === undefined ? {} : { toolResultText: toolResult }),
    tools,
    ...(body.max_tokens === undefined ? {} : { maxOutputTokens: body.max_tokens }),
  };
}

/** A tool_result's content is a string or an array of blocks (text, image…). */
function findLastToolResult(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  let result: string | undefined;
  for (const block of content) {
    const record = asRecord(block);
    if (record?.type === 'tool_result') result = collectText(record.content, ['text']).join('\n');
  }
  return result;
}

/** Cache order is tools, system, messages; a block with `cache_control` ends a cacheable prefix. */
function collectAnthropicSegments(body: AnthropicRequest): PromptSegment[] {
  const segments: PromptSegment[] = [];
  const addBlock = (block: unknown) => {
    segments.push({ text: typeof block === 'string' ? block : JSON.stringify(block), breakpoint: asRecord(block)?.cache_control != null });
  };
  for (const tool of body.tools ?? []) addBlock(tool);
  if (Array.isArray(body.system)) for (const block of body.system) addBlock(block);
  else if (body.system !== undefined) addBlock(body.system);
  for (const message of body.messages) {
    segments.push({ text: message.role });
    if (Array.isArray(message.content)) for (const block of message.content) addBlock(block);
    else addBlock(message.content ?? '');
  }
  // Top-level `cache_control` asks the API to place the breakpoint on the last cacheable block.
  const last = segments[segments.length - 1];
  if (last && asRecord(body)?.cache_control != null) last.breakpoint = true;
  return segments;
}

function formatUsage(usage: CacheMeasurement, outputTokens: number) {
  return {
    input_tokens: Math.max(0, usage.totalTokens - usage.readTokens - usage.writeTokens),
    cache_creation_input_tokens: usage.writeTokens,
    cache_read_input_tokens: usage.readTokens,
    cache_creation: { ephemeral_5m_input_tokens: usage.writeTokens, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

/** Content blocks in answer order: thinking, text, tool calls. Ids are minted once per response. */
function planBlocks(script: ReplyScript) {
  return {
    signature: script.thinking ? createSignature() : '',
    toolIds: script.toolCalls.map(() => createId('toolu_')),
  };
}

function formatAnthropicMessage(script: ReplyScript, _body: AnthropicRequest, usage: CacheMeasurement) {
  const { signature, toolIds } = planBlocks(script);
  const content: unknown[] = [];
  if (script.thinking) content.push({ type: 'thinking', thinking: script.thinking.text, signature });
  if (script.text) content.push({ type: 'text', text: script.text.text });
  script.toolCalls.forEach((call, index) => {
    content.push({ type: 'tool_use', id: toolIds[index], name: call.name, input: JSON.parse(call.argumentsJson) });
  });
  return {
    id: createId('msg_01'),
    type: 'message',
    role: 'assistant',
    model: script.model,
    content,
    stop_reason: script.stopReason,
    stop_sequence: null,
    usage: formatUsage(usage, script.outputTokens),
  };
}

function formatAnthropicStream(script: ReplyScript, _body: AnthropicRequest, usage: CacheMeasurement): SseFrame[] {
  const { signature, toolIds } = planBlocks(script);
  const frames: SseFrame[] = [];
  const emit = (value: { type: string; [field: string]: unknown }) => frames.push(jsonFrame(value, value.type));
  const startUsage = { ...formatUsage(usage, 1) };
  emit({
    type: 'message_start',
    message: {
      id: createId('msg_01'),
      type: 'message',
      role: 'assistant',
      model: script.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: startUsage,
    },
  });

  let deltasLeft = script.midstreamErrorStatus === undefined ? Number.POSITIVE_INFINITY : countDeltasBeforeMidstreamError(script);
  let index = 0;
  /** Emits one block; returns false when the mid-stream error cut the stream. */
  const block = (start: object, deltas: object[], trailing: object[] = []): boolean => {
    emit({ type: 'content_block_start', index, content_block: start });
    if (index === 0) emit({ type: 'ping' });
    for (const delta of deltas) {
      emit({ type: 'content_block_delta', index, delta });
      deltasLeft -= 1;
      if (deltasLeft <= 0) return false;
    }
    for (const delta of trailing) emit({ type: 'content_block_delta', index, delta });
    emit({ type: 'content_block_stop', index });
    index += 1;
    return true;
  };

  let complete = true;
  if (script.thinking) {
    const deltas = script.thinking.deltas.map((thinking) => ({ type: 'thinking_delta', thinking }));
    complete = block({ type: 'thinking', thinking: '', signature: '' }, deltas, [{ type: 'signature_delta', signature }]);
  }
  if (complete && script.text) {
    complete = block({ type: 'text', text: '' }, script.text.deltas.map((text) => ({ type: 'text_delta', text })));
  }
  for (const [callIndex, call] of script.toolCalls.entries()) {
    if (!complete) break;
    // The API opens every tool_use input with an empty partial_json before the pieces.
    const deltas = ['', ...call.argumentDeltas].map((partial_json) => ({ type: 'input_json_delta', partial_json }));
    complete = block({ type: 'tool_use', id: toolIds[callIndex], name: call.name, input: {} }, deltas);
  }

  if (!complete) {
    const error = createSimulatedError(script.midstreamErrorStatus ?? 500);
    frames.push(jsonFrame(renderErrorBody('anthropic', error), 'error'));
    return frames;
  }
  const { service_tier: _tier, cache_creation: _creation, ...deltaUsage } = formatUsage(usage, script.outputTokens);
  emit({ type: 'message_delta', delta: { stop_reason: script.stopReason, stop_sequence: null }, usage: deltaUsage });
  emit({ type: 'message_stop' });
  return frames;
}

/** Real signatures are opaque base64; clients only carry them back, so random bytes do. */
function createSignature(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(96))).toString('base64');
}

