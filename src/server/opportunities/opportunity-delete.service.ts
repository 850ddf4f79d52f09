import type { Kysely } from 'kysely';
import type { Principal } from '../../core/principal.ts';
import { recordDelete } from '../audit/audit.service.ts';
import { nowIso } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { versionConflict } from '../http/app-error.ts';
import { opportunityAuditSnapshot, toOpportunity } from './opportunity.mapper.ts';
import { updateOpportunityRow } from './opportunity.repository.ts';
import { loadOpportunityForChange, opportunityDeletedConflict } from './opportunity-change.ts';
import { loadEnvironment, mapContext } from './opportunity-state.ts';

/** Soft delete, for the owner's managers and admins; history and line items stay for the record. */
export async function deleteOpportunity(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const environment = await loadEnvironment(trx);
    const row = await loadOpportunityForChange({
      trx,
      principal,
      id,
      expectedVersion,
      action: 'delete',
      environment,
    });
    const context = mapContext(principal, environment);
    const now = nowIso();
    const deleted = await updateOpportunityRow(trx, id, row.version, {
      deleted_at: now,
      updated_at: now,
      updated_by: principal.userId,
    });
    if (!deleted) throw versionConflict({ message: opportunityDeletedConflict });
    await recordDelete(
      trx,
      { type: 'opportunity', id, userId: principal.userId, at: now },
      opportunityAuditSnapshot(toOpportunity(row, context)),
    );
  });
}
