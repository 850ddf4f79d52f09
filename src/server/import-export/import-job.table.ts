import type { Generated } from 'kysely';
import type { ImportType } from '../../core/import-fields.ts';

export interface ImportJobTable {
  id: Generated<number>;
  user_id: number;
  entity_type: ImportType;
  status: 'running' | 'succeeded' | 'failed';
  dry_run: number;
  total_rows: number;
  processed_rows: number;
  created_count: number;
  error_count: number;
  /** JSON: the row-level errors and the summary. */
  report: string | null;
  started_at: string;
  finished_at: string | null;
}
