import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SseDecoder, type SseMessage } from '../sse/decode-sse.ts';
import type { TargetModel } from './target-model.ts';

/** Shared by the translation tests: recorded fixtures and catalog-like targets. Not used at run time. */
export const FIXTURES = join(import.meta.dir, '../../fixtures/translate');

export function readFixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export function readJsonFixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFixture(path)) as T;
}

export function listFixtures(dir: string): string[] {
  return readdirSync(join(FIXTURES, dir)).sort();
}

export const TARGETS = {
  sonnet: { upstreamId: 'claude-sonnet-4-6', provider: 'anthropic', maxOutputTokens: 64_000, capabilities: { tools: true, vision: true, thinking: true } },
  gpt5: { upstreamId: 'gpt-5', provider: 'openai', maxOutputTokens: 128_000, capabilities: { tools: true, vision: true, thinking: true } },
  gpt4o: { upstreamId: 'gpt-4o', provider: 'openai', maxOutputTokens: 16_384, capabilities: { tools: true, vision: true, thinking: false } },
  deepseekChat: { upstreamId: 'deepseek-chat', provider: 'deepseek', maxOutputTokens: 8_192, capabilities: { tools: true, vision: false, thinking: false } },
  deepseekReasoner: { upstreamId: 'deepseek-reasoner', provider: 'deepseek', maxOutputTokens: 64_000, capabilities: { tools: true, vision: false, thinking: true } },
  gemini: { upstreamId: 'gemini-3-pro-preview', provider: 'gemini', maxOutputTokens: 65_536, capabilities: { tools: true, vision: true, thinking: true } },
} satisfies Record<string, TargetModel>;

/** Decodes a recorded SSE text fed in the given byte chunks. */
export function decodeSse(bytes: Uint8Array, chunkSizes: (offset: number) => number = () => bytes.length): SseMessage[] {
  const decoder = new SseDecoder();
  const messages: SseMessage[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const size = Math.max(1, chunkSizes(offset));
    messages.push(...decoder.push(bytes.subarray(offset, offset + size)));
    offset += size;
  }
  messages.push(...decoder.end());
  return messages;
}

/** Parses the frames a translator produced back into (event, data) pairs. */
export function parseFrames(frames: string[]): Array<{ event: string | undefined; data: string }> {
  return decodeSse(new TextEncoder().encode(frames.join(''))).map((message) => ({ event: message.event, data: message.data }));
}

/** Random ids and timestamps differ per run; everything else must not. */
export function normaliseIds(text: string): string {
  return text
    .replace(/\b(msg|chatcmpl|resp|rs|call|fc_call|ctc)[-_][A-Za-z0-9]{24}\b/g, '$1_<id>')
    .replace(/"(created|created_at)":\d+/g, '"$1":0');
}
