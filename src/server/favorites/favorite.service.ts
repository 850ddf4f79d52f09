import type { Kysely } from 'kysely';
import type { Favorite, FavoriteType } from '../../core/contract/favorites.ts';
import type { Principal } from '../../core/principal.ts';
import { nowIso } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { notFound } from '../http/app-error.ts';
import { deleteFavorite, insertFavorite } from './favorite.repository.ts';
import { favoriteTargets } from './favorite-targets.ts';

const labels: Record<FavoriteType, string> = {
  client: 'Client',
  contact: 'Contact',
  opportunity: 'Opportunity',
};

/** A star may only be put on, or taken off, a record the caller can see (404 otherwise, like a read). */
async function requireVisible(db: Kysely<Database>, principal: Principal, type: FavoriteType, id: number) {
  const provider = favoriteTargets[type];
  if (!(await provider.isVisible(db, principal, id))) throw notFound(labels[type]);
}

export async function addFavorite(
  db: Kysely<Database>,
  principal: Principal,
  type: FavoriteType,
  id: number,
) {
  await requireVisible(db, principal, type, id);
  await insertFavorite(db, principal.userId, type, id, nowIso());
}

export async function removeFavorite(
  db: Kysely<Database>,
  principal: Principal,
  type: FavoriteType,
  id: number,
) {
  await requireVisible(db, principal, type, id);
  await deleteFavorite(db, principal.userId, type, id);
}

/** The caller's stars, newest first, limited to records they can still see. */
export async function listFavorites(
  db: Kysely<Database>,
  principal: Principal,
  type: FavoriteType | undefined,
): Promise<Favorite[]> {
  const types = type ? [type] : (Object.keys(favoriteTargets) as FavoriteType[]);
  const lists = await Promise.all(types.map((each) => favoriteTargets[each].listStarred(db, principal)));
  return lists.flat().sort((left, right) => right.createdAt.localeCompare(left.createdAt));
}
