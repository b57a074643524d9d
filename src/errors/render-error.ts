import type { Protocol } from '../protocols/protocol.ts';
import { assertNever } from '../protocols/protocol.ts';
import type { ErrorKind, GatewayError } from './gateway-error.ts';

/**
 * Renders a GatewayError in the caller's protocol, as a JSON body or as a mid-stream SSE event.
 * OpenAI:    { error: { message, type, param, code } }
 * Anthropic: { type: "error", error: { type, message } }
 * Responses: same body as OpenAI; mid-stream an `error` event.
 * @see ../../../shared/DESIGN.md §3
 */

function openaiType(kind: ErrorKind): string {
  switch (kind) {
    case 'invalid_request':
    case 'not_found':
    case 'request_too_large':
      return 'invalid_request_error';
    case 'authentication':
      return 'authentication_error';
    case 'permission':
      return 'permission_error';
    case 'rate_limit':
      return 'rate_limit_error';
    case 'upstream':
    case 'overloaded':
    case 'timeout':
    case 'unavailable':
    case 'internal':
      return 'server_error';
    default:
      return assertNever(kind, 'error kind');
  }
}

function anthropicType(kind: ErrorKind, status: number): string {
  switch (kind) {
    case 'invalid_request':
      return 'invalid_request_error';
    case 'authentication':
      return 'authentication_error';
    case 'permission':
      return 'permission_error';
    case 'not_found':
      return 'not_found_error';
    case 'request_too_large':
      return 'request_too_large';
    case 'rate_limit':
      return 'rate_limit_error';
    case 'overloaded':
      return 'overloaded_error';
    case 'timeout':
      return 'timeout_error';
    case 'upstream':
      return status >= 500 ? 'api_error' : 'invalid_request_error';
    case 'unavailable':
    case 'internal':
      return 'api_error';
    default:
      return assertNever(kind, 'error kind');
  }
}

function openaiCode(error: GatewayError): string | null {
  if (error.code) return error.code;
  if (error.kind === 'rate_limit') return 'rate_limit_exceeded';
  if (error.kind === 'not_found') return 'model_not_found';
  if (error.kind === 'authentication') return 'invalid_api_key';
  return null;
}

export function renderErrorBody(protocol: Protocol, error: GatewayError): unknown {
  switch (protocol) {
    case 'openai':
    case 'responses':
      return {
        error: { message: error.message, type: openaiType(error.kind), param: error.param, code: openaiCode(error) },
      };
    case 'anthropic':
      return { type: 'error', error: { type: anthropicType(error.kind, error.status), message: error.message } };
    default:
      return assertNever(protocol, 'protocol');
  }
}

/** Headers every error response carries: content type, retry-after, and the error's own. */
export function renderErrorHeaders(error: GatewayError): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...error.headers };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(0, Math.ceil(error.retryAfterSeconds)));
  if (error.kind === 'authentication' && !headers['www-authenticate']) headers['www-authenticate'] = 'Bearer';
  return headers;
}

export function renderErrorResponse(protocol: Protocol, error: GatewayError): Response {
  return new Response(JSON.stringify(renderErrorBody(protocol, error)), {
    status: error.status,
    headers: renderErrorHeaders(error),
  });
}

/**
 * The SSE frame that reports an error after a stream has started, in the client's protocol.
 * OpenAI Chat has no error event: clients (openai-node) treat a `data:` object with `error` as an
 * APIError, so we send that. Anthropic and Responses have a named `error` event.
 */
export function renderErrorEvent(protocol: Protocol, error: GatewayError): string {
  switch (protocol) {
    case 'openai':
      return `data: ${JSON.stringify(renderErrorBody('openai', error))}\n\n`;
    case 'anthropic':
      return `event: error\ndata: ${JSON.stringify(renderErrorBody('anthropic', error))}\n\n`;
    case 'responses': {
      const body = renderErrorBody('responses', error) as { error: { type: string; code: string | null; param: string | null } };
      return `event: error\ndata: ${JSON.stringify({
        type: 'error',
        code: body.error.code ?? body.error.type,
        message: error.message,
        param: body.error.param,
      })}\n\n`;
    }
    default:
      return assertNever(protocol, 'protocol');
  }
}
