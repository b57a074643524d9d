import { z } from 'zod';
import { renderErrorBody } from '../errors/render-error.ts';
import { createId } from './ids.ts';
import { countTokensOfSegments, type CacheMeasurement, type PromptSegment } from './prompt-cache.ts';
import { asRecord, type OfferedTool, type ReplyScript, type SimulatedTurn } from './reply-script.ts';
import { createSimulatedError } from './simulated-errors.ts';
import {
  collectText,
  countDeltasBeforeMidstreamError,
  selectUserText,
  unixSeconds,
  type SimulatedProtocol,
} from './simulated-protocol.ts';
import { jsonFrame, type SseFrame } from './sse-stream.ts';

/**
 * OpenAI Responses (`POST /v1/responses`), the only protocol Codex speaks, as openai-node's
 * ResponseStream and Codex accumulate it: response.created / in_progress, then per output item
 * output_item.added → its parts and deltas → output_item.done, then response.completed (or
 * response.incomplete) with usage. Every event carries a `sequence_number` counting from 0. The
 * ResponseStream pushes `output_item.added` items and `content_part.added` parts into its
 * snapshot and appends deltas to them, so those must start empty (`content: []`, `arguments: ""`).
 * A failure after the start is an `error` event followed by the terminal `response.failed`.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */

const functionToolSchema = z.looseObject({
  type: z.string().optional(),
  name: z.string().optional(),
  parameters: z.unknown().optional(),
});
const toolSchema = functionToolSchema.extend({ tools: z.array(functionToolSchema).optional() });

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.unknown())]),
  instructions: z.unknown().optional(),
  tools: z.array(toolSchema).optional(),
  stream: z.boolean().nullish(),
  max_output_tokens: z.number().nullish(),
  include: z.array(z.string()).nullish(),
});
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

export const simulatedResponses: SimulatedProtocol<ResponsesRequest> = {
  protocol: 'responses',
  schema: responsesRequestSchema,
  requestIdHeader: 'x-request-id',
  isStreaming: (body) => body.stream === true,
  readTurn: readResponsesTurn,
  measurePrompt: (body, cache) => cache.measureAutomatic(body.model, collectResponsesSegments(body)),
  countPromptTokens: (body) => countTokensOfSegments(collectResponsesSegments(body)),
  formatResponse: (script, body, usage) => formatResponsesStream(script, body, usage, 'body'),
  formatStream: (script, body, usage) => formatResponsesStream(script, body, usage, 'stream'),
};

const INPUT_TEXT_TYPES = ['input_text', 'output_text', 'text'] as const;

function readResponsesTurn(body: ResponsesRequest): SimulatedTurn {
  const items = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input.map(asRecord);
  const last = items[items.length - 1];
  const isToolOutput = last?.type === 'function_call_output' || last?.type === 'custom_tool_call_output';
  // Items without `type` are messages (the SDK's EasyInputMessage).
  const userMessage = items.findLast((item) => item?.role === 'user' && (item.type === undefined || item.type === 'message'));
  return {
    model: body.model,
    lastUserText: selectUserText(collectText(userMessage?.content, INPUT_TEXT_TYPES)),
    ...(isToolOutput ? { toolResultText: collectText(last?.output, INPUT_TEXT_TYPES).join('\n') } : {}),
    tools: collectOfferedTools(body),
    ...(body.max_output_tokens == null ? {} : { maxOutputTokens: body.max_output_tokens }),
  };
}

/** Function tools, including those Codex nests in a `namespace` tool (called with `namespace` set). */
function collectOfferedTools(body: ResponsesRequest): OfferedTool[] {
  const tools: OfferedTool[] = [];
  for (const tool of body.tools ?? []) {
    if (tool.type === 'function' && tool.name) tools.push({ name: tool.name, schema: tool.parameters });
    if (tool.type === 'namespace' && tool.name) {
      for (const nested of tool.tools ?? []) {
        if (nested.type === 'function' && nested.name) tools.push({ name: nested.name, namespace: tool.name, schema: nested.parameters });
      }
    }
  }
  return tools;
}

function collectResponsesSegments(body: ResponsesRequest): PromptSegment[] {
  const segments: PromptSegment[] = [];
  if (body.instructions !== undefined) segments.push({ text: JSON.stringify(body.instructions) });
  if (body.tools) segments.push({ text: JSON.stringify(body.tools) });
  if (typeof body.input === 'string') segments.push({ text: body.input });
  else for (const item of body.input) segments.push({ text: JSON.stringify(item) });
  return segments;
}

function formatUsage(script: ReplyScript, usage: CacheMeasurement) {
  return {
    input_tokens: usage.totalTokens,
    input_tokens_details: { cached_tokens: usage.readTokens },
    output_tokens: script.outputTokens,
    output_tokens_details: { reasoning_tokens: script.reasoningTokens },
    total_tokens: usage.totalTokens + script.outputTokens,
  };
}

type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** The response object, echoing the request's settings as the API does. */
function buildResponse(id: string, createdAt: number, body: ResponsesRequest, status: ResponseStatus, extra: object) {
  const request = body as Record<string, unknown>;
  const reasoning = asRecord(request.reasoning);
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: body.model,
    output: [] as unknown[],
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: reasoning?.effort ?? null, summary: reasoning?.summary ?? null },
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: request.text ?? { format: { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    usage: null as unknown,
    user: null,
    metadata: request.metadata ?? {},
    ...extra,
  };
}

