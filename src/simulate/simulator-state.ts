import { z } from 'zod';
import { PromptCache } from './prompt-cache.ts';

/**
 * Everything a test can observe or arrange about the simulator: queued faults, the requests it
 * received, and counters. Shared by the HTTP control API (`/_sim/*`) and in-process callers
 * (`startSimulator(...).state`), so a test may use whichever is closer at hand.
 */

export const FAULT_MODES = ['status', 'midstream', 'error-event', 'hang', 'slow-first-byte'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** Body of `POST /_sim/faults`. Defaults make `{}` a single 500 on the next request. */
export const faultSchema = z.object({
  /** Upstream model id the fault applies to, or `*` for any. */
  model: z.string().min(1).default('*'),
  status: z.number().int().min(400).max(599).default(500),
  /** How many matching requests consume this fault before it is gone. */
  times: z.number().int().min(1).default(1),
  /** Seconds sent as `retry-after` with the error. 429 gets 1 unless given. */
  retryAfter: z.number().min(0).optional(),
  mode: z.enum(FAULT_MODES).default('status'),
  /** `slow-first-byte`: wait before the response starts; `status`: wait before the error. */
  delayMs: z.number().int().min(0).default(0),
});
export type Fault = z.infer<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;

/** Headers worth asserting on: credentials as received, and the protocol-owned ones. */
export const RECORDED_HEADERS = [
  'authorization',
  'x-api-key',
  'anthropic-version',
  'anthropic-beta',
  'content-type',
  'accept',
  'user-agent',
  'openai-organization',
  'openai-project',
  'x-stainless-retry-count',
] as const;

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  model: string | null;
  stream: boolean;
  headers: Record<string, string>;
  body: unknown;
  receivedAt: number;
}

export interface SimulatorStats {
  received: number;
  /** Responses sent to their end (including error responses and streams that ended in an error event). */
  completed: number;
  /** Requests whose client went away before the response ended. */
  aborted: number;
  active: number;
}

/** One request's life, counted exactly once as completed or aborted. */
export interface RequestTracker {
  complete(): void;
  abort(): void;
  readonly settled: boolean;
}

export class SimulatorState {
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  readonly promptCache = new PromptCache();
  private readonly counters = { received: 0, completed: 0, aborted: 0, active: 0 };

  /** Oldest requests are dropped beyond this, so long benchmark runs keep a bounded memory. */
  constructor(readonly maxRecordedRequests = 500) {}

  get stats(): SimulatorStats {
    return { ...this.counters };
  }

  queueFault(input: FaultInput): Fault {
    const fault = faultSchema.parse(input);
    this.faults.push(fault);
    return fault;
  }

  /** Takes one use of the first fault that matches `model`, if any. */
  takeFault(model: string): Fault | undefined {
    const index = this.faults.findIndex((fault) => fault.model === '*' || fault.model === model);
    if (index === -1) return undefined;
    const fault = this.faults[index] as Fault;
    if (fault.times <= 1) this.faults.splice(index, 1);
    else this.faults[index] = { ...fault, times: fault.times - 1 };
    return fault;
  }

  record(request: RecordedRequest): void {
    this.requests.push(request);
    if (this.requests.length > this.maxRecordedRequests) this.requests.splice(0, this.requests.length - this.maxRecordedRequests);
  }

  track(): RequestTracker {
    const counters = this.counters;
    counters.received += 1;
    counters.active += 1;
    let settled = false;
    const settle = (outcome: 'completed' | 'aborted') => {
      if (settled) return;
      settled = true;
      counters.active -= 1;
      counters[outcome] += 1;
    };
    return {
      complete: () => settle('completed'),
      abort: () => settle('aborted'),
      get settled() {
        return settled;
      },
    };
  }

  reset(): void {
    this.requests.length = 0;
    this.faults.length = 0;
    this.promptCache.clear();
    // In-flight requests stay counted as active; they settle into the fresh counters.
    const active = this.counters.active;
    Object.assign(this.counters, { received: 0, completed: 0, aborted: 0, active });
  }
}
