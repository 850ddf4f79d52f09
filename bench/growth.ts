/**
 * How cost grows with data: the opportunities list (stage filter, by decision date, 50 rows) and a
 * firm's pipeline report, timed in-process (no HTTP) as a manager of the busiest firm, on databases
 * of 10,000, 100,000 and 1,000,000 opportunities (generated when missing). Writes the table into
 * docs/performance.md.
 *
 *   npx tsx bench/growth.ts [DATABASE_FILE_10K DATABASE_FILE_100K DATABASE_FILE_1M]
 */
import { join } from 'node:path';
import { buildApp } from '../src/server/app.ts';
import { configFromEnvironment } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrator.ts';
import { refreshStatistics } from '../src/server/db/statistics.ts';
import { seedScale } from '../src/server/demo/scale-seed.ts';
import { percentile } from './load.ts';
import { writeBetweenMarkers } from './report.ts';
import { busiestFirmManager } from './server.ts';

const root = new URL('..', import.meta.url).pathname;
const scales = [10_000, 100_000, 1_000_000];
const files = scales.map(
  (scale, index) => process.argv[2 + index] ?? join(root, `data/bench-${scale}.sqlite`),
);
const iterations = 200;

async function measure(file: string, scale: number) {
  const database = openDatabase(file);
  await migrateToLatest(database);
  const db = database.db;
  const existing = await db
    .selectFrom('opportunities')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(existing.n) === 0) {
    process.stdout.write(`Generating ${scale.toLocaleString('en-US')} opportunities into ${file}…\n`);
    await seedScale(db, { opportunities: scale });
  }
  await refreshStatistics(db, { atStartUp: true });
  const { firmOpportunities, token } = await busiestFirmManager(db, 'growth');
  const app = await buildApp({ database, config: { ...configFromEnvironment({}), logLevel: 'silent' } });
  await app.ready();
  const time = async (url: string) => {
    const times: number[] = [];
    for (let index = 0; index < iterations + 100; index += 1) {
      const started = performance.now();
      const response = await app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      if (index >= 100) times.push(performance.now() - started);
    }
    times.sort((left, right) => left - right);
    return {
      p50: Number(percentile(times, 0.5).toFixed(1)),
      p95: Number(percentile(times, 0.95).toFixed(1)),
    };
  };
  const total = Number(
    (
      await db
        .selectFrom('opportunities')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const list = await time('/api/v1/opportunities?stage=qualify&sort=decisionDate&limit=50');
  const report = await time('/api/v1/reports/pipeline');
  await app.close();
  await database.close();
  return { opportunities: total, firmOpportunities: firmOpportunities, list, report };
}

async function main() {
  const rows = [];
  for (const [index, file] of files.entries()) {
    const row = await measure(file, scales[index]!);
    rows.push(row);
    process.stdout.write(
      `${row.opportunities.toLocaleString('en-US').padStart(10)} opportunities (firm ${row.firmOpportunities.toLocaleString('en-US')}): list p50 ${row.list.p50} / p95 ${row.list.p95} ms; pipeline report p50 ${row.report.p50} / p95 ${row.report.p95} ms\n`,
    );
  }
  const table = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, SQLite, in-process (no HTTP), ${iterations} requests each, as a manager of the busiest firm.`,
    '',
    '| opportunities | in the manager’s firm | list p50 / p95 ms | pipeline report p50 / p95 ms |',
    '|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.opportunities.toLocaleString('en-US')} | ${row.firmOpportunities.toLocaleString('en-US')} | ${row.list.p50} / ${row.list.p95} | ${row.report.p50} / ${row.report.p95} |`,
    ),
  ].join('\n');
  writeBetweenMarkers(join(root, 'docs/performance.md'), 'growth', table);
  process.stdout.write('The growth table in docs/performance.md is updated.\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
