/**
 * How long an opportunity import of N rows takes: the public data set's sales pipeline, repeated
 * (with fresh ids) up to N rows, imported with placeholders into a fresh database.
 *
 *   npx tsx bench/import-opportunities.ts [ROWS] [DATABASE_URL]
 *
 * ROWS defaults to 100,000; DATABASE_URL to a temporary SQLite file (a postgres:// URL works too,
 * on an empty database). Prints the time each phase took.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Principal } from '../src/core/principal.ts';
import { findUserPrincipal } from '../src/server/auth/auth.repository.ts';
import { toPrincipal } from '../src/server/auth/auth.service.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrator.ts';
import { createFirm } from '../src/server/firms/firm.service.ts';
import { runImport } from '../src/server/import-export/import.service.ts';
import { createUser } from '../src/server/users/user.service.ts';

const rows = Number(process.argv[2] ?? 100_000);
const scratch = mkdtempSync(join(tmpdir(), 'partnerline-bench-'));
const url = process.argv[3] ?? join(scratch, 'bench.sqlite');
const fixtures = fileURLToPath(new URL('../fixtures/crm-sales-opportunities/', import.meta.url));
const read = (file: string) => readFileSync(join(fixtures, file), 'utf8');

function pipelineOf(size: number): string {
  const [header, ...lines] = read('sales_pipeline.csv').split(/\r?\n/).filter(Boolean);
  const out = [header];
  for (let index = 0; out.length <= size; index += 1) {
    const line = lines[index % lines.length] ?? '';
    out.push(`${Math.floor(index / lines.length)}-${line}`);
  }
  return out.join('\n');
}

const database = openDatabase(url);
try {
  await migrateToLatest(database);
  const db = database.db;
  const vendor = await createFirm(db, 'system', {
    name: 'Bench Vendor',
    kind: 'vendor',
    isDistributor: false,
    isInGoodStanding: true,
    isAuthorized: true,
  });
  const partner = await createFirm(db, 'system', {
    name: 'Bench Partner',
    kind: 'partner',
    isDistributor: false,
    isInGoodStanding: true,
    isAuthorized: true,
  });
  const principalOf = async (
    email: string,
    firmId: number,
    role: 'admin' | 'manager',
  ): Promise<Principal> => {
    const user = await createUser(db, 'system', {
      email,
      name: email,
      role,
      firmId,
      password: 'bench-password',
    });
    const row = await findUserPrincipal(db, user.id);
    if (!row) throw new Error('no principal');
    return toPrincipal(row);
  };
  const admin = await principalOf('admin@bench.example', vendor.id, 'admin');
  const manager = await principalOf('manager@bench.example', partner.id, 'manager');
  const options = { dryRun: false, placeholders: true, unmatchedOwners: 'importer' as const };
  await runImport(db, admin, { type: 'products', csv: read('products.csv'), options });
  await runImport(db, manager, { type: 'clients', csv: read('accounts.csv'), options });

  const csv = pipelineOf(rows);
  const started = performance.now();
  const phases = new Map<string, number>();
  const job = await runImport(db, manager, {
    type: 'opportunities',
    csv,
    options,
    onProgress: ({ phase }) => {
      if (!phases.has(phase)) phases.set(phase, performance.now());
    },
  });
  const ended = performance.now();
  const checking = phases.get('checking') ?? started;
  const writing = phases.get('writing') ?? ended;
  console.log(
    JSON.stringify(
      {
        engine: database.kind,
        rows,
        status: job.status,
        created: job.report?.created,
        errors: job.errorCount,
        seconds: {
          readingAndMatching: ((checking - started) / 1000).toFixed(1),
          checking: ((writing - checking) / 1000).toFixed(1),
          writing: ((ended - writing) / 1000).toFixed(1),
          total: ((ended - started) / 1000).toFixed(1),
        },
      },
      null,
      2,
    ),
  );
} finally {
  await database.close();
  rmSync(scratch, { recursive: true, force: true });
}
