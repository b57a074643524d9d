import type { Server } from 'bun';
import { DEFAULT_CATALOG } from '../config/catalog.ts';
import { GatewayError, invalidRequest } from '../errors/gateway-error.ts';
import { renderErrorBody, renderErrorResponse } from '../errors/render-error.ts';
import type { Protocol } from '../protocols/protocol.ts';
import { parseDirectives } from './directives.ts';
import { createId } from './ids.ts';
import { planReply, selectDirectivesForTurn } from './reply-script.ts';
import { simulatedAnthropic } from './simulate-anthropic.ts';
import { simulatedOpenAIChat } from './simulate-openai-chat.ts';
import { simulatedResponses } from './simulate-responses.ts';
import { createMissingFieldError, createSimulatedError } from './simulated-errors.ts';
import type { SimulatedProtocol } from './simulated-protocol.ts';
import { faultSchema, RECORDED_HEADERS, SimulatorState, type Fault, type RequestTracker } from './simulator-state.ts';
import { createSseResponse, jsonFrame, sleep, waitForAbort, type SseFrame } from './sse-stream.ts';

export interface SimulatorOptions {
  /** 0 picks a free port (tests); the CLI defaults to 9090. */
  port?: number;
  /** Defaults to 127.0.0.1: the simulator accepts any key, so it should not listen on the network by accident. */
  hostname?: string;
  /** Wait before the first byte of every model response (time to first token). */
  latencyMs?: number;
  /** Wait between stream events (inter-token latency). */
  chunkDelayMs?: number;
  /** No per-request log line on stderr. Defaults to true when started from code; the CLI logs. */
  quiet?: boolean;
}

export interface RunningSimulator {
  /** Anthropic base URL; the OpenAI base URL is `${url}/v1`. */
  url: string;
  port: number;
  state: SimulatorState;
  stop(): Promise<void>;
}

/**
 * Starts the upstream simulator: OpenAI Chat Completions, OpenAI Responses and Anthropic Messages
 * on one port, faithful enough on the wire that the official SDKs, Claude Code and Codex cannot
 * tell it from the providers, and steerable (faults, directives, latency) so every test and
 * benchmark of the gateway runs offline, for free and deterministically.
 *
 * @example
 * const sim = await startSimulator({ port: 0 });
 * const openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-test' });
 * const anthropic = new Anthropic({ baseURL: sim.url, apiKey: 'sk-ant-test' });
 * await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ status: 529 }) });
 * await sim.stop();
 * @see ../../../shared/DESIGN.md §2 (`coderouter simulate`), README.md beside this file
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const state = new SimulatorState();
  const hostname = options.hostname ?? '127.0.0.1';
  const settings: HandlerSettings = {
    state,
    latencyMs: options.latencyMs ?? 0,
    chunkDelayMs: options.chunkDelayMs ?? 0,
    log: options.quiet === false ? (line) => console.error(line) : undefined,
  };
  const server: Server<undefined> = Bun.serve({
    port: options.port ?? 0,
    hostname,
    // Hanging and slow streams must stay open for as long as the test wants; Bun's default closes
    // a connection after 10 s without bytes.
    idleTimeout: 0,
    fetch: (request) => handleRequest(request, settings),
  });
  const port = server.port ?? options.port ?? 0;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return {
    url: `http://${host}:${port}`,
    port,
    state,
    stop: () => server.stop(true),
  };
}

interface HandlerSettings {
  state: SimulatorState;
  latencyMs: number;
  chunkDelayMs: number;
  log: ((line: string) => void) | undefined;
}

async function handleRequest(request: Request, settings: HandlerSettings): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = request.method;
  if (path.startsWith('/_sim/')) return handleControlRequest(request, path, settings.state);
  if (method === 'POST') {
    switch (path) {
      case '/v1/chat/completions':
        return handleModelRequest(simulatedOpenAIChat, request, url, settings);
      case '/v1/responses':
        return handleModelRequest(simulatedResponses, request, url, settings);
      case '/v1/messages':
        return handleModelRequest(simulatedAnthropic, request, url, settings);
      case '/v1/messages/count_tokens':
        return handleCountTokens(request, url, settings);
    }
  }
  if (method === 'GET' && path === '/v1/models') return Response.json(listModels());
  if (method === 'GET' && path.startsWith('/v1/models/')) return describeModel(decodeURIComponent(path.slice('/v1/models/'.length)));
  // Claude Code probes its base URL with HEAD before the first request.
  if ((method === 'GET' || method === 'HEAD') && (path === '/' || path === '/v1')) return new Response(method === 'HEAD' ? null : 'ok');
  const protocol: Protocol = path.startsWith('/v1/messages') ? 'anthropic' : 'openai';
  return renderErrorResponse(protocol, new GatewayError('not_found', `Simulator has no route ${method} ${path}`));
}

type AnySimulatedProtocol = SimulatedProtocol<{ model: string }>;

async function readBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; text: string }> {
  const text = await request.text();
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, text };
  }
}

function recordRequest(state: SimulatorState, request: Request, url: URL, body: unknown): void {
  const headers: Record<string, string> = {};
  for (const name of RECORDED_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  state.record({
    method: request.method,
    path: url.pathname,
    query: url.search,
    model: typeof record.model === 'string' ? record.model : null,
    stream: record.stream === true,
    headers,
    body,
    receivedAt: Date.now(),
  });
}

/** Validation failures are worded per field, as the providers do, never as zod's raw output. */
function describeValidationFailure(issues: readonly { path: PropertyKey[]; code: string; message: string; input?: unknown }[]): GatewayError {
  const issue = issues[0];
  const field = issue?.path.map(String).join('.') || 'body';
  if (issue && issue.input === undefined) return createMissingFieldError(field);
  return invalidRequest(`${field}: ${issue?.message ?? 'invalid value'}`, field);
}

