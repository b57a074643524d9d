import { GatewayError } from '../errors/gateway-error.ts';

/**
 * Reads a request body with a size limit (413 past it, checked against content-length first and
 * then while reading, so a lying or chunked client cannot make us buffer more) and parses JSON
 * (400 naming the problem).
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) throw new GatewayError('invalid_request', 'The request body is empty: send a JSON object.');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (size === 0) throw new GatewayError('invalid_request', 'The request body is empty: send a JSON object.');
  const text = new TextDecoder().decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GatewayError('invalid_request', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError('request_too_large', `Request body exceeds the ${formatBytes(maxBytes)} limit.`);
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
