import { type Kysely, sql } from 'kysely';
import { maxAmountMinor } from '../../core/money.ts';
import type { Database } from './schema.ts';

/** A broken invariant: how many records break it and the ids of a few (of the `record` kind). */
export type ConsistencyProblem = {
  check: string;
  record: 'opportunity' | 'client' | 'product';
  count: number;
  sample: number[];
};

/** SPEC §4: every stored amount is a whole number of minor units from 0 to 10^15. */
const maxAmount = sql.lit(maxAmountMinor);
function outOfBounds(column: string) {
  const ref = sql.ref(column);
  return sql`(${ref} < 0 or ${ref} > ${maxAmount})`;
}

/**
 * Invariants the data must hold whatever happened (a crash, a race, an import): every total equals
 * its line items, every history chains to the current stage, every closed deal has no open line,
 * numbers are unique within their scope, every sales-team member may be on it (SPEC §5); every deal's primary contact is a live contact of its client
 * and its other contacts are too.
 * Used by `partnerline check`, the crash tests and the soak test.
 */
const checks: {
  name: string;
  record?: ConsistencyProblem['record'];
  query: ReturnType<typeof sql<{ id: number }>>;
}[] = [
  {
    name: 'amount of an opportunity outside 0 … 10^15 minor units (total, weighted, reporting-currency or closing value)',
    query: sql<{ id: number }>`
      select id from opportunities
      where ${outOfBounds('amount_minor')} or ${outOfBounds('weighted_amount_minor')}
        or ${outOfBounds('amount_reporting_minor')} or ${outOfBounds('weighted_reporting_minor')}
        or ${outOfBounds('closed_amount_reporting_minor')}`,
  },
  {
    name: 'line item amount or unit price outside 0 … 10^15 minor units',
    query: sql<{ id: number }>`
      select distinct opportunity_id as id from line_items
      where ${outOfBounds('amount_minor')} or ${outOfBounds('unit_price_minor')}`,
  },
  {
    name: 'stage history amount outside 0 … 10^15 minor units',
    query: sql<{ id: number }>`
      select distinct opportunity_id as id from stage_changes where ${outOfBounds('amount_minor')}`,
  },
  {
    name: 'product list price outside 0 … 10^15 minor units',
    record: 'product',
    query: sql<{ id: number }>`select id from products where ${outOfBounds('list_price_minor')}`,
  },
  {
    // Lines out of bounds are reported above; leaving their deals out keeps the sum far from
    // SQLite's integer overflow and PostgreSQL's bigint range whatever a corrupted row holds.
    name: 'total differs from the line items that are not lost',
    query: sql<{ id: number }>`
      select o.id from opportunities o
      where o.line_item_count > 0
        and not exists (select 1 from line_items b where b.opportunity_id = o.id and ${outOfBounds('b.amount_minor')})
        and o.amount_minor <> (
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
      select id from opportunities
      where amount_minor between 0 and ${maxAmount}
        and weighted_amount_minor <> (amount_minor * probability + 50) / 100`,
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
    // SPEC §5 (mayJoinSalesTeam in core): people of the owning firm, of the distributor or reseller
    // the deal names, and vendor staff. Nobody else, whoever added them.
    name: 'sales-team member of a firm the opportunity does not work with',
    query: sql<{ id: number }>`
      select distinct o.id from opportunities o
        join sales_team_members t on t.opportunity_id = o.id
        join users u on u.id = t.user_id
        join firms f on f.id = u.firm_id
      where o.deleted_at is null and f.kind <> 'vendor' and u.firm_id <> o.owner_firm_id
        and u.firm_id is distinct from o.distributor_firm_id and u.firm_id is distinct from o.reseller_firm_id`,
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
  {
    // The scope of client numbers (see client.service.ts): unique per owner firm among live
    // clients. Two firms may hold one number, and a deleted client's number may be chosen again.
    name: 'two live clients of one firm share a client number',
    record: 'client',
    query: sql<{ id: number }>`
      select min(id) as id from clients where deleted_at is null
      group by owner_firm_id, client_number having count(*) > 1`,
  },
];

export async function checkConsistency(db: Kysely<Database>): Promise<ConsistencyProblem[]> {
  const problems: ConsistencyProblem[] = [];
  for (const check of checks) {
    const rows = (await check.query.execute(db)).rows;
    if (rows.length > 0) {
      problems.push({
        check: check.name,
        record: check.record ?? 'opportunity',
        count: rows.length,
        sample: rows.slice(0, 10).map((row) => Number(row.id)),
      });
    }
  }
  return problems;
}
