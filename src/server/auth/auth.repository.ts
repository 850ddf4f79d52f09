import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { databaseKindOf } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';
import type { ApiTokenTable, SessionTable } from './auth.table.ts';

export type ApiTokenRow = Selectable<ApiTokenTable>;

function selectPrincipalColumns(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .innerJoin('firms', 'firms.id', 'users.firm_id')
    .select([
      'users.id as user_id',
      'users.role',
      'users.firm_id',
      'firms.kind as firm_kind',
      'firms.is_distributor',
      'firms.is_in_good_standing',
      'firms.is_authorized',
    ])
    .where('users.is_active', '=', 1);
}

export type PrincipalRow = NonNullable<Awaited<ReturnType<typeof findUserPrincipal>>>;

export async function findUserPrincipal(db: Kysely<Database>, userId: number) {
  return selectPrincipalColumns(db).where('users.id', '=', userId).executeTakeFirst();
}

export async function insertSession(db: Kysely<Database>, values: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('sessions').values(values).execute();
}

export async function findSessionWithPrincipal(db: Kysely<Database>, sessionId: string, now: string) {
  return selectPrincipalColumns(db)
    .innerJoin('sessions', 'sessions.user_id', 'users.id')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'sessions.expires_at',
    ])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<Database>, sessionId: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteExpiredSessions(
  db: Kysely<Database>,
  now: string,
  idleBefore: string,
): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .execute();
}

export async function insertApiToken(
  db: Kysely<Database>,
  values: Insertable<ApiTokenTable>,
): Promise<ApiTokenRow> {
  return db.insertInto('api_tokens').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findTokenWithPrincipal(db: Kysely<Database>, tokenHash: string, now: string) {
  return selectPrincipalColumns(db)
    .innerJoin('api_tokens', 'api_tokens.user_id', 'users.id')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
    .executeTakeFirst();
}

export async function touchApiToken(db: Kysely<Database>, tokenId: number, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export async function findApiTokensOfUser(db: Kysely<Database>, userId: number): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

export async function revokeApiTokenOfUser(
  db: Kysely<Database>,
  userId: number,
  tokenId: number,
  now: string,
): Promise<ApiTokenRow | undefined> {
  return db
    .updateTable('api_tokens')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

/** Ends every session of a user. */
export async function deleteSessionsOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Revokes every API token of a user not revoked yet; a revoked token never works again. */
export async function revokeApiTokensOfUser(
  db: Kysely<Database>,
  userId: number,
  now: string,
): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function insertSignInEvent(
  db: Kysely<Database>,
  values: { email: string; user_id: number | null; ip: string | null; succeeded: boolean; at: string },
): Promise<void> {
  await db
    .insertInto('sign_in_events')
    .values({ ...values, succeeded: values.succeeded ? 1 : 0 })
    .execute();
}

export type SignInCounter = { scope: 'account' | 'address'; subject: string };

/**
 * Counts one attempt against a counter, in one statement (atomic on both engines: SQLite has one
 * writer, PostgreSQL locks the row of an upsert), unless the counter has already reached `limit`
 * within its window. A window that started at or before `windowStart` is over: the count starts
 * again at this attempt. Answers whether the attempt was counted, that is, may be evaluated.
 */
export async function countSignInAttempt(
  db: Kysely<Database>,
  counter: SignInCounter,
  limit: number,
  now: string,
  windowStart: string,
): Promise<boolean> {
  const row = await db
    .insertInto('sign_in_attempt_counts')
    .values({ ...counter, window_started_at: now, attempts: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(['scope', 'subject'])
        .doUpdateSet((eb) => {
          const windowOver = eb('sign_in_attempt_counts.window_started_at', '<=', windowStart);
          return {
            attempts: eb
              .case()
              .when(windowOver)
              .then(1)
              .else(eb('sign_in_attempt_counts.attempts', '+', 1))
              .end(),
            window_started_at: eb
              .case()
              .when(windowOver)
              .then(now)
              .else(eb.ref('sign_in_attempt_counts.window_started_at'))
              .end(),
          };
        })
        .where((eb) =>
          eb.or([
            eb('sign_in_attempt_counts.window_started_at', '<=', windowStart),
            eb('sign_in_attempt_counts.attempts', '<', limit),
          ]),
        ),
    )
    .returning('attempts')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findSignInWindowStart(
  db: Kysely<Database>,
  counter: SignInCounter,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('sign_in_attempt_counts')
    .select('window_started_at')
    .where('scope', '=', counter.scope)
    .where('subject', '=', counter.subject)
    .executeTakeFirst();
  return row?.window_started_at;
}

/** Forgets a counter (an account's count starts afresh after a successful sign-in). */
export async function clearSignInCount(db: Kysely<Database>, counter: SignInCounter): Promise<void> {
  await db
    .deleteFrom('sign_in_attempt_counts')
    .where('scope', '=', counter.scope)
    .where('subject', '=', counter.subject)
    .execute();
}

/** Takes back one counted attempt (a successful sign-in is not a failure of its address). */
export async function uncountSignInAttempt(db: Kysely<Database>, counter: SignInCounter): Promise<void> {
  await db
    .updateTable('sign_in_attempt_counts')
    .set((eb) => ({
      attempts: eb
        .case()
        .when('attempts', '>', 0)
        .then(eb('attempts', '-', 1))
        .else(0)
        .end(),
    }))
    .where('scope', '=', counter.scope)
    .where('subject', '=', counter.subject)
    .execute();
}

/**
 * Removes counters whose window is over. On PostgreSQL rows being counted right now are skipped
 * rather than waited for, so the clean-up never waits on (nor deadlocks with) a sign-in.
 */
export async function deleteEndedSignInCounts(db: Kysely<Database>, windowStart: string): Promise<void> {
  if (databaseKindOf(db) === 'postgres') {
    await sql`
      delete from sign_in_attempt_counts where (scope, subject) in (
        select scope, subject from sign_in_attempt_counts
        where window_started_at <= ${windowStart}
        for update skip locked)`.execute(db);
    return;
  }
  await db.deleteFrom('sign_in_attempt_counts').where('window_started_at', '<=', windowStart).execute();
}
