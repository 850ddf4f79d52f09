import type { Insertable, Kysely, Selectable } from 'kysely';
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

export async function insertSignInEvent(
  db: Kysely<Database>,
  values: { email: string; user_id: number | null; ip: string | null; succeeded: boolean; at: string },
): Promise<void> {
  await db
    .insertInto('sign_in_events')
    .values({ ...values, succeeded: values.succeeded ? 1 : 0 })
    .execute();
}

/** Failed sign-ins since a moment, oldest first, for one email or one address. */
export async function findRecentFailures(
  db: Kysely<Database>,
  by: { email: string } | { ip: string },
  since: string,
): Promise<string[]> {
  let query = db
    .selectFrom('sign_in_events')
    .select('at')
    .where('succeeded', '=', 0)
    .where('at', '>', since)
    .orderBy('at');
  query = 'email' in by ? query.where('email', '=', by.email) : query.where('ip', '=', by.ip);
  return (await query.execute()).map((row) => row.at);
}

export async function findLastSuccessfulSignIn(
  db: Kysely<Database>,
  email: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('sign_in_events')
    .select('at')
    .where('email', '=', email)
    .where('succeeded', '=', 1)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.at;
}
