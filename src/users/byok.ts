import type { Principal } from '../auth/authenticate.ts';
import { GatewayError } from '../errors/gateway-error.ts';

/** The guide's exact words, so users can search for them (integration guide, troubleshooting). */
export const FREE_PLAN_BYOK_MESSAGE = 'Free plan requires your own provider API keys';

/**
 * The Free plan runs only on the user's own provider keys: a Free user with none gets 403 in the
 * caller's protocol. Paid plans and the master key pass.
 * @param ownProviders the providers the user has stored keys for (`getProviderKeys(...)` works as is)
 * @see ../../../shared/DESIGN.md §3
 */
export function requireByokForFreePlan(principal: Principal, ownProviders: ReadonlySet<string> | ReadonlyMap<string, unknown>): void {
  if (principal.plan === 'free' && !principal.isMaster && ownProviders.size === 0) {
    throw new GatewayError('permission', FREE_PLAN_BYOK_MESSAGE, { status: 403, code: 'byok_required' });
  }
}

/** An upstream key the gateway may use for a request, and whose it is (for the ledger and logs). */
export interface UpstreamKey {
  apiKey: string;
  source: 'user' | 'gateway';
}

/**
 * The provider keys a request may use: the user's own first, then (paid plans and the master key
 * only) the gateway's. `auto` must route only among these providers, so a Free user is never
 * served on the gateway's account.
 * @param gatewayKeys provider id → the gateway's configured key (undefined when not configured)
 */
export function resolveUpstreamKeys(
  principal: Principal,
  ownKeys: ReadonlyMap<string, string>,
  gatewayKeys: ReadonlyMap<string, string | undefined>,
): Map<string, UpstreamKey> {
  const usable = new Map<string, UpstreamKey>();
  for (const [provider, apiKey] of ownKeys) usable.set(provider, { apiKey, source: 'user' });
  if (principal.plan === 'free' && !principal.isMaster) return usable;
  for (const [provider, apiKey] of gatewayKeys) {
    if (apiKey && !usable.has(provider)) usable.set(provider, { apiKey, source: 'gateway' });
  }
  return usable;
}
