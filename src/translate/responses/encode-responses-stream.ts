import { GatewayError } from '../../errors/gateway-error.ts';
import { renderErrorEvent } from '../../errors/render-error.ts';
import { assertNever } from '../../protocols/protocol.ts';
import { encodeSseMessage } from '../../sse/decode-sse.ts';
import { ZERO_USAGE, type Usage } from '../neutral/neutral-response.ts';
import type { StreamPart } from '../neutral/stream-part.ts';
import { newResponseId, randomToken } from '../shared/ids.ts';
import type { ClientToolNames } from '../shared/tool-names.ts';
import { argumentsToCustomInput } from '../shared/tool-names.ts';
import { messageItem, reasoningItem, toolCallItem } from './format-responses-output-item.ts';
import { responseObject } from './format-responses-response.ts';
import { statusToResponses } from './map-responses-status.ts';
import { usageToResponses } from './map-responses-usage.ts';

type Open =
  | { kind: 'message'; partId: string; outputIndex: number; itemId: string; text: string }
  | { kind: 'reasoning'; partId: string; outputIndex: number; itemId: string; text: string; summaryOpen: boolean; redactedData?: string }
  | { kind: 'tool'; partId: string; outputIndex: number; item: Record<string, unknown>; name: string; namespace?: string; upstreamCustom: boolean; args: string };

