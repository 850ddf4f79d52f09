import type { Generated } from 'kysely';

export type ActivityKind = 'task' | 'call' | 'meeting' | 'note';
export type ActivityStatus = 'open' | 'done' | 'cancelled';

export interface ActivityTable {
  id: Generated<number>;
  entity_type: 'client' | 'contact' | 'opportunity';
  entity_id: number;
  kind: ActivityKind;
  subject: string;
  body: string | null;
  due_date: string | null;
  status: ActivityStatus;
  owner_id: number;
  created_by: number;
  /** The firm of whoever wrote it: notes on shared (vendor-registered) records stay with that firm. */
  firm_id: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  deleted_at: string | null;
  version: Generated<number>;
}
