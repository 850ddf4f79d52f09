import type { Kysely } from 'kysely';
import type { FavoriteType } from '../../core/contract/favorites.ts';
import type { Database } from '../db/schema.ts';

export async function insertFavorite(
  db: Kysely<Database>,
  userId: number,
  type: FavoriteType,
  id: number,
  at: string,
): Promise<void> {
  await db
    .insertInto('favorites')
    .values({ user_id: userId, entity_type: type, entity_id: id, created_at: at })
    .onConflict((conflict) => conflict.columns(['user_id', 'entity_type', 'entity_id']).doNothing())
    .execute();
}

export async function deleteFavorite(
  db: Kysely<Database>,
  userId: number,
  type: FavoriteType,
  id: number,
): Promise<void> {
  await db
    .deleteFrom('favorites')
    .where('user_id', '=', userId)
    .where('entity_type', '=', type)
    .where('entity_id', '=', id)
    .execute();
}
