import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { ImportCounts, ImportJob } from '../../core/contract/import-export.ts';
import type { Principal } from '../../core/principal.ts';
import { findUserPrincipal } from '../auth/auth.repository.ts';
import { toPrincipal } from '../auth/auth.service.ts';
import type { Database } from '../db/schema.ts';
import { validationError } from '../http/app-error.ts';
import type { ImportProgress } from '../import-export/import-run.ts';
import { findUserByEmail } from '../users/user.repository.ts';

/** The CLI acts as a user (`--email`): that user's firm owns what it imports, and their visibility applies. */
export async function principalOfEmail(db: Kysely<Database>, email: string): Promise<Principal> {
  const user = await findUserByEmail(db, email);
  if (!user) throw validationError([{ field: '--email', message: `no user has the email ${email}` }]);
  const row = user.is_active ? await findUserPrincipal(db, user.id) : undefined;
  if (!row) throw validationError([{ field: '--email', message: `${email} is deactivated` }]);
  return toPrincipal(row);
}

/** An option given as JSON text or as the path of a JSON file, checked with `schema`. */
export function jsonOption<T extends z.ZodType>(option: string, value: string, schema: T): z.infer<T> {
  let text = value;
  if (!value.trim().startsWith('{')) {
    try {
      text = readFileSync(value, 'utf8');
    } catch {
      throw validationError([{ field: option, message: 'must be a JSON object or the path of a JSON file' }]);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw validationError([{ field: option, message: 'is not valid JSON' }]);
  }
  const checked = schema.safeParse(parsed);
  if (!checked.success) {
    throw validationError(
      checked.error.issues.map((issue) => ({
        field: [option, ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
    );
  }
  return checked.data;
}

/** A progress bar on standard error while the import runs (shown on a terminal only). */
export function importProgressBar() {
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} [{bar}] {percentage}% | {value}/{total} rows | {duration_formatted}',
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | null = null;
  return {
    update(progress: ImportProgress) {
      if (phase === null) bar.start(progress.total, 0, { phase: progress.phase.padEnd(8) });
      phase = progress.phase;
      bar.update(progress.done, { phase: progress.phase.padEnd(8) });
    },
    stop() {
      if (phase !== null) bar.stop();
    },
  };
}

function describeCounts(counts: ImportCounts): string {
  const parts = (
    [
      ['client', 'clients', counts.clients],
      ['BPContact', 'BPContacts', counts.contacts],
      ['opportunity', 'opportunities', counts.opportunities],
      ['line item', 'line items', counts.lineItems],
      ['product', 'products', counts.products],
    ] as const
  )
    .filter(([, , count]) => count > 0)
    .map(([one, many, count]) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

/** The summary the CLI prints: what was (or would be) created, the warnings, every row error. */
export function printImportSummary(job: ImportJob, file: string): void {
  const report = job.report;
  const seconds = ((report?.durationMs ?? 0) / 1000).toFixed(1);
  const rows = `${job.totalRows.toLocaleString('en-US')} rows`;
  if (job.status === 'succeeded' && report) {
    console.log(
      job.dryRun
        ? `Dry run of ${file}: ${rows} checked in ${seconds} s; nothing was written. It would create ${describeCounts(report.created)}.`
        : `Imported ${file}: ${rows} in ${seconds} s (job ${job.id}). Created ${describeCounts(report.created)}.`,
    );
    const placeholders = report.placeholdersCreated;
    if (placeholders.clients + placeholders.contacts > 0) {
      console.log(
        `Placeholders${job.dryRun ? ' it would create' : ' created'}: ${placeholders.clients} client(s), ${placeholders.contacts} BPContact(s).`,
      );
    }
  }
  for (const warning of report?.warnings ?? []) {
    const count = `${warning.rows.toLocaleString('en-US')} row${warning.rows === 1 ? '' : 's'}`;
    console.log(`  note: ${warning.field}: ${warning.message} (${count})`);
  }
  if (job.status !== 'failed') return;
  console.error(
    `Import of ${file} failed: ${job.errorCount.toLocaleString('en-US')} error(s) in ${rows}; nothing was written (job ${job.id}).`,
  );
  for (const error of report?.errors ?? []) {
    const where =
      error.column && error.column !== error.field ? `${error.column} (${error.field})` : error.field;
    console.error(`  row ${error.row}, ${where}: ${error.message}`);
  }
  if (report?.errorsTruncated) {
    console.error(`  … and ${job.errorCount - report.errors.length} more errors not listed`);
  }
}
