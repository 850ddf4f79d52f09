import { sql } from 'kysely';
import {
  flag,
  kindOf,
  type MigrationDb,
  naturalText,
  naturalTextCollation,
  withId,
} from '../migration-helpers.ts';

type SeedReason = { label: string; stages: string[]; isOther?: boolean };

/**
 * The default close reasons per closing stage (our choice, SPEC §3 names the closings), kept here
 * as they were when this migration landed: admins change the list afterwards.
 */
const closingStages = ['completed', 'lost', 'client-declined', 'partner-declined'];
const seedReasons: SeedReason[] = [
  { label: 'Best fit for the client’s needs', stages: ['completed'] },
  { label: 'Price and value', stages: ['completed'] },
  { label: 'Relationship with the client', stages: ['completed'] },
  { label: 'Partner expertise and services', stages: ['completed'] },
  { label: 'Price', stages: ['lost'] },
  { label: 'Product features', stages: ['lost'] },
  { label: 'Competitor relationship', stages: ['lost'] },
  { label: 'Delivery time', stages: ['lost'] },
  { label: 'Budget cut', stages: ['client-declined'] },
  { label: 'Project postponed', stages: ['client-declined'] },
  { label: 'Chose to build in house', stages: ['client-declined'] },
  { label: 'No decision made', stages: ['client-declined'] },
  { label: 'No capacity', stages: ['partner-declined'] },
  { label: 'Not our territory', stages: ['partner-declined'] },
  { label: 'Margin too low', stages: ['partner-declined'] },
  { label: 'Outside our expertise', stages: ['partner-declined'] },
  { label: 'Other', stages: closingStages, isOther: true },
];

function normalized(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

/**
 * Close reasons become a picklist per closing stage (issue 10: win/loss by reason groups by
 * reason). Deals keep `close_reason` as the label of their reason; `close_reason_id` says which
 * reason it is and `close_reason_note` holds what "Other" stands for. Free text already recorded
 * maps to the reason whose label it matches for the deal's closing stage, anything else to
 * "Other" with the old text as the note.
 */
export async function up(db: MigrationDb): Promise<void> {
  const kind = kindOf(db);
  const naturalOrder = naturalText(await naturalTextCollation(db));
  const now = new Date().toISOString();
  await withId(db.schema.createTable('close_reasons'), kind)
    .addColumn('label', 'text', naturalOrder)
    .addColumn('stage_codes', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('sort_order', 'integer', (column) => column.notNull())
    .addColumn('is_active', 'integer', flag(1))
    .addColumn('is_other', 'integer', flag(0))
    .addColumn('version', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('close_reasons_label_key')
    .on('close_reasons')
    .column('label')
    .unique()
    .execute();
  await db
    .insertInto('close_reasons' as never)
    .values(
      seedReasons.map((reason, index) => ({
        label: reason.label,
        stage_codes: JSON.stringify(reason.stages),
        sort_order: (index + 1) * 10,
        is_active: 1,
        is_other: reason.isOther ? 1 : 0,
        version: 1,
        created_at: now,
        updated_at: now,
      })) as never,
    )
    .execute();

  await db.schema
    .alterTable('opportunities')
    // No foreign key: SQLite cannot drop a column that has one, and reasons are never deleted (only deactivated).
    .addColumn('close_reason_id', 'integer')
    .execute();
  await db.schema.alterTable('opportunities').addColumn('close_reason_note', 'text').execute();
  await db.schema
    .createIndex('opportunities_close_reason_idx')
    .on('opportunities')
    .column('close_reason_id')
    .execute();

  const reasons = (
    await sql<{
      id: number;
      label: string;
      stage_codes: string;
      is_other: number;
    }>`select id, label, stage_codes, is_other from close_reasons`.execute(db)
  ).rows.map((row) => ({
    id: Number(row.id),
    label: row.label,
    stages: JSON.parse(row.stage_codes) as string[],
    isOther: Number(row.is_other) === 1,
  }));
  const other = reasons.find((reason) => reason.isOther);
  if (!other) throw new Error('The Other close reason was not seeded');
  // A handful of distinct texts, however many deals: map each once, update the deals that carry it.
  const recorded = await sql<{
    stage: string;
    close_reason: string;
  }>`select distinct stage, close_reason from opportunities where close_reason is not null`.execute(db);
  for (const { stage, close_reason: text } of recorded.rows) {
    if (text.trim() === '') {
      await sql`update opportunities set close_reason = null where stage = ${stage} and close_reason = ${text}`.execute(
        db,
      );
      continue;
    }
    const match = reasons.find(
      (reason) =>
        !reason.isOther && reason.stages.includes(stage) && normalized(reason.label) === normalized(text),
    );
    if (match) {
      await sql`update opportunities set close_reason_id = ${match.id}, close_reason = ${match.label} where stage = ${stage} and close_reason = ${text}`.execute(
        db,
      );
    } else {
      await sql`update opportunities set close_reason_id = ${other.id}, close_reason = ${other.label}, close_reason_note = ${text.slice(0, 500)} where stage = ${stage} and close_reason = ${text} and close_reason_id is null`.execute(
        db,
      );
    }
  }
}

/** Back to free text: a deal's reason becomes its label, or for "Other" the note it carried. */
export async function down(db: MigrationDb): Promise<void> {
  await sql`update opportunities set close_reason = close_reason_note where close_reason_note is not null`.execute(
    db,
  );
  await db.schema.dropIndex('opportunities_close_reason_idx').execute();
  await db.schema.alterTable('opportunities').dropColumn('close_reason_note').execute();
  await db.schema.alterTable('opportunities').dropColumn('close_reason_id').execute();
  await db.schema.dropTable('close_reasons').execute();
}
