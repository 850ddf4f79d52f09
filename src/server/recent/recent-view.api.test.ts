import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';
import { nextViewedAt } from './recent-view.service.ts';

describe('view stamps', () => {
  it('follow the clock, and stay a millisecond apart when two views share one', () => {
    expect(nextViewedAt('2030-01-01T10:00:00.000Z', undefined)).toBe('2030-01-01T10:00:00.000Z');
    expect(nextViewedAt('2030-01-01T10:00:00.000Z', '2030-01-01T09:00:00.000Z')).toBe(
      '2030-01-01T10:00:00.000Z',
    );
    expect(nextViewedAt('2030-01-01T10:00:00.000Z', '2030-01-01T10:00:00.000Z')).toBe(
      '2030-01-01T10:00:00.001Z',
    );
  });
});

describe.each(engines)('recently viewed on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  const view = (user: TestUser, type: string, id: number) => user.post('/api/v1/recent-views', { type, id });
  const recent = async (user: TestUser, query = '') =>
    (await user.get(`/api/v1/recent-views${query}`)).data.items;

  it('lists what the caller opened, newest first, labelled like favorites; opening again moves it up', async () => {
    const user = await t.user({ firm: w.partner, role: 'seller' });
    const opportunity = (
      await user.post('/api/v1/opportunities', { name: 'Edge rollout', clientId: w.clientId })
    ).data;
    expect((await view(user, 'client', w.clientId)).statusCode).toBe(204);
    expect((await view(user, 'contact', w.contactId)).statusCode).toBe(204);
    expect((await view(user, 'opportunity', opportunity.id)).statusCode).toBe(204);
    expect((await view(user, 'client', w.clientId)).statusCode).toBe(204);
    const items = await recent(user);
    expect(items).toEqual([
      {
        type: 'client',
        id: w.clientId,
        title: 'Acme Manufacturing',
        subtitle: expect.stringMatching(/^CL-\d{6}$/),
        viewedAt: expect.any(String),
      },
      {
        type: 'opportunity',
        id: opportunity.id,
        title: `${opportunity.number} Edge rollout`,
        subtitle: 'Acme Manufacturing · 01 Identify',
        viewedAt: expect.any(String),
      },
      {
        type: 'contact',
        id: w.contactId,
        title: 'Dana Decider',
        subtitle: 'Acme Manufacturing',
        viewedAt: expect.any(String),
      },
    ]);
    expect(await recent(user, '?limit=2')).toHaveLength(2);
    expect((await user.get('/api/v1/recent-views?limit=0')).statusCode).toBe(400);
  });

  it('refuses to record records the caller cannot see (404) and writes nothing', async () => {
    const hiddenClient = (await w.otherSeller.post('/api/v1/clients', { name: 'Hidden Works' })).data;
    const privateDeal = (
      await w.otherSeller.post('/api/v1/opportunities', {
        name: 'Private',
        clientId: w.clientId,
        partnerPrivate: true,
      })
    ).data;
    const before = await t.database.db
      .selectFrom('recent_views')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    expect((await view(w.seller, 'client', hiddenClient.id)).statusCode).toBe(404);
    expect((await view(w.vendorRep, 'opportunity', privateDeal.id)).statusCode).toBe(404);
    expect((await view(w.seller, 'opportunity', privateDeal.id)).statusCode).toBe(404);
    expect((await view(w.seller, 'contact', 999_999)).statusCode).toBe(404);
    const badType = await view(w.seller, 'planet', 1);
    expect(badType.statusCode).toBe(400);
    expect(badType.data.error.details.fields[0].field).toBe('type');
    const after = await t.database.db
      .selectFrom('recent_views')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(after.count)).toBe(Number(before.count));
  });

  it('shows each user only their own views, and only records they can still see', async () => {
    const user = await t.user({ firm: w.partner, role: 'seller' });
    const client = (await user.post('/api/v1/clients', { name: 'Fleeting Foods' })).data;
    const opportunity = (
      await w.seller.post('/api/v1/opportunities', {
        name: 'Team pursuit',
        clientId: w.clientId,
        team: [{ userId: user.id, access: 'read' }],
      })
    ).data;
    await view(user, 'client', client.id);
    await view(user, 'opportunity', opportunity.id);
    expect((await recent(user)).map((item: { id: number }) => item.id)).toEqual([opportunity.id, client.id]);
    for (const other of [w.colleague, w.otherSeller, w.admin]) {
      const ids = (await recent(other)).map((item: { id: number }) => item.id);
      expect(ids).not.toContain(client.id);
      expect(ids).not.toContain(opportunity.id);
    }
    expect((await w.manager.delete(`/api/v1/clients/${client.id}`)).statusCode).toBe(204);
    expect((await w.seller.put(`/api/v1/opportunities/${opportunity.id}/team`, [])).statusCode).toBe(200);
    expect(await recent(user)).toEqual([]);
  });

  it('keeps only the 50 newest views of each user', async () => {
    const user = await t.user({ firm: w.partner, role: 'seller' });
    await t.database.db
      .insertInto('recent_views')
      .values(
        Array.from({ length: 60 }, (_, index) => ({
          user_id: user.id,
          entity_type: 'client' as const,
          entity_id: 100_000 + index,
          viewed_at: new Date(Date.UTC(2020, 0, 1, 0, index)).toISOString(),
        })),
      )
      .execute();
    await view(user, 'client', w.clientId);
    const rows = await t.database.db
      .selectFrom('recent_views')
      .select(['entity_id', 'viewed_at'])
      .where('user_id', '=', user.id)
      .orderBy('viewed_at', 'desc')
      .execute();
    expect(rows).toHaveLength(50);
    expect(rows[0]!.entity_id).toBe(w.clientId);
    expect(rows.at(-1)!.entity_id).toBe(100_000 + 11);
    expect((await recent(user)).map((item: { id: number }) => item.id)).toEqual([w.clientId]);
  });
});
