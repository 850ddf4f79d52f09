import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The active managers of a firm: who is told a pass reached its inbox (SPEC §6). */
export async function findActiveManagerIds(db: Kysely<Database>, firmId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('firm_id', '=', firmId)
    .where('role', '=', 'manager')
    .where('is_active', '=', 1)
    .execute();
  return rows.map((row) => row.id);
}
