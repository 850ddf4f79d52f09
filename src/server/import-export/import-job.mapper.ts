import type { ImportJob, ImportReport } from '../../core/contract/import-export.ts';
import type { ImportJobRow } from './import-job.repository.ts';

export function toImportJob(row: ImportJobRow): ImportJob {
  return {
    id: row.id,
    type: row.entity_type,
    status: row.status,
    dryRun: Boolean(row.dry_run),
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    createdCount: row.created_count,
    errorCount: row.error_count,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    report: row.report === null ? null : (JSON.parse(row.report) as ImportReport),
  };
}
