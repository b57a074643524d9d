import { Hono } from 'hono';
import type { Context } from 'hono';
import { AUTO_MODEL_IDS } from '../router/resolve-model-name.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { renderErrorResponse } from '../errors/render-error.ts';
import { handleModelRequest, type RequestContext } from '../gateway/handle-model-request.ts';
import { countTokens } from '../gateway/count-tokens.ts';
import type { GatewayServices } from '../gateway/services.ts';
import type { Protocol } from '../protocols/protocol.ts';
import { normalizePath, pathOf } from './normalize-path.ts';

/**
 * The HTTP edge: routes, auth, rate limits, and errors rendered in the caller's protocol.
 * Every path is served under `/v1`, `/api/v1` and the doubled `/v1/v1` (see normalize-path.ts).
 * @see ../../../shared/DESIGN.md §3
 */
export function createApp(services: GatewayServices, options: { admin?: Hono } = {}): Hono {
  const app = new Hono({ getPath: (request) => normalizePath(pathOf(request.url)) });

  const root = (c: Context) => c.json({ name: 'coderouter', status: 'ok', docs: 'POST /v1/chat/completions, /v1/messages, /v1/responses' });
  for (const path of ['/', '/v1']) {
    app.get(path, root);
    app.on('HEAD', path, (c) => c.body(null, 200));
  }
  app.get('/healthz', (c) => c.json({ status: 'ok', ...services.health() }));

  app.get('/v1/models', async (c) => {
    try {
      const { headers } = await authenticateAndLimit(services, c.req.raw);
      return c.json(listModels(services), 200, headers);
    } catch (error) {
      return errorResponse(services, modelsProtocol(c.req.raw), error, {}, undefined);
    }
  });

  const modelRoute = (protocol: Protocol) => async (c: Context) => {
    const request = c.req.raw;
    const requestId = `req_${crypto.randomUUID().replaceAll('-', '')}`;
    const startedAt = Date.now();
    const startedPerf = performance.now();
    let baseHeaders: Record<string, string> = { 'x-coderouter-request-id': requestId };
    try {
      const { principal, headers } = await authenticateAndLimit(services, request);
      baseHeaders = { ...baseHeaders, ...headers };
      const ctx: RequestContext = { requestId, startedAt, startedPerf, protocol, request, principal, baseHeaders };
      return await handleModelRequest(services, ctx);
    } catch (error) {
      return errorResponse(services, protocol, error, baseHeaders, requestId);
    }
  };
  app.post('/v1/chat/completions', modelRoute('openai'));
  app.post('/v1/messages', modelRoute('anthropic'));
  app.post('/v1/responses', modelRoute('responses'));
  app.post('/v1/messages/count_tokens', async (c) => {
    try {
      const { headers } = await authenticateAndLimit(services, c.req.raw);
      return c.json(await countTokens(c.req.raw, services.config.maxBodyBytes), 200, headers);
    } catch (error) {
      return errorResponse(services, 'anthropic', error, {}, undefined);
    }
  });

  if (options.admin) app.route('/admin', options.admin);

  app.notFound((c) => {
    const protocol = protocolForPath(normalizePath(pathOf(c.req.url)));
    return renderErrorResponse(protocol, new GatewayError('not_found', `Unknown route ${c.req.method} ${pathOf(c.req.url)}. CodeRouter serves POST /v1/chat/completions, /v1/messages, /v1/responses and GET /v1/models.`));
  });
  app.onError((error, c) => errorResponse(services, protocolForPath(normalizePath(pathOf(c.req.url))), error, {}, undefined));
  return app;
}

async function authenticateAndLimit(services: GatewayServices, request: Request) {
  const principal = await services.authenticate(request.headers);
  const limit = await services.rateLimit(principal);
  if (!limit.allowed) throw limit.error ?? new GatewayError('rate_limit', 'Rate limit exceeded', { headers: limit.headers });
  return { principal, headers: limit.headers };
}

function errorResponse(services: GatewayServices, protocol: Protocol, error: unknown, headers: Record<string, string>, requestId: string | undefined): Response {
  let gatewayError: GatewayError;
  if (error instanceof GatewayError) {
    gatewayError = error;
  } else {
    services.logger.error('unhandled error', { requestId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    gatewayError = new GatewayError('internal', `Internal error in the gateway${requestId ? ` (request ${requestId})` : ''}.`);
  }
  const response = renderErrorResponse(protocol, gatewayError);
  for (const [name, value] of Object.entries(headers)) if (!response.headers.has(name)) response.headers.set(name, value);
  return response;
}

function protocolForPath(path: string): Protocol {
  if (path.startsWith('/v1/messages')) return 'anthropic';
  if (path.startsWith('/v1/responses')) return 'responses';
  return 'openai';
}

function modelsProtocol(request: Request): Protocol {
  return request.headers.has('anthropic-version') ? 'anthropic' : 'openai';
}

/**
 * One list both SDKs read: OpenAI's `{ object: "list", data: [{ id, object, created, owned_by }] }`
 * and Anthropic's `{ data: [{ type, id, display_name, created_at }], has_more, first_id, last_id }`.
 */
function listModels(services: GatewayServices) {
  const created = 1_764_000_000;
  const createdAt = new Date(created * 1000).toISOString();
  const entry = (id: string, ownedBy: string, extra: Record<string, unknown> = {}) => ({
    id,
    object: 'model',
    type: 'model',
    created,
    created_at: createdAt,
    owned_by: ownedBy,
    display_name: id,
    ...extra,
  });
  const data = [
    ...AUTO_MODEL_IDS.map((id) => entry(id, 'coderouter')),
    ...services.config.catalog.models.map((m) =>
      entry(m.id, m.provider, {
        context_window: m.contextWindow,
        max_output_tokens: m.maxOutputTokens,
        pricing: m.pricing,
        capabilities: m.capabilities,
        aliases: m.aliases,
      }),
    ),
  ];
  return { object: 'list', data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
