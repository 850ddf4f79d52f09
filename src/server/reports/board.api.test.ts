import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeal,
  createPartnerTeam,
  moveDeal,
  type PartnerTeam,
  usdCents,
} from '../../../test/support/report-fixtures.ts';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';
import { addDays } from '../../core/defaults.ts';

type Column = {
  stage: string;
  count: number;
  totalMinor: number;
  weightedMinor: number;
  items: { id: number; decisionDate: string }[];
  nextCursor: string | null;
};

describe.each(engines)('the pipeline board on %s', (engine) => {
  let t: TestContext;
  let clientId: number;
  let team: PartnerTeam;
  let other: PartnerTeam;
  let identifyTotal = 0;
  let lostValue = 0;

  beforeAll(async () => {
    t = await createTestContext(engine);
    const vendor = await t.firm({ kind: 'vendor' });
    const rep = await t.user({ firm: vendor, role: 'vendor-rep' });
    clientId = (await rep.post('/api/v1/clients', { name: 'Initech' })).data.id;
    team = await createPartnerTeam(t, clientId);
    other = await createPartnerTeam(t, clientId);
    // 25 deals in Identify on 12 decision dates, so that paging has to break ties by id.
    for (let index = 0; index < 25; index += 1) {
      const deal = await createDeal(index % 5 === 0 ? team.colleague : team.seller, {
        clientId,
        amountMinor: 10_000 * (index + 1),
        decisionDate: addDays('2027-01-01', index % 12),
      });
      identifyTotal += deal.amountReportingMinor;
    }
    for (let index = 0; index < 3; index += 1) {
      await createDeal(team.seller, {
        clientId,
        contactId: team.contactId,
        stage: 'qualify',
        currency: 'JPY',
        unitPriceMinor: 100_000 * (index + 1),
      });
    }
    const won = await createDeal(team.seller, {
      clientId,
      contactId: team.contactId,
      stage: 'won',
      unitPriceMinor: 42_000,
    });
    await moveDeal(team.seller, won.id, 'completed');
    const lost = await createDeal(team.seller, {
      clientId,
      contactId: team.contactId,
      stage: 'propose',
      currency: 'EUR',
      unitPriceMinor: 75_000,
    });
    await moveDeal(team.seller, lost.id, 'lost', { competitor: 'Rival Corp', note: 'Price' });
    lostValue = usdCents(75_000, 'EUR');
    await createDeal(other.seller, { clientId, amountMinor: 999_999_999, decisionDate: '2027-01-01' });
  });
  afterAll(() => t.close());

  async function listIds(query: string): Promise<number[]> {
    const response = await team.manager.get(`/api/v1/opportunities?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.data.items.map((item: { id: number }) => item.id);
  }

  it('has one column per open stage with count, totals and the first cards by decision date', async () => {
    const response = await team.manager.get('/api/v1/opportunities/board?perColumn=10');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.data.currency).toBe('USD');
    const columns: Column[] = response.data.columns;
    expect(columns.map((column) => column.stage)).toEqual([
      'identify',
      'validate',
      'qualify',
      'propose',
      'conditional',
      'won',
      'implement',
    ]);
    const identify = columns[0]!;
    expect(identify).toMatchObject({ count: 25, totalMinor: identifyTotal });
    expect(identify.items).toHaveLength(10);
    expect(identify.nextCursor).not.toBeNull();
    const dates = identify.items.map((card) => card.decisionDate);
    expect(dates).toEqual([...dates].sort());
    const qualify = columns[2]!;
    expect(qualify.count).toBe(3);
    expect(qualify.items).toHaveLength(3);
    expect(qualify.nextCursor).toBeNull();
    expect(columns[1]).toMatchObject({ count: 0, totalMinor: 0, items: [], nextCursor: null });
    const card = identify.items[0] as Record<string, unknown>;
    expect(card).toMatchObject({ stage: 'identify', mustReachClosing: false, daysInStage: 0, canEdit: true });
    expect(card).not.toHaveProperty('description');
  });

  it('continues a column through the opportunities list with the cursor it hands out', async () => {
    const board = (await team.manager.get('/api/v1/opportunities/board?perColumn=10')).data;
    const identify: Column = board.columns[0];
    const collected = identify.items.map((card) => card.id);
    let cursor = identify.nextCursor;
    while (cursor) {
      const page = await team.manager.get(
        `/api/v1/opportunities?stage=identify&sort=decisionDate&limit=10&cursor=${cursor}`,
      );
      expect(page.statusCode, page.body).toBe(200);
      collected.push(...page.data.items.map((item: { id: number }) => item.id));
      cursor = page.data.nextCursor;
    }
    expect(collected).toHaveLength(25);
    expect(collected).toEqual(await listIds('stage=identify&sort=decisionDate&limit=200'));
  });

  it('applies the list filters to columns, totals and continuations alike', async () => {
    const filter = `ownerId=${team.seller.id}&amountMin=50000`;
    const board = (await team.manager.get(`/api/v1/opportunities/board?perColumn=3&${filter}`)).data;
    const identify: Column = board.columns[0];
    const expected = await listIds(`stage=identify&sort=decisionDate&limit=200&${filter}`);
    expect(identify.count).toBe(expected.length);
    const collected = identify.items.map((card) => card.id);
    let cursor = identify.nextCursor;
    while (cursor) {
      const page = await team.manager.get(
        `/api/v1/opportunities?stage=identify&sort=decisionDate&limit=3&cursor=${cursor}&${filter}`,
      );
      collected.push(...page.data.items.map((item: { id: number }) => item.id));
      cursor = page.data.nextCursor;
    }
    expect(collected).toEqual(expected);
    const onlyQualify = (await team.manager.get('/api/v1/opportunities/board?stage=qualify')).data;
    expect(onlyQualify.columns[0]).toMatchObject({ count: 0, items: [] });
    expect(onlyQualify.columns[2].count).toBe(3);
  });

  it('summarizes each closing stage without cards, lost deals at their value when they closed', async () => {
    const board = (await team.manager.get('/api/v1/opportunities/board')).data;
    expect(board.closed.map((summary: { stage: string }) => summary.stage)).toEqual([
      'completed',
      'lost',
      'client-declined',
      'partner-declined',
    ]);
    expect(board.closed[0]).toMatchObject({ outcome: 'won', count: 1, totalMinor: 42_000 });
    expect(board.closed[1]).toMatchObject({
      outcome: 'lost',
      count: 1,
      totalMinor: lostValue,
      weightedMinor: 0,
    });
    const openOnly = (await team.manager.get('/api/v1/opportunities/board?status=open')).data;
    expect(openOnly.closed.every((summary: { count: number }) => summary.count === 0)).toBe(true);
    expect(openOnly.columns[0].count).toBe(25);
  });

  it('shows a seller only what they may open, and never another firm’s deals', async () => {
    const seller = (await team.seller.get('/api/v1/opportunities/board?perColumn=100')).data;
    expect(seller.columns[0].count).toBe(20);
    expect(seller.columns[0].items).toHaveLength(20);
    const outsider = (await other.manager.get('/api/v1/opportunities/board?perColumn=100')).data;
    expect(outsider.columns[0]).toMatchObject({ count: 1, totalMinor: 999_999_999 });
    expect(outsider.closed.every((summary: { count: number }) => summary.count === 0)).toBe(true);
  });

  it('refuses a column size outside 1–100', async () => {
    for (const perColumn of ['0', '101', 'many']) {
      const response = await team.manager.get(`/api/v1/opportunities/board?perColumn=${perColumn}`);
      expect(response.statusCode, perColumn).toBe(400);
      expect(response.data.error.details.fields[0].field).toBe('perColumn');
    }
    const byDefault = (await team.manager.get('/api/v1/opportunities/board')).data;
    expect(byDefault.columns[0].items).toHaveLength(20);
  });
});