/**
 * Neutral stream parts → Responses API SSE events: `response.created`, `response.in_progress`, then
 * per output item `output_item.added` … `output_item.done` with `output_index` counting items and
 * `content_index` / `summary_index` 0, every event numbered by `sequence_number`, and finally
 * `response.completed` (or `response.incomplete`) carrying all output items and usage.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export class ResponsesStreamEncoder {
  private sequence = 0;
  private id = newResponseId();
  private createdAt = Math.floor(Date.now() / 1000);
  private started = false;
  private done = false;
  private open: Open | undefined;
  private readonly output: Record<string, unknown>[] = [];
  private usage: Usage = ZERO_USAGE;

  constructor(
    private readonly clientModel: string,
    private readonly issuer: string,
    private readonly names: ClientToolNames,
  ) {}

  encode(part: StreamPart): string[] {
    if (this.done) return [];
    if (part.type === 'error') return this.fail(part.error);
    const frames = this.started ? [] : this.start(part);
    switch (part.type) {
      case 'response-metadata':
      case 'tool-call':
        break;
      case 'text-start':
        frames.push(...this.openMessage(part.id));
        break;
      case 'text-delta': {
        if (this.open?.kind !== 'message') frames.push(...this.openMessage(part.id));
        const open = this.open as Extract<Open, { kind: 'message' }>;
        open.text += part.delta;
        frames.push(this.event('response.output_text.delta', { item_id: open.itemId, output_index: open.outputIndex, content_index: 0, delta: part.delta, logprobs: [] }));
        break;
      }
      case 'text-end':
        break; // the message item stays open so adjacent text blocks share it; closed by the next item
      case 'reasoning-start': {
        frames.push(...this.close());
        const itemId = part.itemId ?? `rs_${randomToken()}`;
        this.open = { kind: 'reasoning', partId: part.id, outputIndex: this.output.length, itemId, text: '', summaryOpen: false, ...(part.redactedData !== undefined ? { redactedData: part.redactedData } : {}) };
        frames.push(this.event('response.output_item.added', { output_index: this.open.outputIndex, item: { type: 'reasoning', id: itemId, summary: [] } }));
        break;
      }
      case 'reasoning-delta': {
        const open = this.open;
        if (open?.kind !== 'reasoning' || open.partId !== part.id) break;
        const at = { item_id: open.itemId, output_index: open.outputIndex, summary_index: 0 };
        if (!open.summaryOpen) {
          open.summaryOpen = true;
          frames.push(this.event('response.reasoning_summary_part.added', { ...at, part: { type: 'summary_text', text: '' } }));
        }
        open.text += part.delta;
        frames.push(this.event('response.reasoning_summary_text.delta', { ...at, delta: part.delta }));
        break;
      }
      case 'reasoning-end':
        if (this.open?.kind === 'reasoning' && this.open.partId === part.id) frames.push(...this.closeReasoning(part.signature, part.encryptedContent));
        break;
      case 'tool-input-start': {
        frames.push(...this.close());
        const outputIndex = this.output.length;
        const item = toolCallItem({ id: part.id, name: part.toolName, arguments: '', ...(part.namespace ? { namespace: part.namespace } : {}), ...(part.kind ? { kind: part.kind } : {}) }, this.names, 'in_progress');
        this.open = { kind: 'tool', partId: part.id, outputIndex, item, name: part.toolName, upstreamCustom: part.kind === 'custom', args: '', ...(part.namespace ? { namespace: part.namespace } : {}) };
        frames.push(this.event('response.output_item.added', { output_index: outputIndex, item }));
        break;
      }
      case 'tool-input-delta': {
        const open = this.open;
        if (open?.kind !== 'tool' || open.partId !== part.id) break;
        open.args += part.delta;
        // A client custom tool fed by a JSON-arguments upstream gets its input unwrapped at the end.
        if (open.item.type === 'function_call' || open.upstreamCustom) {
          const name = open.item.type === 'function_call' ? 'response.function_call_arguments.delta' : 'response.custom_tool_call_input.delta';
          frames.push(this.event(name, { item_id: open.item.id, output_index: open.outputIndex, delta: part.delta }));
        }
        break;
      }
      case 'tool-input-end':
        if (this.open?.kind === 'tool' && this.open.partId === part.id) frames.push(...this.closeTool());
        break;
      case 'usage':
        this.usage = part.usage;
        break;
      case 'finish': {
        if (part.usage) this.usage = part.usage;
        frames.push(...this.close());
        const status = statusToResponses(part.finish);
        const response = responseObject({ id: this.id, clientModel: this.clientModel, createdAt: this.createdAt, ...status, output: this.output, usage: usageToResponses(this.usage) });
        frames.push(this.event(status.status === 'completed' ? 'response.completed' : 'response.incomplete', { response }));
        this.done = true;
        break;
      }
      default:
        assertNever(part, 'stream part');
    }
    return frames;
  }

  end(): string[] {
    if (this.done) return [];
    return this.encode({ type: 'finish', finish: { reason: 'stop' } });
  }

  private start(part: StreamPart): string[] {
    this.started = true;
    if (part.type === 'response-metadata' && part.id?.startsWith('resp_')) this.id = part.id;
    const response = responseObject({ id: this.id, clientModel: this.clientModel, createdAt: this.createdAt, status: 'in_progress', incomplete_details: null, output: [], usage: null });
    return [this.event('response.created', { response }), this.event('response.in_progress', { response })];
  }

  /** The protocol's `error` event, then `response.failed` so clients waiting for a terminal event get one. */
  private fail(error: GatewayError): string[] {
    this.done = true;
    const frames = [renderErrorEvent('responses', error)];
    if (this.started) {
      const response = { ...responseObject({ id: this.id, clientModel: this.clientModel, createdAt: this.createdAt, status: 'failed', incomplete_details: null, output: this.output, usage: usageToResponses(this.usage) }), error: { code: error.code ?? 'server_error', message: error.message } };
      frames.push(this.event('response.failed', { response }));
    }
    return frames;
  }

  private openMessage(partId: string): string[] {
    if (this.open?.kind === 'message') {
      this.open.partId = partId;
      return [];
    }
    const frames = this.close();
    const itemId = `msg_${randomToken()}`;
    this.open = { kind: 'message', partId, outputIndex: this.output.length, itemId, text: '' };
    const at = { output_index: this.open.outputIndex };
    frames.push(this.event('response.output_item.added', { ...at, item: { type: 'message', id: itemId, status: 'in_progress', role: 'assistant', content: [] } }));
    frames.push(this.event('response.content_part.added', { item_id: itemId, ...at, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } }));
    return frames;
  }

  private close(): string[] {
    switch (this.open?.kind) {
      case undefined:
        return [];
      case 'message': {
        const open = this.open;
        this.open = undefined;
        const item = messageItem(open.itemId, open.text);
        this.output.push(item);
        const at = { item_id: open.itemId, output_index: open.outputIndex, content_index: 0 };
        return [
          this.event('response.output_text.done', { ...at, text: open.text, logprobs: [] }),
          this.event('response.content_part.done', { ...at, part: { type: 'output_text', text: open.text, annotations: [], logprobs: [] } }),
          this.event('response.output_item.done', { output_index: open.outputIndex, item }),
        ];
      }
      case 'reasoning':
        return this.closeReasoning(undefined, undefined);
      case 'tool':
        return this.closeTool();
    }
  }

  private closeReasoning(signature: string | undefined, encryptedContent: string | undefined): string[] {
    const open = this.open as Extract<Open, { kind: 'reasoning' }>;
    this.open = undefined;
    const frames: string[] = [];
    const at = { item_id: open.itemId, output_index: open.outputIndex, summary_index: 0 };
    if (open.summaryOpen) {
      frames.push(this.event('response.reasoning_summary_text.done', { ...at, text: open.text }));
      frames.push(this.event('response.reasoning_summary_part.done', { ...at, part: { type: 'summary_text', text: open.text } }));
    }
    const fields: Parameters<typeof reasoningItem>[0] = { text: open.text, issuer: this.issuer, itemId: open.itemId };
    if (signature) fields.signature = signature;
    if (encryptedContent) fields.encryptedContent = encryptedContent;
    if (open.redactedData !== undefined) fields.redactedData = open.redactedData;
    const item = reasoningItem(fields, open.itemId);
    this.output.push(item);
    frames.push(this.event('response.output_item.done', { output_index: open.outputIndex, item }));
    return frames;
  }

  private closeTool(): string[] {
    const open = this.open as Extract<Open, { kind: 'tool' }>;
    this.open = undefined;
    const item = toolCallItem({ id: open.partId, name: open.name, arguments: open.args, ...(open.namespace ? { namespace: open.namespace } : {}), ...(open.upstreamCustom ? { kind: 'custom' as const } : {}) }, this.names);
    this.output.push(item);
    const at = { item_id: item.id, output_index: open.outputIndex };
    const frames: string[] = [];
    if (item.type === 'function_call') frames.push(this.event('response.function_call_arguments.done', { ...at, arguments: item.arguments }));
    else {
      const input = open.upstreamCustom ? open.args : argumentsToCustomInput(open.args);
      if (!open.upstreamCustom) frames.push(this.event('response.custom_tool_call_input.delta', { ...at, delta: input }));
      frames.push(this.event('response.custom_tool_call_input.done', { ...at, input }));
    }
    frames.push(this.event('response.output_item.done', { output_index: open.outputIndex, item }));
    return frames;
  }

  private event(type: string, fields: Record<string, unknown>): string {
    return encodeSseMessage(JSON.stringify({ type, sequence_number: this.sequence++, ...fields }), type);
  }
}
