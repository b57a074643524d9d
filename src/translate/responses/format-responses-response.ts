import type { NeutralResponse } from '../neutral/neutral-response.ts';
import { newResponseId } from '../shared/ids.ts';
import type { ClientToolNames } from '../shared/tool-names.ts';
import { statusToResponses } from './map-responses-status.ts';
import { usageToResponses } from './map-responses-usage.ts';
import { outputItems } from './format-responses-output-item.ts';

/**
 * Neutral → Responses API response body (`resp_` id, output items, usage).
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export function formatResponsesResponse(response: NeutralResponse, clientModel: string, names: ClientToolNames): Record<string, unknown> {
  return responseObject({
    id: response.id.startsWith('resp_') ? response.id : newResponseId(),
    clientModel,
    ...statusToResponses(response.finish),
    output: outputItems(response.content, names),
    usage: usageToResponses(response.usage),
  });
}

export function responseObject(args: {
  id: string;
  clientModel: string;
  status: string;
  incomplete_details: unknown;
  output: unknown[];
  usage: unknown;
  createdAt?: number;
}): Record<string, unknown> {
  return {
    id: args.id,
    object: 'response',
    created_at: args.createdAt ?? Math.floor(Date.now() / 1000),
    status: args.status,
    error: null,
    incomplete_details: args.incomplete_details,
    model: args.clientModel,
    output: args.output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    usage: args.usage,
  };
}
