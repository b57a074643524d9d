import { GatewayError, type ErrorKind } from '../../errors/gateway-error.ts';
import { isRecord } from './parse-wire.ts';

/**
 * An error an upstream reported inside a stream (or a 200 body), as our one error type, so the
 * client's protocol can render it (render-error.ts renderErrorEvent).
 */
const ANTHROPIC_KINDS: Record<string, ErrorKind> = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  permission_error: 'permission',
  not_found_error: 'not_found',
  request_too_large: 'request_too_large',
  rate_limit_error: 'rate_limit',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
  api_error: 'upstream',
};

const OPENAI_KINDS: Record<string, ErrorKind> = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  permission_error: 'permission',
  rate_limit_error: 'rate_limit',
  rate_limit_exceeded: 'rate_limit',
  insufficient_quota: 'rate_limit',
  server_error: 'upstream',
  server_is_overloaded: 'overloaded',
  context_length_exceeded: 'invalid_request',
};

export function upstreamStreamError(error: unknown, family: 'anthropic' | 'openai'): GatewayError {
  const record = isRecord(error) ? error : {};
  const type = typeof record.type === 'string' ? record.type : undefined;
  const code = typeof record.code === 'string' ? record.code : undefined;
  const message = typeof record.message === 'string' && record.message !== '' ? record.message : 'The upstream model reported an error mid-stream';
  const table = family === 'anthropic' ? ANTHROPIC_KINDS : OPENAI_KINDS;
  const kind = (code && table[code]) || (type && table[type]) || 'upstream';
  return new GatewayError(kind, message, { code: code ?? null, cause: error });
}
