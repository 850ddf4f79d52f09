import type { Insertable, Kysely, Updateable } from 'kysely';
import { inIdSlices } from '../db/batches.ts';
import { insertRows } from '../db/bulk-insert.ts';
import type { Database } from '../db/schema.ts';
import type { LineItemTable } from './line-item.table.ts';

function selectLineItemRows(db: Kysely<Database>) {
  return db
    .selectFrom('line_items')
    .leftJoin('products', 'products.id', 'line_items.product_id')
    .leftJoin('users as line_owner', 'line_owner.id', 'line_items.owner_id')
    .selectAll('line_items')
    .select([
      'products.type as product_type',
      'products.brand as product_brand',
      'products.family as product_family',
      'products.offering as product_offering',
      'products.part_number as product_part_number',
      'line_owner.name as owner_name',
    ]);
}

export type LineItemRow = NonNullable<Awaited<ReturnType<typeof findLineItem>>>;

export async function findLineItem(db: Kysely<Database>, id: number) {
  return selectLineItemRows(db).where('line_items.id', '=', id).executeTakeFirst();
}

export async function findLineItemsOfOpportunity(db: Kysely<Database>, opportunityId: number) {
  return selectLineItemRows(db)
    .where('line_items.opportunity_id', '=', opportunityId)
    .orderBy('line_items.position')
    .orderBy('line_items.id')
    .execute();
}

export async function insertLineItem(
  db: Kysely<Database>,
  values: Insertable<LineItemTable>,
): Promise<number> {
  const row = await db.insertInto('line_items').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateLineItemRow(
  db: Kysely<Database>,
  id: number,
  version: number,
  values: Updateable<LineItemTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('line_items')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteLineItemRow(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('line_items').where('id', '=', id).execute();
}

export async function nextLinePosition(db: Kysely<Database>, opportunityId: number): Promise<number> {
  const row = await db
    .selectFrom('line_items')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('opportunity_id', '=', opportunityId)
    .executeTakeFirst();
  return Number(row?.position ?? 0) + 1;
}

/** SPEC §3: a closing closes every open line item of the deals, won or lost with them. */
export async function closeOpenLineItems(
  db: Kysely<Database>,
  opportunityIds: readonly number[],
  outcome: 'won' | 'lost',
  at: string,
): Promise<void> {
  if (opportunityIds.length === 0) return;
  await db
    .updateTable('line_items')
    .set((eb) => ({
      outcome,
      closed_with_opportunity: 1,
      version: eb('version', '+', 1),
      updated_at: at,
    }))
    .where('opportunity_id', 'in', [...opportunityIds])
    .where('outcome', '=', 'open')
    .execute();
}

/** Reopening a deal reopens the line items its closing closed (not those closed on their own). */
export async function reopenLineItemsClosedWithOpportunity(
  db: Kysely<Database>,
  opportunityId: number,
  at: string,
): Promise<void> {
  await db
    .updateTable('line_items')
    .set((eb) => ({
      outcome: 'open',
      closed_with_opportunity: 0,
      version: eb('version', '+', 1),
      updated_at: at,
    }))
    .where('opportunity_id', '=', opportunityId)
    .where('closed_with_opportunity', '=', 1)
    .execute();
}

/** Whether any line item of the deal holds an amount or a unit price (in the deal's currency). */
export async function hasPricedLineItems(db: Kysely<Database>, opportunityId: number): Promise<boolean> {
  const priced = await db
    .selectFrom('line_items')
    .select('id')
    .where('opportunity_id', '=', opportunityId)
    .where((eb) => eb.or([eb('amount_minor', '>', 0), eb('unit_price_minor', 'is not', null)]))
    .executeTakeFirst();
  return priced !== undefined;
}

/** SPEC §4: the deal's new decision date becomes every open line item's date. */
export async function moveOpenLineItemDates(
  db: Kysely<Database>,
  opportunityId: number,
  decisionDate: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('line_items')
    .set((eb) => ({
      decision_date: decisionDate,
      version: eb('version', '+', 1),
      updated_at: at,
    }))
    .where('opportunity_id', '=', opportunityId)
    .where('outcome', '=', 'open')
    .execute();
}

export async function insertLineItems(
  db: Kysely<Database>,
  rows: readonly Insertable<LineItemTable>[],
): Promise<void> {
  await insertRows(db, 'line_items', rows);
}

/** The line items of many opportunities (exports), in each one's order. */
export async function findLineItemsOfOpportunities(db: Kysely<Database>, opportunityIds: readonly number[]) {
  const rows: LineItemRow[] = [];
  for (const slice of inIdSlices(opportunityIds)) {
    rows.push(
      ...(await selectLineItemRows(db)
        .where('line_items.opportunity_id', 'in', slice)
        .orderBy('line_items.opportunity_id')
        .orderBy('line_items.position')
        .orderBy('line_items.id')
        .execute()),
    );
  }
  return rows;
}
