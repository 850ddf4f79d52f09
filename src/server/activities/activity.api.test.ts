import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

describe.each(engines)('activities and notes on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  async function createOpportunity(user: TestUser, body: Record<string, unknown> = {}) {
    const response = await user.post('/api/v1/opportunities', {
      name: 'Data centre refresh',
      clientId: w.clientId,
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.data;
  }

  async function addActivity(user: TestUser, body: Record<string, unknown>) {
    const response = await user.post('/api/v1/activities', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.data;
  }

  async function countActivities() {
    const row = await t.database.db
      .selectFrom('activities')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  it('adds a task to an opportunity, completes it with completedAt, and reopens it', async () => {
    const opportunity = await createOpportunity(w.seller);
    const created = await w.seller.post('/api/v1/activities', {
      entityType: 'opportunity',
      entityId: opportunity.id,
      kind: 'task',
      subject: 'Send the sizing workbook',
      dueDate: '2030-01-15',
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.headers.location).toBe(`/api/v1/activities/${created.data.id}`);
    expect(created.data).toMatchObject({
      entityType: 'opportunity',
      entityId: opportunity.id,
      entityTitle: `${opportunity.number} Data centre refresh`,
      kind: 'task',
      status: 'open',
      dueDate: '2030-01-15',
      isOverdue: false,
      completedAt: null,
      ownerId: w.seller.id,
      ownerName: 'Sam Seller',
      createdBy: { id: w.seller.id, name: 'Sam Seller' },
      canEdit: true,
      version: 1,
    });
    const done = await w.seller.patch(
      `/api/v1/activities/${created.data.id}`,
      { status: 'done' },
      { 'if-match': '"1"' },
    );
    expect(done.statusCode, done.body).toBe(200);
    expect(done.headers.etag).toBe('"2"');
    expect(done.data.status).toBe('done');
    expect(Date.parse(done.data.completedAt)).not.toBeNaN();
    const reopened = await w.seller.patch(`/api/v1/activities/${created.data.id}`, { status: 'open' });
    expect(reopened.data).toMatchObject({ status: 'open', completedAt: null, version: 3 });
    const drawer = await w.seller.get(`/api/v1/opportunities/${opportunity.id}/activities`);
    expect(drawer.statusCode).toBe(200);
    expect(drawer.data.items.map((item: { id: number }) => item.id)).toEqual([created.data.id]);
  });

  it('starts notes as done, flags overdue tasks, and keeps notes and activities coming on a closed opportunity', async () => {
    const opportunity = await createOpportunity(w.seller, { name: 'Storage tender' });
    const closed = await w.seller.post(`/api/v1/opportunities/${opportunity.id}/stage`, {
      stage: 'client-declined',
      reason: 'Budget frozen',
      note: 'Client postponed the project to next year',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.data.isClosed).toBe(true);
    expect(
      (await w.seller.patch(`/api/v1/opportunities/${opportunity.id}`, { nextStep: 'x' })).statusCode,
    ).toBe(422);
    const note = await addActivity(w.seller, {
      entityType: 'opportunity',
      entityId: opportunity.id,
      kind: 'note',
      subject: 'Debrief',
      body: 'They liked the proposal;\nbudget is the only blocker.',
    });
    expect(note).toMatchObject({
      kind: 'note',
      status: 'done',
      body: 'They liked the proposal;\nbudget is the only blocker.',
    });
    expect(note.completedAt).not.toBeNull();
    const followUp = await addActivity(w.manager, {
      entityType: 'opportunity',
      entityId: opportunity.id,
      kind: 'call',
      subject: 'Check in after budget round',
      dueDate: '2020-03-01',
      ownerId: w.seller.id,
    });
    expect(followUp).toMatchObject({ status: 'open', isOverdue: true, ownerId: w.seller.id });
    const edited = await w.seller.patch(`/api/v1/activities/${followUp.id}`, { subject: 'Call the CFO' });
    expect(edited.statusCode).toBe(200);
    const after = await w.seller.get(`/api/v1/opportunities/${opportunity.id}`);
    expect(after.data).toMatchObject({ isClosed: true, version: closed.data.version });
  });

  it('lets vendor reviewers read the activities of records they see, never add or change them', async () => {
    const opportunity = await createOpportunity(w.seller, { name: 'Reviewed deal' });
    const note = await addActivity(w.seller, {
      entityType: 'opportunity',
      entityId: opportunity.id,
      kind: 'note',
      subject: 'Registered the deal',
    });
    const list = await w.reviewer.get(`/api/v1/activities?entityType=opportunity&entityId=${opportunity.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.data.items).toEqual([expect.objectContaining({ id: note.id, canEdit: false })]);
    const refused = await w.reviewer.post('/api/v1/activities', {
      entityType: 'opportunity',
      entityId: opportunity.id,
      kind: 'note',
      subject: 'Reviewer remark',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.data.error.code).toBe('FORBIDDEN');
    const onClient = await w.reviewer.post('/api/v1/activities', {
      entityType: 'client',
      entityId: w.clientId,
      kind: 'note',
      subject: 'Reviewer remark',
    });
    expect(onClient.statusCode).toBe(403);
    expect((await w.reviewer.patch(`/api/v1/activities/${note.id}`, { subject: 'Edited' })).statusCode).toBe(
      403,
    );
    expect((await w.reviewer.delete(`/api/v1/activities/${note.id}`)).statusCode).toBe(403);
    const assigned = await w.seller.post('/api/v1/activities', {
      entityType: 'opportunity',
      entityId: opportunity.id,
      kind: 'task',
      subject: 'Review this',
      ownerId: w.reviewer.id,
    });
    expect(assigned.statusCode).toBe(400);
    expect(assigned.data.error.details.fields[0].field).toBe('ownerId');
  });

  it('keeps a firm’s notes on a shared, vendor-registered client to that firm', async () => {
    const note = await addActivity(w.seller, {
      entityType: 'client',
      entityId: w.clientId,
      kind: 'call',
      subject: 'Budget is 2M, competitor quoted 1.8M',
    });
    const mine = await w.colleague.get(`/api/v1/clients/${w.clientId}/activities`);
    expect(mine.data.items.map((item: { id: number }) => item.id)).toContain(note.id);
    for (const outsider of [w.otherSeller, w.otherManager, w.vendorRep, w.reviewer, w.distributorSeller]) {
      expect((await outsider.get(`/api/v1/clients/${w.clientId}`)).statusCode).toBe(200);
      const drawer = await outsider.get(`/api/v1/clients/${w.clientId}/activities`);
      expect(drawer.data.items.map((item: { id: number }) => item.id)).not.toContain(note.id);
      expect((await outsider.get(`/api/v1/activities/${note.id}`)).statusCode).toBe(404);
    }
    expect((await w.admin.get(`/api/v1/activities/${note.id}`)).statusCode).toBe(200);
  });

  it('never shows another firm’s activities: reads, changes and drawers answer 404, lists leave them out', async () => {
    const hiddenClient = (await w.otherSeller.post('/api/v1/clients', { name: 'Southern Secrets Ltd' })).data;
    const hiddenNote = await addActivity(w.otherSeller, {
      entityType: 'client',
      entityId: hiddenClient.id,
      kind: 'note',
      subject: 'Pricing strategy',
    });
    const privateDeal = await createOpportunity(w.otherSeller, {
      name: 'Private deal',
      partnerPrivate: true,
    });
    const privateTask = await addActivity(w.otherSeller, {
      entityType: 'opportunity',
      entityId: privateDeal.id,
      kind: 'task',
      subject: 'Private follow-up',
    });
    const before = await countActivities();
    for (const user of [w.seller, w.manager, w.vendorRep, w.reviewer]) {
      for (const activity of [hiddenNote, privateTask]) {
        expect((await user.get(`/api/v1/activities/${activity.id}`)).statusCode).toBe(404);
        expect((await user.patch(`/api/v1/activities/${activity.id}`, { subject: 'Taken' })).statusCode).toBe(
          404,
        );
        expect((await user.delete(`/api/v1/activities/${activity.id}`)).statusCode).toBe(404);
        expect((await user.get(`/api/v1/activities/${activity.id}/changes`)).statusCode).toBe(404);
      }
      expect((await user.get(`/api/v1/clients/${hiddenClient.id}/activities`)).statusCode).toBe(404);
      expect((await user.get(`/api/v1/opportunities/${privateDeal.id}/activities`)).statusCode).toBe(404);
      expect(
        (await user.get(`/api/v1/activities?entityType=client&entityId=${hiddenClient.id}`)).statusCode,
      ).toBe(404);
      const adding = await user.post('/api/v1/activities', {
        entityType: 'client',
        entityId: hiddenClient.id,
        kind: 'note',
        subject: 'Sneaky',
      });
      expect(adding.statusCode).toBe(404);
      const mine = await user.get('/api/v1/activities?limit=200');
      const ids = mine.data.items.map((item: { id: number }) => item.id);
      expect(ids).not.toContain(hiddenNote.id);
      expect(ids).not.toContain(privateTask.id);
    }
    expect(await countActivities()).toBe(before);
    expect((await w.otherSeller.get(`/api/v1/activities/${hiddenNote.id}`)).data.subject).toBe(
      'Pricing strategy',
    );
    expect((await w.admin.get(`/api/v1/activities/${privateTask.id}`)).statusCode).toBe(200);
  });

  it('drops activities from my list and from reads once their record is out of sight', async () => {
    const opportunity = await createOpportunity(w.seller, {
      name: 'Team deal',
      team: [{ userId: w.colleague.id, access: 'edit' }],
    });
    const task = await addActivity(w.seller, {
      entityType: 'opportunity',
      entityId: opportunity.id,
      kind: 'meeting',
      subject: 'Workshop with the client',
      ownerId: w.colleague.id,
    });
    const client = (await w.seller.post('/api/v1/clients', { name: 'Short-lived Client' })).data;
    const call = await addActivity(w.colleague, {
      entityType: 'client',
      entityId: client.id,
      kind: 'call',
      subject: 'Intro call',
    });
    const mine = async () =>
      (await w.colleague.get('/api/v1/activities?limit=200')).data.items.map(
        (item: { id: number }) => item.id,
      );
    expect(await mine()).toEqual(expect.arrayContaining([task.id, call.id]));
    const team = await w.seller.put(`/api/v1/opportunities/${opportunity.id}/team`, []);
    expect(team.statusCode, team.body).toBe(200);
    expect((await w.manager.delete(`/api/v1/clients/${client.id}`)).statusCode).toBe(204);
    const after = await mine();
    expect(after).not.toContain(task.id);
    expect(after).not.toContain(call.id);
    expect((await w.colleague.get(`/api/v1/activities/${task.id}`)).statusCode).toBe(404);
    expect((await w.seller.get(`/api/v1/activities/${task.id}`)).statusCode).toBe(200);
  });

  it('lets the writer, the owner, a manager of their firm and admins change an activity; others get 403', async () => {
    const activity = await addActivity(w.seller, {
      entityType: 'client',
      entityId: w.clientId,
      kind: 'task',
      subject: 'Update the site survey',
      ownerId: w.colleague.id,
    });
    const outsider = await t.user({ firm: w.partner, role: 'seller' });
    const refused = await outsider.patch(`/api/v1/activities/${activity.id}`, { subject: 'Mine' });
    expect(refused.statusCode).toBe(403);
    expect((await outsider.get(`/api/v1/activities/${activity.id}`)).data.canEdit).toBe(false);
    // Another firm's notes on a shared client are not theirs to see, let alone change.
    expect(
      (await w.vendorRep.patch(`/api/v1/activities/${activity.id}`, { subject: 'Vendor' })).statusCode,
    ).toBe(404);
    expect(
      (await w.otherManager.patch(`/api/v1/activities/${activity.id}`, { subject: 'Other' })).statusCode,
    ).toBe(404);
    for (const [user, subject] of [
      [w.seller, 'By writer'],
      [w.colleague, 'By owner'],
      [w.manager, 'By manager'],
      [w.admin, 'By admin'],
    ] as const) {
      const response = await user.patch(`/api/v1/activities/${activity.id}`, { subject });
      expect(response.statusCode, `${user.name}: ${response.body}`).toBe(200);
      expect(response.data.subject).toBe(subject);
    }
    const changes = await w.seller.get(`/api/v1/activities/${activity.id}/changes`);
    expect(changes.data.items.filter((item: { action: string }) => item.action === 'update')).toHaveLength(4);
  });

  it('gives activities only to people who can work on the record', async () => {
    const onClient = (ownerId: number) =>
      w.seller.post('/api/v1/activities', {
        entityType: 'client',
        entityId: w.clientId,
        kind: 'task',
        subject: 'Assigned',
        ownerId,
      });
    expect((await onClient(w.otherSeller.id)).statusCode).toBe(400);
    expect((await onClient(w.vendorRep.id)).statusCode).toBe(400);
    expect((await onClient(999_999)).statusCode).toBe(400);
    expect((await onClient(w.colleague.id)).statusCode).toBe(201);
    const activity = await addActivity(w.seller, {
      entityType: 'client',
      entityId: w.clientId,
      kind: 'task',
      subject: 'Reassign me',
    });
    const reassign = await w.seller.patch(`/api/v1/activities/${activity.id}`, { ownerId: w.otherSeller.id });
    expect(reassign.statusCode).toBe(400);
    expect(reassign.data.error.details.fields[0].field).toBe('ownerId');
    expect((await w.seller.get(`/api/v1/activities/${activity.id}`)).data.version).toBe(1);
  });

  it('refuses a stale If-Match with 409 and writes nothing', async () => {
    const activity = await addActivity(w.seller, {
      entityType: 'contact',
      entityId: w.contactId,
      kind: 'call',
      subject: 'Discuss the roadmap',
    });
    expect(
      (await w.seller.patch(`/api/v1/activities/${activity.id}`, { dueDate: '2031-05-01' })).statusCode,
    ).toBe(200);
    const stale = await w.manager.patch(
      `/api/v1/activities/${activity.id}`,
      { subject: 'Overwritten', status: 'done' },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.data.error.code).toBe('VERSION_CONFLICT');
    expect(stale.data.error.details.current).toMatchObject({ dueDate: '2031-05-01', version: 2 });
    const staleDelete = await w.manager.delete(`/api/v1/activities/${activity.id}`, { 'if-match': '"1"' });
    expect(staleDelete.statusCode).toBe(409);
    const read = await w.seller.get(`/api/v1/activities/${activity.id}`);
    expect(read.data).toMatchObject({
      subject: 'Discuss the roadmap',
      status: 'open',
      completedAt: null,
      version: 2,
    });
    expect(read.headers.etag).toBe('"2"');
    const audit = await t.database.db
      .selectFrom('audit_entries')
      .select('field')
      .where('entity_type', '=', 'activity')
      .where('entity_id', '=', activity.id)
      .where('action', '=', 'update')
      .execute();
    expect(audit.map((entry) => entry.field)).toEqual(['dueDate']);
  });

  it('soft-deletes: the activity disappears from reads and lists and keeps its history', async () => {
    const activity = await addActivity(w.seller, {
      entityType: 'contact',
      entityId: w.contactId,
      kind: 'note',
      subject: 'Prefers email',
    });
    expect((await w.colleague.delete(`/api/v1/activities/${activity.id}`)).statusCode).toBe(403);
    expect(
      (await w.seller.delete(`/api/v1/activities/${activity.id}`, { 'if-match': '"1"' })).statusCode,
    ).toBe(204);
    expect((await w.seller.get(`/api/v1/activities/${activity.id}`)).statusCode).toBe(404);
    const drawer = await w.seller.get(`/api/v1/contacts/${w.contactId}/activities?limit=200`);
    expect(drawer.data.items.map((item: { id: number }) => item.id)).not.toContain(activity.id);
    const row = await t.database.db
      .selectFrom('activities')
      .select(['deleted_at', 'version'])
      .where('id', '=', activity.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    const audit = await t.database.db
      .selectFrom('audit_entries')
      .select('action')
      .where('entity_type', '=', 'activity')
      .where('entity_id', '=', activity.id)
      .execute();
    expect(audit.map((entry) => entry.action).sort()).toEqual(['create', 'delete']);
  });

  it('filters by kind, status, owner and due dates, and pages by due date and newest first', async () => {
    const firm = await t.firm();
    const me = await t.user({ firm, role: 'seller' });
    const colleague = await t.user({ firm, role: 'seller' });
    const client = (await me.post('/api/v1/clients', { name: 'Paging Client' })).data;
    const specs = [
      { kind: 'task', subject: 'T1', dueDate: '2030-03-01' },
      { kind: 'call', subject: 'C1', dueDate: '2030-01-01' },
      { kind: 'task', subject: 'T2' },
      { kind: 'meeting', subject: 'M1', dueDate: '2030-02-01', status: 'cancelled' },
      { kind: 'note', subject: 'N1' },
      { kind: 'task', subject: 'T3', dueDate: '2030-01-01', ownerId: colleague.id },
    ];
    for (const spec of specs) {
      await addActivity(me, { entityType: 'client', entityId: client.id, ...spec });
    }
    const subjects = async (url: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await me.get(
          `${url}${url.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.statusCode, page.body).toBe(200);
        expect(page.data.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.data.items.map((item: { subject: string }) => item.subject));
        cursor = page.data.nextCursor;
      } while (cursor);
      return seen;
    };
    const drawer = `/api/v1/clients/${client.id}/activities`;
    expect(await subjects(drawer)).toEqual(['T3', 'N1', 'M1', 'T2', 'C1', 'T1']);
    expect(await subjects(`${drawer}?sort=dueDate`)).toEqual(['C1', 'T3', 'M1', 'T1', 'T2', 'N1']);
    expect(await subjects(`${drawer}?sort=-dueDate`)).toEqual(['T1', 'M1', 'T3', 'C1', 'N1', 'T2']);
    expect(await subjects(`${drawer}?kind=task,call&status=open&sort=dueDate`)).toEqual([
      'C1',
      'T3',
      'T1',
      'T2',
    ]);
    expect(await subjects(`${drawer}?dueFrom=2030-01-15&dueTo=2030-02-28`)).toEqual(['M1']);
    expect(await subjects(`${drawer}?mine=true&kind=task`)).toEqual(['T2', 'T1']);
    expect(await subjects('/api/v1/activities?sort=dueDate&status=open')).toEqual(['C1', 'T1', 'T2']);
    expect(await subjects('/api/v1/activities?entityType=contact')).toEqual([]);
    const colleagues = await colleague.get('/api/v1/activities');
    expect(colleagues.data.items.map((item: { subject: string }) => item.subject)).toEqual(['T3']);
  });

  it('answers 400 to bad queries and bodies, naming the fields', async () => {
    const cases: [string, string][] = [
      ['/api/v1/activities?entityId=3', 'entityType'],
      ['/api/v1/activities?kind=email', 'kind'],
      ['/api/v1/activities?status=open,later', 'status'],
      ['/api/v1/activities?dueFrom=2030-02-01&dueTo=2030-01-01', 'dueTo'],
      ['/api/v1/activities?sort=subject', 'sort'],
      ['/api/v1/activities?limit=500', 'limit'],
      ['/api/v1/activities?cursor=garbage', 'cursor'],
      [`/api/v1/clients/${w.clientId}/activities?entityType=client`, 'entityType'],
    ];
    for (const [url, field] of cases) {
      const response = await w.seller.get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.data.error.details.fields[0].field, url).toBe(field);
    }
    const before = await countActivities();
    const bad = await w.seller.post('/api/v1/activities', {
      entityType: 'planet',
      entityId: w.clientId,
      kind: 'email',
      subject: ' ',
      dueDate: '15/01/2030',
      id: 4,
      completedAt: '2030-01-01T00:00:00Z',
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.data.error.details.fields.map((field: { field: string }) => field.field).sort();
    expect(fields).toEqual(['completedAt', 'dueDate', 'entityType', 'id', 'kind', 'subject']);
    const moved = await w.seller.patch('/api/v1/activities/1', { entityId: 2 });
    expect(moved.statusCode).toBe(400);
    expect(moved.data.error.details.fields[0].field).toBe('entityId');
    expect(
      (
        await w.seller.post('/api/v1/activities', {
          entityType: 'opportunity',
          entityId: 999_999,
          kind: 'note',
          subject: 'x',
        })
      ).statusCode,
    ).toBe(404);
    expect(await countActivities()).toBe(before);
  });
});