async function handleModelRequest(
  simulated: AnySimulatedProtocol,
  request: Request,
  url: URL,
  settings: HandlerSettings,
): Promise<Response> {
  const { state } = settings;
  const tracker = state.track();
  const protocol = simulated.protocol;
  const headers = { [simulated.requestIdHeader]: createId('req_') };
  const fail = (error: GatewayError, status = error.status): Response => {
    settings.log?.(`sim ${url.pathname} → ${status} ${error.message}`);
    tracker.complete();
    const response = renderErrorResponse(protocol, error);
    response.headers.set(simulated.requestIdHeader, headers[simulated.requestIdHeader] as string);
    return response;
  };

  const raw = await readBody(request);
  recordRequest(state, request, url, raw.ok ? raw.value : raw.text);
  if (!raw.ok) return fail(invalidRequest('The request body is not valid JSON.'));
  const parsed = simulated.schema.safeParse(raw.value);
  if (!parsed.success) return fail(describeValidationFailure(parsed.error.issues));
  const body = parsed.data;

  const turn = simulated.readTurn(body);
  const directives = selectDirectivesForTurn(turn, parseDirectives(turn.lastUserText));
  const fault: Fault | undefined = state.takeFault(body.model);
  const stream = simulated.isStreaming(body);
  const outcome = decideOutcome(fault, directives);

  const aborted = await sleep(settings.latencyMs + (fault?.delayMs ?? 0), request.signal);
  if (aborted) return abandon(tracker);
  if (outcome.errorStatus !== undefined) return fail(createSimulatedError(outcome.errorStatus, fault?.retryAfter));
  // A non-streamed body cannot fail half-way: the error is its status.
  if (!stream && outcome.midstreamErrorStatus !== undefined) return fail(createSimulatedError(outcome.midstreamErrorStatus));
  if (!stream && outcome.errorEventStatus !== undefined) return fail(createSimulatedError(outcome.errorEventStatus));

  const usage = simulated.measurePrompt(body, state.promptCache);
  const script = planReply(turn, directives);
  if (outcome.midstreamErrorStatus !== undefined) script.midstreamErrorStatus = outcome.midstreamErrorStatus;
  settings.log?.(`sim ${url.pathname} model=${body.model}${stream ? ' stream' : ''}${outcome.hang ? ' hang' : ''}`);

  if (stream) {
    const frames = outcome.errorEventStatus !== undefined ? errorEventFrames(simulated.protocol, outcome.errorEventStatus) : simulated.formatStream(script, body, usage);
    return createSseResponse({
      frames: outcome.hang ? [] : frames,
      delayMs: directives.slowMs ?? settings.chunkDelayMs,
      hang: outcome.hang,
      signal: request.signal,
      tracker,
      headers,
    });
  }
  if (outcome.hang) {
    await waitForAbort(request.signal);
    return abandon(tracker);
  }
  tracker.complete();
  return Response.json(simulated.formatResponse(script, body, usage), { headers });
}

interface Outcome {
  errorStatus?: number;
  midstreamErrorStatus?: number;
  /** HTTP 200, then the protocol's error event as the very first event (Anthropic does this when overloaded). */
  errorEventStatus?: number;
  hang: boolean;
}

