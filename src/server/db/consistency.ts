import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

export type ConsistencyProblem = { check: string; count: number; sample: number[] };

/**
 * Invariants the data must hold whatever happened (a crash, a race, an import): every total equals
 * its line items, every history chains to the current stage, every closed deal has no open line,
 * every deal's primary contact is a live contact of its client and its other contacts are too.
 * Used by `partnerline check`, the crash tests and the soak test.
 */
const checks: { name: string; query: ReturnType<typeof sql<{ id: number }>> }[] = [
  {
    name: 'total differs from the line items that are not lost',
    query: sql<{ id: number }>`
      select o.id from opportunities o
      where o.line_item_count > 0 and o.amount_minor <> (
        select coalesce(sum(l.amount_minor), 0) from line_items l where l.opportunity_id = o.id and l.outcome <> 'lost')`,
  },
  {
    name: 'line item count differs from the line items',
    query: sql<{ id: number }>`
      select o.id from opportunities o
      where o.line_item_count <> (select count(*) from line_items l where l.opportunity_id = o.id)`,
  },
  {
    name: 'weighted amount is not amount × probability',
    query: sql<{ id: number }>`
      select id from opportunities where weighted_amount_minor <> (amount_minor * probability + 50) / 100`,
  },
  {
    name: 'stage differs from the last stage history row',
    query: sql<{ id: number }>`
      select o.id from opportunities o
      where o.stage <> (select s.to_stage from stage_changes s where s.opportunity_id = o.id order by s.id desc limit 1)`,
  },
  {
    name: 'opportunity without any stage history',
    query: sql<{ id: number }>`
      select o.id from opportunities o where not exists (select 1 from stage_changes s where s.opportunity_id = o.id)`,
  },
  {
    name: 'stage history does not chain (a move starts from another stage than the last one ended)',
    query: sql<{ id: number }>`
      select opportunity_id as id from (
        select opportunity_id, from_stage, lag(to_stage) over (partition by opportunity_id order by id) as previous
        from stage_changes) chained
      where previous is not null and from_stage <> previous`,
  },
  {
    name: 'closed opportunity with an open line item',
    query: sql<{ id: number }>`
      select distinct o.id from opportunities o join line_items l on l.opportunity_id = o.id
      where o.outcome <> 'open' and l.outcome = 'open'`,
  },
  {
    name: 'owner is not on the sales team with edit access',
    query: sql<{ id: number }>`
      select o.id from opportunities o
      where o.deleted_at is null and o.pass_status is distinct from 'pending' and not exists (
        select 1 from sales_team_members t where t.opportunity_id = o.id and t.user_id = o.owner_id and t.access = 'edit')`,
  },
  {
    name: 'primary BPContact is missing, deleted or of another client than the opportunity',
    query: sql<{ id: number }>`
      select o.id from opportunities o left join contacts c on c.id = o.primary_contact_id
      where o.deleted_at is null and o.primary_contact_id is not null
        and (c.id is null or c.deleted_at is not null or c.client_id <> o.client_id)`,
  },
  {
    name: 'BPContact listed on an opportunity (besides its primary) belongs to another client',
    query: sql<{ id: number }>`
      select distinct o.id from opportunities o
        join opportunity_contacts oc on oc.opportunity_id = o.id
        join contacts c on c.id = oc.contact_id
      where o.deleted_at is null and c.deleted_at is null and c.client_id <> o.client_id
        and (o.primary_contact_id is null or oc.contact_id <> o.primary_contact_id)`,
  },
  {
    name: 'duplicate opportunity number',
    query: sql<{ id: number }>`select min(id) as id from opportunities group by number having count(*) > 1`,
  },
];

export async function checkConsistency(db: Kysely<Database>): Promise<ConsistencyProblem[]> {
  const problems: ConsistencyProblem[] = [];
  for (const check of checks) {
    const rows = (await check.query.execute(db)).rows;
    if (rows.length > 0) {
      problems.push({
        check: check.name,
        count: rows.length,
        sample: rows.slice(0, 10).map((row) => Number(row.id)),
      });
    }
  }
  return problems;
}
