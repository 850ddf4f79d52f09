import type { Kysely } from 'kysely';
import { canCreateFirmRecord } from '../../core/access.ts';
import type {
  ImportCounts,
  ImportJob,
  ImportOptions,
  ImportReport,
} from '../../core/contract/import-export.ts';
import { defaultStageMap, type ImportType, resolveImportMapping } from '../../core/import-fields.ts';
import type { Principal } from '../../core/principal.ts';
import { nowIso } from '../clock.ts';
import { databaseKindOf } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';
import { refreshStatistics } from '../db/statistics.ts';
import { forbidden, notFound, validationError } from '../http/app-error.ts';
import { requireOpportunityCreator } from '../opportunities/opportunity-create.service.ts';
import { importClients } from './client-import.service.ts';
import { importContacts } from './contact-import.service.ts';
import { readCsv } from './csv-file.ts';
import { toImportJob } from './import-job.mapper.ts';
import {
  findImportJobOfUser,
  findImportJobsOfUser,
  findRunningImportJobIds,
  insertImportJob,
  updateImportJob,
} from './import-job.repository.ts';
import { ImportFindings, type ImportPhase, type ImportRun, type ProgressListener } from './import-run.ts';
import { importSlotsOf } from './import-slots.ts';
import { importOpportunities } from './opportunity-import.service.ts';
import { importProducts } from './product-import.service.ts';

const importers: Record<ImportType, (run: ImportRun) => Promise<void>> = {
  clients: importClients,
  contacts: importContacts,
  opportunities: importOpportunities,
  products: importProducts,
};

const primaryCount: Record<ImportType, keyof ImportCounts> = {
  clients: 'clients',
  contacts: 'contacts',
  opportunities: 'opportunities',
  products: 'products',
};

/** The same permission as creating one record of the type through the API. */
function requireImportPermission(principal: Principal, type: ImportType): void {
  switch (type) {
    case 'clients':
    case 'contacts':
      if (!canCreateFirmRecord(principal)) throw forbidden(`Your role cannot create ${type}`);
      return;
    case 'opportunities':
      requireOpportunityCreator(principal);
      return;
    case 'products':
      if (principal.role !== 'admin') throw forbidden('Only administrators maintain the product catalog');
      return;
  }
}

/** Thrown inside the import's transaction to undo it: a dry run, or a file with errors. */
class UndoImport extends Error {}

export type ImportRequest = {
  type: ImportType;
  csv: string;
  options: ImportOptions;
  /** The command line's progress bar. */
  onProgress?: ProgressListener;
};

/**
 * SPEC §8 import, all or nothing per file: every row goes through the domain rules of the API in
 * one transaction; if any row fails (or it is a dry run) the transaction is undone and the report
 * lists every bad row. The job row records the run: started before, finished after. On PostgreSQL
 * its progress is updated during the run from another connection, without the import ever waiting
 * for that connection while it holds its own (see `progress` below); on SQLite the one connection
 * belongs to the import's transaction until it ends, so the job shows the progress when it ends.
 * A process runs a few imports at once (import-slots.ts); others wait their turn or get 429.
 */
/** From this many rows an import can change the shape of the data enough to re-plan the lists. */
const largeImportRows = 10_000;

