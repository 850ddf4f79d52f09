import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvOf, importCsv } from '../../../test/support/import-helpers.ts';
import { createDeal, createPartnerTeam, type PartnerTeam } from '../../../test/support/report-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';
import { migrateDown, migrateToLatest } from '../db/migrator.ts';

type Reason = {
  id: number;
  label: string;
  stages: string[];
  isActive: boolean;
  isOther: boolean;
  version: number;
};

describe.each(engines)('close reasons on %s', (engine) => {
  let t: TestContext;
  let admin: TestUser;
  let team: PartnerTeam;
  let clientId: number;

  beforeAll(async () => {
    t = await createTestContext(engine);
    const vendor = await t.firm({ kind: 'vendor' });
    admin = await t.user({ firm: vendor, role: 'admin' });
    const rep = await t.user({ firm: vendor, role: 'vendor-rep' });
    clientId = (await rep.post('/api/v1/clients', { name: 'Wayne Enterprises' })).data.id;
    team = await createPartnerTeam(t, clientId);
  });
  afterAll(() => t.close());

  async function reasons(): Promise<Reason[]> {
    const response = await team.seller.get('/api/v1/close-reasons');
    expect(response.statusCode, response.body).toBe(200);
    return response.data.items;
  }
  async function reasonNamed(label: string): Promise<Reason> {
    const reason = (await reasons()).find((candidate) => candidate.label === label);
    if (!reason) throw new Error(`no reason ${label}`);
    return reason;
  }
  async function openDeal() {
    return createDeal(team.seller, {
      clientId,
      contactId: team.contactId,
      stage: 'propose',
      unitPriceMinor: 80_000,
    });
  }

  it('comes with default reasons for each closing stage and one Other', async () => {
    const list = await reasons();
    for (const stage of ['completed', 'lost', 'client-declined', 'partner-declined']) {
      expect(
        list.filter((reason) => !reason.isOther && reason.stages.includes(stage)).length,
      ).toBeGreaterThan(1);
    }
    expect(list.filter((reason) => reason.isOther)).toMatchObject([{ label: 'Other', isActive: true }]);
  });

  it('is managed by administrators only', async () => {
    const bySeller = await team.seller.post('/api/v1/close-reasons', { label: 'Too slow', stages: ['lost'] });
    expect(bySeller.statusCode).toBe(403);
    const byManager = await team.manager.post('/api/v1/close-reasons', {
      label: 'Too slow',
      stages: ['lost'],
    });
    expect(byManager.statusCode).toBe(403);
    const created = await admin.post('/api/v1/close-reasons', { label: 'Too slow', stages: ['lost'] });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.data).toMatchObject({
      label: 'Too slow',
      stages: ['lost'],
      isActive: true,
      isOther: false,
    });
    expect(created.headers.etag).toBeDefined();
    const patchBySeller = await team.seller.patch(`/api/v1/close-reasons/${created.data.id}`, {
      label: 'Slow',
    });
    expect(patchBySeller.statusCode).toBe(403);
  });

  it('refuses a duplicate label, an open stage and a stale version', async () => {
    const duplicate = await admin.post('/api/v1/close-reasons', { label: 'too SLOW', stages: ['lost'] });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.data.error.details.fields).toEqual([{ field: 'label', message: 'is already in use' }]);
    const openStage = await admin.post('/api/v1/close-reasons', {
      label: 'Qualified',
      stages: ['lost', 'qualify'],
    });
    expect(openStage.statusCode).toBe(400);
    expect(openStage.data.error.details.fields[0].field).toBe('stages.1');
    const reason = await reasonNamed('Too slow');
    const first = await admin.patch(
      `/api/v1/close-reasons/${reason.id}`,
      { order: 5 },
      { 'if-match': `"${reason.version}"` },
    );
    expect(first.statusCode, first.body).toBe(200);
    const stale = await admin.patch(
      `/api/v1/close-reasons/${reason.id}`,
      { order: 6 },
      { 'if-match': `"${reason.version}"` },
    );
    expect(stale.statusCode).toBe(409);
  });

  it('changes nothing, version included, on an empty or unchanged patch, and refuses a stage named twice', async () => {
    const reason = await reasonNamed('Too slow');
    const empty = await admin.patch(`/api/v1/close-reasons/${reason.id}`, {});
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.data.version).toBe(reason.version);
    const same = await admin.patch(`/api/v1/close-reasons/${reason.id}`, { label: reason.label });
    expect(same.data.version).toBe(reason.version);
    const twice = await admin.patch(`/api/v1/close-reasons/${reason.id}`, { stages: ['lost', 'lost'] });
    expect(twice.statusCode).toBe(400);
    expect(twice.data.error.details.fields).toEqual([
      { field: 'stages.1', message: 'names lost a second time' },
    ]);
    const created = await admin.post('/api/v1/close-reasons', {
      label: 'Twice',
      stages: ['completed', 'lost', 'completed'],
    });
    expect(created.statusCode).toBe(400);
    expect(created.data.error.details.fields[0].field).toBe('stages.2');
    expect(await reasonNamed('Too slow')).toMatchObject({ version: reason.version, stages: ['lost'] });
  });

  it('keeps Other active and offered for every closing stage', async () => {
    const other = await reasonNamed('Other');
    const off = await admin.patch(`/api/v1/close-reasons/${other.id}`, { isActive: false });
    expect(off.statusCode).toBe(400);
    expect(off.data.error.details.fields[0].field).toBe('isActive');
    const narrowed = await admin.patch(`/api/v1/close-reasons/${other.id}`, { stages: ['lost'] });
    expect(narrowed.statusCode).toBe(400);
  });

  it('closes a deal with a reason of the closing stage', async () => {
    const deal = await openDeal();
    const price = await reasonNamed('Price');
    const response = await team.seller.post(`/api/v1/opportunities/${deal.id}/stage`, {
      stage: 'lost',
      reasonId: price.id,
      competitor: 'Globex',
      note: 'Undercut by 10%',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.data).toMatchObject({
      stage: 'lost',
      closeReasonId: price.id,
      closeReason: 'Price',
      closeReasonNote: null,
    });
  });

  it('requires a reason where the stage asks for one, from its own list', async () => {
    const deal = await openDeal();
    const none = await team.seller.post(`/api/v1/opportunities/${deal.id}/stage`, {
      stage: 'client-declined',
      note: 'Gone quiet',
    });
    expect(none.statusCode).toBe(422);
    expect(none.data.error.code).toBe('GATE_NOT_MET');
    expect(none.data.error.details.missing).toContainEqual(
      expect.objectContaining({ stage: 'client-declined', requirement: 'reason' }),
    );

    const ofAnotherStage = await reasonNamed('Price');
    const wrong = await team.seller.post(`/api/v1/opportunities/${deal.id}/stage`, {
      stage: 'client-declined',
      reasonId: ofAnotherStage.id,
      note: 'Gone quiet',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.data.error.details.fields).toEqual([
      { field: 'reasonId', message: expect.stringContaining('not for Client not pursuing') },
    ]);

    const unknown = await team.seller.post(`/api/v1/opportunities/${deal.id}/stage`, {
      stage: 'client-declined',
      reasonId: 999_999,
      note: 'Gone quiet',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.data.error.details.fields[0].field).toBe('reasonId');
    expect((await team.seller.get(`/api/v1/opportunities/${deal.id}`)).data.stage).toBe('propose');
  });

  it('needs a note with Other', async () => {
    const deal = await openDeal();
    const other = await reasonNamed('Other');
    const bare = await team.seller.post(`/api/v1/opportunities/${deal.id}/stage`, {
      stage: 'partner-declined',
      reasonId: other.id,
      note: 'Not for us',
    });
    expect(bare.statusCode).toBe(422);
    expect(bare.data.error.details.fields[0].field).toBe('reasonNote');
    const noted = await team.seller.post(`/api/v1/opportunities/${deal.id}/stage`, {
      stage: 'partner-declined',
      reasonId: other.id,
      reasonNote: 'Conflict of interest',
      note: 'Not for us',
    });
    expect(noted.statusCode, noted.body).toBe(200);
    expect(noted.data).toMatchObject({ closeReason: 'Other', closeReasonNote: 'Conflict of interest' });
  });

  it('takes the text reason of earlier integrations: a label is the reason, other text is Other with a note', async () => {
    const first = await openDeal();
    const labelled = await team.seller.post(`/api/v1/opportunities/${first.id}/stage`, {
      stage: 'client-declined',
      reason: 'budget CUT',
      note: 'Frozen',
    });
    expect(labelled.statusCode, labelled.body).toBe(200);
    expect(labelled.data).toMatchObject({
      closeReasonId: (await reasonNamed('Budget cut')).id,
      closeReason: 'Budget cut',
    });
    const second = await openDeal();
    const free = await team.seller.post(`/api/v1/opportunities/${second.id}/stage`, {
      stage: 'client-declined',
      reason: 'Merged with a competitor',
      note: 'Frozen',
    });
    expect(free.statusCode, free.body).toBe(200);
    expect(free.data).toMatchObject({ closeReason: 'Other', closeReasonNote: 'Merged with a competitor' });
  });

  it('no longer offers a deactivated reason, and deals closed with it keep it; a rename renames it on them', async () => {
    const deal = await openDeal();
    const reason = (
      await admin.post('/api/v1/close-reasons', {
        label: 'Chose a bigger partner',
        stages: ['partner-declined'],
      })
    ).data as Reason;
    const closed = await team.seller.post(`/api/v1/opportunities/${deal.id}/stage`, {
      stage: 'partner-declined',
      reasonId: reason.id,
      note: 'Handed over',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const renamed = await admin.patch(`/api/v1/close-reasons/${reason.id}`, {
      label: 'Bigger partner chosen',
      isActive: false,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = (await team.seller.get(`/api/v1/opportunities/${deal.id}`)).data;
    expect(after).toMatchObject({ closeReasonId: reason.id, closeReason: 'Bigger partner chosen' });
    expect(after.version).toBe(closed.data.version);

    const another = await openDeal();
    const refused = await team.seller.post(`/api/v1/opportunities/${another.id}/stage`, {
      stage: 'partner-declined',
      reasonId: reason.id,
      note: 'Again',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.data.error.details.fields[0]).toMatchObject({ field: 'reasonId' });
  });

  it('forgets the reason when the deal is reopened', async () => {
    const deal = await openDeal();
    const budget = await reasonNamed('Budget cut');
    await team.seller.post(`/api/v1/opportunities/${deal.id}/stage`, {
      stage: 'client-declined',
      reasonId: budget.id,
      note: 'Frozen',
    });
    const reopened = await team.seller.post(`/api/v1/opportunities/${deal.id}/stage`, {
      stage: 'propose',
      note: 'Budget is back',
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.data).toMatchObject({ closeReason: null, closeReasonId: null, closeReasonNote: null });
  });

  it('groups win/loss by reason of the list, whatever the text the deals were closed with', async () => {
    const report = (await team.manager.get('/api/v1/reports/win-loss')).data;
    const budget = await reasonNamed('Budget cut');
    const other = await reasonNamed('Other');
    const rowsOf = (stage: string) =>
      report.byReason
        .filter((row: { stage: string }) => row.stage === stage)
        .map((row: { reasonId: number | null; reason: string | null; count: number }) => [
          row.reasonId,
          row.reason,
          row.count,
        ]);
    // "budget CUT" (text) and a reasonId of Budget cut are one row; the free text is counted under Other.
    expect(rowsOf('client-declined')).toEqual(
      expect.arrayContaining([
        [budget.id, 'Budget cut', 1],
        [other.id, 'Other', 1],
      ]),
    );
    expect(rowsOf('lost')).toEqual([[(await reasonNamed('Price')).id, 'Price', 1]]);
    expect(rowsOf('partner-declined')).toEqual(
      expect.arrayContaining([
        [other.id, 'Other', 1],
        [expect.any(Number), 'Bigger partner chosen', 1],
      ]),
    );
  });

  it('imports a CSV close reason: a label is the reason, other text is Other with it as the note', async () => {
    const csv = csvOf([
      ['name', 'client', 'stage', 'amount', 'closeReason', 'closeNote'],
      ['Imported labelled', 'Wayne Enterprises', 'Client not pursuing', '100', 'project postponed', 'Later'],
      ['Imported free text', 'Wayne Enterprises', 'Client not pursuing', '100', 'Board said no', 'Later'],
    ]);
    const job = await importCsv(team.seller, 'opportunities', csv);
    expect(job.data.status, job.body).toBe('succeeded');
    const found = (await team.seller.get(`/api/v1/opportunities?clientId=${clientId}&q=Imported&sort=name`))
      .data.items;
    expect(
      found.map((deal: Record<string, unknown>) => [deal.name, deal.closeReason, deal.closeReasonNote]),
    ).toEqual([
      ['Imported free text', 'Other', 'Board said no'],
      ['Imported labelled', 'Project postponed', null],
    ]);
    const refused = await importCsv(
      team.seller,
      'opportunities',
      csvOf([
        ['name', 'client', 'stage', 'amount', 'closeReason', 'closeNote'],
        ['Imported other', 'Wayne Enterprises', 'Client not pursuing', '100', 'Other', 'Later'],
      ]),
    );
    expect(refused.data.status).toBe('failed');
    expect(refused.data.report.errors[0]).toMatchObject({ row: 2, field: 'closeReasonNote' });
  });

  it('maps free-text reasons recorded before the list existed when migrating', async () => {
    const deal = await openDeal();
    const closed = await team.seller.post(`/api/v1/opportunities/${deal.id}/stage`, {
      stage: 'client-declined',
      reasonId: (await reasonNamed('Project postponed')).id,
      note: 'Later',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const other = await openDeal();
    await team.seller.post(`/api/v1/opportunities/${other.id}/stage`, {
      stage: 'client-declined',
      reasonId: (await reasonNamed('Other')).id,
      reasonNote: 'Lost the sponsor',
      note: 'Later',
    });
    // Back to the free-text era (undoing any later migration first): the labels, and Other's note, become the text…
    const hasCloseReasons = () =>
      t.database.db
        .selectFrom('close_reasons')
        .select('id')
        .limit(1)
        .execute()
        .then(
          () => true,
          () => false,
        );
    for (let step = 0; step < 20 && (await hasCloseReasons()); step += 1) await migrateDown(t.database);
    const texts = await t.database.db
      .selectFrom('opportunities')
      .select(['id', 'close_reason'])
      .where('id', 'in', [deal.id, other.id])
      .orderBy('id')
      .execute();
    expect(texts.map((row) => row.close_reason)).toEqual(['Project postponed', 'Lost the sponsor']);
    await t.database.db
      .updateTable('opportunities')
      .set({ close_reason: '  project POSTPONED ' })
      .where('id', '=', deal.id)
      .execute();
    // …and forward again: matching text is the reason, anything else Other with the text as note.
    await migrateToLatest(t.database);
    const mapped = (await team.seller.get(`/api/v1/opportunities/${deal.id}`)).data;
    expect(mapped).toMatchObject({ closeReason: 'Project postponed', closeReasonNote: null });
    expect(mapped.closeReasonId).toBe((await reasonNamed('Project postponed')).id);
    const unmatched = (await team.seller.get(`/api/v1/opportunities/${other.id}`)).data;
    expect(unmatched).toMatchObject({ closeReason: 'Other', closeReasonNote: 'Lost the sponsor' });
  });
});
