import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

describe.each(engines)('notifications on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  /** A vendor rep creates an opportunity and passes it to a partner firm (SPEC §6). */
  async function pass(name: string, firmId: number) {
    const created = await w.vendorRep.post('/api/v1/opportunities', { name, clientId: w.clientId });
    expect(created.statusCode, created.body).toBe(201);
    const passed = await w.vendorRep.post(`/api/v1/opportunities/${created.data.id}/pass`, { firmId });
    expect(passed.statusCode, passed.body).toBe(200);
    return passed.data;
  }

  const inbox = async (user: TestUser, query = '') => (await user.get(`/api/v1/notifications${query}`)).data;

  async function readAll(user: TestUser) {
    expect((await user.post('/api/v1/notifications/read', {})).statusCode).toBe(200);
  }

  it('tells the receiving firm’s managers about a passed opportunity, and the rep about the answer', async () => {
    await readAll(w.manager);
    await readAll(w.vendorRep);
    const opportunity = await pass('Campus network', w.partner.id);
    const managerInbox = await inbox(w.manager);
    expect(managerInbox.unreadCount).toBe(1);
    expect(managerInbox.items[0]).toEqual({
      id: expect.any(Number),
      kind: 'pass-received',
      message: expect.stringContaining(opportunity.number),
      opportunityId: opportunity.id,
      opportunityNumber: opportunity.number,
      opportunityName: 'Campus network',
      isRead: false,
      readAt: null,
      createdAt: expect.any(String),
    });
    for (const user of [w.seller, w.otherManager, w.reviewer]) {
      expect(
        (await inbox(user)).items.map((item: { opportunityId: number }) => item.opportunityId),
      ).not.toContain(opportunity.id);
    }
    const accepted = await w.manager.post(`/api/v1/opportunities/${opportunity.id}/accept`, {
      ownerId: w.seller.id,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const repInbox = await inbox(w.vendorRep, '?unread=true');
    expect(repInbox.items[0]).toMatchObject({
      kind: 'pass-accepted',
      opportunityId: opportunity.id,
      isRead: false,
    });
    expect(repInbox.unreadCount).toBe(1);
  });

  it('marks chosen notifications read, or all of them, and filters to the unread ones', async () => {
    await readAll(w.manager);
    const first = await pass('Branch refresh', w.partner.id);
    const second = await pass('Backup appliances', w.partner.id);
    const unread = await inbox(w.manager, '?unread=true');
    expect(unread.items.map((item: { opportunityId: number }) => item.opportunityId)).toEqual([
      second.id,
      first.id,
    ]);
    expect(unread.unreadCount).toBe(2);
    const firstId = unread.items[1].id;
    const marked = await w.manager.post('/api/v1/notifications/read', { ids: [firstId] });
    expect(marked.statusCode).toBe(200);
    expect(marked.data).toEqual({ unreadCount: 1 });
    expect(
      (await inbox(w.manager, '?unread=true')).items.map((item: { id: number }) => item.id),
    ).not.toContain(firstId);
    const all = await inbox(w.manager);
    expect(all.items.find((item: { id: number }) => item.id === firstId)).toMatchObject({
      isRead: true,
      readAt: expect.any(String),
    });
    const withoutBody = await w.manager.request('POST', '/api/v1/notifications/read');
    expect(withoutBody.statusCode).toBe(200);
    expect(withoutBody.data).toEqual({ unreadCount: 0 });
    expect((await inbox(w.manager, '?unread=true')).items).toEqual([]);
  });

  it('never shows or changes another user’s notifications', async () => {
    await readAll(w.otherManager);
    const elsewhere = await pass('Other firm deal', w.otherPartner.id);
    const theirs = (await inbox(w.otherManager, '?unread=true')).items;
    expect(theirs.map((item: { opportunityId: number }) => item.opportunityId)).toEqual([elsewhere.id]);
    const theirId = theirs[0].id;
    for (const user of [w.manager, w.seller, w.admin]) {
      const ids = (await inbox(user)).items.map((item: { id: number }) => item.id);
      expect(ids).not.toContain(theirId);
      const response = await user.post('/api/v1/notifications/read', { ids: [theirId] });
      expect(response.statusCode).toBe(200);
      await readAll(user);
    }
    const still = await inbox(w.otherManager, '?unread=true');
    expect(still.items.map((item: { id: number }) => item.id)).toEqual([theirId]);
    expect(still.unreadCount).toBe(1);
  });

  it('drops notifications about opportunities the recipient can no longer open', async () => {
    const opportunity = await pass('Declined deal', w.partner.id);
    const before = (await inbox(w.manager)).items.map(
      (item: { opportunityId: number }) => item.opportunityId,
    );
    expect(before).toContain(opportunity.id);
    const declined = await w.manager.post(`/api/v1/opportunities/${opportunity.id}/decline`, {
      reason: 'Not our territory',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect((await w.manager.get(`/api/v1/opportunities/${opportunity.id}`)).statusCode).toBe(404);
    const after = (await inbox(w.manager)).items.map((item: { opportunityId: number }) => item.opportunityId);
    expect(after).not.toContain(opportunity.id);
    const rep = (await inbox(w.vendorRep)).items.filter(
      (item: { opportunityId: number }) => item.opportunityId === opportunity.id,
    );
    expect(rep).toEqual([
      expect.objectContaining({
        kind: 'pass-declined',
        message: expect.stringContaining('Not our territory'),
      }),
    ]);
  });

  it('pages newest first and refuses bad input', async () => {
    const all = (await inbox(w.manager, '?limit=200')).items.map((item: { id: number }) => item.id);
    expect(all.length).toBeGreaterThan(2);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await w.manager.get(
        `/api/v1/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.statusCode).toBe(200);
      seen.push(...page.data.items.map((item: { id: number }) => item.id));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect([...all].sort((left, right) => right - left)).toEqual(all);
    for (const body of [{ ids: [] }, { ids: ['x'] }, { all: true }]) {
      const response = await w.manager.post('/api/v1/notifications/read', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await w.manager.get('/api/v1/notifications?unread=maybe')).statusCode).toBe(400);
    expect((await w.manager.get('/api/v1/notifications?cursor=nope')).statusCode).toBe(400);
  });
});
