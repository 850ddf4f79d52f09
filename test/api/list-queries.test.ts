import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../support/opportunity-fixtures.ts';
import { createTestContext, engines, type TestContext, type TestUser } from '../support/test-app.ts';

/**
 * SPEC §9.1 refusals: a query that fails validation answers 400 naming the parameter — never an
 * empty page that looks like "no records". Stage codes are data (the admin-editable catalog), so a
 * stage filter is checked against the catalog in the database.
 */

/** Every route that takes the opportunity filters. */
const opportunityFilterRoutes = [
  '/api/v1/opportunities',
  '/api/v1/opportunities/board',
  '/api/v1/opportunities/export',
  '/api/v1/reports/pipeline',
  '/api/v1/reports/weighted-by-quarter',
  '/api/v1/reports/win-loss',
  '/api/v1/reports/time-in-stage',
];

/** Every list route with paging, and what it needs besides. */
const pagedRoutes = [
  '/api/v1/opportunities?',
  '/api/v1/clients?',
  '/api/v1/contacts?',
  '/api/v1/activities?',
  '/api/v1/notifications?',
  '/api/v1/search?q=acme&',
  '/api/v1/users?',
  '/api/v1/recent-views?',
];

describe.each(engines)('list query parameters on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;
  let seller: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
    seller = w.seller;
    const created = await seller.post('/api/v1/opportunities', {
      name: 'Listed deal',
      contactId: w.contactId,
    });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterAll(() => t.close());

  async function expectRefused(url: string, parameter: string) {
    const response = await seller.get(url);
    expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(400);
    expect(response.data.error.code).toBe('VALIDATION_FAILED');
    const fields = (response.data.error.details.fields as { field: string }[]).map((each) => each.field);
    expect(fields, url).toContain(parameter);
  }

  it('refuses a stage code the catalog does not have, on every route that filters opportunities', async () => {
    for (const route of opportunityFilterRoutes) {
      await expectRefused(`${route}?stage=nope`, 'stage');
      await expectRefused(`${route}?stage=qualify,nope`, 'stage');
      const known = await seller.get(`${route}?stage=qualify,propose`);
      expect(known.statusCode, `${route}: ${known.body.slice(0, 200)}`).toBe(200);
    }
    const response = await seller.get('/api/v1/opportunities?stage=nope,qualify,gone');
    expect(response.data.error.details.fields[0].message).toMatch(/nope, gone/);
  });

  it('takes a stage the administrator added to the catalog, and refuses it again once it is gone', async () => {
    await t.database.db
      .insertInto('stages')
      .values({
        code: 'negotiate',
        label: '04b Negotiate',
        sort_order: 45,
        probability: 70,
        is_closing: 0,
        outcome: 'open',
        requirements: '[]',
        closing_requirements: '[]',
        stale_after_days: 30,
        version: 1,
      })
      .execute();
    expect((await seller.get('/api/v1/opportunities?stage=negotiate')).statusCode).toBe(200);
    expect((await seller.get('/api/v1/reports/pipeline?stage=negotiate')).statusCode).toBe(200);
    await t.database.db.deleteFrom('stages').where('code', '=', 'negotiate').execute();
    await expectRefused('/api/v1/opportunities?stage=negotiate', 'stage');
  });

  it('refuses a saved search whose stage filter the catalog does not know', async () => {
    const saved = await seller.post('/api/v1/saved-searches', {
      entityType: 'opportunity',
      name: 'Nowhere',
      query: 'stage=nope',
    });
    expect(saved.statusCode, saved.body).toBe(400);
    expect(saved.data.error.details.fields[0].field).toBe('query.stage');
    const fine = await seller.post('/api/v1/saved-searches', {
      entityType: 'opportunity',
      name: 'Qualifying',
      query: 'stage=qualify',
    });
    expect(fine.statusCode, fine.body).toBe(201);
  });

  it('refuses unknown enum values, bad dates and inverted ranges of the opportunity filters', async () => {
    for (const route of opportunityFilterRoutes) {
      await expectRefused(`${route}?status=maybe`, 'status');
      await expectRefused(`${route}?origin=elsewhere`, 'origin');
      await expectRefused(`${route}?passStatus=lost`, 'passStatus');
      await expectRefused(`${route}?private=perhaps`, 'private');
      await expectRefused(`${route}?decisionFrom=2026-02-30`, 'decisionFrom');
      await expectRefused(`${route}?decisionTo=tomorrow`, 'decisionTo');
      await expectRefused(`${route}?decisionFrom=2026-12-31&decisionTo=2026-01-01`, 'decisionTo');
      await expectRefused(`${route}?amountMin=-1`, 'amountMin');
      await expectRefused(`${route}?amountMin=500&amountMax=100`, 'amountMax');
      await expectRefused(`${route}?currency=euro`, 'currency');
      await expectRefused(`${route}?ownerId=-3`, 'ownerId');
      await expectRefused(`${route}?nonsense=1`, 'nonsense');
    }
    await expectRefused('/api/v1/reports/win-loss?closedFrom=2026-06-01&closedTo=2026-05-01', 'closedTo');
    await expectRefused('/api/v1/reports/win-loss?closedFrom=2026-13-01', 'closedFrom');
    await expectRefused('/api/v1/reports/pipeline?displayCurrency=dollars', 'displayCurrency');
    await expectRefused('/api/v1/opportunities/board?perColumn=0', 'perColumn');
    await expectRefused('/api/v1/opportunities/board?perColumn=101', 'perColumn');
    await expectRefused('/api/v1/reports/home?scope=everyone', 'scope');
    await expectRefused('/api/v1/reports/home?limit=51', 'limit');
  });

  it('refuses unknown sort fields', async () => {
    for (const route of [
      '/api/v1/opportunities',
      '/api/v1/opportunities/export',
      '/api/v1/clients',
      '/api/v1/clients/export',
      '/api/v1/contacts',
      '/api/v1/contacts/export',
      '/api/v1/activities',
    ]) {
      await expectRefused(`${route}?sort=password`, 'sort');
      await expectRefused(`${route}?sort=--name`, 'sort');
    }
  });

  it('refuses limits outside 1–200, or not a whole number, on every paged list', async () => {
    for (const route of pagedRoutes) {
      for (const limit of ['-1', '0', '201', '99999999999999999999', '1.5', 'ten', '', '1e2', '0x10', ' 5']) {
        await expectRefused(`${route}limit=${encodeURIComponent(limit)}`, 'limit');
      }
      const fine = await seller.get(`${route}limit=200`);
      expect(fine.statusCode, `${route}: ${fine.body.slice(0, 200)}`).toBe(200);
    }
  });

  it('refuses unknown values of the other lists’ filters', async () => {
    await expectRefused('/api/v1/activities?kind=party', 'kind');
    await expectRefused('/api/v1/activities?status=someday', 'status');
    await expectRefused('/api/v1/activities?entityType=firm', 'entityType');
    await expectRefused('/api/v1/activities?dueFrom=2026-04-31', 'dueFrom');
    await expectRefused('/api/v1/activities?dueFrom=2026-05-02&dueTo=2026-05-01', 'dueTo');
    await expectRefused('/api/v1/notifications?unread=maybe', 'unread');
    await expectRefused('/api/v1/search?q=acme&types=firm', 'types');
    await expectRefused('/api/v1/search', 'q');
    await expectRefused('/api/v1/clients?vendorRegistered=sometimes', 'vendorRegistered');
    await expectRefused('/api/v1/clients?parentClientId=abc', 'parentClientId');
    await expectRefused('/api/v1/contacts?clientId=0', 'clientId');
    await expectRefused('/api/v1/clients/export?columns=name,secret', 'columns');
    await expectRefused('/api/v1/opportunities/export?lineItems=several', 'lineItems');
  });

  it('refuses a parameter given more than once, naming it', async () => {
    const twice = await seller.get('/api/v1/opportunities?status=open&status=won');
    expect(twice.data.error.details.fields).toEqual([
      { field: 'status', message: 'is given more than once; give it once' },
    ]);
    await expectRefused('/api/v1/opportunities?stage=qualify&stage=propose', 'stage');
    await expectRefused('/api/v1/opportunities?limit=5&limit=6', 'limit');
    await expectRefused('/api/v1/clients?q=a&q=b', 'q');
    await expectRefused('/api/v1/contacts?sort=name&sort=-name', 'sort');
    await expectRefused('/api/v1/activities?kind=task&kind=call', 'kind');
    await expectRefused('/api/v1/notifications?unread=true&unread=true', 'unread');
    await expectRefused('/api/v1/search?q=a&q=b', 'q');
    await expectRefused('/api/v1/reports/pipeline?status=open&status=won', 'status');
    await expectRefused('/api/v1/opportunities/board?perColumn=5&perColumn=5', 'perColumn');
    await expectRefused('/api/v1/clients/export?columns=name&columns=id', 'columns');
  });

  it('refuses parameters on lists that take none', async () => {
    await expectRefused('/api/v1/stages?stage=qualify', 'stage');
    await expectRefused('/api/v1/firms?limit=5', 'limit');
    await expectRefused('/api/v1/import-jobs?status=failed', 'status');
    expect((await seller.get('/api/v1/stages')).statusCode).toBe(200);
  });
});
