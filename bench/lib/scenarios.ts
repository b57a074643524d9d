/**
 * The requests and streams every benchmark replays, loaded from fixtures/ once (never inside timed
 * code). The Claude Code capture had its long strings trimmed to keep the fixture small; they are
 * padded back to their recorded lengths with fixed filler, so the body is the real ~85 KB shape
 * (25 tools) byte for byte in size and structure, deterministically.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dir, '..', '..', 'fixtures');

const TRIM_MARK = /…\[trimmed; original length (\d+) chars\]$/;
const FILLER = ' lorem ipsum dolor sit amet';

/** Pads every `…[trimmed; original length N chars]` string back to N characters of filler. */
export function restoreOriginalLengths(value: unknown): unknown {
  if (typeof value === 'string') {
    const match = TRIM_MARK.exec(value);
    if (!match) return value;
    const kept = value.slice(0, match.index);
    const missing = Number(match[1]) - kept.length;
    return kept + FILLER.repeat(Math.ceil(missing / FILLER.length)).slice(0, missing);
  }
  if (Array.isArray(value)) return value.map(restoreOriginalLengths);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, restoreOriginalLengths(inner)]));
  return value;
}

interface Capture {
  request: { method: string; path: string; headers: Record<string, string>; body: Record<string, unknown> };
}

/** Claude Code 2.1.197 bodies measured ~85 KB on the wire (RUNTIME-NOTES.md); the capture restores to less. */
export const CLAUDE_CODE_BODY_BYTES = 85_000;

/**
 * Tops the tools' descriptions up with filler, evenly, until the body serialises to `bytes`: the
 * size real Claude Code turns have, with the structure of the captured one.
 */
export function inflateTools(body: Record<string, unknown>, bytes: number): Record<string, unknown> {
  const tools = body.tools as Array<Record<string, unknown>> | undefined;
  const missing = bytes - Buffer.byteLength(JSON.stringify(body));
  if (!tools?.length || missing <= 0) return body;
  const each = Math.floor(missing / tools.length);
  const padded = tools.map((tool, index) => {
    const extra = each + (index === 0 ? missing - each * tools.length : 0);
    return { ...tool, description: String(tool.description ?? '') + FILLER.repeat(Math.ceil(extra / FILLER.length)).slice(0, extra) };
  });
  return { ...body, tools: padded };
}

export interface ClaudeCodeRequest {
  body: Record<string, unknown>;
  /** The headers Claude Code sent that matter to a gateway (auth removed). */
  headers: Record<string, string>;
  bytes: number;
  tools: number;
}

/** Claude Code 2.1.197's tool-round-trip turn, restored and topped up to full size (~85 KB). */
export function loadClaudeCodeRequest(): ClaudeCodeRequest {
  const capture = JSON.parse(readFileSync(join(FIXTURES, 'captured', 'claude-code-2.1.197-messages-tool-roundtrip.json'), 'utf8')) as Capture;
  const body = inflateTools(restoreOriginalLengths(capture.request.body) as Record<string, unknown>, CLAUDE_CODE_BODY_BYTES);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(capture.request.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'anthropic-version' || lower === 'anthropic-beta' || lower === 'user-agent' || lower.startsWith('x-stainless') || lower === 'x-app' || lower === 'x-claude-code-session-id') headers[lower] = value;
  }
  return { body, headers, bytes: Buffer.byteLength(JSON.stringify(body)), tools: (body.tools as unknown[] | undefined)?.length ?? 0 };
}

interface Transcript {
  id: string;
  agent: string;
  protocol: 'openai' | 'anthropic' | 'responses';
  request: Record<string, unknown>;
}

/**
 * A typical small OpenAI-protocol coding request: the first OpenAI-protocol transcript of the
 * labelled eval split (test, else dev, else train).
 */
export function loadSmallOpenAIRequest(): { id: string; body: Record<string, unknown>; bytes: number } {
  for (const split of ['test', 'dev', 'train']) {
    let text: string;
    try {
      text = readFileSync(join(FIXTURES, 'labelled', `${split}.jsonl`), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const transcript = JSON.parse(line) as Transcript;
      if (transcript.protocol !== 'openai') continue;
      const { stream: _stream, stream_options: _options, ...body } = transcript.request;
      return { id: transcript.id, body, bytes: Buffer.byteLength(JSON.stringify(body)) };
    }
  }
  throw new Error('no OpenAI-protocol transcript in fixtures/labelled/*.jsonl');
}

/** A recorded upstream stream from fixtures/translate/streams, as raw bytes. */
export function loadStream(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, 'translate', 'streams', name)));
}

/** Splits bytes into network-sized chunks (every `size` bytes), as a socket would deliver them. */
export function chunk(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.subarray(offset, offset + size));
  return chunks;
}
