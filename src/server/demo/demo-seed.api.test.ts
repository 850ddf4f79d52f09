import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiResponse,
  createTestContext,
  engines,
  type TestContext,
} from '../../../test/support/test-app.ts';
import { checkConsistency } from '../db/consistency.ts';
import {
  placeholderClientName,
  placeholderContactName,
} from '../import-export/opportunity-import.service.ts';
import { loadStageCatalog } from '../stages/stage.repository.ts';
import { type DemoLogin, demoPassword, seedDemo } from './demo-seed.ts';

type Card = { name: string; clientName: string | null; stage: string; outcome: string; decisionDate: string };
type Listed = Card & {
  primaryContactId: number | null;
  primaryContactName: string | null;
  passStatus: string | null;
};
type Home = {
  pipeline: { stages: { stage: string; count: number }[] };
  decisionsDue: { count: number; items: Card[] };
  stale: { count: number; items: Card[] };
  passedInbox: { count: number } | null;
};

/** Home's scope as the web app opens it: reviewers and admins own no deals, so they see what they can. */
function homeScopeOf(login: DemoLogin): 'mine' | 'visible' {
  return login.role === 'vendor-reviewer' || login.role === 'admin' ? 'visible' : 'mine';
}

const openStages = ['identify', 'validate', 'qualify', 'propose', 'conditional', 'won', 'implement'];
const closings = ['completed', 'lost', 'client-declined', 'partner-declined'];

