import type { Generated } from 'kysely';

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: 'pass-received' | 'pass-accepted' | 'pass-declined';
  opportunity_id: number;
  message: string;
  created_at: string;
  read_at: string | null;
}
