import type { Kysely } from 'kysely';
import type { ApiToken, LoginBody, Me } from '../../core/contract/auth.ts';
import type { Principal } from '../../core/principal.ts';
import { isoAfter, nowIso } from '../clock.ts';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { findFirmById } from '../firms/firm.repository.ts';
import { AppError, notFound } from '../http/app-error.ts';
import { getReportingCurrency } from '../settings/setting.repository.ts';
import { findUserByEmail } from '../users/user.repository.ts';
import {
  type ApiTokenRow,
  clearSignInCount,
  countSignInAttempt,
  deleteEndedSignInCounts,
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  findApiTokensOfUser,
  findSessionWithPrincipal,
  findSignInWindowStart,
  findTokenWithPrincipal,
  findUserPrincipal,
  insertApiToken,
  insertSession,
  insertSignInEvent,
  type PrincipalRow,
  revokeApiTokenOfUser,
  revokeApiTokensOfUser,
  type SignInCounter,
  touchApiToken,
  touchSession,
  uncountSignInAttempt,
} from './auth.repository.ts';
import { decoyPasswordHash, randomSecret, sha256, verifyPassword } from './secrets.ts';

const minute = 60_000;
/**
 * Throttling (SPEC §5 hygiene): a window, and how many attempts it evaluates per account and per
 * address. A success starts the account's count afresh and does not count against the address.
 */
export const signInThrottle = { windowMinutes: 15, perAccount: 5, perAddress: 30 };

export function toPrincipal(row: PrincipalRow): Principal {
  return {
    userId: row.user_id,
    firmId: row.firm_id,
    firmKind: row.firm_kind,
    role: row.role,
    isFirmEligible:
      row.firm_kind === 'partner' && Boolean(row.is_in_good_standing) && Boolean(row.is_authorized),
    isFirmDistributor: Boolean(row.is_distributor),
  };
}

export type Authentication = {
  principal: Principal;
  method: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
};

function signInCounters(email: string, ip: string | null): { counter: SignInCounter; limit: number }[] {
  return [
    { counter: { scope: 'account', subject: email }, limit: signInThrottle.perAccount },
    ...(ip
      ? [{ counter: { scope: 'address', subject: ip } as const, limit: signInThrottle.perAddress }]
      : []),
  ];
}

/**
 * Counts the attempt against its account and its address before the password is checked, in one
 * transaction: an attempt either counts on both or, refused, on neither. Each count is one atomic
 * statement in the database, so simultaneous attempts, on any app instance, never all pass.
 * A refused attempt is not evaluated and does not count.
 */
async function admitSignInAttempt(db: Kysely<Database>, email: string, ip: string | null): Promise<void> {
  const now = new Date();
  const windowMs = signInThrottle.windowMinutes * minute;
  const windowStart = new Date(now.getTime() - windowMs).toISOString();
  await db.transaction().execute(async (trx) => {
    // Always the account's counter first, then the address's: concurrent attempts lock them in one order.
    for (const { counter, limit } of signInCounters(email, ip)) {
      if (await countSignInAttempt(trx, counter, limit, now.toISOString(), windowStart)) continue;
      const startedAt = await findSignInWindowStart(trx, counter);
      const until = (startedAt ? new Date(startedAt).getTime() : now.getTime()) + windowMs;
      const seconds = Math.min(windowMs / 1000, Math.max(1, Math.ceil((until - now.getTime()) / 1000)));
      throw new AppError(
        'RATE_LIMITED',
        `Too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} minute(s)`,
        { retryAfterSeconds: seconds },
        { 'Retry-After': String(seconds) },
      );
    }
  });
}

export type SignedIn = {
  sessionToken: string;
  csrfToken: string;
  principal: Principal;
  maxAgeSeconds: number;
};

/**
 * Password sign-in. Every attempt is recorded (the sign-in audit); a fresh session id is issued on
 * every success, so a session fixed before sign-in is never promoted.
 */
