/**
 * `npm run soak`: a bounded mixed read/write load at a steady rate against the server on loopback,
 * for SOAK_MINUTES (default 10), as a manager of the busiest firm of a seeded database. Every
 * minute it records each operation's p50/p95, the errors, and the server's resident memory; at the
 * end it checks the database's invariants. Results go to bench/results/soak-*.json; the summary
 * printed is the table in docs/reliability.md.
 *
 * SOAK_DATABASE_URL  database (default ./data/bench-100000.sqlite, seeded by `npm run bench`)
 * SOAK_MINUTES       minutes of load (default 10)
 * SOAK_RATE          requests per second, all operations together (default 40)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { checkConsistency } from '../src/server/db/consistency.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrator.ts';
import { percentile } from './load.ts';
import { writeBetweenMarkers } from './report.ts';
import { busiestFirmManager, freePort, memoryOf, startServer } from './server.ts';

const root = new URL('..', import.meta.url).pathname;
const databaseUrl = process.env.SOAK_DATABASE_URL ?? join(root, 'data/bench-100000.sqlite');
const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const rate = Number(process.env.SOAK_RATE ?? 40);
/** Requests in flight at most; beyond it a request is counted as shed instead of queued. */
const maxInFlight = 32;

type Operation = {
  name: string;
  weight: number;
  request: () => { method: string; path: string; body?: unknown };
};

/** The run as a table between the soak markers of docs/reliability.md. */
function writeSoakTable(
  file: string,
  report: {
    at: string;
    machine: { cpus: number; model: string; node: string };
    database: string;
    firmOpportunities: number;
    minutes: number;
    rate: number;
    requests: number;
    errors: number;
    shed: number;
    rssMbAtStart: number;
    serverMemory: { rssMb: number; peakRssMb: number };
    consistencyProblems: unknown[];
    minutesReport: {
      minute: number;
      requests: number;
      errors: number;
      rssMb: number;
      operations: Record<string, { p95: number }>;
    }[];
  },
) {
  const names = [...new Set(report.minutesReport.flatMap((each) => Object.keys(each.operations)))];
  const lines = [
    `Run ${report.at.slice(0, 16).replace('T', ' ')} UTC on ${report.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${report.machine.cpus} × ${report.machine.model}, Node ${report.machine.node}: ${report.minutes} minutes at ${report.rate} requests/s as a manager of a firm with ${report.firmOpportunities.toLocaleString('en-US')} opportunities (a million in the database). ${report.requests.toLocaleString('en-US')} requests, **${report.errors} errors**, ${report.shed} shed; resident memory ${report.rssMbAtStart} MB after start-up, ${report.serverMemory.rssMb} MB at the end, peak ${report.serverMemory.peakRssMb} MB; database invariants after the run: ${report.consistencyProblems.length === 0 ? 'all hold' : `${report.consistencyProblems.length} problems`}.`,
    '',
    `| minute | requests | errors | memory MB | ${names.map((name) => `${name} p95 ms`).join(' | ')} |`,
    `|---|---|---|---|${names.map(() => '---').join('|')}|`,
    ...report.minutesReport.map(
      (each) =>
        `| ${each.minute} | ${each.requests} | ${each.errors} | ${each.rssMb} | ${names.map((name) => each.operations[name]?.p95 ?? '—').join(' | ')} |`,
    ),
  ];
  writeBetweenMarkers(file, 'soak', lines.join('\n'), '# Reliability');
}

