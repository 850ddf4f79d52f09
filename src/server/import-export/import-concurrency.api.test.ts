import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvOf, importCsv } from '../../../test/support/import-helpers.ts';
import {
  type ApiResponse,
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

/** Fails instead of waiting forever: a server that stopped answering is the defect under test. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Imports sent at the same time must never take the server down: each one finishes (or is turned
 * away with 429 and Retry-After while too many wait), and the server keeps answering meanwhile.
 */
describe.each(engines)('imports sent at the same time on %s', (engine) => {
  let t: TestContext;
  let seller: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    const partner = await t.firm();
    seller = await t.user({ firm: partner, role: 'seller' });
    const created = await seller.post('/api/v1/clients', {
      name: 'Parallel Holdings',
      clientNumber: 'PAR-1',
    });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterAll(() => t?.close());

  function clientsFile(batch: number, rows: number): string {
    return csvOf([
      ['name', 'country', 'client number'],
      ...Array.from({ length: rows }, (_, row) => [`Parallel ${batch}-${row}`, 'Norway', `P${batch}-${row}`]),
    ]);
  }

  function contactsFile(batch: number, rows: number): string {
    return csvOf([
      ['client', 'first name', 'last name', 'email'],
      ...Array.from({ length: rows }, (_, row) => [
        'PAR-1',
        `First${row}`,
        `Batch${batch}`,
        `c${batch}-${row}@parallel.test`,
      ]),
    ]);
  }

  it('twelve imports at once all finish or are turned away clearly, and health answers throughout', async () => {
    const rows = 600;
    const requests: Promise<ApiResponse>[] = [];
    for (let batch = 0; batch < 12; batch += 1) {
      const dryRun = batch % 3 === 2 ? 'dryRun=true' : '';
      requests.push(
        batch % 2 === 0
          ? importCsv(seller, 'clients', clientsFile(batch, rows), dryRun)
          : importCsv(seller, 'contacts', contactsFile(batch, rows), dryRun),
      );
    }
    // While they run, the server still answers.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const during = await within(
      20_000,
      'health during the imports',
      t.request({ method: 'GET', url: '/api/v1/health' }),
    );
    expect(during.statusCode).toBe(200);

    const answers = await within(60_000, 'the imports', Promise.all(requests));
    let finished = 0;
    for (const answer of answers) {
      if (answer.statusCode === 201) {
        expect(answer.data.status, answer.body).toBe('succeeded');
        expect(answer.data.processedRows).toBe(rows);
        finished += 1;
      } else {
        expect(answer.statusCode, answer.body).toBe(429);
        expect(answer.headers['retry-after']).toMatch(/^\d+$/);
      }
    }
    expect(finished).toBeGreaterThanOrEqual(4);

    const after = await within(
      10_000,
      'health after the imports',
      t.request({ method: 'GET', url: '/api/v1/health' }),
    );
    expect(after.statusCode).toBe(200);
    const jobs = await seller.get('/api/v1/import-jobs');
    expect(jobs.data.items.filter((job: { status: string }) => job.status === 'running')).toEqual([]);
  }, 120_000);
});

/**
 * Should the pool ever be drained (here: every connection held by a transaction that waits), a
 * request fails after the pool's wait with 503 and Retry-After, instead of never answering.
 */
describe.runIf(engines.includes('postgres'))('a drained connection pool on postgres', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext('postgres', {}, { pool: { poolSize: 2, connectionTimeoutMillis: 300 } });
  });
  afterAll(() => t?.close());

  it('answers 503 with Retry-After while no connection is free, and recovers when one is', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holders = [0, 1].map(() => t.database.db.transaction().execute(() => held));
    await new Promise((resolve) => setTimeout(resolve, 100));
    try {
      const busy = await within(10_000, 'health', t.request({ method: 'GET', url: '/api/v1/health' }));
      expect(busy.statusCode, busy.body).toBe(503);
      expect(busy.data.error.code).toBe('UNAVAILABLE');
      expect(busy.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      release();
      await Promise.all(holders);
    }
    const after = await t.request({ method: 'GET', url: '/api/v1/health' });
    expect(after.statusCode).toBe(200);
  });
});
