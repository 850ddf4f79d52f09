import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeal,
  createPartnerTeam,
  moveDeal,
  type PartnerTeam,
  usdCents,
} from '../../../test/support/report-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

type LastStageRow = {
  stage: string | null;
  wonCount: number;
  wonMinor: number;
  lostCount: number;
  lostMinor: number;
};

describe.each(engines)('win/loss and time in stage on %s', (engine) => {
  let t: TestContext;
  let admin: TestUser;
  let clientId: number;
  let west: PartnerTeam;
  let east: PartnerTeam;
  const closed: Record<string, { id: number; amountReportingMinor: number }> = {};

  /** Sets the timestamps of an opportunity's history rows, in order, to `days` after `start`. */
  async function setHistory(opportunityId: number, start: Date, days: number[], kinds: string[]) {
    const rows = await t.database.db
      .selectFrom('stage_changes')
      .select(['id', 'kind'])
      .where('opportunity_id', '=', opportunityId)
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.kind)).toEqual(kinds);
    for (const [index, row] of rows.entries()) {
      await t.database.db
        .updateTable('stage_changes')
        .set({ changed_at: new Date(start.getTime() + days[index]! * 86_400_000).toISOString() })
        .where('id', '=', row.id)
        .execute();
    }
  }

  beforeAll(async () => {
    t = await createTestContext(engine);
    const vendor = await t.firm({ kind: 'vendor' });
    const rep = await t.user({ firm: vendor, role: 'vendor-rep' });
    admin = await t.user({ firm: vendor, role: 'admin' });
    clientId = (await rep.post('/api/v1/clients', { name: 'Globex' })).data.id;
    west = await createPartnerTeam(t, clientId);
    east = await createPartnerTeam(t, clientId);
    const seller = west.seller;
    const contactId = west.contactId;

    const wonDirect = await createDeal(seller, {
      clientId,
      contactId,
      stage: 'propose',
      unitPriceMinor: 500_000,
    });
    await moveDeal(seller, wonDirect.id, 'won');
    closed.wonDirect = await moveDeal(seller, wonDirect.id, 'completed');

    const wonEuro = await createDeal(seller, {
      clientId,
      contactId,
      stage: 'propose',
      currency: 'EUR',
      unitPriceMinor: 300_000,
    });
    await moveDeal(seller, wonEuro.id, 'won');
    await moveDeal(seller, wonEuro.id, 'implement');
    closed.wonEuro = await moveDeal(seller, wonEuro.id, 'completed');

    const lostYen = await createDeal(seller, {
      clientId,
      contactId,
      stage: 'qualify',
      currency: 'JPY',
      unitPriceMinor: 2_000_000,
    });
    closed.lostYen = await moveDeal(seller, lostYen.id, 'lost', {
      competitor: 'Rival Corp',
      note: 'Cheaper',
    });

    const budgetEuro = await createDeal(seller, {
      clientId,
      contactId,
      stage: 'propose',
      currency: 'EUR',
      unitPriceMinor: 100_000,
    });
    closed.budgetEuro = await moveDeal(seller, budgetEuro.id, 'client-declined', {
      reason: 'Budget cut',
      note: 'Frozen until next year',
    });

    const budgetFranc = await createDeal(seller, {
      clientId,
      contactId,
      stage: 'propose',
      currency: 'CHF',
      unitPriceMinor: 200_000,
    });
    closed.budgetFranc = await moveDeal(seller, budgetFranc.id, 'client-declined', {
      reason: 'Budget cut',
      note: 'Same story',
    });

    const noCapacity = await createDeal(seller, { clientId, amountMinor: 50_000 });
    closed.noCapacity = await moveDeal(seller, noCapacity.id, 'partner-declined', {
      reason: 'No capacity',
      note: 'Team is booked',
    });

    await createDeal(seller, { clientId, amountMinor: 9_000_000 });
  });
  afterAll(() => t.close());

  const wonDirectCents = 500_000;
  const wonEuroCents = usdCents(300_000, 'EUR');
  const lostYenCents = usdCents(2_000_000, 'JPY');
  const budgetEuroCents = usdCents(100_000, 'EUR');
  const budgetFrancCents = usdCents(200_000, 'CHF');
  const noCapacityCents = 50_000;

  it('counts lost deals at their value when they closed, won deals at their amount', async () => {
    // Closing as lost closes the line items as lost, so the deal's own total is zero now.
    expect(closed.lostYen!.amountReportingMinor).toBe(0);
    expect(closed.wonEuro!.amountReportingMinor).toBe(wonEuroCents);
    const response = await west.manager.get('/api/v1/reports/win-loss');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.data).toMatchObject({ currency: 'USD', closedFrom: null, closedTo: null });
    expect(response.data.totals).toEqual({
      wonCount: 2,
      wonMinor: wonDirectCents + wonEuroCents,
      lostCount: 4,
      lostMinor: lostYenCents + budgetEuroCents + budgetFrancCents + noCapacityCents,
      winRatePercent: 33.3,
    });
  });

  it('groups by close reason of the list, per closing stage', async () => {
    const report = (await west.manager.get('/api/v1/reports/win-loss')).data;
    expect(report.byReason).toEqual([
      {
        outcome: 'lost',
        stage: 'client-declined',
        stageLabel: 'Client not pursuing',
        reasonId: expect.any(Number),
        reason: 'Budget cut',
        count: 2,
        amountMinor: budgetEuroCents + budgetFrancCents,
      },
      {
        outcome: 'won',
        stage: 'completed',
        stageLabel: 'Completed',
        reasonId: null,
        reason: null,
        count: 2,
        amountMinor: wonDirectCents + wonEuroCents,
      },
      {
        outcome: 'lost',
        stage: 'lost',
        stageLabel: 'Lost to competition',
        reasonId: null,
        reason: null,
        count: 1,
        amountMinor: lostYenCents,
      },
      {
        outcome: 'lost',
        stage: 'partner-declined',
        stageLabel: 'Partner not pursuing',
        reasonId: expect.any(Number),
        reason: 'No capacity',
        count: 1,
        amountMinor: noCapacityCents,
      },
    ]);
  });

  it('groups by the last open stage before closing, every open stage listed', async () => {
    const report = (await west.manager.get('/api/v1/reports/win-loss')).data;
    const byStage = Object.fromEntries(
      report.byLastOpenStage.map((row: LastStageRow) => [
        row.stage,
        [row.wonCount, row.wonMinor, row.lostCount, row.lostMinor],
      ]),
    );
    expect(byStage).toEqual({
      identify: [0, 0, 1, noCapacityCents],
      validate: [0, 0, 0, 0],
      qualify: [0, 0, 1, lostYenCents],
      propose: [0, 0, 2, budgetEuroCents + budgetFrancCents],
      conditional: [0, 0, 0, 0],
      won: [1, wonDirectCents, 0, 0],
      implement: [1, wonEuroCents, 0, 0],
    });
  });

  it('keeps closed deals at the rate frozen when they closed after the rate moves', async () => {
    const before = (await west.manager.get('/api/v1/reports/win-loss')).data;
    const today = new Date().toISOString().slice(0, 10);
    const rate = await admin.post('/api/v1/currencies/CHF/rates', { rate: '2.5', effectiveDate: today });
    expect(rate.statusCode, rate.body).toBe(200);
    const after = (await west.manager.get('/api/v1/reports/win-loss')).data;
    expect(after.totals).toEqual(before.totals);
  });

  it('filters by closing day, status, the list filters and the viewer', async () => {
    await t.database.db
      .updateTable('opportunities')
      .set({ closed_at: '2026-01-31T23:00:00.000Z' })
      .where('id', '=', closed.noCapacity!.id)
      .execute();
    const january = (
      await west.manager.get('/api/v1/reports/win-loss?closedFrom=2026-01-01&closedTo=2026-01-31')
    ).data;
    expect(january).toMatchObject({ closedFrom: '2026-01-01', closedTo: '2026-01-31' });
    expect(january.totals).toMatchObject({ wonCount: 0, lostCount: 1, lostMinor: noCapacityCents });
    const before = (await west.manager.get('/api/v1/reports/win-loss?closedTo=2026-01-30')).data;
    expect(before.totals).toMatchObject({ wonCount: 0, lostCount: 0, winRatePercent: null });
    const recent = (await west.manager.get('/api/v1/reports/win-loss?closedFrom=2026-02-01')).data;
    expect(recent.totals).toMatchObject({ wonCount: 2, lostCount: 3 });

    const won = (await west.manager.get('/api/v1/reports/win-loss?status=won')).data;
    expect(won.totals).toMatchObject({ wonCount: 2, lostCount: 0 });
    const euro = (await west.manager.get('/api/v1/reports/win-loss?currency=EUR&displayCurrency=EUR')).data;
    expect(euro).toMatchObject({ currency: 'EUR', rate: '1.08' });
    expect(euro.totals).toMatchObject({ wonCount: 1, wonMinor: 300_000, lostCount: 1, lostMinor: 100_000 });

    const outsider = (await east.manager.get('/api/v1/reports/win-loss')).data;
    expect(outsider.totals).toMatchObject({ wonCount: 0, lostCount: 0 });
    expect(outsider.byReason).toEqual([]);
    expect((await west.manager.get('/api/v1/reports/win-loss?closedFrom=January')).statusCode).toBe(400);
  });

  it('puts closed deals without a closing in their history under an unknown last stage', async () => {
    const imported = await createDeal(west.seller, { clientId, amountMinor: 70_000 });
    await moveDeal(west.seller, imported.id, 'partner-declined', { reason: 'Imported', note: 'Legacy' });
    await t.database.db
      .deleteFrom('stage_changes')
      .where('opportunity_id', '=', imported.id)
      .where('kind', '=', 'stage')
      .execute();
    const report = (await west.manager.get('/api/v1/reports/win-loss')).data;
    const unknown = report.byLastOpenStage.find((row: LastStageRow) => row.stage === null);
    expect(unknown).toMatchObject({ wonCount: 0, lostCount: 1, lostMinor: 70_000 });
    expect(report.byLastOpenStage).toHaveLength(8);
  });

  it('measures days in each open stage from the stage history, amount changes not ending a stay', async () => {
    const seller = east.seller;
    const contactId = east.contactId;
    const start = new Date(Date.now() - 40 * 86_400_000);

    const first = await createDeal(seller, { clientId, contactId, unitPriceMinor: 10_000 });
    const line = await seller.post(`/api/v1/opportunities/${first.id}/line-items`, {
      description: 'Extra support',
      quantity: 1,
      unitPriceMinor: 5_000,
      decisionDate: first.decisionDate,
    });
    expect(line.statusCode, line.body).toBe(201);
    await moveDeal(seller, first.id, 'validate');
    await moveDeal(seller, first.id, 'qualify');
    await setHistory(first.id, start, [0, 5, 10, 14], ['create', 'amount', 'stage', 'stage']);

    const second = await createDeal(seller, { clientId, contactId, unitPriceMinor: 10_000 });
    await moveDeal(seller, second.id, 'validate');
    await moveDeal(seller, second.id, 'identify');
    await moveDeal(seller, second.id, 'validate');
    await setHistory(second.id, start, [0, 20, 23, 30], ['create', 'stage', 'stage', 'stage']);

    const third = await createDeal(seller, { clientId, amountMinor: 1_000 });
    await moveDeal(seller, third.id, 'partner-declined', { reason: 'No fit', note: 'Wrong product' });
    await setHistory(third.id, start, [0, 6], ['create', 'stage']);

    const finished = await seller.get('/api/v1/reports/time-in-stage');
    expect(finished.statusCode, finished.body).toBe(200);
    expect(finished.data.includeCurrent).toBe(false);
    const rows = Object.fromEntries(
      finished.data.stages.map(
        (row: { stage: string; count: number; averageDays: number; medianDays: number }) => [
          row.stage,
          [row.count, row.averageDays, row.medianDays],
        ],
      ),
    );
    expect(rows).toEqual({
      identify: [4, 10.75, 8.5],
      validate: [2, 3.5, 3.5],
      qualify: [0, null, null],
      propose: [0, null, null],
      conditional: [0, null, null],
      won: [0, null, null],
      implement: [0, null, null],
    });

    const current = (await seller.get('/api/v1/reports/time-in-stage?includeCurrent=true')).data;
    const qualify = current.stages.find((row: { stage: string }) => row.stage === 'qualify');
    expect(qualify.count).toBe(1);
    expect(qualify.averageDays).toBeCloseTo(26, 1);
    const validate = current.stages.find((row: { stage: string }) => row.stage === 'validate');
    expect(validate.count).toBe(3);
    expect(validate.medianDays).toBe(4);
    expect(validate.averageDays).toBeCloseTo(17 / 3, 1);

    const openOnly = (await seller.get('/api/v1/reports/time-in-stage?status=open')).data;
    expect(openOnly.stages[0]).toMatchObject({ stage: 'identify', count: 3, medianDays: 10 });
    // Another firm's manager sees none of it: their own stays all began and ended within this test run.
    const outsider = (await west.manager.get('/api/v1/reports/time-in-stage?includeCurrent=true')).data;
    for (const row of outsider.stages) {
      if (row.averageDays !== null) expect(row.averageDays).toBeLessThan(1);
    }
    expect(outsider.stages.find((row: { stage: string }) => row.stage === 'validate').count).toBe(0);
  });
});