/**
 * One writer for both shapes: the stream's events, whose final response is also the non-stream
 * body, so the two can never disagree.
 */
function formatResponsesStream(script: ReplyScript, body: ResponsesRequest, usage: CacheMeasurement, shape: 'stream'): SseFrame[];
function formatResponsesStream(script: ReplyScript, body: ResponsesRequest, usage: CacheMeasurement, shape: 'body'): unknown;
function formatResponsesStream(script: ReplyScript, body: ResponsesRequest, usage: CacheMeasurement, shape: 'stream' | 'body') {
  const id = createId('resp_', 48);
  const createdAt = unixSeconds();
  const frames: SseFrame[] = [];
  let sequence = 0;
  const emit = (type: string, fields: object) => frames.push(jsonFrame({ type, ...fields, sequence_number: sequence++ }, type));
  const output: Record<string, unknown>[] = [];

  emit('response.created', { response: buildResponse(id, createdAt, body, 'in_progress', {}) });
  emit('response.in_progress', { response: buildResponse(id, createdAt, body, 'in_progress', {}) });

  let deltasLeft = script.midstreamErrorStatus === undefined ? Number.POSITIVE_INFINITY : countDeltasBeforeMidstreamError(script);
  let cut = false;
  /** Emits the deltas of one item; sets `cut` once the mid-stream error is due. */
  const deltas = (pieces: string[], type: string, fields: object) => {
    for (const delta of pieces) {
      if (cut) return;
      emit(type, { ...fields, delta });
      deltasLeft -= 1;
      if (deltasLeft <= 0) cut = true;
    }
  };

  if (script.thinking) {
    const output_index = output.length;
    const item_id = createId('rs_', 48);
    const text = script.thinking.text;
    emit('response.output_item.added', { output_index, item: { id: item_id, type: 'reasoning', summary: [] } });
    const at = { item_id, output_index, summary_index: 0 };
    emit('response.reasoning_summary_part.added', { ...at, part: { type: 'summary_text', text: '' } });
    deltas(script.thinking.deltas, 'response.reasoning_summary_text.delta', at);
    if (!cut) {
      emit('response.reasoning_summary_text.done', { ...at, text });
      emit('response.reasoning_summary_part.done', { ...at, part: { type: 'summary_text', text } });
      const wantsEncrypted = body.include?.includes('reasoning.encrypted_content') === true;
      const item = {
        id: item_id,
        type: 'reasoning',
        summary: [{ type: 'summary_text', text }],
        ...(wantsEncrypted ? { encrypted_content: Buffer.from(`simulated:${text}`).toString('base64') } : {}),
      };
      output.push(item);
      emit('response.output_item.done', { output_index, item });
    }
  }

  if (script.text && !cut) {
    const output_index = output.length;
    const item_id = createId('msg_', 48);
    const status = script.stopReason === 'max_tokens' ? 'incomplete' : 'completed';
    const at = { item_id, output_index, content_index: 0 };
    const emptyPart = { type: 'output_text', annotations: [], logprobs: [], text: '' };
    emit('response.output_item.added', {
      output_index,
      item: { id: item_id, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
    });
    emit('response.content_part.added', { ...at, part: emptyPart });
    deltas(script.text.deltas, 'response.output_text.delta', { ...at, logprobs: [] });
    if (!cut) {
      const part = { ...emptyPart, text: script.text.text };
      emit('response.output_text.done', { ...at, text: script.text.text, logprobs: [] });
      emit('response.content_part.done', { ...at, part });
      const item = { id: item_id, type: 'message', status, content: [part], role: 'assistant' };
      output.push(item);
      emit('response.output_item.done', { output_index, item });
    }
  }

  for (const call of script.toolCalls) {
    if (cut) break;
    const output_index = output.length;
    const item_id = createId('fc_', 48);
    const base = {
      id: item_id,
      type: 'function_call',
      call_id: createId('call_'),
      name: call.name,
      ...(call.namespace === undefined ? {} : { namespace: call.namespace }),
    };
    emit('response.output_item.added', { output_index, item: { ...base, status: 'in_progress', arguments: '' } });
    deltas(call.argumentDeltas, 'response.function_call_arguments.delta', { item_id, output_index });
    if (cut) break;
    emit('response.function_call_arguments.done', { item_id, output_index, name: call.name, arguments: call.argumentsJson });
    const item = { ...base, status: 'completed', arguments: call.argumentsJson };
    output.push(item);
    emit('response.output_item.done', { output_index, item });
  }

  if (cut) {
    const error = createSimulatedError(script.midstreamErrorStatus ?? 500);
    const rendered = renderErrorBody('responses', error) as { error: { code: string | null; message: string } };
    const code = rendered.error.code ?? 'server_error';
    emit('error', { code, message: error.message, param: null });
    const failed = buildResponse(id, createdAt, body, 'failed', { output, error: { code, message: error.message } });
    emit('response.failed', { response: failed });
    return frames;
  }

  const incomplete = script.stopReason === 'max_tokens';
  const final = buildResponse(id, createdAt, body, incomplete ? 'incomplete' : 'completed', {
    output,
    usage: formatUsage(script, usage),
    ...(incomplete ? { incomplete_details: { reason: 'max_output_tokens' } } : { completed_at: unixSeconds() }),
  });
  if (shape === 'body') return final;
  emit(incomplete ? 'response.incomplete' : 'response.completed', { response: final });
  return frames;
}