describe.each(engines)('the demo data a newcomer signs in to (%s)', (engine) => {
  let context: TestContext;
  let logins: DemoLogin[];
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    context = await createTestContext(engine);
    logins = await seedDemo(context.database.db);
  }, 180_000);
  afterAll(async () => {
    await context?.close();
  });

  async function as(email: string): Promise<(url: string) => Promise<ApiResponse>> {
    const signIn = await context.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: demoPassword },
    });
    expect(signIn.statusCode, email).toBe(200);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
    return (url) => context.request({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
  }

  it('opens every demo role’s Home on named clients, with its own work, stars and recent records', async () => {
    expect(logins.map((login) => login.role).sort()).toEqual([
      'admin',
      'manager',
      'manager',
      'seller',
      'seller',
      'vendor-rep',
      'vendor-reviewer',
    ]);
    for (const login of logins) {
      const get = await as(login.email);
      const home = (await get(`/reports/home?scope=${homeScopeOf(login)}&limit=6`)).data as Home;
      const shown = [...home.decisionsDue.items, ...home.stale.items];
      expect(home.decisionsDue.count, `${login.email}: decisions due this quarter`).toBeGreaterThan(0);
      expect(shown.length, login.email).toBeGreaterThan(0);
      for (const card of shown) {
        expect(card.clientName, `${login.email}: ${card.name}`).toBeTruthy();
        expect(card.clientName, `${login.email}: ${card.name}`).not.toBe(placeholderClientName);
      }
      expect(
        home.pipeline.stages.filter((stage) => stage.count > 0).length,
        `${login.email}: open stages with deals`,
      ).toBeGreaterThanOrEqual(login.role === 'seller' ? 7 : 2);
      if (login.role === 'manager') expect(home.passedInbox?.count, login.email).toBeGreaterThan(0);
      const favorites = (await get('/favorites')).data as { items: unknown[] };
      expect(favorites.items.length, `${login.email}: favorites`).toBeGreaterThan(0);
      const recent = (await get('/recent-views')).data as { items: unknown[] };
      expect(recent.items.length, `${login.email}: recently viewed`).toBeGreaterThan(0);
    }
  });

  it('gives the demo sellers a pipeline of named clients and contacts over every stage, some overdue', async () => {
    for (const email of ['seller@brightpath.example', 'seller@meridian.example']) {
      const get = await as(email);
      const mine = ((await get('/opportunities?mine=true&limit=200')).data as { items: Listed[] }).items;
      expect(new Set(mine.map((deal) => deal.stage))).toEqual(
        new Set(
          [...openStages, ...closings].filter(
            // The distributor's seller has no deal the partner or the client declined.
            (stage) => email.startsWith('seller@brightpath') || !stage.endsWith('-declined'),
          ),
        ),
      );
      for (const deal of mine) {
        expect(deal.clientName, deal.name).not.toBe(placeholderClientName);
        expect(deal.primaryContactId, deal.name).not.toBeNull();
        expect(deal.primaryContactName, deal.name).not.toBe(placeholderContactName);
      }
      const open = mine.filter((deal) => deal.outcome === 'open');
      expect(
        open.some((deal) => deal.decisionDate < today),
        `${email}: overdue deals`,
      ).toBe(true);
      expect(
        open.some((deal) => deal.decisionDate >= today),
        `${email}: deals ahead`,
      ).toBe(true);
    }
  });

  it('gives every client of the demo partners’ own deals a timeline, and each of them calls, meetings, tasks and notes', async () => {
    type Activity = { kind: string; status: string; isOverdue: boolean; dueDate: string | null };
    const partners = logins.filter((login) => login.role === 'seller' || login.role === 'manager');
    expect(partners.length).toBeGreaterThanOrEqual(2);
    for (const login of partners) {
      const get = await as(login.email);
      const mine = (
        (await get('/opportunities?mine=true&limit=200')).data as { items: { clientId: number }[] }
      ).items;
      expect(mine.length, login.email).toBeGreaterThan(0);
      for (const clientId of new Set(mine.map((deal) => deal.clientId))) {
        const timeline = await get(`/clients/${clientId}/timeline?limit=5`);
        expect(timeline.statusCode, timeline.body).toBe(200);
        expect(
          (timeline.data as { items: Activity[] }).items.length,
          `${login.email}: client ${clientId}`,
        ).toBeGreaterThan(0);
      }
      const own = ((await get('/activities?limit=200')).data as { items: Activity[] }).items;
      expect(new Set(own.map((activity) => activity.kind)), login.email).toEqual(
        new Set(['call', 'meeting', 'task', 'note']),
      );
      const open = own.filter((activity) => activity.status === 'open');
      expect(
        open.some((activity) => activity.isOverdue),
        `${login.email}: overdue`,
      ).toBe(true);
      expect(
        open.some((activity) => !activity.isOverdue && activity.dueDate !== null),
        `${login.email}: due ahead`,
      ).toBe(true);
      expect(
        own.some((activity) => activity.status === 'done'),
        `${login.email}: done`,
      ).toBe(true);
    }
  });

  it('closes every demo deal of a stage that needs a reason with a reason of its list, as the report groups them', async () => {
    const catalog = await loadStageCatalog(context.database.db);
    const needReason = catalog
      .filter((stage) => stage.closing && stage.closingRequirements.includes('reason'))
      .map((stage) => stage.code);
    expect(needReason.length).toBeGreaterThan(0);
    const closed = await context.database.db
      .selectFrom('opportunities')
      .select(['name', 'stage', 'close_reason', 'close_reason_id'])
      .where('stage', 'in', needReason)
      .execute();
    // The hand-written demo deals (demo-work.ts) as well as the imported pipeline.
    expect(closed.some((deal) => deal.close_reason === 'Budget cut')).toBe(true);
    expect(closed.filter((deal) => deal.close_reason_id === null)).toEqual([]);
  });

  it('has vendor leads waiting, accepted and declined, and keeps every invariant', async () => {
    const rep = await as('rep@helio.example');
    const leads = ((await rep('/opportunities?origin=passed&limit=200')).data as { items: Listed[] }).items;
    expect(new Set(leads.map((lead) => lead.passStatus))).toEqual(
      new Set(['pending', 'accepted', 'declined']),
    );
    for (const lead of leads) expect(lead.clientName).not.toBe(placeholderClientName);
    expect(await checkConsistency(context.database.db)).toEqual([]);
  });
});
