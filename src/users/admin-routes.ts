import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isMasterKey, readApiKey } from '../auth/authenticate.ts';
import { createClientKey, listClientKeys, revokeClientKey } from '../auth/client-keys.ts';
import { STRATEGIES } from '../config/config-schema.ts';
import type { GatewayDatabase } from '../db/open-database.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { renderErrorResponse } from '../errors/render-error.ts';
import type { DataKey } from './data-key.ts';
import { PLANS } from './plans.ts';
import { addProviderKey, listProviderKeys, removeProviderKey } from './provider-keys.ts';
import { createUser, getUser, listUsers, setUserPlan } from './users.ts';

type AdminRoutesOptions = {
  db: GatewayDatabase;
  /** `CODEROUTER_MASTER_KEY`; without it every admin call is refused. */
  masterKey: string | undefined;
} & ({ dataKey: DataKey } | { crypto: DataKey });

const createUserBody = z.strictObject({ name: z.string().trim().min(1), plan: z.enum(PLANS).optional() });
const setPlanBody = z.strictObject({ plan: z.enum(PLANS) });
const addProviderKeyBody = z.strictObject({ provider: z.string().min(1), apiKey: z.string().min(1) });
const createKeyBody = z.strictObject({
  userId: z.string().min(1),
  name: z.string().trim().min(1),
  defaultStrategy: z.enum(STRATEGIES).nullish(),
  allowedModels: z.array(z.string().min(1)).min(1).nullish(),
});

/** Parses a JSON body with a narrow schema; failures become a 400 naming the field, never zod's raw output. */
async function readBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new GatewayError('invalid_request', 'Request body must be a JSON object');
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const param = issue.path.join('.') || null;
  throw new GatewayError('invalid_request', param ? `${param}: ${issue.message}` : issue.message, { param });
}

/**
 * The admin HTTP API, guarded by the master key, JSON in and out, errors in the OpenAI shape.
 * The gateway mounts it at `/admin`:
 *
 * - `POST /users` `{ name, plan? }` → 201 user; `GET /users` → `{ data: users }`
 * - `POST /users/:id/plan` `{ plan }` → user
 * - `POST /users/:id/provider-keys` `{ provider, apiKey }` → 201 masked key; `GET` → `{ data }`;
 *   `DELETE /users/:id/provider-keys/:provider` (or `?provider=`) → `{ deleted: true }`
 * - `POST /keys` `{ userId, name, defaultStrategy?, allowedModels? }` → 201 `{ key, ...info }` (the
 *   only time the key is shown); `GET /keys[?userId=]` → `{ data }`; `DELETE /keys/:id` → revoked key
 *
 * @example app.route('/admin', createAdminRoutes({ db, dataKey, masterKey }));
 * @see ../../../shared/DESIGN.md §2 (CODEROUTER_MASTER_KEY)
 */
export function createAdminRoutes(options: AdminRoutesOptions): Hono {
  const { db, masterKey } = options;
  const dataKey = 'dataKey' in options ? options.dataKey : options.crypto;
  const app = new Hono();

  app.onError((error) => {
    const gatewayError =
      error instanceof GatewayError ? error : new GatewayError('internal', 'Internal error in the admin API', { cause: error });
    return renderErrorResponse('openai', gatewayError);
  });

  app.use('*', async (c, next) => {
    if (!masterKey) throw new GatewayError('permission', 'The admin API is disabled: set CODEROUTER_MASTER_KEY to enable it');
    const key = readApiKey(c.req.raw.headers);
    if (!key) throw new GatewayError('authentication', 'Missing API key: the admin API takes the master key (CODEROUTER_MASTER_KEY)');
    if (!isMasterKey(key, masterKey)) throw new GatewayError('authentication', 'Invalid API key: the admin API takes the master key');
    await next();
  });

  app.post('/users', async (c) => c.json(createUser(db, await readBody(c, createUserBody)), 201));
  app.get('/users', (c) => c.json({ data: listUsers(db) }));
  app.post('/users/:id/plan', async (c) => c.json(setUserPlan(db, c.req.param('id'), (await readBody(c, setPlanBody)).plan)));

  app.post('/users/:id/provider-keys', async (c) => {
    const body = await readBody(c, addProviderKeyBody);
    return c.json(addProviderKey(db, dataKey, c.req.param('id'), body.provider, body.apiKey), 201);
  });
  app.get('/users/:id/provider-keys', (c) => {
    const userId = getUser(db, c.req.param('id')).id;
    return c.json({ data: listProviderKeys(db, userId) });
  });
  const deleteProviderKey = (c: Context, provider: string | undefined) => {
    if (!provider) throw new GatewayError('invalid_request', 'Say which provider key to delete: /users/:id/provider-keys/:provider', { param: 'provider' });
    removeProviderKey(db, c.req.param('id')!, provider);
    return c.json({ deleted: true, provider });
  };
  app.delete('/users/:id/provider-keys/:provider', (c) => deleteProviderKey(c, c.req.param('provider')));
  app.delete('/users/:id/provider-keys', (c) => deleteProviderKey(c, c.req.query('provider')));

  app.post('/keys', async (c) => {
    const created = createClientKey(db, await readBody(c, createKeyBody));
    return c.json({ key: created.key, ...created.info }, 201);
  });
  app.get('/keys', (c) => c.json({ data: listClientKeys(db, { userId: c.req.query('userId') }) }));
  app.delete('/keys/:id', (c) => c.json(revokeClientKey(db, c.req.param('id'))));

  // A catch-all route rather than notFound(): a mounted sub-app's notFound handler is not used.
  app.all('*', (c) => {
    throw new GatewayError('not_found', `Unknown admin route: ${c.req.method} ${c.req.path}`);
  });
  return app;
}
