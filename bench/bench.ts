/**
 * `npm run bench`: seeds (when needed) a data set, starts the server on loopback, and measures the
 * API as a manager of one generated firm (so the visibility rules are in play): p50/p95/p99 and
 * throughput at 1 and 8 connections, the server's memory, and the raw SQL of the same list on the
 * same database, reported as a ratio. Results go to bench/results/*.json and docs/performance.md.
 *
 * BENCH_DATABASE_URL  database to use (default ./data/bench-<scale>.sqlite; a postgres:// URL works)
 * BENCH_SCALE         opportunities to generate into an empty database (default 100000)
 * BENCH_SECONDS       seconds per measurement (default 8)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { opportunityListQuerySchema } from '../src/core/contract/opportunities.ts';
import { findUserPrincipal } from '../src/server/auth/auth.repository.ts';
import { toPrincipal } from '../src/server/auth/auth.service.ts';
import { type AppDatabase, isPostgresUrl, openDatabase } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrator.ts';
import type { Database } from '../src/server/db/schema.ts';
import { seedScale } from '../src/server/demo/scale-seed.ts';
import { listOpportunities } from '../src/server/opportunities/opportunity-read.service.ts';
import { type LoadRequest, type LoadResult, runLoad } from './load.ts';
import { type BenchReport, writePerformanceTable } from './report.ts';
import { busiestFirmManager, freePort, memoryOf, startServer } from './server.ts';

const root = new URL('..', import.meta.url).pathname;
const scale = Number(process.env.BENCH_SCALE ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const databaseUrl = process.env.BENCH_DATABASE_URL ?? join(root, `data/bench-${scale}.sqlite`);

function log(message: string) {
  process.stdout.write(`${message}\n`);
}

async function ensureData(database: AppDatabase) {
  await migrateToLatest(database);
  const row = await database.db
    .selectFrom('opportunities')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(row.n) > 0) {
    log(`Using ${database.location} with ${Number(row.n).toLocaleString('en-US')} opportunities.`);
    return;
  }
  log(`Generating ${scale.toLocaleString('en-US')} opportunities into ${database.location}…`);
  const started = Date.now();
  await seedScale(database.db, {
    opportunities: scale,
    onProgress: (done, total) => {
      if (done % 100_000 === 0 || done === total)
        log(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
    },
  });
  log(`  seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The SQL the list runs for one page, captured from the app's own data layer. */
async function captureListSql(database: AppDatabase, managerId: number, query: Record<string, string>) {
  const statements: { sql: string; parameters: readonly unknown[] }[] = [];
  const capture = (event: LogEvent) => {
    if (event.level === 'query')
      statements.push({ sql: event.query.sql, parameters: event.query.parameters });
  };
  const logging =
    database.kind === 'sqlite'
      ? new Kysely<Database>({
          dialect: new SqliteDialect({ database: new BetterSqlite3(database.location, { readonly: true }) }),
          log: capture,
        })
      : new Kysely<Database>({
          dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }),
          log: capture,
        });
  const principalRow = await findUserPrincipal(logging, managerId);
  if (!principalRow) throw new Error('no manager');
  statements.length = 0;
  await listOpportunities(logging, toPrincipal(principalRow), opportunityListQuerySchema.parse(query));
  await logging.destroy();
  return statements;
}

