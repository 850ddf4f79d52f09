import type { FavoriteType } from '../../core/contract/favorites.ts';

export interface FavoriteTable {
  user_id: number;
  entity_type: FavoriteType;
  entity_id: number;
  created_at: string;
}
