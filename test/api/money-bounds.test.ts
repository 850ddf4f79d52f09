import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvOf, importCsv } from '../support/import-helpers.ts';
import { createOpportunityWorld, type OpportunityWorld } from '../support/opportunity-fixtures.ts';
import {
  type ApiResponse,
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../support/test-app.ts';

/**
 * Money bounds (SPEC §4): no stored amount goes past 10^15 minor units — a line, a deal's total, its
 * value in the reporting currency — and a write that would take one there answers 422 naming the
 * field. Sums and conversions across deals are exact, whatever their size: a report total beyond
 * 2^53 is sent as a string of digits, and no report, list, board or export ever answers 500, even
 * with exchange rates at the edges of what an administrator may enter.
 */

const max = 10 ** 15;
const maxBig = 10n ** 15n;
const today = new Date().toISOString().slice(0, 10);

function fieldsOf(response: ApiResponse): string[] {
  return ((response.data?.error?.details?.fields ?? []) as { field: string }[]).map((each) => each.field);
}

function expectRefused(response: ApiResponse, status: number, fields: string[]) {
  expect(response.statusCode, response.body).toBe(status);
  expect(fieldsOf(response)).toEqual(expect.arrayContaining(fields));
}

/** A JSON total as an exact integer, whether it came as a number (safe) or a string (beyond 2^53). */
function exact(value: unknown): bigint {
  if (typeof value === 'number') {
    expect(Number.isSafeInteger(value), `${value} should have come as a string`).toBe(true);
    return BigInt(value);
  }
  expect(typeof value).toBe('string');
  expect(value).toMatch(/^-?\d+$/);
  return BigInt(value as string);
}

/** Reporting-currency (USD) minor units shown in a currency of `exponent` digits at `rate` USD per unit. */
function shownIn(usdCents: bigint, rate: string, exponent: number): bigint {
  const [whole, fraction = ''] = rate.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const rateScaled = BigInt(`${whole}${fraction}`);
  const numerator = usdCents * scale * 10n ** BigInt(exponent);
  const denominator = rateScaled * 100n;
  return (numerator * 2n + denominator) / (denominator * 2n);
}

describe.each(engines)('money bounds on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  async function newDeal(user: TestUser, body: Record<string, unknown> = {}) {
    return user.post('/api/v1/opportunities', {
      name: 'Big deal',
      clientId: w.clientId,
      decisionDate: '2027-03-31',
      ...body,
    });
  }

  async function counts() {
    const [opportunities, lines] = await Promise.all([
      t.database.db
        .selectFrom('opportunities')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
      t.database.db
        .selectFrom('line_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
    ]);
    return { opportunities: Number(opportunities?.n), lines: Number(lines?.n) };
  }

  it('refuses a line whose quantity × unit price passes the maximum with 422 naming both fields', async () => {
    const deal = await newDeal(w.seller);
    expect(deal.statusCode, deal.body).toBe(201);
    const id = deal.data.id;

    for (const quantity of [9, 10, 1_000_000_000]) {
      const response = await w.seller.post(`/api/v1/opportunities/${id}/line-items`, {
        description: 'Too much',
        quantity,
        unitPriceMinor: max,
      });
      expectRefused(response, 422, ['quantity', 'unitPriceMinor']);
    }
    // Just inside: a billion units at a million minor units each is exactly the maximum.
    const largest = await w.seller.post(`/api/v1/opportunities/${id}/line-items`, {
      description: 'Exactly the maximum',
      quantity: 1_000_000_000,
      unitPriceMinor: 1_000_000,
    });
    expect(largest.statusCode, largest.body).toBe(201);
    expect(largest.data.amountMinor).toBe(max);
    const lineId = largest.data.id;

    const patched = await w.seller.patch(`/api/v1/line-items/${lineId}`, { unitPriceMinor: 1_000_001 });
    expectRefused(patched, 422, ['quantity', 'unitPriceMinor']);
    const lines = await w.seller.get(`/api/v1/opportunities/${id}/line-items`);
    expect(lines.data.items.map((line: { amountMinor: number }) => line.amountMinor)).toEqual([max]);
    const after = await w.seller.get(`/api/v1/opportunities/${id}`);
    expect(after.data.amountMinor).toBe(max);
  });

  it('refuses a new opportunity whose lines add up past the maximum, naming lineItems, and writes nothing', async () => {
    const before = await counts();
    const line = (unitPriceMinor: number, quantity = 1) => ({
      description: 'Line',
      quantity,
      unitPriceMinor,
    });

    const twoHundredMaxed = await newDeal(w.seller, {
      lineItems: Array.from({ length: 200 }, () => line(max)),
    });
    expectRefused(twoHundredMaxed, 422, ['lineItems']);
    const twoBig = await newDeal(w.seller, {
      lineItems: [line(600_000_000_000_000), line(400_000_000_000_001)],
    });
    expectRefused(twoBig, 422, ['lineItems']);
    const oneTooBig = await newDeal(w.seller, { lineItems: [line(1), line(max, 9)] });
    expectRefused(oneTooBig, 422, ['lineItems.1.quantity', 'lineItems.1.unitPriceMinor']);
    expect(await counts()).toEqual(before);

    // Lost lines do not count toward the total, so they do not count toward the bound either.
    const withLost = await newDeal(w.seller, {
      lineItems: [line(max), { ...line(max), outcome: 'lost' }],
    });
    expect(withLost.statusCode, withLost.body).toBe(201);
    expect(withLost.data.amountMinor).toBe(max);

    const exactlyMax = await newDeal(w.seller, {
      lineItems: Array.from({ length: 200 }, () => line(5 * 10 ** 12)),
    });
    expect(exactlyMax.statusCode, exactlyMax.body).toBe(201);
    expect(exactlyMax.data.amountMinor).toBe(max);
    expect(exactlyMax.data.amountReportingMinor).toBe(max);
  });

  it('refuses a line that would take the total past the maximum, counting lines reopened from lost', async () => {
    const deal = await newDeal(w.seller, {
      lineItems: [{ description: 'First', unitPriceMinor: 600_000_000_000_000 }],
    });
    expect(deal.statusCode, deal.body).toBe(201);
    const id = deal.data.id;
    const first = (await w.seller.get(`/api/v1/opportunities/${id}/line-items`)).data.items[0];

    const second = await w.seller.post(`/api/v1/opportunities/${id}/line-items`, {
      description: 'Second',
      unitPriceMinor: 400_000_000_000_001,
    });
    expectRefused(second, 422, ['amountMinor']);
    const estimate = await w.seller.post(`/api/v1/opportunities/${id}/line-items`, {
      description: 'Estimate',
      amountMinor: 400_000_000_000_001,
    });
    expectRefused(estimate, 422, ['amountMinor']);

    const lost = await w.seller.patch(`/api/v1/line-items/${first.id}`, { outcome: 'lost' });
    expect(lost.statusCode, lost.body).toBe(200);
    const added = await w.seller.post(`/api/v1/opportunities/${id}/line-items`, {
      description: 'Second',
      unitPriceMinor: 400_000_000_000_001,
    });
    expect(added.statusCode, added.body).toBe(201);
    const reopened = await w.seller.patch(`/api/v1/line-items/${first.id}`, { outcome: 'open' });
    expectRefused(reopened, 422, ['amountMinor']);
    const after = await w.seller.get(`/api/v1/opportunities/${id}`);
    expect(after.data.amountMinor).toBe(400_000_000_000_001);
  });

  it('takes quantities and discounts at their edges exactly, and refuses what is outside them', async () => {
    const deal = await newDeal(w.seller);
    const id = deal.data.id;
    const post = (body: Record<string, unknown>) =>
      w.seller.post(`/api/v1/opportunities/${id}/line-items`, {
        description: 'Edge',
        unitPriceMinor: 1000,
        ...body,
      });
    for (const quantity of [0, -1, 0.0004, 1e-10, 1.0001, 1_000_000_001, Number.NaN, '3']) {
      expectRefused(await post({ quantity }), 400, ['quantity']);
    }
    for (const discountPercent of [-1, 100.01, 10.125, '5']) {
      expectRefused(await post({ discountPercent }), 400, ['discountPercent']);
    }
    for (const unitPriceMinor of [-1, 1.5, max + 1, 2 ** 53 + 2]) {
      expectRefused(await post({ unitPriceMinor }), 400, ['unitPriceMinor']);
    }
    const smallest = await post({ quantity: 0.001, unitPriceMinor: 499 });
    expect(smallest.statusCode, smallest.body).toBe(201);
    expect(smallest.data.amountMinor).toBe(0);
    const free = await post({ quantity: 3, discountPercent: 100, unitPriceMinor: max });
    expect(free.statusCode, free.body).toBe(201);
    expect(free.data.amountMinor).toBe(0);
    // 1.5 × 10^15 at 33.34 % off is 999,900,000,000,000 once rounded: inside the bound.
    const discounted = await post({ quantity: 1.5, discountPercent: 33.34, unitPriceMinor: max });
    expect(discounted.statusCode, discounted.body).toBe(201);
    expect(discounted.data.amountMinor).toBe(999_900_000_000_000);
  });

  it('refuses an amount whose value in the reporting currency passes the maximum', async () => {
    // 10^15 euro cents are 1.08 × 10^15 US cents at the starting rate.
    const euro = await newDeal(w.seller, { currency: 'EUR', amountMinor: max });
    expectRefused(euro, 422, ['amountMinor']);
    const euroLines = await newDeal(w.seller, {
      currency: 'EUR',
      lineItems: [{ description: 'x', unitPriceMinor: max }],
    });
    expectRefused(euroLines, 422, ['lineItems']);
    const fits = await newDeal(w.seller, { currency: 'EUR', amountMinor: 925_925_925_925_925 });
    expect(fits.statusCode, fits.body).toBe(201);
    expect(fits.data.amountReportingMinor).toBe(999_999_999_999_999);
    const patched = await w.seller.patch(`/api/v1/opportunities/${fits.data.id}`, {
      amountMinor: 925_925_925_925_927,
    });
    expectRefused(patched, 422, ['amountMinor']);
    expect((await w.seller.get(`/api/v1/opportunities/${fits.data.id}`)).data.amountMinor).toBe(
      925_925_925_925_925,
    );
  });

  describe('reports above 2^53', () => {
    let manager: TestUser;
    let seller: TestUser;
    const deals = 12;

    beforeAll(async () => {
      const firm = await t.firm({ name: 'Maxed Out Ltd' });
      seller = await t.user({ firm, role: 'seller' });
      manager = await t.user({ firm, role: 'manager' });
      for (let index = 0; index < deals; index += 1) {
        const deal = await newDeal(seller, { name: `Maxed ${index}`, amountMinor: max });
        expect(deal.statusCode, deal.body).toBe(201);
      }
    });

    const expectedUsd = BigInt(deals) * maxBig;
    const displays = [
      { currency: 'USD', rate: '1', exponent: 2 },
      { currency: 'EUR', rate: '1.08', exponent: 2 },
      { currency: 'JPY', rate: '0.0067', exponent: 0 },
      { currency: 'KWD', rate: '3.25', exponent: 3 },
    ];

    it.each(displays)(
      'answers the pipeline and quarter reports in $currency with exact totals',
      async (display) => {
        const query = display.currency === 'USD' ? '' : `?displayCurrency=${display.currency}`;
        const total = shownIn(expectedUsd, display.rate, display.exponent);
        const weighted = shownIn(expectedUsd / 10n, display.rate, display.exponent);

        const pipeline = await manager.get(`/api/v1/reports/pipeline${query}`);
        expect(pipeline.statusCode, pipeline.body).toBe(200);
        expect(pipeline.data.currency).toBe(display.currency);
        const identify = pipeline.data.stages.find((row: { stage: string }) => row.stage === 'identify');
        expect(identify.count).toBe(deals);
        expect(exact(identify.totalMinor)).toBe(total);
        expect(exact(identify.weightedMinor)).toBe(weighted);
        expect(exact(pipeline.data.totals.totalMinor)).toBe(total);
        expect(exact(pipeline.data.totals.weightedMinor)).toBe(weighted);

        const quarters = await manager.get(`/api/v1/reports/weighted-by-quarter${query}`);
        expect(quarters.statusCode, quarters.body).toBe(200);
        expect(quarters.data.quarters).toHaveLength(1);
        expect(exact(quarters.data.quarters[0].totalMinor)).toBe(total);
        expect(exact(quarters.data.totals.weightedMinor)).toBe(weighted);
      },
    );

    it('answers the board and Home with exact totals in the reporting currency', async () => {
      const board = await manager.get('/api/v1/opportunities/board');
      expect(board.statusCode, board.body).toBe(200);
      const identify = board.data.columns.find((column: { stage: string }) => column.stage === 'identify');
      expect(exact(identify.totalMinor)).toBe(expectedUsd);
      expect(exact(identify.weightedMinor)).toBe(expectedUsd / 10n);

      const home = await manager.get('/api/v1/reports/home?scope=visible');
      expect(home.statusCode, home.body).toBe(200);
      expect(exact(home.data.pipeline.totals.totalMinor)).toBe(expectedUsd);
      expect(exact(home.data.pipeline.totals.weightedMinor)).toBe(expectedUsd / 10n);
    });

    it('answers win-loss with exact closed amounts', async () => {
      const open = await seller.get('/api/v1/opportunities?mine=true&limit=3');
      for (const deal of open.data.items.slice(0, 3)) {
        const lost = await seller.post(`/api/v1/opportunities/${deal.id}/stage`, {
          stage: 'lost',
          competitor: 'Rival',
          note: 'Too big',
          reason: 'Price',
        });
        expect(lost.statusCode, lost.body).toBe(200);
      }
      for (const display of displays) {
        const query = display.currency === 'USD' ? '' : `?displayCurrency=${display.currency}`;
        const report = await manager.get(`/api/v1/reports/win-loss${query}`);
        expect(report.statusCode, report.body).toBe(200);
        expect(report.data.totals.lostCount).toBe(3);
        expect(exact(report.data.totals.lostMinor)).toBe(
          shownIn(3n * maxBig, display.rate, display.exponent),
        );
      }
    });

    it('sums ten thousand maxed deals exactly, past what a 64-bit integer holds', async () => {
      const template = await t.database.db
        .selectFrom('opportunities')
        .selectAll()
        .where('owner_id', '=', seller.id)
        .where('outcome', '=', 'open')
        .executeTakeFirstOrThrow();
      // PostgreSQL computes the search vector itself.
      const {
        id: _id,
        search_vector: _searchVector,
        ...row
      } = template as typeof template & {
        search_vector?: unknown;
      };
      const openBefore = await t.database.db
        .selectFrom('opportunities')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('owner_id', '=', seller.id)
        .where('outcome', '=', 'open')
        .executeTakeFirstOrThrow();
      const copies = 10_000;
      for (let start = 0; start < copies; start += 500) {
        await t.database.db
          .insertInto('opportunities')
          .values(Array.from({ length: 500 }, (_, index) => ({ ...row, number: `MAX-${start + index}` })))
          .execute();
      }
      const open = BigInt(Number(openBefore.n) + copies) * maxBig;
      expect(open > 2n ** 63n).toBe(true);
      for (const display of displays) {
        const query = display.currency === 'USD' ? '' : `?displayCurrency=${display.currency}`;
        const pipeline = await manager.get(`/api/v1/reports/pipeline${query}`);
        expect(pipeline.statusCode, pipeline.body).toBe(200);
        expect(exact(pipeline.data.totals.totalMinor)).toBe(shownIn(open, display.rate, display.exponent));
      }
      const board = await manager.get('/api/v1/opportunities/board');
      expect(board.statusCode, board.body).toBe(200);
    });
  });

  describe('extreme exchange rates', () => {
    let seller: TestUser;
    let manager: TestUser;
    let euroId: number;
    let yenId: number;

    beforeAll(async () => {
      const firm = await t.firm({ name: 'Rates At The Edge' });
      seller = await t.user({ firm, role: 'seller' });
      manager = await t.user({ firm, role: 'manager' });
      const euro = await newDeal(seller, { currency: 'EUR', amountMinor: 900_000_000_000_000 });
      expect(euro.statusCode, euro.body).toBe(201);
      euroId = euro.data.id;
      const yen = await newDeal(seller, { currency: 'JPY', amountMinor: max });
      expect(yen.statusCode, yen.body).toBe(201);
      yenId = yen.data.id;
      for (const [code, rate] of [
        ['EUR', '999999999999'],
        ['JPY', '0.000000000001'],
        ['KWD', '0.000000000001'],
      ] as const) {
        const response = await w.admin.post(`/api/v1/currencies/${code}/rates`, {
          rate,
          effectiveDate: today,
        });
        expect(response.statusCode, response.body).toBeLessThan(300);
      }
    });

    it('keeps every read working: lists, overview, board, Home, reports in any currency, export', async () => {
      for (const url of [
        '/api/v1/opportunities',
        `/api/v1/opportunities/${euroId}`,
        `/api/v1/opportunities/${euroId}/overview`,
        `/api/v1/opportunities/${yenId}/overview`,
        '/api/v1/opportunities/board',
        '/api/v1/reports/home?scope=visible',
        '/api/v1/reports/pipeline',
        '/api/v1/reports/pipeline?displayCurrency=EUR',
        '/api/v1/reports/pipeline?displayCurrency=JPY',
        '/api/v1/reports/pipeline?displayCurrency=KWD',
        '/api/v1/reports/weighted-by-quarter?displayCurrency=KWD',
        '/api/v1/reports/win-loss?displayCurrency=JPY',
        '/api/v1/search?q=Big',
        '/api/v1/opportunities/export',
      ]) {
        const response = await manager.get(url);
        expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      }
      // USD totals shown in a currency worth 10^-12 USD: exact, and far past 2^53.
      const pipeline = await manager.get('/api/v1/reports/pipeline?displayCurrency=KWD');
      const usd = await manager.get('/api/v1/reports/pipeline');
      expect(exact(pipeline.data.totals.totalMinor)).toBe(
        shownIn(exact(usd.data.totals.totalMinor), '0.000000000001', 3),
      );
    });

    it('refuses to save a deal whose value at the new rate passes the maximum, and saves one that fits', async () => {
      const renamed = await seller.patch(`/api/v1/opportunities/${euroId}`, { name: 'Renamed' });
      expectRefused(renamed, 422, ['amountMinor']);
      expect((await seller.get(`/api/v1/opportunities/${euroId}`)).data.name).toBe('Big deal');
      const created = await newDeal(seller, { currency: 'EUR', amountMinor: 1001 });
      expectRefused(created, 422, ['amountMinor']);
      const small = await newDeal(seller, { currency: 'EUR', amountMinor: 1000 });
      expect(small.statusCode, small.body).toBe(201);
      expect(small.data.amountReportingMinor).toBe(999_999_999_999_000);
      // 10^15 yen at 10^-12 USD per yen are 1,000 USD, exactly.
      const yen = await seller.patch(`/api/v1/opportunities/${yenId}`, { name: 'Yen renamed' });
      expect(yen.statusCode, yen.body).toBe(200);
      expect(yen.data.amountReportingMinor).toBe(100_000);
    });
  });

  it('refuses imported rows with amounts past the bound, row by row, and writes nothing', async () => {
    const before = await counts();
    const csv = csvOf([
      [
        'external id',
        'name',
        'client',
        'currency',
        'amountMinor',
        'product',
        'line description',
        'quantity',
        'unit price',
      ],
      ['A', 'Estimate too big', 'Acme Manufacturing', 'USD', String(10n ** 16n), '', '', '', ''],
      ['B', 'Line too big', 'Acme Manufacturing', 'USD', '', '', 'Servers', '9', '10000000000000'],
      ['C', 'Total too big', 'Acme Manufacturing', 'USD', '', '', 'Servers', '1', '6000000000000'],
      ['C', '', '', '', '', '', 'Storage', '1', '6000000000000'],
      ['D', 'Worth too much in USD', 'Acme Manufacturing', 'EUR', String(max), '', '', '', ''],
      ['E', 'Fine', 'Acme Manufacturing', 'USD', '', '', 'Servers', '1', '10000000000000'],
    ]);
    const response = await importCsv(w.seller, 'opportunities', csv);
    expect(response.statusCode, response.body).toBeLessThan(300);
    expect(response.data.status, response.body).toBe('failed');
    const errors = response.data.report.errors as { row: number; field: string }[];
    expect(errors.map((error) => [error.row, error.field])).toEqual([
      [2, 'amountMinor'],
      [3, 'quantity'],
      [3, 'unitPrice'],
      [4, 'unitPrice'],
      [6, 'amountMinor'],
    ]);
    expect(await counts()).toEqual(before);
  });
});
