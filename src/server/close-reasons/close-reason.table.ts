import type { Generated } from 'kysely';

export interface CloseReasonTable {
  id: Generated<number>;
  label: string;
  /** JSON array of closing stage codes. */
  stage_codes: string;
  sort_order: number;
  is_active: number;
  is_other: number;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}
