import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeal,
  createPartnerTeam,
  moveDeal,
  type PartnerTeam,
} from '../../../test/support/report-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';
import { quarterOf } from '../../core/calendar.ts';
import { addDays } from '../../core/defaults.ts';

type Card = { id: number; mustReachClosing: boolean; origin: string; decisionDate: string };

describe.each(engines)('the Home screen on %s', (engine) => {
  let t: TestContext;
  let clientId: number;
  let vendorRep: TestUser;
  let team: PartnerTeam;
  let other: PartnerTeam;
  const quarter = quarterOf(new Date().toISOString().slice(0, 10));
  const nextQuarter = addDays(quarter.to, 1);
  const ids: Record<string, number> = {};
  const amounts: Record<string, number> = {};

  async function ageStage(id: number, days: number) {
    await t.database.db
      .updateTable('opportunities')
      .set({ stage_entered_at: new Date(Date.now() - days * 86_400_000).toISOString() })
      .where('id', '=', id)
      .execute();
  }

  async function passToTeam(name: string, decisionDate: string) {
    const deal = await vendorRep.post('/api/v1/opportunities', {
      name,
      clientId,
      stage: 'identify',
      currency: 'USD',
      amountMinor: 30_000,
      decisionDate,
    });
    expect(deal.statusCode, deal.body).toBe(201);
    const passed = await vendorRep.post(`/api/v1/opportunities/${deal.data.id}/pass`, {
      firmId: team.firm.id,
    });
    expect(passed.statusCode, passed.body).toBe(200);
    return deal.data.id as number;
  }

  beforeAll(async () => {
    t = await createTestContext(engine);
    const vendor = await t.firm({ kind: 'vendor' });
    vendorRep = await t.user({ firm: vendor, role: 'vendor-rep' });
    clientId = (await vendorRep.post('/api/v1/clients', { name: 'Umbrella' })).data.id;
    team = await createPartnerTeam(t, clientId);
    other = await createPartnerTeam(t, clientId);

    const dueLast = await createDeal(team.seller, {
      clientId,
      amountMinor: 20_000,
      decisionDate: quarter.to,
    });
    const dueFirst = await createDeal(team.seller, {
      clientId,
      contactId: team.contactId,
      stage: 'qualify',
      unitPriceMinor: 10_000,
      decisionDate: quarter.from,
    });
    const later = await createDeal(team.seller, { clientId, amountMinor: 40_000, decisionDate: nextQuarter });
    const forgotten = await createDeal(team.seller, {
      clientId,
      amountMinor: 50_000,
      decisionDate: nextQuarter,
    });
    const closedInQuarter = await createDeal(team.seller, {
      clientId,
      amountMinor: 60_000,
      decisionDate: quarter.to,
    });
    await moveDeal(team.seller, closedInQuarter.id, 'partner-declined', {
      reason: 'No fit',
      note: 'Dropped',
    });
    const colleagues = await createDeal(team.colleague, {
      clientId,
      amountMinor: 70_000,
      decisionDate: quarter.to,
    });
    await createDeal(other.seller, { clientId, amountMinor: 80_000, decisionDate: quarter.to });
    Object.assign(ids, {
      dueFirst: dueFirst.id,
      dueLast: dueLast.id,
      later: later.id,
      forgotten: forgotten.id,
      colleagues: colleagues.id,
    });
    Object.assign(amounts, {
      dueFirst: dueFirst.amountReportingMinor,
      qualifyWeighted: dueFirst.weightedReportingMinor,
    });

    // A passed deal, accepted by the manager for the seller, left untouched for too long.
    ids.passed = await passToTeam('Passed and forgotten', nextQuarter);
    const accepted = await team.manager.post(`/api/v1/opportunities/${ids.passed}/accept`, {
      ownerId: team.seller.id,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    // Another one still waiting in the firm's passed inbox.
    ids.pending = await passToTeam('Waiting in the inbox', nextQuarter);

    await ageStage(forgotten.id, 31);
    await ageStage(ids.passed, 45);
    await ageStage(dueLast.id, 29);
    await ageStage(colleagues.id, 60);
  });
  afterAll(() => t.close());

  it('shows my open pipeline by open stage', async () => {
    const response = await team.seller.get('/api/v1/reports/home');
    expect(response.statusCode, response.body).toBe(200);
    const home = response.data;
    expect(home).toMatchObject({ scope: 'mine', currency: 'USD', passedInbox: null });
    expect(home.pipeline.stages.map((row: { stage: string }) => row.stage)).toEqual([
      'identify',
      'validate',
      'qualify',
      'propose',
      'conditional',
      'won',
      'implement',
    ]);
    expect(home.pipeline.stages[0]).toMatchObject({
      count: 4,
      totalMinor: 20_000 + 40_000 + 50_000 + 30_000,
    });
    expect(home.pipeline.stages[2]).toMatchObject({
      count: 1,
      totalMinor: amounts.dueFirst,
      weightedMinor: amounts.qualifyWeighted,
    });
    expect(home.pipeline.totals.count).toBe(5);
  });

  it('lists the decisions due this quarter, soonest first, and continues on the list', async () => {
    const home = (await team.seller.get('/api/v1/reports/home?limit=1')).data;
    expect(home.decisionsDue).toMatchObject({
      quarter: quarter.quarter,
      from: quarter.from,
      to: quarter.to,
      count: 2,
    });
    expect(home.decisionsDue.items.map((card: Card) => card.id)).toEqual([ids.dueFirst]);
    const next = await team.seller.get(
      `/api/v1/opportunities?status=open&decisionFrom=${quarter.from}&decisionTo=${quarter.to}&mine=true&sort=decisionDate&limit=1&cursor=${home.decisionsDue.nextCursor}`,
    );
    expect(next.statusCode, next.body).toBe(200);
    expect(next.data.items.map((item: { id: number }) => item.id)).toEqual([ids.dueLast]);
    expect(next.data.nextCursor).toBeNull();
  });

  it('lists stale opportunities and flags the passed ones that must reach a closing', async () => {
    const home = (await team.seller.get('/api/v1/reports/home')).data;
    expect(home.stale).toMatchObject({ count: 2, mustReachClosingCount: 1, nextCursor: null });
    const byId = new Map(home.stale.items.map((card: Card) => [card.id, card]));
    expect([...byId.keys()].sort()).toEqual([ids.forgotten, ids.passed].sort());
    expect(byId.get(ids.passed)).toMatchObject({
      origin: 'passed',
      mustReachClosing: true,
      isStale: true,
      daysInStage: 45,
    });
    expect(byId.get(ids.forgotten)).toMatchObject({ mustReachClosing: false, daysInStage: 31 });
  });

  it('gives managers the passed inbox and, on request, the whole firm', async () => {
    const mine = (await team.manager.get('/api/v1/reports/home')).data;
    expect(mine.passedInbox).toEqual({ count: 1 });
    expect(mine.pipeline.totals.count).toBe(0);
    expect(mine.decisionsDue.count).toBe(0);

    const firm = (await team.manager.get('/api/v1/reports/home?scope=visible')).data;
    expect(firm.scope).toBe('visible');
    // The seller's five, the colleague's one and the one waiting in the inbox.
    expect(firm.pipeline.totals.count).toBe(7);
    expect(firm.decisionsDue.items.map((card: Card) => card.id)).toEqual([
      ids.dueFirst,
      ids.dueLast,
      ids.colleagues,
    ]);
    expect(firm.stale.count).toBe(3);

    const outsider = (await other.manager.get('/api/v1/reports/home?scope=visible')).data;
    expect(outsider.passedInbox).toEqual({ count: 0 });
    expect(outsider.pipeline.totals.count).toBe(1);
    expect(outsider.decisionsDue.items.map((card: Card) => card.id)).not.toContain(ids.dueFirst);
  });

  it('refuses an unknown scope or list size', async () => {
    expect((await team.seller.get('/api/v1/reports/home?scope=everyone')).statusCode).toBe(400);
    expect((await team.seller.get('/api/v1/reports/home?limit=51')).statusCode).toBe(400);
  });
});
