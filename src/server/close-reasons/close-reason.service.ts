import type { Kysely } from 'kysely';
import type { CloseReason, CloseReasonCreate, CloseReasonUpdate } from '../../core/contract/close-reasons.ts';
import type { FieldError } from '../../core/errors.ts';
import type { Principal } from '../../core/principal.ts';
import { nowIso } from '../clock.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Database } from '../db/schema.ts';
import {
  AppError,
  assertVersion,
  forbidden,
  notFound,
  validationError,
  versionConflict,
} from '../http/app-error.ts';
import { loadStageCatalog } from '../stages/stage.repository.ts';
import {
  type CloseReasonRow,
  findCloseReasonRow,
  findCloseReasonRows,
  insertCloseReason,
  relabelClosedOpportunities,
  updateCloseReasonRow,
} from './close-reason.repository.ts';

export function toCloseReason(row: CloseReasonRow): CloseReason {
  return {
    id: row.id,
    label: row.label,
    stages: JSON.parse(row.stage_codes) as string[],
    order: row.sort_order,
    isActive: Boolean(row.is_active),
    isOther: Boolean(row.is_other),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** Everyone who closes deals reads the list (inactive reasons too: old deals still name them). */
export async function listCloseReasons(db: Kysely<Database>): Promise<CloseReason[]> {
  return (await findCloseReasonRows(db)).map(toCloseReason);
}

function requireAdmin(principal: Principal) {
  if (principal.role !== 'admin') throw forbidden('Only administrators maintain the close reasons');
}

/** Each stage named must be a closing stage of the catalog (SPEC §3), each named once. */
async function checkStages(
  db: Kysely<Database>,
  stages: readonly string[],
): Promise<{ chosen: string[]; closing: string[] }> {
  const catalog = await loadStageCatalog(db);
  const closing = catalog.filter((stage) => stage.closing).map((stage) => stage.code);
  const fields: FieldError[] = stages.flatMap((code, index) =>
    !closing.includes(code)
      ? [{ field: `stages.${index}`, message: `is not a closing stage; one of ${closing.join(', ')}` }]
      : stages.indexOf(code) < index
        ? [{ field: `stages.${index}`, message: `names ${code} a second time` }]
        : [],
  );
  if (fields.length > 0) throw validationError(fields);
  return { chosen: closing.filter((code) => stages.includes(code)), closing };
}

function labelTaken(label: string): AppError {
  return new AppError('CONFLICT', `A close reason "${label}" already exists`, {
    fields: [{ field: 'label', message: 'is already in use' }],
  });
}

function checkLabelFree(rows: readonly CloseReasonRow[], label: string, exceptId?: number) {
  const wanted = label.toLocaleLowerCase('en');
  if (rows.some((row) => row.id !== exceptId && row.label.toLocaleLowerCase('en') === wanted)) {
    throw labelTaken(label);
  }
}

async function withUniqueLabel<T>(label: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // Two admins adding the same label at once: the unique index decides.
    if (label !== undefined && isUniqueViolation(error)) throw labelTaken(label);
    throw error;
  }
}

export async function createCloseReason(
  db: Kysely<Database>,
  principal: Principal,
  input: CloseReasonCreate,
): Promise<CloseReason> {
  requireAdmin(principal);
  return withUniqueLabel(input.label, () =>
    db.transaction().execute(async (trx) => {
      const { chosen: stages } = await checkStages(trx, input.stages);
      const rows = await findCloseReasonRows(trx);
      checkLabelFree(rows, input.label);
      const now = nowIso();
      const lastOrder = Math.max(0, ...rows.filter((row) => !row.is_other).map((row) => row.sort_order));
      const id = await insertCloseReason(trx, {
        label: input.label,
        stage_codes: JSON.stringify(stages),
        sort_order: input.order ?? lastOrder + 10,
        is_active: input.isActive === false ? 0 : 1,
        is_other: 0,
        created_at: now,
        updated_at: now,
      });
      const row = await findCloseReasonRow(trx, id);
      if (!row) throw notFound('Close reason');
      return toCloseReason(row);
    }),
  );
}

const closeReasonChanged = 'The close reason was changed by someone else; reload it';

/**
 * Admins rename, reorder, move between closing stages and deactivate reasons. Nothing is deleted:
 * deals closed with a reason keep it, and a renamed reason renames it on those deals too. "Other"
 * stays active and offered for every closing stage, so a closing can always say what happened.
 */
export async function updateCloseReason(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
  input: CloseReasonUpdate,
): Promise<CloseReason> {
  requireAdmin(principal);
  return withUniqueLabel(input.label, () =>
    db.transaction().execute(async (trx) => {
      const row = await findCloseReasonRow(trx, id);
      if (!row) throw notFound('Close reason');
      assertVersion(row, expectedVersion, { message: closeReasonChanged, current: () => toCloseReason(row) });
      if (row.is_other && input.isActive === false) {
        throw validationError([{ field: 'isActive', message: `"${row.label}" is always offered` }]);
      }
      const checked = input.stages === undefined ? undefined : await checkStages(trx, input.stages);
      const stages = checked?.chosen;
      if (row.is_other && checked !== undefined) {
        if (checked.chosen.length !== checked.closing.length) {
          throw validationError([
            { field: 'stages', message: `"${row.label}" is offered for every closing stage` },
          ]);
        }
      }
      if (input.label !== undefined) checkLabelFree(await findCloseReasonRows(trx), input.label, id);
      const current = toCloseReason(row);
      const changes =
        (input.label !== undefined && input.label !== row.label) ||
        (stages !== undefined && JSON.stringify(stages) !== JSON.stringify(current.stages)) ||
        (input.order !== undefined && input.order !== current.order) ||
        (input.isActive !== undefined && input.isActive !== current.isActive);
      // Nothing to change (an empty body, or the values it has): the reason and its version stay as they are.
      if (!changes) return current;
      const updated = await updateCloseReasonRow(trx, id, row.version, {
        ...(input.label !== undefined && { label: input.label }),
        ...(stages !== undefined && { stage_codes: JSON.stringify(stages) }),
        ...(input.order !== undefined && { sort_order: input.order }),
        ...(input.isActive !== undefined && { is_active: input.isActive ? 1 : 0 }),
        updated_at: nowIso(),
      });
      if (!updated) throw versionConflict({ message: closeReasonChanged });
      if (input.label !== undefined && input.label !== row.label) {
        await relabelClosedOpportunities(trx, id, input.label);
      }
      const after = await findCloseReasonRow(trx, id);
      if (!after) throw notFound('Close reason');
      return toCloseReason(after);
    }),
  );
}