async function main() {
  const database = openDatabase(databaseUrl);
  await migrateToLatest(database);
  const db = database.db;
  const { firmId, firmOpportunities, manager, token } = await busiestFirmManager(db, 'soak');
  const contact = await db
    .selectFrom('contacts')
    .select('id')
    .where('owner_firm_id', '=', firmId)
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirstOrThrow();
  const sample = (
    await db
      .selectFrom('opportunities')
      .select('id')
      .where('owner_firm_id', '=', firmId)
      .where('deleted_at', 'is', null)
      .orderBy('id', 'desc')
      .limit(500)
      .execute()
  ).map((row) => row.id);

  const port = await freePort();
  const server = await startServer(root, databaseUrl, port);
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text };
  };

  // Deals the load moves back and forth between two stages, created through the API.
  const movers: { id: number; stage: string }[] = [];
  for (let index = 0; index < 200; index += 1) {
    const created = await call('POST', '/api/v1/opportunities', {
      name: `Soak mover ${index}`,
      contactId: contact.id,
      lineItems: [{ description: 'Servers', quantity: 2, unitPriceMinor: 250_000 }],
    });
    const body = JSON.parse(created.body) as { id: number; stage: string };
    movers.push({ id: body.id, stage: body.stage });
  }
  let created = 0;
  let moverIndex = 0;
  let sampleIndex = 0;
  const words = ['bauer', 'cloud', 'storage', 'north', 'refresh', 'group'];
  const operations: Operation[] = [
    {
      name: 'list',
      weight: 35,
      request: () => ({
        method: 'GET',
        path: '/api/v1/opportunities?stage=qualify&sort=decisionDate&limit=50',
      }),
    },
    {
      name: 'basic search',
      weight: 10,
      request: () => ({
        method: 'GET',
        path: `/api/v1/opportunities?q=${words[sampleIndex % words.length]}&limit=50`,
      }),
    },
    {
      name: 'global search',
      weight: 5,
      request: () => ({
        method: 'GET',
        path: `/api/v1/search?q=${words[sampleIndex % words.length]}&limit=10`,
      }),
    },
    {
      name: 'overview',
      weight: 20,
      request: () => ({
        method: 'GET',
        path: `/api/v1/opportunities/${sample[sampleIndex++ % sample.length]}/overview`,
      }),
    },
    {
      name: 'create',
      weight: 10,
      request: () => ({
        method: 'POST',
        path: '/api/v1/opportunities',
        body: {
          name: `Soak deal ${created++}`,
          contactId: contact.id,
          lineItems: [
            { description: 'Servers', quantity: 2, unitPriceMinor: 250_000 },
            { description: 'Services', quantity: 10, unitPriceMinor: 15_000, discountPercent: 10 },
          ],
        },
      }),
    },
    {
      name: 'stage move',
      weight: 10,
      request: () => {
        const mover = movers[moverIndex++ % movers.length]!;
        mover.stage = mover.stage === 'qualify' ? 'validate' : 'qualify';
        return {
          method: 'POST',
          path: `/api/v1/opportunities/${mover.id}/stage`,
          body: { stage: mover.stage },
        };
      },
    },
    {
      name: 'pipeline report',
      weight: 5,
      request: () => ({ method: 'GET', path: '/api/v1/reports/pipeline' }),
    },
    {
      name: 'board',
      weight: 5,
      request: () => ({ method: 'GET', path: '/api/v1/opportunities/board?perColumn=20' }),
    },
  ];
  const totalWeight = operations.reduce((sum, operation) => sum + operation.weight, 0);
  // Smooth weighted round-robin: every operation comes back at even intervals, so a run of the
  // slower ones never arrives back to back (the mix users make, not bursts of one kind).
  const credit = operations.map(() => 0);
  const pick = () => {
    let best = 0;
    for (const [index, operation] of operations.entries()) {
      credit[index]! += operation.weight;
      if (credit[index]! > credit[best]!) best = index;
    }
    credit[best]! -= totalWeight;
    return operations[best]!;
  };

  type Window = {
    times: Map<string, number[]>;
    errors: { operation: string; status: number; body: string }[];
    shed: number;
  };
  const newWindow = (): Window => ({ times: new Map(), errors: [], shed: 0 });
  let window = newWindow();
  const minutesReport: {
    minute: number;
    requests: number;
    errors: number;
    shed: number;
    rssMb: number;
    operations: Record<string, { n: number; p50: number; p95: number }>;
  }[] = [];
  const allErrors: { operation: string; status: number; body: string }[] = [];
  let inFlight = 0;
  const fire = () => {
    if (inFlight >= maxInFlight) {
      window.shed += 1;
      return;
    }
    const operation = pick();
    const { method, path, body } = operation.request();
    const own = window;
    inFlight += 1;
    const started = performance.now();
    call(method, path, body)
      .then(
        (response) => {
          const elapsed = performance.now() - started;
          if (response.status >= 400)
            own.errors.push({
              operation: operation.name,
              status: response.status,
              body: response.body.slice(0, 200),
            });
          else {
            const list = own.times.get(operation.name) ?? [];
            list.push(elapsed);
            own.times.set(operation.name, list);
          }
        },
        (error: unknown) => own.errors.push({ operation: operation.name, status: 0, body: String(error) }),
      )
      .finally(() => {
        inFlight -= 1;
      });
  };

  process.stdout.write(
    `Soak: ${minutes} min at ${rate} req/s against ${databaseUrl} as ${manager.email} (${firmOpportunities.toLocaleString('en-US')} opportunities in the firm)\n`,
  );
  const startedAt = performance.now();
  let sent = 0;
  const rssAtStart = server.pid ? memoryOf(server.pid).rssMb : 0;
  for (let minute = 1; minute <= minutes; minute += 1) {
    const minuteEnds = startedAt + minute * 60_000;
    while (performance.now() < minuteEnds) {
      // Open loop: requests leave on schedule whatever the answers' speed.
      const due = Math.floor(((performance.now() - startedAt) / 1000) * rate);
      while (sent < due) {
        fire();
        sent += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const finished = window;
    window = newWindow();
    const operationsReport: Record<string, { n: number; p50: number; p95: number }> = {};
    let requests = finished.errors.length;
    for (const [name, times] of finished.times) {
      times.sort((left, right) => left - right);
      requests += times.length;
      operationsReport[name] = {
        n: times.length,
        p50: Number(percentile(times, 0.5).toFixed(1)),
        p95: Number(percentile(times, 0.95).toFixed(1)),
      };
    }
    const rssMb = server.pid ? memoryOf(server.pid).rssMb : 0;
    allErrors.push(...finished.errors);
    minutesReport.push({
      minute,
      requests,
      errors: finished.errors.length,
      shed: finished.shed,
      rssMb,
      operations: operationsReport,
    });
    process.stdout.write(
      `minute ${String(minute).padStart(2)}: ${requests} requests, ${finished.errors.length} errors, ${finished.shed} shed, ${rssMb} MB resident; p95 ${Object.entries(
        operationsReport,
      )
        .map(([name, value]) => `${name} ${value.p95}`)
        .join(', ')}\n`,
    );
  }
  while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const memory = server.pid ? memoryOf(server.pid) : { rssMb: 0, peakRssMb: 0 };
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('exit', resolve));
  const problems = await checkConsistency(db);
  await database.close();

  const report = {
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    database: database.kind,
    firmOpportunities: firmOpportunities,
    minutes,
    rate,
    requests: minutesReport.reduce((sum, each) => sum + each.requests, 0),
    errors: allErrors.length,
    shed: minutesReport.reduce((sum, each) => sum + each.shed, 0),
    firstErrors: allErrors.slice(0, 20),
    rssMbAtStart: rssAtStart,
    serverMemory: memory,
    consistencyProblems: problems,
    minutesReport,
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, `bench/results/soak-${report.at.slice(0, 10)}-${database.kind}-${minutes}min.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `${report.requests} requests, ${report.errors} errors, ${report.shed} shed; memory ${rssAtStart} MB at start → ${memory.rssMb} MB at the end (peak ${memory.peakRssMb} MB); invariants: ${problems.length === 0 ? 'all hold' : JSON.stringify(problems)}\nResults written to ${file}\n`,
  );
  writeSoakTable(join(root, 'docs/reliability.md'), report);
  if (report.errors > 0 || problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
