import type { Protocol } from '../protocols/protocol.ts';
import { assertNever } from '../protocols/protocol.ts';
import { buildAnthropicRequest } from './anthropic/build-anthropic-request.ts';
import { AnthropicUsage } from './anthropic/anthropic-wire.ts';
import { formatAnthropicResponse } from './anthropic/format-anthropic-response.ts';
import { usageFromAnthropic } from './anthropic/map-anthropic-usage.ts';
import { parseAnthropicRequest } from './anthropic/parse-anthropic-request.ts';
import { parseAnthropicResponse } from './anthropic/parse-anthropic-response.ts';
import type { NeutralRequest } from './neutral/neutral-request.ts';
import type { NeutralResponse, Usage } from './neutral/neutral-response.ts';
import { buildOpenAIChatRequest } from './openai-chat/build-openai-chat-request.ts';
import { formatOpenAIChatResponse } from './openai-chat/format-openai-chat-response.ts';
import { usageFromChat } from './openai-chat/map-openai-chat-usage.ts';
import { ChatUsage } from './openai-chat/openai-chat-wire.ts';
import { parseOpenAIChatRequest } from './openai-chat/parse-openai-chat-request.ts';
import { parseOpenAIChatResponse } from './openai-chat/parse-openai-chat-response.ts';
import { preparePassthroughBody } from './passthrough/prepare-passthrough-body.ts';
import { applyProviderQuirks } from './quirks/apply-quirks.ts';
import { fitThinkingToLimit } from './anthropic/thinking-history.ts';
import { buildResponsesRequest } from './responses/build-responses-request.ts';
import { formatResponsesResponse } from './responses/format-responses-response.ts';
import { usageFromResponses } from './responses/map-responses-usage.ts';
import { parseResponsesRequest } from './responses/parse-responses-request.ts';
import { parseResponsesResponse } from './responses/parse-responses-response.ts';
import { ResponsesUsage } from './responses/responses-wire.ts';
import { isRecord } from './shared/parse-wire.ts';
import { collectResponsesToolNames, NO_CLIENT_TOOL_NAMES } from './shared/tool-names.ts';
import { defaultIssuer } from './stream/create-stream-translator.ts';
import type { TargetModel } from './target-model.ts';

/**
 * Translation between any client protocol and any upstream protocol. Same protocol: passthrough
 * (body as received except `model`, clamped limits and provider quirks). Different: parse to the
 * neutral representation, build for the upstream, apply the provider quirks.
 * @see ../../../shared/DESIGN.md §1
 */
export type { TargetModel } from './target-model.ts';
export type { Usage, NeutralResponse, FinishReason } from './neutral/neutral-response.ts';
export type { NeutralRequest } from './neutral/neutral-request.ts';
export type { StreamPart } from './neutral/stream-part.ts';
export { createStreamTranslator, createUsageTracker, type StreamTranslator, type StreamTranslatorOptions, type UsageTracker } from './stream/create-stream-translator.ts';
export { collectResponsesToolNames, type ClientToolNames } from './shared/tool-names.ts';

/**
 * Body to send upstream. Throws GatewayError('invalid_request') (400) for what only becomes invalid
 * after translation: an image type Anthropic does not take, a tool the target rejects, images for
 * a model without vision.
 */
export function buildUpstreamBody(args: { from: Protocol; to: Protocol; body: Record<string, unknown>; target: TargetModel }): Record<string, unknown> {
  if (args.from === args.to) return preparePassthroughBody(args.to, args.body, args.target);
  const neutral = parseRequest(args.from, args.body);
  const built = buildRequest(args.to, neutral, args.target);
  const out = applyProviderQuirks(args.to, built, args.target);
  return args.to === 'anthropic' ? fitThinkingToLimit(out) : out;
}

export function parseRequest(protocol: Protocol, body: unknown): NeutralRequest {
  switch (protocol) {
    case 'anthropic':
      return parseAnthropicRequest(body);
    case 'openai':
      return parseOpenAIChatRequest(body);
    case 'responses':
      return parseResponsesRequest(body);
    default:
      return assertNever(protocol, 'protocol');
  }
}

export function buildRequest(protocol: Protocol, request: NeutralRequest, target: TargetModel): Record<string, unknown> {
  switch (protocol) {
    case 'anthropic':
      return buildAnthropicRequest(request, target);
    case 'openai':
      return buildOpenAIChatRequest(request, target);
    case 'responses':
      return buildResponsesRequest(request, target);
    default:
      return assertNever(protocol, 'protocol');
  }
}

/**
 * Non-stream upstream JSON → client JSON in the client's protocol, `model` = clientModel.
 * `provider` names who issued any reasoning; `clientRequest` lets a Responses client get its
 * namespace / custom tool calls back under their own names.
 */
export function translateResponseBody(args: {
  from: Protocol;
  to: Protocol;
  body: unknown;
  clientModel: string;
  provider?: string;
  clientRequest?: Record<string, unknown>;
}): Record<string, unknown> {
  if (args.from === args.to && isRecord(args.body)) return { ...args.body, model: args.clientModel };
  const neutral = parseResponse(args.from, args.body, args.provider ?? defaultIssuer(args.from));
  switch (args.to) {
    case 'anthropic':
      return formatAnthropicResponse(neutral, args.clientModel);
    case 'openai':
      return formatOpenAIChatResponse(neutral, args.clientModel);
    case 'responses':
      return formatResponsesResponse(neutral, args.clientModel, args.clientRequest ? collectResponsesToolNames(args.clientRequest) : NO_CLIENT_TOOL_NAMES);
    default:
      return assertNever(args.to, 'protocol');
  }
}

export function parseResponse(protocol: Protocol, body: unknown, provider: string): NeutralResponse {
  switch (protocol) {
    case 'anthropic':
      return parseAnthropicResponse(body);
    case 'openai':
      return parseOpenAIChatResponse(body, provider);
    case 'responses':
      return parseResponsesResponse(body);
    default:
      return assertNever(protocol, 'protocol');
  }
}

/** Usage of a non-stream response body, normalised (input excludes cache reads and writes). */
export function extractUsage(protocol: Protocol, body: unknown): Usage | undefined {
  if (!isRecord(body) || !isRecord(body.usage)) return undefined;
  switch (protocol) {
    case 'anthropic': {
      const usage = AnthropicUsage.safeParse(body.usage);
      return usage.success ? usageFromAnthropic(usage.data) : undefined;
    }
    case 'openai': {
      const usage = ChatUsage.safeParse(body.usage);
      return usage.success ? usageFromChat(usage.data) : undefined;
    }
    case 'responses': {
      const usage = ResponsesUsage.safeParse(body.usage);
      return usage.success ? usageFromResponses(usage.data) : undefined;
    }
    default:
      return assertNever(protocol, 'protocol');
  }
}