export async function runImport(
  db: Kysely<Database>,
  principal: Principal,
  request: ImportRequest,
): Promise<ImportJob> {
  const { type, options } = request;
  requireImportPermission(principal, type);
  const table = readCsv(request.csv);
  const resolution = resolveImportMapping(type, table.headers, options.mapping);
  if (resolution.errors.length > 0) {
    throw validationError(
      resolution.errors,
      `The file cannot be imported as ${type}: ${resolution.errors.map((error) => error.message).join('; ')}`,
    );
  }
  const { mapping } = resolution;
  const stageHeader = Object.entries(mapping).find(([, field]) => field === 'stage')?.[0];
  const stageMap = options.stageMap ?? defaultStageMap(stageHeader);
  return importSlotsOf(db).run(async () => {
    const startedAt = performance.now();
    const total = table.rows.length;
    const jobId = await insertImportJob(db, {
      user_id: principal.userId,
      entity_type: type,
      status: 'running',
      dry_run: options.dryRun ? 1 : 0,
      total_rows: total,
      processed_rows: 0,
      created_count: 0,
      error_count: 0,
      report: null,
      started_at: nowIso(),
      finished_at: null,
    });

    // The import holds one connection of the pool for its transaction. Its progress goes through
    // another, but the import never waits for it: imports holding a connection each while waiting
    // for a second would drain the pool and stop every request. One update at a time is in flight;
    // one that fails is dropped (the job's final state is written after the transaction).
    const reportsLiveProgress = databaseKindOf(db) === 'postgres';
    let lastReported = 0;
    let progressUpdate: Promise<void> | null = null;
    const progress = async (phase: ImportPhase, done: number) => {
      await request.onProgress?.({ phase, done, total });
      if (reportsLiveProgress && progressUpdate === null && Date.now() - lastReported > 500) {
        lastReported = Date.now();
        progressUpdate = updateImportJob(db, jobId, { processed_rows: Math.min(done, total) })
          .catch(() => undefined)
          .finally(() => {
            progressUpdate = null;
          });
      }
    };
    /** A late progress update must not land on top of the job's final state. */
    const progressSettled = async () => {
      while (progressUpdate) await progressUpdate;
    };
    const columnByField = new Map(Object.entries(mapping).map(([header, field]) => [field, header]));
    const findings = new ImportFindings((field) => columnByField.get(field) ?? null);
    try {
      await db.transaction().execute(async (trx) => {
        await importers[type]({
          trx,
          principal,
          table,
          mapping,
          options: { ...options, stageMap },
          findings,
          cache: new Map(),
          progress,
        });
        if (findings.hasErrors() || options.dryRun) throw new UndoImport();
      });
    } catch (error) {
      if (!(error instanceof UndoImport)) {
        await progressSettled();
        await updateImportJob(db, jobId, { status: 'failed', finished_at: nowIso() });
        throw error;
      }
    }

    const failed = findings.hasErrors();
    if (!failed && !options.dryRun && total >= largeImportRows) await refreshStatistics(db);
    const none: ImportCounts = { clients: 0, contacts: 0, opportunities: 0, lineItems: 0, products: 0 };
    const report: ImportReport = {
      mapping,
      ignoredColumns: resolution.ignored,
      stageMap: { ...stageMap },
      placeholders: options.placeholders,
      unmatchedOwners: options.unmatchedOwners,
      created: failed ? none : findings.created,
      placeholdersCreated: failed ? { clients: 0, contacts: 0 } : findings.placeholdersCreated,
      warnings: findings.warnings,
      errors: [...findings.errors].sort((left, right) => left.row - right.row),
      errorsTruncated: findings.isTruncated,
      durationMs: Math.round(performance.now() - startedAt),
    };
    await progressSettled();
    await updateImportJob(db, jobId, {
      status: failed ? 'failed' : 'succeeded',
      processed_rows: total,
      created_count: report.created[primaryCount[type]],
      error_count: findings.errorCount,
      report: JSON.stringify(report),
      finished_at: nowIso(),
    });
    return getImportJob(db, principal, jobId);
  });
}

export async function getImportJob(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
): Promise<ImportJob> {
  const row = await findImportJobOfUser(db, principal.userId, id);
  if (!row) throw notFound('Import job');
  return toImportJob(row);
}

export async function listImportJobs(db: Kysely<Database>, principal: Principal): Promise<ImportJob[]> {
  return (await findImportJobsOfUser(db, principal.userId, 50)).map(toImportJob);
}

/** A job older than this that still says running cannot be running: imports take a minute at most. */
const abandonedAfterMs = 60 * 60 * 1000;

/**
 * At start-up: a job that still says running was cut off when the server stopped (a crash, a kill).
 * Its transaction never committed, so nothing of it was written; it is marked failed with that
 * message, and the file can be imported again. On SQLite the server owns the file, so every running
 * job is such a job; on PostgreSQL other servers may be importing, so only jobs long past any real
 * import's duration are.
 */
export async function failInterruptedImports(db: Kysely<Database>): Promise<number> {
  const cutoff =
    databaseKindOf(db) === 'sqlite' ? nowIso() : new Date(Date.now() - abandonedAfterMs).toISOString();
  const interrupted = await findRunningImportJobIds(db, cutoff);
  const none: ImportCounts = { clients: 0, contacts: 0, opportunities: 0, lineItems: 0, products: 0 };
  for (const jobId of interrupted) {
    const report: ImportReport = {
      mapping: {},
      ignoredColumns: [],
      stageMap: {},
      placeholders: false,
      unmatchedOwners: 'error',
      created: none,
      placeholdersCreated: { clients: 0, contacts: 0 },
      warnings: [],
      errors: [
        {
          row: 1,
          column: null,
          field: 'file',
          message: 'The server stopped during this import; nothing of it was written. Import the file again.',
        },
      ],
      errorsTruncated: false,
      durationMs: 0,
    };
    await updateImportJob(db, jobId, {
      status: 'failed',
      error_count: 1,
      report: JSON.stringify(report),
      finished_at: nowIso(),
    });
  }
  return interrupted.length;
}
