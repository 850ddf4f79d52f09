import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

type TimelineItem = {
  subject: string;
  entityType: string;
  entityId: number;
  entityTitle: string;
  kind: string;
};

describe.each(engines)('one timeline per client on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;
  let clientId: number;
  let openDeal: { id: number; number: string };
  let privateDeal: { id: number; number: string };

  async function created(response: Awaited<ReturnType<TestUser['post']>>) {
    expect(response.statusCode, response.body).toBe(201);
    return response.data;
  }

  async function timeline(user: TestUser, query = ''): Promise<TimelineItem[]> {
    const response = await user.get(`/api/v1/clients/${clientId}/timeline?limit=200${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.data.items;
  }

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
    const client = await created(await w.vendorRep.post('/api/v1/clients', { name: 'Timeline Industries' }));
    clientId = client.id;
    const contact = await created(
      await w.seller.post('/api/v1/contacts', { clientId, firstName: 'Tess', lastName: 'Timeline' }),
    );
    openDeal = await created(await w.seller.post('/api/v1/opportunities', { name: 'Open deal', clientId }));
    privateDeal = await created(
      await w.seller.post('/api/v1/opportunities', { name: 'Quiet deal', clientId, partnerPrivate: true }),
    );
    const otherClient = await created(await w.seller.post('/api/v1/clients', { name: 'Elsewhere Ltd' }));
    const elsewhere = await created(
      await w.seller.post('/api/v1/opportunities', { name: 'Elsewhere deal', clientId: otherClient.id }),
    );
    const add = (entityType: string, entityId: number, kind: string, subject: string) =>
      w.seller.post('/api/v1/activities', { entityType, entityId, kind, subject }).then(created);
    await add('client', clientId, 'note', 'Site visit notes');
    await add('contact', contact.id, 'call', 'Called Tess about budget');
    await add('opportunity', openDeal.id, 'meeting', 'Sizing workshop');
    await add('opportunity', privateDeal.id, 'note', 'Private pricing idea');
    await add('opportunity', elsewhere.id, 'task', 'Not this client');
    await add('opportunity', openDeal.id, 'task', 'Send the proposal');
  });
  afterAll(() => t.close());

  it('brings the client’s, its deals’ and its contacts’ activities together, newest first, each naming its record', async () => {
    const items = await timeline(w.seller);
    expect(items.map((item) => item.subject)).toEqual([
      'Send the proposal',
      'Private pricing idea',
      'Sizing workshop',
      'Called Tess about budget',
      'Site visit notes',
    ]);
    expect(items[0]).toMatchObject({
      entityType: 'opportunity',
      entityId: openDeal.id,
      entityTitle: `${openDeal.number} Open deal`,
    });
    expect(items[3]).toMatchObject({ entityType: 'contact', entityTitle: 'Tess Timeline' });
  });

  it('filters by source and by kind', async () => {
    expect((await timeline(w.seller, '&source=contacts')).map((item) => item.subject)).toEqual([
      'Called Tess about budget',
    ]);
    expect((await timeline(w.seller, '&source=client,contacts')).map((item) => item.subject)).toEqual([
      'Called Tess about budget',
      'Site visit notes',
    ]);
    expect(
      (await timeline(w.seller, '&source=opportunities&kind=task,meeting')).map((item) => item.subject),
    ).toEqual(['Send the proposal', 'Sizing workshop']);
    const refused = await w.seller.get(`/api/v1/clients/${clientId}/timeline?source=deals`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('source');
  });

  it('pages with a cursor without repeating or skipping an entry', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await w.seller.get(
        `/api/v1/clients/${clientId}/timeline?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      seen.push(...response.data.items.map((item: TimelineItem) => item.subject));
      cursor = response.data.nextCursor;
    } while (cursor);
    expect(seen).toEqual((await timeline(w.seller)).map((item) => item.subject));
  });

  it('shows only what the reader may see: no partner-private deal for vendor staff off its team, no other firm’s notes', async () => {
    const vendorSees = (await timeline(w.vendorRep)).map((item) => item.subject);
    expect(vendorSees).toContain('Sizing workshop');
    expect(vendorSees).not.toContain('Private pricing idea');
    // Notes on a client and its contacts are the writing firm's own (SPEC §5).
    expect(vendorSees).not.toContain('Site visit notes');
    expect(vendorSees).not.toContain('Called Tess about budget');

    const reviewerSees = (await timeline(w.reviewer, '&source=opportunities')).map((item) => item.subject);
    expect(reviewerSees).toEqual(['Send the proposal', 'Sizing workshop']);

    expect(await timeline(w.otherSeller)).toEqual([]);
    expect((await timeline(w.manager)).map((item) => item.subject)).toContain('Private pricing idea');
  });

  it('answers 404 for a client the reader may not open', async () => {
    const own = await created(await w.seller.post('/api/v1/clients', { name: 'Secret Site' }));
    const response = await w.otherSeller.get(`/api/v1/clients/${own.id}/timeline`);
    expect(response.statusCode).toBe(404);
  });
});
