import type { Generated } from 'kysely';

export type AuditedEntityType = 'client' | 'contact' | 'opportunity' | 'line-item' | 'activity';
export type AuditAction = 'create' | 'update' | 'delete' | 'restore';

export interface AuditEntryTable {
  id: Generated<number>;
  entity_type: AuditedEntityType;
  entity_id: number;
  /** For line items: the opportunity they belong to, so its change log shows them too. */
  parent_id: number | null;
  action: AuditAction;
  field: string | null;
  /** JSON text of the value before and after. */
  old_value: string | null;
  new_value: string | null;
  changed_by: number | null;
  changed_at: string;
}
