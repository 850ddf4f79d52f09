import type { Kysely } from 'kysely';
import {
  maxSavedSearchesPerList,
  type SavedSearch,
  type SavedSearchCreate,
  type SavedSearchEntityType,
  type SavedSearchUpdate,
  savedSearchQueryErrors,
} from '../../core/contract/saved-searches.ts';
import type { Principal } from '../../core/principal.ts';
import { nowIso } from '../clock.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Database } from '../db/schema.ts';
import { AppError, assertVersion, notFound, validationError, versionConflict } from '../http/app-error.ts';
import { loadStageCatalog } from '../stages/stage.repository.ts';
import { toSavedSearch } from './saved-search.mapper.ts';
import {
  countSavedSearchesOf,
  deleteSavedSearchRow,
  findSavedSearchesOf,
  findSavedSearchOf,
  insertSavedSearch,
  savedSearchNameTaken,
  updateSavedSearchRow,
} from './saved-search.repository.ts';

const listNames: Record<SavedSearchEntityType, string> = {
  client: 'clients',
  contact: 'contacts',
  opportunity: 'opportunities',
};

function nameTaken(entityType: SavedSearchEntityType): AppError {
  return new AppError(
    'CONFLICT',
    `You already have a saved search of ${listNames[entityType]} with this name`,
    {
      fields: [
        {
          field: 'name',
          message: `is already the name of one of your saved searches of ${listNames[entityType]}`,
        },
      ],
    },
  );
}

/** A saved view must open without an error: the list's own checks, stage codes against the catalog. */
async function checkQuery(db: Kysely<Database>, entityType: SavedSearchEntityType, query: string) {
  const catalog = entityType === 'opportunity' ? await loadStageCatalog(db) : [];
  const errors = savedSearchQueryErrors(entityType, query, catalog);
  if (errors.length > 0) throw validationError(errors);
}

/** Saved searches are the caller's own: nobody else reads, changes or even learns of them (404). */
export async function listSavedSearches(
  db: Kysely<Database>,
  principal: Principal,
  entityType: SavedSearchEntityType | undefined,
): Promise<SavedSearch[]> {
  return (await findSavedSearchesOf(db, principal.userId, entityType)).map(toSavedSearch);
}

export async function getSavedSearch(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
): Promise<SavedSearch> {
  const row = await findSavedSearchOf(db, principal.userId, id);
  if (!row) throw notFound('Saved search');
  return toSavedSearch(row);
}

export async function createSavedSearch(
  db: Kysely<Database>,
  principal: Principal,
  input: SavedSearchCreate,
): Promise<SavedSearch> {
  await checkQuery(db, input.entityType, input.query);
  try {
    return await db.transaction().execute(async (trx) => {
      if (await savedSearchNameTaken(trx, principal.userId, input.entityType, input.name)) {
        throw nameTaken(input.entityType);
      }
      if ((await countSavedSearchesOf(trx, principal.userId, input.entityType)) >= maxSavedSearchesPerList) {
        throw new AppError(
          'UNPROCESSABLE',
          `You already keep ${maxSavedSearchesPerList} saved searches of ${listNames[input.entityType]}; delete one first`,
        );
      }
      const now = nowIso();
      const row = await insertSavedSearch(trx, {
        user_id: principal.userId,
        entity_type: input.entityType,
        name: input.name,
        query: input.query,
        created_at: now,
        updated_at: now,
      });
      return toSavedSearch(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.entityType);
    throw error;
  }
}

/** The refusal of a change made to an older version: the saved search as it is now. */
async function staleVersion(db: Kysely<Database>, principal: Principal, id: number): Promise<AppError> {
  const latest = await findSavedSearchOf(db, principal.userId, id);
  if (!latest) return notFound('Saved search');
  return versionConflict({ currentVersion: latest.version, current: toSavedSearch(latest) });
}

/**
 * Renames a saved search or saves a new view under its name. With `expectedVersion` (If-Match) a
 * saved search changed since fails with VERSION_CONFLICT; the check is part of the update
 * statement, so of simultaneous changes to one version exactly one wins.
 */
export async function updateSavedSearch(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
  input: SavedSearchUpdate,
): Promise<SavedSearch> {
  let entityType: SavedSearchEntityType | undefined;
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await findSavedSearchOf(trx, principal.userId, id);
      if (!current) throw notFound('Saved search');
      assertVersion(current, expectedVersion, { current: () => toSavedSearch(current) });
      entityType = current.entity_type;
      if (input.query !== undefined) await checkQuery(trx, current.entity_type, input.query);
      if (
        input.name !== undefined &&
        (await savedSearchNameTaken(trx, principal.userId, current.entity_type, input.name, id))
      ) {
        throw nameTaken(current.entity_type);
      }
      const row = await updateSavedSearchRow(trx, principal.userId, id, current.version, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.query !== undefined && { query: input.query }),
        updated_at: nowIso(),
      });
      if (!row) throw await staleVersion(trx, principal, id);
      return toSavedSearch(row);
    });
  } catch (error) {
    if (entityType !== undefined && isUniqueViolation(error)) throw nameTaken(entityType);
    throw error;
  }
}

export async function deleteSavedSearch(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await deleteSavedSearchRow(trx, principal.userId, id, expectedVersion))) {
      throw await staleVersion(trx, principal, id);
    }
  });
}