export async function signIn(
  db: Kysely<Database>,
  config: AppConfig,
  body: LoginBody,
  client: { ip: string | null; userAgent: string | null },
): Promise<SignedIn> {
  await admitSignInAttempt(db, body.email, client.ip);
  const user = await findUserByEmail(db, body.email);
  const passwordMatches = await verifyPassword(
    user?.password_hash ?? (await decoyPasswordHash()),
    body.password,
  );
  const now = nowIso();
  const principalRow =
    user && passwordMatches && user.is_active ? await findUserPrincipal(db, user.id) : undefined;
  if (!user || !principalRow) {
    await insertSignInEvent(db, {
      email: body.email,
      user_id: user?.id ?? null,
      ip: client.ip,
      succeeded: false,
      at: now,
    });
    throw new AppError('INVALID_CREDENTIALS', 'The email or password is not right');
  }
  const sessionToken = randomSecret();
  const csrfToken = randomSecret(24);
  const absoluteMs = config.sessionAbsoluteHours * 60 * minute;
  await db.transaction().execute(async (trx) => {
    await insertSession(trx, {
      id: sha256(sessionToken),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: isoAfter(absoluteMs),
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
    });
    await insertSignInEvent(trx, {
      email: body.email,
      user_id: user.id,
      ip: client.ip,
      succeeded: true,
      at: now,
    });
    await trx.updateTable('users').set({ last_login_at: now }).where('id', '=', user.id).execute();
    await deleteExpiredSessions(trx, now, isoAfter(-config.sessionIdleMinutes * minute));
    // A success starts the account's count afresh and is not counted against its address.
    const [account, address] = signInCounters(body.email, client.ip);
    if (account) await clearSignInCount(trx, account.counter);
    if (address) await uncountSignInAttempt(trx, address.counter);
  });
  await deleteEndedSignInCounts(db, isoAfter(-signInThrottle.windowMinutes * minute));
  return {
    sessionToken,
    csrfToken,
    principal: toPrincipal(principalRow),
    maxAgeSeconds: Math.floor(absoluteMs / 1000),
  };
}

/** Resolves a session cookie; idle or expired sessions resolve to nothing and are removed. */
export async function authenticateSession(
  db: Kysely<Database>,
  config: AppConfig,
  sessionToken: string,
): Promise<Authentication | null> {
  const sessionId = sha256(sessionToken);
  const now = new Date();
  const row = await findSessionWithPrincipal(db, sessionId, now.toISOString());
  if (!row) return null;
  const idleMs = config.sessionIdleMinutes * minute;
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (now.getTime() - lastSeen > idleMs) {
    await deleteSession(db, sessionId);
    return null;
  }
  // Writing on every request would make every read a write; a minute's precision is plenty for idle expiry.
  if (now.getTime() - lastSeen > minute) await touchSession(db, sessionId, now.toISOString());
  return { principal: toPrincipal(row), method: 'session', sessionId, csrfToken: row.csrf_token };
}

export async function authenticateToken(db: Kysely<Database>, token: string): Promise<Authentication | null> {
  const now = nowIso();
  const row = await findTokenWithPrincipal(db, sha256(token), now);
  if (!row) return null;
  if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 5 * minute) {
    await touchApiToken(db, row.token_id, now);
  }
  return { principal: toPrincipal(row), method: 'token', sessionId: null, csrfToken: null };
}

/**
 * Ends a user's access at once (SPEC §5: deactivation, a password reset by an administrator, a role
 * change): every session ends and every API token is revoked, so reactivation revives none of them.
 * Run it in the transaction of the change itself.
 */
export async function endAccessOf(db: Kysely<Database>, userId: number): Promise<void> {
  await deleteSessionsOfUser(db, userId);
  await revokeApiTokensOfUser(db, userId, nowIso());
}

export async function signOut(db: Kysely<Database>, sessionId: string): Promise<void> {
  await deleteSession(db, sessionId);
}

export async function describeMe(db: Kysely<Database>, authentication: Authentication): Promise<Me> {
  const { principal } = authentication;
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role'])
    .where('id', '=', principal.userId)
    .executeTakeFirst();
  const firm = await findFirmById(db, principal.firmId);
  if (!user || !firm) throw notFound('User');
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    firm: {
      id: firm.id,
      name: firm.name,
      kind: firm.kind,
      isDistributor: Boolean(firm.is_distributor),
      isEligible: principal.isFirmEligible,
    },
    csrfToken: authentication.csrfToken,
    reportingCurrency: await getReportingCurrency(db),
  };
}

function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/** Personal API tokens: shown once, stored as a hash, revocable (SPEC §9). */
export async function createApiToken(
  db: Kysely<Database>,
  userId: number,
  input: { name: string; expiresInDays?: number | null | undefined },
): Promise<ApiToken & { token: string }> {
  const token = `pl_${randomSecret()}`;
  const row = await insertApiToken(db, {
    user_id: userId,
    name: input.name,
    prefix: token.slice(0, 10),
    token_hash: sha256(token),
    created_at: nowIso(),
    expires_at: input.expiresInDays ? isoAfter(input.expiresInDays * 24 * 60 * minute) : null,
  });
  return { ...toApiToken(row), token };
}

export async function listApiTokens(db: Kysely<Database>, userId: number): Promise<ApiToken[]> {
  return (await findApiTokensOfUser(db, userId)).map(toApiToken);
}

export async function revokeApiToken(
  db: Kysely<Database>,
  userId: number,
  tokenId: number,
): Promise<ApiToken> {
  const row = await revokeApiTokenOfUser(db, userId, tokenId, nowIso());
  if (!row) throw notFound('API token');
  return toApiToken(row);
}
