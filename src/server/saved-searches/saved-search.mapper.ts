import { listPaths, type SavedSearch } from '../../core/contract/saved-searches.ts';
import type { SavedSearchRow } from './saved-search.repository.ts';

export function toSavedSearch(row: SavedSearchRow): SavedSearch {
  const path = listPaths[row.entity_type];
  return {
    id: row.id,
    entityType: row.entity_type,
    name: row.name,
    query: row.query,
    path: row.query ? `${path}?${row.query}` : path,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
