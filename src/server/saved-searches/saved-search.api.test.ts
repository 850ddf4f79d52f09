import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

describe.each(engines)('saved searches on %s', (engine) => {
  let t: TestContext;
  let seller: TestUser;
  let colleague: TestUser;
  let otherSeller: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    const partner = await t.firm();
    seller = await t.user({ firm: partner, role: 'seller' });
    colleague = await t.user({ firm: partner, role: 'manager' });
    otherSeller = await t.user({ firm: await t.firm(), role: 'seller' });
    admin = await t.user({ firm: await t.firm({ kind: 'vendor' }), role: 'admin' });
  });
  afterAll(() => t.close());

  async function save(user: TestUser, body: Record<string, unknown>) {
    const response = await user.post('/api/v1/saved-searches', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.data;
  }

  async function countRows() {
    const row = await t.database.db
      .selectFrom('saved_searches')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  it('saves a list view whose query the list itself accepts, and lists it by list and name', async () => {
    const saved = await seller.post('/api/v1/saved-searches', {
      entityType: 'opportunity',
      name: 'Late-stage deals',
      query: '?stage=propose,conditional&sort=-amount&mine=true',
    });
    expect(saved.statusCode).toBe(201);
    expect(saved.headers.location).toBe(`/api/v1/saved-searches/${saved.data.id}`);
    expect(saved.data).toMatchObject({
      entityType: 'opportunity',
      name: 'Late-stage deals',
      query: 'stage=propose,conditional&sort=-amount&mine=true',
      path: '/opportunities?stage=propose,conditional&sort=-amount&mine=true',
    });
    const list = await seller.get(`/api/v1/opportunities?${saved.data.query}`);
    expect(list.statusCode).toBe(200);
    await save(seller, { entityType: 'client', name: 'Norway', query: 'country=Norway&sort=name' });
    await save(seller, { entityType: 'opportunity', name: 'All deals', query: '' });
    const mine = await seller.get('/api/v1/saved-searches');
    expect(
      mine.data.items.map((item: { entityType: string; name: string }) => `${item.entityType}:${item.name}`),
    ).toEqual(['client:Norway', 'opportunity:All deals', 'opportunity:Late-stage deals']);
    const opportunities = await seller.get('/api/v1/saved-searches?entityType=opportunity');
    expect(opportunities.data.items.map((item: { path: string }) => item.path)).toEqual([
      '/opportunities',
      '/opportunities?stage=propose,conditional&sort=-amount&mine=true',
    ]);
    expect((await seller.get('/api/v1/saved-searches?entityType=planet')).statusCode).toBe(400);
  });

  it('refuses a query the list would refuse, naming the parameter, and writes nothing', async () => {
    const before = await countRows();
    for (const [entityType, query, field] of [
      ['opportunity', 'stage=propose&amountMin=-5', 'query.amountMin'],
      ['opportunity', 'sort=password', 'query.sort'],
      ['client', 'q=acme&cursor=WyJhIiwxXQ', 'query.cursor'],
      ['contact', 'stage=qualify', 'query.stage'],
      ['client', 'limit=500', 'query.limit'],
    ] as const) {
      const response = await seller.post('/api/v1/saved-searches', {
        entityType,
        name: `Bad ${field}`,
        query,
      });
      expect(response.statusCode, query).toBe(400);
      expect(response.data.error.code).toBe('VALIDATION_FAILED');
      expect(response.data.error.details.fields.map((each: { field: string }) => each.field)).toEqual([
        field,
      ]);
    }
    const body = await seller.post('/api/v1/saved-searches', {
      entityType: 'deal',
      name: ' ',
      query: 'x'.repeat(2001),
      id: 3,
    });
    expect(body.statusCode).toBe(400);
    expect(body.data.error.details.fields.map((each: { field: string }) => each.field).sort()).toEqual([
      'entityType',
      'id',
      'name',
      'query',
    ]);
    expect(await countRows()).toBe(before);
  });

  it('keeps names unique per user and list, whatever the case (409 naming the field)', async () => {
    const first = await save(seller, { entityType: 'contact', name: 'Key people', query: 'favorites=true' });
    const duplicate = await seller.post('/api/v1/saved-searches', {
      entityType: 'contact',
      name: 'KEY PEOPLE',
      query: 'sort=email',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.data.error.code).toBe('CONFLICT');
    expect(duplicate.data.error.details.fields).toEqual([{ field: 'name', message: expect.any(String) }]);
    await save(seller, { entityType: 'client', name: 'Key people', query: '' });
    await save(colleague, { entityType: 'contact', name: 'Key people', query: '' });
    const second = await save(seller, { entityType: 'contact', name: 'Buyers', query: 'q=buyer' });
    const rename = await seller.patch(`/api/v1/saved-searches/${second.id}`, { name: 'key people' });
    expect(rename.statusCode).toBe(409);
    expect(rename.data.error.details.fields[0].field).toBe('name');
    const sameName = await seller.patch(`/api/v1/saved-searches/${first.id}`, { name: 'Key People' });
    expect(sameName.statusCode).toBe(200);
    expect(sameName.data.name).toBe('Key People');
  });

  it('renames and re-saves a view, validating the new query against the saved search’s list', async () => {
    const saved = await save(seller, { entityType: 'client', name: 'Retail', query: 'industry=Retail' });
    const changed = await seller.patch(`/api/v1/saved-searches/${saved.id}`, {
      name: 'Retail in Norway',
      query: 'industry=Retail&country=Norway',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.data).toMatchObject({
      name: 'Retail in Norway',
      query: 'industry=Retail&country=Norway',
      path: '/clients?industry=Retail&country=Norway',
    });
    const invalid = await seller.patch(`/api/v1/saved-searches/${saved.id}`, { query: 'stage=qualify' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.data.error.details.fields[0].field).toBe('query.stage');
    const moved = await seller.patch(`/api/v1/saved-searches/${saved.id}`, { entityType: 'contact' });
    expect(moved.statusCode).toBe(400);
    expect((await seller.get(`/api/v1/saved-searches/${saved.id}`)).data.query).toBe(
      'industry=Retail&country=Norway',
    );
  });

  it('shows saved searches to their owner only: others get 404 and never see them listed', async () => {
    const saved = await save(seller, {
      entityType: 'opportunity',
      name: 'My secret pipeline',
      query: 'mine=true',
    });
    for (const user of [colleague, otherSeller, admin]) {
      expect((await user.get(`/api/v1/saved-searches/${saved.id}`)).statusCode).toBe(404);
      expect((await user.patch(`/api/v1/saved-searches/${saved.id}`, { name: 'Taken' })).statusCode).toBe(
        404,
      );
      expect((await user.delete(`/api/v1/saved-searches/${saved.id}`)).statusCode).toBe(404);
      const list = await user.get('/api/v1/saved-searches');
      expect(list.data.items.map((item: { id: number }) => item.id)).not.toContain(saved.id);
    }
    expect((await seller.get(`/api/v1/saved-searches/${saved.id}`)).data.name).toBe('My secret pipeline');
    expect((await seller.delete(`/api/v1/saved-searches/${saved.id}`)).statusCode).toBe(204);
    expect((await seller.get(`/api/v1/saved-searches/${saved.id}`)).statusCode).toBe(404);
    expect((await seller.delete(`/api/v1/saved-searches/${saved.id}`)).statusCode).toBe(404);
  });

  it('carries a version: ETag on create, read and change; a stale If-Match answers 409 and writes nothing', async () => {
    const created = await seller.post('/api/v1/saved-searches', {
      entityType: 'client',
      name: 'Versioned',
      query: 'country=Norway',
    });
    expect(created.data.version).toBe(1);
    expect(created.headers.etag).toBe('"1"');
    const url = `/api/v1/saved-searches/${created.data.id}`;
    expect((await seller.get(url)).headers.etag).toBe('"1"');
    const changed = await seller.patch(url, { name: 'Versioned v2' }, { 'if-match': '"1"' });
    expect(changed.statusCode).toBe(200);
    expect(changed.data.version).toBe(2);
    expect(changed.headers.etag).toBe('"2"');
    const stale = await seller.patch(url, { name: 'Lost update' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.data.error.code).toBe('VERSION_CONFLICT');
    expect(stale.data.error.details).toMatchObject({ currentVersion: 2, current: { name: 'Versioned v2' } });
    const staleDelete = await seller.delete(url, { 'if-match': '"1"' });
    expect(staleDelete.statusCode).toBe(409);
    const current = await seller.get(url);
    expect(current.data).toMatchObject({ name: 'Versioned v2', version: 2 });
    expect(current.headers.etag).toBe('"2"');
    // Without If-Match (optional, as on every PATCH) the change applies to the latest version.
    expect((await seller.patch(url, { query: 'country=Sweden' })).data.version).toBe(3);
    expect((await seller.delete(url, { 'if-match': '"3"' })).statusCode).toBe(204);
  });

  it('lets exactly one of 20 simultaneous edits carrying the same ETag win', async () => {
    const created = await save(seller, { entityType: 'opportunity', name: 'Contended', query: '' });
    const url = `/api/v1/saved-searches/${created.id}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        seller.patch(url, { name: `Contended ${index}` }, { 'if-match': `"${created.version}"` }),
      ),
    );
    const winners = results.filter((result) => result.statusCode === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => result.statusCode === 409)).toHaveLength(19);
    const final = await seller.get(url);
    expect(final.data).toMatchObject({ name: winners[0]?.data.name, version: 2 });
  });

  it('keeps at most 100 saved searches per list for each user', async () => {
    const user = await t.user({ firm: seller.firm, role: 'seller' });
    const now = new Date().toISOString();
    await t.database.db
      .insertInto('saved_searches')
      .values(
        Array.from({ length: 100 }, (_, index) => ({
          user_id: user.id,
          entity_type: 'client' as const,
          name: `View ${index}`,
          query: '',
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    const refused = await user.post('/api/v1/saved-searches', {
      entityType: 'client',
      name: 'One more',
      query: '',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.data.error.code).toBe('UNPROCESSABLE');
    await save(user, { entityType: 'contact', name: 'One more', query: '' });
  });
});
