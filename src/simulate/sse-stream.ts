import { encodeSseMessage } from '../sse/decode-sse.ts';
import type { RequestTracker } from './simulator-state.ts';

/**
 * Writes a simulated stream: typed frames encoded once with the project's SSE encoder, paced by a
 * delay, and watched for the client going away (ReadableStream `cancel` and the request's abort
 * signal both count, whichever Bun reports first), which the gateway's abort-on-hangup tests
 * assert through `/_sim/stats`.
 */
export interface SseFrame {
  /** SSE `event:` name; omitted for OpenAI Chat Completions, whose stream has none. */
  event?: string;
  data: string;
}

export function jsonFrame(value: unknown, event?: string): SseFrame {
  return event === undefined ? { data: JSON.stringify(value) } : { event, data: JSON.stringify(value) };
}

export interface SseResponseOptions {
  frames: readonly SseFrame[];
  /** Pause before every frame after the first. */
  delayMs: number;
  /** Send headers (and one SSE comment), then nothing until the client goes away. */
  hang: boolean;
  signal: AbortSignal;
  tracker: RequestTracker;
  headers: Record<string, string>;
}

const encoder = new TextEncoder();

export function createSseResponse(options: SseResponseOptions): Response {
  const { frames, delayMs, hang, signal, tracker } = options;
  let cancelled = false;
  let wake: (() => void) | undefined;
  const onAbort = () => {
    cancelled = true;
    tracker.abort();
    wake?.();
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      if (hang) {
        // Bun sends the headers only with the first body bytes. An SSE comment gets them out and
        // is skipped by every SSE parser (OpenAI-compatible providers send such comments too).
        controller.enqueue(encoder.encode(': waiting\n\n'));
        return;
      }
      if (delayMs <= 0) {
        // Zero-latency mode (benchmarks): everything at once, no timers.
        for (const frame of frames) enqueueFrame(controller, frame);
        finish(controller);
        return;
      }
      void (async () => {
        for (const [index, frame] of frames.entries()) {
          if (index > 0) await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, delayMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          if (cancelled) return;
          enqueueFrame(controller, frame);
        }
        finish(controller);
      })();
    },
    cancel() {
      onAbort();
    },
  });

  function finish(controller: ReadableStreamDefaultController<Uint8Array>) {
    signal.removeEventListener('abort', onAbort);
    tracker.complete();
    controller.close();
  }

  return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...options.headers } });
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/**
 * A frame holding a multi-byte character is written as two chunks split inside that character, so
 * a gateway that decodes each network chunk on its own (instead of a streaming TextDecoder) shows
 * the bug in tests. Whether the halves reach the socket separately is up to the runtime.
 */
function enqueueFrame(controller: ReadableStreamDefaultController<Uint8Array>, frame: SseFrame): void {
  const bytes = encoder.encode(encodeSseMessage(frame.data, frame.event));
  const firstMultiByte = bytes.findIndex((byte) => byte >= 0x80);
  if (firstMultiByte === -1) {
    controller.enqueue(bytes);
    return;
  }
  controller.enqueue(bytes.subarray(0, firstMultiByte + 1));
  controller.enqueue(bytes.subarray(firstMultiByte + 1));
}

/** Resolves when `signal` aborts (the client went away); no timer, so it can wait forever. */
export function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Waits `ms` (finite); resolves early with `true` if `signal` aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(true);
  if (ms <= 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