/** A queued fault wins over the prompt's directives: the test that queued it asked explicitly. */
function decideOutcome(fault: Fault | undefined, directives: ReturnType<typeof parseDirectives>): Outcome {
  if (fault) {
    switch (fault.mode) {
      case 'status':
        return { errorStatus: fault.status, hang: false };
      case 'midstream':
        return { midstreamErrorStatus: fault.status, hang: false };
      case 'error-event':
        return { errorEventStatus: fault.status, hang: false };
      case 'hang':
        return { hang: true };
      case 'slow-first-byte':
        break;
    }
  }
  return {
    ...(directives.errorStatus === undefined ? {} : { errorStatus: directives.errorStatus }),
    ...(directives.midstreamErrorStatus === undefined ? {} : { midstreamErrorStatus: directives.midstreamErrorStatus }),
    hang: directives.hang,
  };
}

/** A stream that is nothing but the protocol's error event. */
function errorEventFrames(protocol: Protocol, status: number): SseFrame[] {
  const error = createSimulatedError(status);
  switch (protocol) {
    case 'anthropic':
      return [jsonFrame(renderErrorBody('anthropic', error), 'error')];
    case 'openai':
      return [jsonFrame(renderErrorBody('openai', error))];
    case 'responses': {
      const body = renderErrorBody('responses', error) as { error: { type: string; code: string | null } };
      return [jsonFrame({ type: 'error', code: body.error.code ?? body.error.type, message: error.message, param: null, sequence_number: 0 }, 'error')];
    }
  }
}

/** The client left; nobody reads this response. */
function abandon(tracker: RequestTracker): Response {
  tracker.abort();
  return new Response(null, { status: 499 });
}

async function handleCountTokens(request: Request, url: URL, settings: HandlerSettings): Promise<Response> {
  const tracker = settings.state.track();
  const raw = await readBody(request);
  recordRequest(settings.state, request, url, raw.ok ? raw.value : raw.text);
  tracker.complete();
  if (!raw.ok) return renderErrorResponse('anthropic', invalidRequest('The request body is not valid JSON.'));
  const parsed = simulatedAnthropic.schema.safeParse(raw.value);
  if (!parsed.success) return renderErrorResponse('anthropic', describeValidationFailure(parsed.error.issues));
  return Response.json({ input_tokens: simulatedAnthropic.countPromptTokens(parsed.data) });
}

const MODELS_CREATED = 1_767_225_600; // 2026-01-01, fixed so listings are deterministic

function describeCatalogModel(model: { upstreamId: string; id: string; provider: string }) {
  // One object both SDKs accept: OpenAI's `object`/`created`/`owned_by`, Anthropic's `type`/`display_name`/`created_at`.
  return {
    id: model.upstreamId,
    object: 'model',
    created: MODELS_CREATED,
    owned_by: model.provider,
    type: 'model',
    display_name: model.id,
    created_at: new Date(MODELS_CREATED * 1000).toISOString(),
  };
}

function listModels() {
  const data = DEFAULT_CATALOG.map(describeCatalogModel);
  return { object: 'list', data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

function describeModel(id: string): Response {
  const model = DEFAULT_CATALOG.find((candidate) => candidate.upstreamId === id);
  // Any id is served by the simulator, so an unknown one is described too rather than a 404.
  return Response.json(describeCatalogModel(model ?? { upstreamId: id, id, provider: 'simulator' }));
}

async function handleControlRequest(request: Request, path: string, state: SimulatorState): Promise<Response> {
  const route = `${request.method} ${path}`;
  switch (route) {
    case 'POST /_sim/faults': {
      const raw = await readBody(request);
      const inputs = raw.ok ? (Array.isArray(raw.value) ? raw.value : [raw.value]) : [undefined];
      const parsed = inputs.map((input) => faultSchema.safeParse(input ?? null));
      const invalid = parsed.find((result) => !result.success);
      if (invalid && !invalid.success) {
        return Response.json({ error: { message: `invalid fault: ${invalid.error.issues[0]?.message ?? 'bad body'}` } }, { status: 400 });
      }
      const queued = parsed.map((result) => state.queueFault(result.data!));
      return Response.json({ queued, pending: state.faults.length });
    }
    case 'GET /_sim/faults':
      return Response.json({ faults: state.faults });
    case 'POST /_sim/reset':
      state.reset();
      return Response.json({ ok: true });
    case 'GET /_sim/requests':
      return Response.json(state.requests);
    case 'GET /_sim/stats':
      return Response.json(state.stats);
    default:
      return Response.json({ error: { message: `no control route ${route}` } }, { status: 404 });
  }
}
