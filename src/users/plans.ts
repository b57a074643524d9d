/**
 * Plans and their per-minute request limits, from the integration guide's troubleshooting section
 * ("Free 60, Starter 100, Solo 200, Pro 600, Studio 1200, Team 2400 req/min").
 * @see ../../../shared/DESIGN.md §3
 */
export const PLANS = ['free', 'starter', 'solo', 'pro', 'studio', 'team'] as const;

export type Plan = (typeof PLANS)[number];

/** Requests per minute, enforced per key and per user. */
export const PLAN_REQUESTS_PER_MINUTE: Readonly<Record<Plan, number>> = {
  free: 60,
  starter: 100,
  solo: 200,
  pro: 600,
  studio: 1200,
  team: 2400,
};

/** The plan a user gets when none is given. */
export const DEFAULT_PLAN: Plan = 'free';

/** True for a plan string we know; used to narrow CLI and HTTP input. */
export function isPlan(value: string): value is Plan {
  return (PLANS as readonly string[]).includes(value);
}