/** Times the captured statements run straight on the database driver, no HTTP, no app. */
async function timeRawSql(statements: { sql: string; parameters: readonly unknown[] }[], iterations: number) {
  const times: number[] = [];
  if (!isPostgresUrl(databaseUrl)) {
    const sqlite = new BetterSqlite3(databaseUrl.replace(/^sqlite:/, ''), { readonly: true });
    const prepared = statements.map((statement) => ({
      statement: sqlite.prepare(statement.sql),
      parameters: statement.parameters,
    }));
    for (let index = 0; index < iterations; index += 1) {
      const started = performance.now();
      for (const each of prepared) each.statement.all(...(each.parameters as unknown[]));
      times.push(performance.now() - started);
    }
    sqlite.close();
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    for (let index = 0; index < iterations; index += 1) {
      const started = performance.now();
      for (const each of statements) await client.query(each.sql, each.parameters as unknown[]);
      times.push(performance.now() - started);
    }
    await client.end();
  }
  times.sort((left, right) => left - right);
  const at = (fraction: number) =>
    Number((times[Math.min(times.length - 1, Math.ceil(fraction * times.length) - 1)] ?? 0).toFixed(3));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

async function main() {
  const database = openDatabase(databaseUrl);
  await ensureData(database);
  const db = database.db;
  const { firmId, firmOpportunities, manager, token } = await busiestFirmManager(db, 'bench');
  const sample = await db
    .selectFrom('opportunities')
    .select('id')
    .where('owner_firm_id', '=', firmId)
    .where('deleted_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(300)
    .execute();
  const contact = await db
    .selectFrom('contacts')
    .select(['id'])
    .where('owner_firm_id', '=', firmId)
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirstOrThrow();
  const word = 'bauer';
  log(
    `Measuring as ${manager.email}, manager of firm ${firmId} (${firmOpportunities.toLocaleString('en-US')} opportunities).`,
  );

  const port = await freePort();
  const server = await startServer(root, databaseUrl, port);
  const baseUrl = `http://127.0.0.1:${port}`;
  const overviewIds = sample.map((row) => row.id);
  let overviewIndex = 0;
  const movers: { id: number; stage: string }[] = [];
  let moverIndex = 0;
  let created = 0;

  const createBody = () =>
    JSON.stringify({
      name: `Bench deal ${created++}`,
      contactId: contact.id,
      lineItems: [
        { description: 'Servers', quantity: 2, unitPriceMinor: 250_000 },
        { description: 'Storage', quantity: 1, unitPriceMinor: 120_000 },
        { description: 'Services', quantity: 10, unitPriceMinor: 15_000, discountPercent: 10 },
      ],
    });

  const scenarios: { name: string; next: () => LoadRequest }[] = [
    {
      name: 'list (stage, by decision date, 50 rows)',
      next: () => ({ method: 'GET', path: '/api/v1/opportunities?stage=qualify&sort=decisionDate&limit=50' }),
    },
    {
      name: 'basic search',
      next: () => ({ method: 'GET', path: `/api/v1/opportunities?q=${word}&limit=50` }),
    },
    {
      name: 'search with count (list screen, 100 rows)',
      next: () => ({
        method: 'GET',
        path: `/api/v1/opportunities?q=${word}&includeCount=true&limit=100`,
      }),
    },
    { name: 'global search', next: () => ({ method: 'GET', path: `/api/v1/search?q=${word}&limit=10` }) },
    {
      name: 'opportunity overview',
      next: () => ({
        method: 'GET',
        path: `/api/v1/opportunities/${overviewIds[overviewIndex++ % overviewIds.length]}/overview`,
      }),
    },
    {
      name: 'create with 3 line items',
      next: () => ({ method: 'POST', path: '/api/v1/opportunities', body: createBody() }),
    },
    {
      name: 'stage move',
      next: () => {
        const mover = movers[moverIndex++ % movers.length]!;
        mover.stage = mover.stage === 'qualify' ? 'validate' : 'qualify';
        return {
          method: 'POST',
          path: `/api/v1/opportunities/${mover.id}/stage`,
          body: JSON.stringify({ stage: mover.stage }),
        };
      },
    },
    { name: 'pipeline report (firm)', next: () => ({ method: 'GET', path: '/api/v1/reports/pipeline' }) },
    {
      name: 'board columns',
      next: () => ({ method: 'GET', path: '/api/v1/opportunities/board?perColumn=20' }),
    },
  ];

  // Deals to move: created through the API, so every gate to qualify holds.
  for (let index = 0; index < 400; index += 1) {
    const response = await fetch(`${baseUrl}/api/v1/opportunities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: createBody(),
    });
    const body = (await response.json()) as { id: number; stage: string };
    movers.push({ id: body.id, stage: body.stage });
  }

  const results: { scenario: string; connections: number; result: LoadResult }[] = [];
  for (const scenario of scenarios) {
    await runLoad({ baseUrl, token, connections: 1, amount: 30, next: scenario.next });
    for (const connections of [1, 8]) {
      const result = await runLoad({
        baseUrl,
        token,
        connections,
        durationSeconds: seconds,
        next: scenario.next,
      });
      results.push({ scenario: scenario.name, connections, result });
      log(
        `${scenario.name.padEnd(42)} ${String(connections).padStart(2)} conn  p50 ${result.p50.toFixed(1).padStart(6)} ms  p95 ${result.p95
          .toFixed(1)
          .padStart(
            6,
          )} ms  p99 ${result.p99.toFixed(1).padStart(6)} ms  ${result.throughput.toFixed(0).padStart(6)} req/s  errors ${result.errors + result.non2xx}`,
      );
    }
  }
  const memory = server.pid ? memoryOf(server.pid) : { rssMb: 0, peakRssMb: 0 };
  server.kill('SIGTERM');

  const statements = await captureListSql(database, manager.id, {
    stage: 'qualify',
    sort: 'decisionDate',
    limit: '50',
  });
  const dataStatements = statements.filter((statement) => /from "opportunities"/i.test(statement.sql));
  const raw = await timeRawSql(dataStatements, 300);
  const apiList = results.find(
    (entry) => entry.scenario.startsWith('list') && entry.connections === 1,
  )?.result;
  const ratio = apiList ? Number((apiList.p50 / raw.p50).toFixed(2)) : null;
  log(
    `raw SQL of the list (${dataStatements.length} statements): p50 ${raw.p50} ms, p95 ${raw.p95} ms; API p50 / raw p50 = ${ratio}`,
  );
  log(`server memory: ${memory.rssMb} MB resident, ${memory.peakRssMb} MB peak`);

  const count = await db
    .selectFrom('opportunities')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const report: BenchReport = {
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    database: database.kind,
    opportunities: Number(count.n),
    firmOpportunities: firmOpportunities,
    secondsPerMeasurement: seconds,
    results,
    rawListSql: { statements: dataStatements.length, ...raw },
    listApiToRawRatio: ratio,
    serverMemory: memory,
  };
  await database.close();
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(
    root,
    `bench/results/${report.at.slice(0, 10)}-${database.kind}-${report.opportunities}.json`,
  );
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`Results written to ${file}`);
  writePerformanceTable(join(root, 'docs/performance.md'), report);
  log('The table in docs/performance.md is updated.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
