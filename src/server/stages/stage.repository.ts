import type { Kysely, Selectable, Updateable } from 'kysely';
import type { ClosingRequirement, GateRequirement, StageDefinition } from '../../core/stages.ts';
import type { Database } from '../db/schema.ts';
import type { StageTable } from './stage.table.ts';

export type StageCatalog = StageDefinition[];

function toStageDefinition(row: Selectable<StageTable>): StageDefinition & { version: number } {
  return {
    code: row.code,
    label: row.label,
    order: row.sort_order,
    probability: row.probability,
    closing: Boolean(row.is_closing),
    outcome: row.outcome,
    requirements: JSON.parse(row.requirements) as GateRequirement[],
    closingRequirements: JSON.parse(row.closing_requirements) as ClosingRequirement[],
    staleAfterDays: row.stale_after_days,
    version: row.version,
  };
}

/** The catalog is data (SPEC §3): read per use, eleven rows. */
export async function loadStageCatalog(
  db: Kysely<Database>,
): Promise<(StageDefinition & { version: number })[]> {
  const rows = await db.selectFrom('stages').selectAll().orderBy('sort_order').execute();
  return rows.map(toStageDefinition);
}

export async function updateStageRow(
  db: Kysely<Database>,
  code: string,
  version: number,
  values: Updateable<StageTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('stages')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
