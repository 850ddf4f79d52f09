import type { Generated } from 'kysely';

export interface SavedSearchTable {
  id: Generated<number>;
  user_id: number;
  entity_type: 'client' | 'contact' | 'opportunity';
  name: string;
  /** The list's query string, exactly as the list URL carries it. */
  query: string;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}
