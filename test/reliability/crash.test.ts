import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/server/auth/auth.service.ts';
import { checkConsistency } from '../../src/server/db/consistency.ts';
import { openDatabase } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrator.ts';
import { seedDemo } from '../../src/server/demo/demo-seed.ts';
import { csvOf } from '../support/import-helpers.ts';

/**
 * Crash safety: the server is killed with SIGKILL in the middle of a burst of writes; after a
 * restart the database is intact and every invariant holds (no half-written change).
 */
const root = new URL('../..', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Every server a test started, so none outlives the tests when one fails or times out. */
const started: ChildProcess[] = [];

async function startServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'bin/partnerline.js'), 'serve', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  started.push(child);
  for (let attempt = 0; attempt < 150; attempt += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) return child;
    } catch {
      // starting
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

describe('crash safety on SQLite', () => {
  let directory: string;
  let databaseUrl: string;
  let token: string;
  let contactId: number;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'partnerline-crash-'));
    databaseUrl = join(directory, 'crash.sqlite');
    const database = openDatabase(databaseUrl);
    await migrateToLatest(database);
    await seedDemo(database.db);
    const seller = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'seller@brightpath.example')
      .executeTakeFirstOrThrow();
    token = (await createApiToken(database.db, seller.id, { name: 'crash' })).token;
    const contact = await database.db
      .selectFrom('contacts')
      .innerJoin('firms', 'firms.id', 'contacts.owner_firm_id')
      .select('contacts.id')
      .where('firms.name', '=', 'Brightpath Solutions')
      .executeTakeFirstOrThrow();
    contactId = contact.id;
    await database.close();
  });
  afterAll(() => {
    for (const child of started)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });

  it('survives SIGKILL during a burst of writes with every invariant intact', async () => {
    const port = await freePort();
    const server = await startServer(databaseUrl, port);
    const base = `http://127.0.0.1:${port}/api/v1`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    let stop = false;
    const worker = async (index: number) => {
      let done = 0;
      while (!stop) {
        try {
          const created = await fetch(`${base}/opportunities`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              name: `Crash ${index}-${done}`,
              contactId,
              lineItems: [
                { description: 'A', unitPriceMinor: 1000 + done, quantity: 2 },
                { description: 'B', amountMinor: 500 },
              ],
            }),
          });
          if (created.ok) {
            const { id } = (await created.json()) as { id: number };
            await fetch(`${base}/opportunities/${id}/stage`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ stage: 'qualify' }),
            });
            await fetch(`${base}/opportunities/${id}/line-items`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ description: 'C', amountMinor: 250 }),
            });
          }
        } catch {
          return done;
        }
        done += 1;
      }
      return done;
    };
    const workers = Array.from({ length: 6 }, (_, index) => worker(index));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    server.kill('SIGKILL');
    stop = true;
    const completed = (await Promise.all(workers)).reduce((sum, count) => sum + count, 0);
    expect(completed).toBeGreaterThan(5);

    // Restart: the server opens the database, and the data holds.
    const restarted = await startServer(databaseUrl, port);
    restarted.kill('SIGTERM');
    await new Promise((resolve) => restarted.on('exit', resolve));
    const database = openDatabase(databaseUrl);
    try {
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(database.db);
      expect(integrity.rows[0]?.integrity_check).toBe('ok');
      expect(await checkConsistency(database.db)).toEqual([]);
      const burst = await database.db
        .selectFrom('opportunities')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('name', 'like', 'Crash %')
        .executeTakeFirstOrThrow();
      expect(Number(burst.n)).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('survives SIGKILL in the middle of a large import: nothing of it is written, the job says so, and the file imports again', async () => {
    const setup = openDatabase(databaseUrl);
    const client = await setup.db
      .selectFrom('clients')
      .innerJoin('firms', 'firms.id', 'clients.owner_firm_id')
      .select('clients.client_number')
      .where('firms.name', '=', 'Brightpath Solutions')
      .where('clients.client_number', 'is not', null)
      .executeTakeFirstOrThrow();
    await setup.close();
    const rows = 40_000;
    const csv = csvOf([
      ['name', 'client', 'amount', 'decisionDate', 'product', 'quantity', 'unitPrice'],
      ...Array.from({ length: rows }, (_, index) => [
        `Imported deal ${index}`,
        client.client_number,
        '',
        '2027-03-31',
        'GTX Pro',
        1 + (index % 5),
        '1250.00',
      ]),
    ]);
    const countImported = async () => {
      const database = openDatabase(databaseUrl);
      try {
        const row = await database.db
          .selectFrom('opportunities')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('name', 'like', 'Imported deal %')
          .executeTakeFirstOrThrow();
        return Number(row.n);
      } finally {
        await database.close();
      }
    };

    const port = await freePort();
    const server = await startServer(databaseUrl, port);
    const url = `http://127.0.0.1:${port}/api/v1/import/opportunities`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'text/csv' };
    const cutOff = fetch(url, { method: 'POST', headers, body: csv }).then(
      (response) => response.status,
      () => 'cut off' as const,
    );
    // Wait until the import is under way (its job row is written before its transaction starts),
    // give it a moment to write inside the transaction, then kill the server.
    const reader = new BetterSqlite3(databaseUrl, { readonly: true });
    let running: { id: number } | undefined;
    for (let attempt = 0; attempt < 300 && !running; attempt += 1) {
      running = reader.prepare(`select id from import_jobs where status = 'running'`).get() as
        | { id: number }
        | undefined;
      if (!running) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    reader.close();
    expect(running, 'the import started').toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    server.kill('SIGKILL');
    expect(await cutOff).toBe('cut off');

    // After a restart: the database is whole, none of the import is there, and the job says why.
    const restarted = await startServer(databaseUrl, port);
    const job = (await (
      await fetch(`http://127.0.0.1:${port}/api/v1/import-jobs/${running!.id}`, { headers })
    ).json()) as { status: string; report: { errors: { message: string }[] } };
    expect(job.status).toBe('failed');
    expect(job.report.errors[0]?.message).toMatch(
      /server stopped during this import; nothing of it was written/,
    );
    expect(await countImported()).toBe(0);
    const database = openDatabase(databaseUrl);
    try {
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(database.db);
      expect(integrity.rows[0]?.integrity_check).toBe('ok');
      expect(await checkConsistency(database.db)).toEqual([]);
    } finally {
      await database.close();
    }

    // The same file, run again, imports in full.
    const again = await fetch(url, { method: 'POST', headers, body: csv });
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ status: 'succeeded', createdCount: rows });
    restarted.kill('SIGTERM');
    await new Promise((resolve) => restarted.on('exit', resolve));
    expect(await countImported()).toBe(rows);
  }, 180_000);

  it('backs up online during writes into a copy that restores consistent, and equal to the source once writes stop', async () => {
    const port = await freePort();
    const server = await startServer(databaseUrl, port);
    const base = `http://127.0.0.1:${port}/api/v1`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    let stop = false;
    const writer = (async () => {
      let index = 0;
      while (!stop) {
        await fetch(`${base}/opportunities`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            name: `Backup ${index++}`,
            contactId,
            lineItems: [{ description: 'A', unitPriceMinor: 100 }],
          }),
        }).catch(() => undefined);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const during = join(directory, 'during.sqlite');
    const backup = spawn(process.execPath, [join(root, 'bin/partnerline.js'), 'backup', during], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: 'ignore',
    });
    expect(await new Promise((resolve) => backup.on('exit', resolve))).toBe(0);
    stop = true;
    await writer;
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('exit', resolve));

    // "Restore" is using the copy as the database: it opens, and every invariant holds.
    const restored = openDatabase(during);
    try {
      expect(
        (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(restored.db)).rows[0]
          ?.integrity_check,
      ).toBe('ok');
      expect(await checkConsistency(restored.db)).toEqual([]);
    } finally {
      await restored.close();
    }

    // With writes stopped, a backup is the same data as the source, table by table.
    const after = join(directory, 'after.sqlite');
    const second = spawn(process.execPath, [join(root, 'bin/partnerline.js'), 'backup', after], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: 'ignore',
    });
    expect(await new Promise((resolve) => second.on('exit', resolve))).toBe(0);
    const source = openDatabase(databaseUrl);
    const copy = openDatabase(after);
    try {
      for (const table of [
        'opportunities',
        'line_items',
        'stage_changes',
        'clients',
        'contacts',
        'users',
      ] as const) {
        const fingerprint = async (database: typeof source) =>
          (
            await sql<{
              n: number;
              ids: number;
            }>`select count(*) as n, coalesce(sum(id), 0) as ids from ${sql.table(table)}`.execute(
              database.db,
            )
          ).rows[0];
        expect(await fingerprint(copy), table).toEqual(await fingerprint(source));
      }
    } finally {
      await source.close();
      await copy.close();
    }
  }, 60_000);
});
