import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapturing } from '../../../test/support/cli-run.ts';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';
import { checkConsistency } from './consistency.ts';
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrator.ts';

/**
 * `partnerline check` (SPEC §4): every stored amount is a whole number from 0 to 10^15 minor units
 * and every total is the sum of its lines. Data written through the API passes; data corrupted
 * behind its back is reported, and the check itself never fails on what it finds.
 */
describe.each(engines)('the consistency check on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  async function deal(body: Record<string, unknown>): Promise<number> {
    const response = await w.seller.post('/api/v1/opportunities', {
      name: 'Checked deal',
      clientId: w.clientId,
      decisionDate: '2027-03-31',
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.data.id;
  }

  const line = (unitPriceMinor: number) => ({ description: 'Line', unitPriceMinor });

  it('passes what the API wrote, at the largest amounts, and reports each corrupted amount', async () => {
    const lineTooBig = await deal({ lineItems: [line(1000)] });
    const reportingTooBig = await deal({ amountMinor: 5000 });
    const historyTooBig = await deal({ amountMinor: 7000 });
    const overflowingLines = await deal({ lineItems: [line(1), line(2)] });
    const wrongTotal = await deal({ lineItems: [line(1000), line(2000)] });
    const largest = await deal({ lineItems: [line(10 ** 15), { ...line(10 ** 15), outcome: 'lost' }] });
    expect(await checkConsistency(t.database.db)).toEqual([]);

    const db = t.database.db;
    await db
      .updateTable('line_items')
      .set({ amount_minor: 10 ** 15 + 1 })
      .where('opportunity_id', '=', lineTooBig)
      .execute();
    await db
      .updateTable('opportunities')
      .set({ amount_reporting_minor: -1 })
      .where('id', '=', reportingTooBig)
      .execute();
    await db
      .updateTable('stage_changes')
      .set({ amount_minor: 10 ** 16 })
      .where('opportunity_id', '=', historyTooBig)
      .execute();
    await db
      .updateTable('products')
      .set({ list_price_minor: 10 ** 15 + 1 })
      .where('id', '=', w.productId)
      .execute();
    // Two lines near 2^63: their sum overflows SQLite's integers and PostgreSQL's bigint.
    await sql`update line_items set amount_minor = 9000000000000000000 where opportunity_id = ${overflowingLines}`.execute(
      db,
    );
    await db.updateTable('opportunities').set({ amount_minor: 2999 }).where('id', '=', wrongTotal).execute();

    const problems = await checkConsistency(db);
    const byCheck = new Map(problems.map((problem) => [problem.check, problem]));
    const sampleOf = (check: string) => [...(byCheck.get(check)?.sample ?? [])].sort((a, b) => a - b);
    expect(
      sampleOf(
        'amount of an opportunity outside 0 … 10^15 minor units (total, weighted, reporting-currency or closing value)',
      ),
    ).toEqual([reportingTooBig]);
    expect(sampleOf('line item amount or unit price outside 0 … 10^15 minor units')).toEqual(
      [lineTooBig, overflowingLines].sort((a, b) => a - b),
    );
    expect(sampleOf('stage history amount outside 0 … 10^15 minor units')).toEqual([historyTooBig]);
    expect(byCheck.get('product list price outside 0 … 10^15 minor units')).toMatchObject({
      record: 'product',
      sample: [w.productId],
    });
    expect(sampleOf('total differs from the line items that are not lost')).toEqual([wrongTotal]);
    expect(problems.flatMap((problem) => problem.sample)).not.toContain(largest);
  });
});

describe('partnerline check', () => {
  let directory: string;
  const previousUrl = process.env.DATABASE_URL;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'partnerline-check-'));
    process.env.DATABASE_URL = join(directory, 'check.sqlite');
  });
  afterAll(() => {
    process.env.DATABASE_URL = previousUrl;
    rmSync(directory, { recursive: true, force: true });
  });

  it('exits 1 and names the corrupted amount', async () => {
    const database = openDatabase(process.env.DATABASE_URL ?? '');
    try {
      await migrateToLatest(database);
      expect((await runCapturing('check')).code).toBe(0);
      const product = await database.db
        .insertInto('products')
        .values({
          type: 'hardware',
          brand: 'Helio',
          family: 'GTX',
          offering: 'Corrupted',
          part_number: 'CORRUPT-1',
          list_price_minor: 10 ** 16,
          currency: 'USD',
          is_active: 1,
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      const run = await runCapturing('check');
      expect(run.code).toBe(1);
      expect(run.err).toContain(
        `product list price outside 0 … 10^15 minor units: 1 (for example product ${product.id})`,
      );
    } finally {
      await database.close();
    }
  });
});
