import type { Kysely } from 'kysely';
import type { StageUpdate } from '../../core/contract/stages.ts';
import type { Principal } from '../../core/principal.ts';
import type { Database } from '../db/schema.ts';
import { assertVersion, forbidden, notFound, validationError, versionConflict } from '../http/app-error.ts';
import { loadStageCatalog, updateStageRow } from './stage.repository.ts';

export async function listStages(db: Kysely<Database>) {
  return loadStageCatalog(db);
}

const stageChanged = 'The stage was changed by someone else; reload it';

/** Admins edit the catalog as data (SPEC §3); open stages have gate requirements, closings closing ones. */
export async function updateStage(
  db: Kysely<Database>,
  principal: Principal,
  code: string,
  expectedVersion: number | undefined,
  input: StageUpdate,
) {
  if (principal.role !== 'admin') throw forbidden('Only administrators edit the stage catalog');
  return db.transaction().execute(async (trx) => {
    const stage = (await loadStageCatalog(trx)).find((candidate) => candidate.code === code);
    if (!stage) throw notFound('Stage');
    assertVersion(stage, expectedVersion, { message: stageChanged, current: () => stage });
    if (stage.closing && input.requirements && input.requirements.length > 0) {
      throw validationError([
        { field: 'requirements', message: 'a closing stage has closing requirements, not gate requirements' },
      ]);
    }
    if (!stage.closing && input.closingRequirements && input.closingRequirements.length > 0) {
      throw validationError([
        { field: 'closingRequirements', message: 'an open stage has gate requirements, not closing ones' },
      ]);
    }
    if (stage.closing && input.probability !== undefined && input.probability !== stage.probability) {
      throw validationError([{ field: 'probability', message: 'a closing stage is 100 (won) or 0 (lost)' }]);
    }
    const updated = await updateStageRow(trx, code, stage.version, {
      ...(input.label !== undefined && { label: input.label }),
      ...(input.probability !== undefined && { probability: input.probability }),
      ...(input.requirements !== undefined && {
        requirements: JSON.stringify([...new Set(input.requirements)]),
      }),
      ...(input.closingRequirements !== undefined && {
        closing_requirements: JSON.stringify([...new Set(input.closingRequirements)]),
      }),
      ...(input.staleAfterDays !== undefined && { stale_after_days: input.staleAfterDays }),
    });
    if (!updated) throw versionConflict({ message: stageChanged });
    const after = (await loadStageCatalog(trx)).find((candidate) => candidate.code === code);
    if (!after) throw notFound('Stage');
    return after;
  });
}
