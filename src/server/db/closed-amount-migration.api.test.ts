import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeal,
  createPartnerTeam,
  moveDeal,
  type PartnerTeam,
  usdCents,
} from '../../../test/support/report-fixtures.ts';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';
import { migrateDown, migrateToLatest } from './migrator.ts';

describe.each(engines)('the value at closing of opportunities on %s', (engine) => {
  let t: TestContext;
  let team: PartnerTeam;
  let clientId: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestContext(engine);
    const vendor = await t.firm({ kind: 'vendor' });
    const rep = await t.user({ firm: vendor, role: 'vendor-rep' });
    clientId = (await rep.post('/api/v1/clients', { name: 'Stark' })).data.id;
    team = await createPartnerTeam(t, clientId);
    const lost = await createDeal(team.seller, {
      clientId,
      contactId: team.contactId,
      stage: 'qualify',
      currency: 'JPY',
      unitPriceMinor: 1_500_000,
    });
    await moveDeal(team.seller, lost.id, 'lost', { competitor: 'Rival Corp', note: 'Price' });
    const won = await createDeal(team.seller, {
      clientId,
      contactId: team.contactId,
      stage: 'won',
      currency: 'EUR',
      unitPriceMinor: 99_999,
    });
    await moveDeal(team.seller, won.id, 'completed');
    const open = await createDeal(team.seller, { clientId, currency: 'EUR', amountMinor: 5_000 });
    Object.assign(ids, { lost: lost.id, won: won.id, open: open.id });
  });
  afterAll(() => t.close());

  async function closedAmounts() {
    const rows = await t.database.db
      .selectFrom('opportunities')
      .select(['id', 'amount_reporting_minor', 'closed_amount_reporting_minor'])
      .where('id', 'in', Object.values(ids))
      .orderBy('id')
      .execute();
    return rows.map((row) => [
      row.id,
      Number(row.amount_reporting_minor),
      row.closed_amount_reporting_minor === null ? null : Number(row.closed_amount_reporting_minor),
    ]);
  }

  it('keeps the value at closing in the reporting currency, also when the deal’s own total drops to zero', async () => {
    expect(await closedAmounts()).toEqual([
      [ids.lost, 0, usdCents(1_500_000, 'JPY')],
      [ids.won, usdCents(99_999, 'EUR'), usdCents(99_999, 'EUR')],
      [ids.open, usdCents(5_000, 'EUR'), null],
    ]);
  });

  it('fills it in for deals closed before the column existed when migrating up again', async () => {
    const before = await closedAmounts();
    await migrateDown(t.database);
    await migrateToLatest(t.database);
    expect(await closedAmounts()).toEqual(before);
  });

  it('forgets it when the deal is reopened', async () => {
    await moveDeal(team.seller, ids.lost!, 'identify', { note: 'They are back' });
    const [lost] = await closedAmounts();
    expect(lost).toEqual([ids.lost, usdCents(1_500_000, 'JPY'), null]);
    const pipeline = (await team.seller.get('/api/v1/reports/pipeline?stage=identify&currency=JPY')).data;
    expect(pipeline.totals).toMatchObject({ count: 1, totalMinor: usdCents(1_500_000, 'JPY') });
  });
});
