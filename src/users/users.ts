import { asc, eq } from 'drizzle-orm';
import { newId } from '../db/ids.ts';
import type { GatewayDatabase } from '../db/open-database.ts';
import { users, type UserRow } from '../db/schema/users.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { DEFAULT_PLAN, type Plan } from './plans.ts';

export interface CreateUserInput {
  name: string;
  plan?: Plan;
}

/** Creates a user (plan Free unless given). */
export function createUser(db: GatewayDatabase, input: CreateUserInput): UserRow {
  const name = input.name.trim();
  if (!name) throw new GatewayError('invalid_request', 'A user needs a non-empty name', { param: 'name' });
  return db
    .insert(users)
    .values({ id: newId('usr'), name, plan: input.plan ?? DEFAULT_PLAN, createdAt: new Date() })
    .returning()
    .get();
}

/** All users, oldest first. */
export function listUsers(db: GatewayDatabase): UserRow[] {
  return db.select().from(users).orderBy(asc(users.createdAt), asc(users.id)).all();
}

/**
 * One user.
 * @throws GatewayError `not_found` naming the id
 */
export function getUser(db: GatewayDatabase, userId: string): UserRow {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new GatewayError('not_found', `User ${userId} does not exist`, { code: 'user_not_found' });
  return user;
}

/**
 * Changes a user's plan; its keys get the new limits on their next request (the change bumps
 * `auth_epoch`, which drops cached authentications in every process).
 * @throws GatewayError `not_found` naming the id
 */
export function setUserPlan(db: GatewayDatabase, userId: string, plan: Plan): UserRow {
  const user = db.update(users).set({ plan }).where(eq(users.id, userId)).returning().get();
  if (!user) throw new GatewayError('not_found', `User ${userId} does not exist`, { code: 'user_not_found' });
  return user;
}
