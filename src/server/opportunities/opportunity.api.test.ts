import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

describe.each(engines)('opportunities on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  async function create(user: TestUser, body: Record<string, unknown>) {
    const response = await user.post('/api/v1/opportunities', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.data;
  }

  async function move(user: TestUser, id: number, body: Record<string, unknown>) {
    return user.post(`/api/v1/opportunities/${id}/stage`, body);
  }

  it('creates from a BPContact: client and primary contact preset, creator owner and first team member', async () => {
    const response = await w.seller.post('/api/v1/opportunities', {
      name: 'Data center refresh',
      contactId: w.contactId,
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.data).toMatchObject({
      number: expect.stringMatching(/^OPP-\d{4}-\d{6}$/),
      clientId: w.clientId,
      clientName: 'Acme Manufacturing',
      primaryContactId: w.contactId,
      primaryContactName: 'Dana Decider',
      ownerId: w.seller.id,
      ownerFirmId: w.partner.id,
      stage: 'identify',
      probability: 10,
      origin: 'partner',
      currency: 'USD',
      amountMinor: 0,
      canEdit: true,
    });
    const team = await w.seller.get(`/api/v1/opportunities/${response.data.id}/team`);
    expect(team.data.items).toEqual([
      expect.objectContaining({ userId: w.seller.id, access: 'edit', isOwner: true }),
    ]);
    const contacts = await w.seller.get(`/api/v1/opportunities/${response.data.id}/contacts`);
    expect(contacts.data.items).toEqual([
      expect.objectContaining({ contactId: w.contactId, isPrimary: true }),
    ]);
    const history = await w.seller.get(`/api/v1/opportunities/${response.data.id}/history`);
    expect(history.data.items).toEqual([
      expect.objectContaining({ kind: 'create', fromStage: null, toStage: 'identify' }),
    ]);
  });

  it('refuses bad bodies naming the fields, unknown and server-managed ones included, and writes nothing', async () => {
    const before = await t.database.db
      .selectFrom('opportunities')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const response = await w.seller.post('/api/v1/opportunities', {
      name: '',
      clientId: 'seven',
      number: 'OPP-1',
      weightedAmountMinor: 5,
      decisionDate: '2026-02-30',
      currency: 'usd',
      amountMinor: -1,
      probability: 101,
      colour: 'red',
    });
    expect(response.statusCode).toBe(400);
    const fields = response.data.error.details.fields.map((field: { field: string }) => field.field).sort();
    expect(fields).toEqual(
      [
        'amountMinor',
        'clientId',
        'colour',
        'currency',
        'decisionDate',
        'name',
        'number',
        'probability',
        'weightedAmountMinor',
      ].sort(),
    );
    expect(
      (await w.seller.post('/api/v1/opportunities', { name: 'No client' })).data.error.details.fields[0]
        .field,
    ).toBe('clientId');
    const unknownCurrency = await w.seller.post('/api/v1/opportunities', {
      name: 'X',
      clientId: w.clientId,
      currency: 'XYZ',
    });
    expect(unknownCurrency.statusCode).toBe(400);
    const noRate = await w.seller.post('/api/v1/opportunities', {
      name: 'X',
      clientId: w.clientId,
      currency: 'ZMW',
    });
    expect(noRate.statusCode).toBe(422);
    expect(noRate.data.error.details.fields[0].field).toBe('currency');
    const unknownStage = await w.seller.post('/api/v1/opportunities', {
      name: 'X',
      clientId: w.clientId,
      stage: 'heaven',
    });
    expect(unknownStage.statusCode).toBe(400);
    const after = await t.database.db
      .selectFrom('opportunities')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('lets only eligible partners and vendor reps create', async () => {
    expect(
      (await w.reviewer.post('/api/v1/opportunities', { name: 'X', clientId: w.clientId })).statusCode,
    ).toBe(403);
    expect(
      (await w.admin.post('/api/v1/opportunities', { name: 'X', clientId: w.clientId })).statusCode,
    ).toBe(403);
    const lapsed = await t.firm({ eligible: false });
    const lapsedSeller = await t.user({ firm: lapsed, role: 'seller' });
    const refused = await lapsedSeller.post('/api/v1/opportunities', { name: 'X', clientId: w.clientId });
    expect(refused.statusCode).toBe(403);
    expect(refused.data.error.message).toMatch(/not eligible/);
    const passed = await w.vendorRep.post('/api/v1/opportunities', {
      name: 'Lead for partners',
      clientId: w.clientId,
    });
    expect(passed.statusCode).toBe(201);
    expect(passed.data.origin).toBe('passed');
  });

  it('refuses a move whose gates are not met, listing what is missing for each skipped stage', async () => {
    const opportunity = await create(w.seller, { name: 'Gate test', clientId: w.clientId });
    const refused = await move(w.seller, opportunity.id, { stage: 'won' });
    expect(refused.statusCode).toBe(422);
    expect(refused.data.error.code).toBe('GATE_NOT_MET');
    expect(
      refused.data.error.details.missing.map(
        (item: { stage: string; requirement: string }) => `${item.stage}:${item.requirement}`,
      ),
    ).toEqual([
      'validate:primary-contact',
      'qualify:line-item-with-amount',
      'propose:open-lines-priced-and-dated',
      'won:total-above-zero',
    ]);
    expect((await w.seller.get(`/api/v1/opportunities/${opportunity.id}`)).data).toMatchObject({
      stage: 'identify',
      version: 1,
    });
    await w.seller.patch(`/api/v1/opportunities/${opportunity.id}`, { primaryContactId: w.contactId });
    await w.seller.post(`/api/v1/opportunities/${opportunity.id}/line-items`, {
      description: 'Storage',
      unitPriceMinor: 250_000,
      quantity: 2,
    });
    const moved = await move(w.seller, opportunity.id, { stage: 'won' });
    expect(moved.statusCode).toBe(200);
    expect(moved.data).toMatchObject({
      stage: 'won',
      probability: 100,
      amountMinor: 500_000,
      weightedAmountMinor: 500_000,
    });
    const back = await move(w.seller, opportunity.id, { stage: 'qualify', note: 'budget review' });
    expect(back.statusCode).toBe(200);
    expect(back.data.probability).toBe(40);
    const history = await w.seller.get(`/api/v1/opportunities/${opportunity.id}/history`);
    expect(
      history.data.items.map(
        (item: { kind: string; fromStage: string | null; toStage: string }) =>
          `${item.kind}:${item.fromStage}>${item.toStage}`,
      ),
    ).toEqual([
      'create:null>identify',
      'amount:identify>identify',
      'stage:identify>won',
      'stage:won>qualify',
    ]);
  });

  it('rolls line items up exactly: lost lines drop out, the decision date follows open lines, the total is read-only', async () => {
    const opportunity = await create(w.seller, {
      name: 'Roll-up',
      clientId: w.clientId,
      decisionDate: '2027-01-31',
      lineItems: [
        { productId: w.productId, quantity: 3, discountPercent: 10 },
        { description: 'Installation', unitPriceMinor: 99_99, quantity: 1.5, decisionDate: '2027-03-15' },
        { description: 'Estimate only', amountMinor: 1_000_00 },
      ],
    });
    expect(opportunity.amountMinor).toBe(1_301_670 + 149_99 + 1_000_00);
    expect(opportunity.decisionDate).toBe('2027-03-15');
    expect(opportunity.isAmountFromLineItems).toBe(true);
    const lines = (await w.seller.get(`/api/v1/opportunities/${opportunity.id}/line-items`)).data.items;
    expect(lines.map((line: { amountMinor: number }) => line.amountMinor)).toEqual([
      1_301_670, 149_99, 1_000_00,
    ]);
    const lost = await w.seller.patch(
      `/api/v1/line-items/${lines[1].id}`,
      { outcome: 'lost' },
      { 'if-match': '"1"' },
    );
    expect(lost.statusCode).toBe(200);
    const afterLoss = (await w.seller.get(`/api/v1/opportunities/${opportunity.id}`)).data;
    expect(afterLoss.amountMinor).toBe(1_301_670 + 1_000_00);
    expect(afterLoss.decisionDate).toBe('2027-01-31');
    expect(Number(lost.headers['x-opportunity-version'])).toBe(afterLoss.version);
    const readOnly = await w.seller.patch(`/api/v1/opportunities/${opportunity.id}`, { amountMinor: 5 });
    expect(readOnly.statusCode).toBe(422);
    expect(readOnly.data.error.details.fields[0].field).toBe('amountMinor');
    const both = await w.seller.patch(`/api/v1/line-items/${lines[0].id}`, { amountMinor: 5 });
    expect(both.statusCode).toBe(400);
    const moved = await w.seller.patch(`/api/v1/opportunities/${opportunity.id}`, {
      decisionDate: '2027-06-30',
    });
    expect(moved.data.decisionDate).toBe('2027-06-30');
    const movedLines = (await w.seller.get(`/api/v1/opportunities/${opportunity.id}/line-items`)).data.items;
    expect(
      movedLines.map(
        (line: { decisionDate: string; outcome: string }) => `${line.outcome}:${line.decisionDate}`,
      ),
    ).toEqual(['open:2027-06-30', 'lost:2027-03-15', 'open:2027-06-30']);
    await w.seller.delete(`/api/v1/line-items/${lines[2].id}`);
    expect((await w.seller.get(`/api/v1/opportunities/${opportunity.id}`)).data).toMatchObject({
      amountMinor: 1_301_670,
      lineItemCount: 2,
    });
  });

  it('refuses a line quantity too small for three decimals instead of storing it as zero', async () => {
    const opportunity = await create(w.seller, {
      name: 'Tiny quantities',
      clientId: w.clientId,
      lineItems: [{ description: 'Servers', quantity: 2, unitPriceMinor: 1_000 }],
    });
    const url = `/api/v1/opportunities/${opportunity.id}/line-items`;
    const [line] = (await w.seller.get(url)).data.items;
    for (const quantity of [1e-10, 5e-324, 0.0009]) {
      const added = await w.seller.post(url, { description: 'Tiny', quantity, unitPriceMinor: 1_000 });
      expect(added.statusCode, `${quantity}: ${added.body}`).toBe(400);
      expect(added.data.error.details.fields[0].field).toBe('quantity');
      const changed = await w.seller.patch(`/api/v1/line-items/${line.id}`, { quantity });
      expect(changed.statusCode, `${quantity}: ${changed.body}`).toBe(400);
      const created = await w.seller.post('/api/v1/opportunities', {
        name: 'Tiny',
        clientId: w.clientId,
        lineItems: [{ description: 'Tiny', quantity }],
      });
      expect(created.statusCode, `${quantity}: ${created.body}`).toBe(400);
      expect(created.data.error.details.fields[0].field).toBe('lineItems.0.quantity');
    }
    const lines = (await w.seller.get(url)).data.items;
    expect(lines.map((item: { quantity: number; version: number }) => [item.quantity, item.version])).toEqual(
      [[2, 1]],
    );
    const smallest = await w.seller.post(url, {
      description: 'Smallest',
      quantity: 0.001,
      unitPriceMinor: 1_000,
    });
    expect(smallest.statusCode, smallest.body).toBe(201);
    expect(smallest.data).toMatchObject({ quantity: 0.001, amountMinor: 1 });
  });

  it('closes as lost only with competitor and note, closes the lines, freezes the rate and the record', async () => {
    const opportunity = await create(w.seller, {
      name: 'Euro deal',
      clientId: w.clientId,
      currency: 'EUR',
      lineItems: [{ description: 'Servers', unitPriceMinor: 100_000_00, quantity: 1 }],
    });
    expect(opportunity.amountReportingMinor).toBe(108_000_00);
    const refused = await move(w.seller, opportunity.id, { stage: 'lost', note: 'lost on price' });
    expect(refused.statusCode).toBe(422);
    expect(refused.data.error.details.missing).toEqual([
      expect.objectContaining({ stage: 'lost', requirement: 'competitor' }),
    ]);
    const lost = await move(w.seller, opportunity.id, {
      stage: 'lost',
      note: 'lost on price',
      competitor: 'Globex',
    });
    expect(lost.statusCode).toBe(200);
    expect(lost.data).toMatchObject({
      outcome: 'lost',
      isClosed: true,
      isRateFrozen: true,
      competitor: 'Globex',
      closeNote: 'lost on price',
      canEdit: false,
    });
    const lines = (await w.seller.get(`/api/v1/opportunities/${opportunity.id}/line-items`)).data.items;
    expect(lines.map((line: { outcome: string }) => line.outcome)).toEqual(['lost']);
    expect(
      (await w.seller.patch(`/api/v1/opportunities/${opportunity.id}`, { name: 'renamed' })).statusCode,
    ).toBe(422);
    expect(
      (await w.seller.post(`/api/v1/opportunities/${opportunity.id}/line-items`, { description: 'more' }))
        .statusCode,
    ).toBe(422);
    const history = (await w.seller.get(`/api/v1/opportunities/${opportunity.id}/history`)).data.items;
    expect(history.at(-1)).toMatchObject({
      kind: 'stage',
      fromStage: 'identify',
      toStage: 'lost',
      amountMinor: 100_000_00,
      note: 'lost on price',
    });

    // Rates move; the closed deal keeps its value, an open one follows on its next save.
    const open = await create(w.seller, {
      name: 'Open euro deal',
      clientId: w.clientId,
      currency: 'EUR',
      amountMinor: 100_00,
    });
    expect(
      (await w.admin.post('/api/v1/currencies/EUR/rates', { rate: '1.25', effectiveDate: '2026-01-02' }))
        .statusCode,
    ).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    await w.admin.post('/api/v1/currencies/EUR/rates', { rate: '1.25', effectiveDate: today });
    const reopenedOpen = await w.seller.patch(`/api/v1/opportunities/${open.id}`, { nextStep: 'call back' });
    expect(reopenedOpen.data.amountReportingMinor).toBe(125_00);
    const closed = (await w.seller.get(`/api/v1/opportunities/${opportunity.id}`)).data;
    expect(closed.exchangeRate).toBe('1.08');
  });

  it('reopens with a note by the owner or a manager only; the lines closed with it reopen', async () => {
    const opportunity = await create(w.seller, {
      name: 'Reopen me',
      clientId: w.clientId,
      lineItems: [{ description: 'A', amountMinor: 500 }],
    });
    await w.seller.put(`/api/v1/opportunities/${opportunity.id}/team`, [
      { userId: w.colleague.id, access: 'edit' },
    ]);
    await move(w.seller, opportunity.id, {
      stage: 'partner-declined',
      reason: 'No capacity',
      note: 'busy quarter',
    });
    expect((await move(w.colleague, opportunity.id, { stage: 'identify', note: 'again' })).statusCode).toBe(
      403,
    );
    const noNote = await move(w.seller, opportunity.id, { stage: 'identify' });
    expect(noNote.statusCode).toBe(422);
    expect(
      (await move(w.seller, opportunity.id, { stage: 'client-declined', reason: 'x', note: 'y' })).statusCode,
    ).toBe(422);
    const reopened = await move(w.manager, opportunity.id, { stage: 'identify', note: 'client is back' });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.data).toMatchObject({
      outcome: 'open',
      isClosed: false,
      isRateFrozen: false,
      closeReason: null,
      amountMinor: 500,
    });
    const history = (await w.seller.get(`/api/v1/opportunities/${opportunity.id}/history`)).data.items;
    expect(history.at(-1)).toMatchObject({
      kind: 'reopen',
      fromStage: 'partner-declined',
      toStage: 'identify',
      note: 'client is back',
    });
  });

  it('reopens a lost deal straight into a later gate when the lines it closed meet it', async () => {
    const opportunity = await create(w.seller, {
      name: 'Lost then back',
      contactId: w.contactId,
      lineItems: [{ description: 'Servers', unitPriceMinor: 5_000_00 }],
    });
    await move(w.seller, opportunity.id, { stage: 'propose' });
    expect(
      (await move(w.seller, opportunity.id, { stage: 'lost', competitor: 'Globex', note: 'price' }))
        .statusCode,
    ).toBe(200);
    const reopened = await move(w.seller, opportunity.id, { stage: 'propose', note: 'they came back' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.data).toMatchObject({ stage: 'propose', amountMinor: 5_000_00, outcome: 'open' });
  });

  it('completes only after 06 Won', async () => {
    const opportunity = await create(w.seller, {
      name: 'Complete me',
      contactId: w.contactId,
      lineItems: [{ description: 'A', unitPriceMinor: 10_00 }],
    });
    expect((await move(w.seller, opportunity.id, { stage: 'completed' })).statusCode).toBe(422);
    expect((await move(w.seller, opportunity.id, { stage: 'implement' })).statusCode).toBe(200);
    const completed = await move(w.seller, opportunity.id, { stage: 'completed' });
    expect(completed.statusCode).toBe(200);
    expect(completed.data).toMatchObject({ outcome: 'won', probability: 100, amountMinor: 10_00 });
    const lines = (await w.seller.get(`/api/v1/opportunities/${opportunity.id}/line-items`)).data.items;
    expect(lines[0].outcome).toBe('won');
  });

  it('keeps partner-private deals from vendor staff not on the team, one way only', async () => {
    const opportunity = await create(w.seller, {
      name: 'Quiet deal',
      clientId: w.clientId,
      partnerPrivate: true,
    });
    expect((await w.vendorRep.get(`/api/v1/opportunities/${opportunity.id}`)).statusCode).toBe(404);
    expect((await w.reviewer.get('/api/v1/opportunities?q=quiet')).data.items).toEqual([]);
    expect(
      (await w.vendorRep.patch(`/api/v1/opportunities/${opportunity.id}`, { partnerPrivate: false }))
        .statusCode,
    ).toBe(404);
    await w.seller.put(`/api/v1/opportunities/${opportunity.id}/team`, {
      items: [{ userId: w.vendorRep.id, access: 'read', role: 'Vendor rep' }],
    });
    const onTeam = await w.vendorRep.get(`/api/v1/opportunities/${opportunity.id}`);
    expect(onTeam.statusCode).toBe(200);
    expect(onTeam.data.canEdit).toBe(false);
    expect(
      (await w.vendorRep.patch(`/api/v1/opportunities/${opportunity.id}`, { name: 'x' })).statusCode,
    ).toBe(403);
    const cleared = await w.seller.patch(`/api/v1/opportunities/${opportunity.id}`, {
      partnerPrivate: false,
    });
    expect(cleared.data.partnerPrivate).toBe(false);
    expect((await w.reviewer.get(`/api/v1/opportunities/${opportunity.id}`)).statusCode).toBe(200);
    const again = await w.seller.patch(`/api/v1/opportunities/${opportunity.id}`, { partnerPrivate: true });
    expect(again.statusCode).toBe(422);
    expect(again.data.error.details.fields[0].field).toBe('partnerPrivate');
  });

  it('puts people of any firm on the sales team with read or edit access, keeping the owner', async () => {
    const opportunity = await create(w.seller, {
      name: 'Two-tier deal',
      clientId: w.clientId,
      distributorFirmId: w.distributor.id,
    });
    expect((await w.distributorSeller.get(`/api/v1/opportunities/${opportunity.id}`)).statusCode).toBe(404);
    const team = await w.seller.put(`/api/v1/opportunities/${opportunity.id}/team`, [
      { userId: w.distributorSeller.id, access: 'edit', role: 'Distributor rep' },
      { userId: w.colleague.id, access: 'read' },
    ]);
    expect(team.statusCode).toBe(200);
    expect(
      team.data.items.map((member: { userId: number; access: string }) => [member.userId, member.access]),
    ).toEqual([
      [w.seller.id, 'edit'],
      [w.distributorSeller.id, 'edit'],
      [w.colleague.id, 'read'],
    ]);
    const asDistributor = await w.distributorSeller.patch(`/api/v1/opportunities/${opportunity.id}`, {
      nextStep: 'Quote',
    });
    expect(asDistributor.statusCode).toBe(200);
    expect(
      (await w.colleague.patch(`/api/v1/opportunities/${opportunity.id}`, { nextStep: 'x' })).statusCode,
    ).toBe(403);
    const stranger = await w.seller.put(`/api/v1/opportunities/${opportunity.id}/team`, [
      { userId: w.otherSeller.id, access: 'read' },
    ]);
    // SPEC §5: a partner the deal does not name never joins its team, whoever asks.
    expect(stranger.statusCode).toBe(422);
    expect(stranger.data.error.details.fields[0].field).toBe('items.0.userId');
    const changes = await w.seller.get(`/api/v1/opportunities/${opportunity.id}/changes`);
    expect(changes.data.items.some((item: { field: string }) => item.field === 'team')).toBe(true);
  });

  it('answers a stale If-Match with 409 and writes nothing', async () => {
    const opportunity = await create(w.seller, { name: 'Contended', clientId: w.clientId });
    expect(
      (
        await w.seller.patch(
          `/api/v1/opportunities/${opportunity.id}`,
          { nextStep: 'one' },
          { 'if-match': '"1"' },
        )
      ).statusCode,
    ).toBe(200);
    const stale = await w.manager.patch(
      `/api/v1/opportunities/${opportunity.id}`,
      { nextStep: 'two' },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.data.error.details.current.nextStep).toBe('one');
    const staleMove = await w.manager.request(
      'POST',
      `/api/v1/opportunities/${opportunity.id}/stage`,
      { stage: 'lost', competitor: 'x', note: 'y' },
      { 'if-match': '"1"' },
    );
    expect(staleMove.statusCode).toBe(409);
    expect((await w.seller.get(`/api/v1/opportunities/${opportunity.id}`)).data).toMatchObject({
      nextStep: 'one',
      stage: 'identify',
      version: 2,
    });
  });

  it('gives concurrent creations distinct numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        w.seller.post('/api/v1/opportunities', { name: `Burst ${index}`, clientId: w.clientId }),
      ),
    );
    expect(results.every((result) => result.statusCode === 201)).toBe(true);
    expect(new Set(results.map((result) => result.data.number)).size).toBe(20);
  });

  it('filters, sorts and pages the list, within what the caller may see', async () => {
    const firm = await t.firm();
    const seller = await t.user({ firm, role: 'seller' });
    const mk = (name: string, extra: Record<string, unknown>) =>
      create(seller, { name, clientId: w.clientId, ...extra });
    await mk('Alpha storage', { decisionDate: '2027-01-10', amountMinor: 10_000 });
    await mk('Bravo servers', { decisionDate: '2027-02-10', amountMinor: 50_000, currency: 'EUR' });
    await mk('Charlie network', {
      decisionDate: '2027-03-10',
      lineItems: [{ productId: w.productId, quantity: 1 }],
    });
    await mk('Delta backup', { decisionDate: '2027-04-10', amountMinor: 5_000 });
    const names = async (query: string) =>
      (await seller.get(`/api/v1/opportunities?${query}`)).data.items.map(
        (item: { name: string }) => item.name,
      );
    expect(await names('sort=decisionDate')).toEqual([
      'Alpha storage',
      'Bravo servers',
      'Charlie network',
      'Delta backup',
    ]);
    expect(await names('sort=-amount')).toEqual([
      'Charlie network',
      'Bravo servers',
      'Alpha storage',
      'Delta backup',
    ]);
    expect(await names('decisionFrom=2027-02-01&decisionTo=2027-03-31')).toEqual([
      'Bravo servers',
      'Charlie network',
    ]);
    expect(await names('amountMin=10000&amountMax=100000')).toEqual(['Alpha storage', 'Bravo servers']);
    expect(await names('brand=Helio%20Compute')).toEqual(['Charlie network']);
    expect(await names('currency=EUR')).toEqual(['Bravo servers']);
    expect(await names('q=bravo')).toEqual(['Bravo servers']);
    expect(await names('q=acme')).toHaveLength(4);
    expect(await names('stage=identify,validate&mine=true')).toHaveLength(4);
    expect(await names('stage=qualify')).toEqual([]);
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await seller.get(
        `/api/v1/opportunities?sort=name&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      pages.push(...page.data.items.map((item: { name: string }) => item.name));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(pages).toEqual(['Alpha storage', 'Bravo servers', 'Charlie network', 'Delta backup']);
    expect((await seller.get('/api/v1/opportunities?stage=Qualify')).statusCode).toBe(400);
    expect((await seller.get('/api/v1/opportunities?decisionFrom=tomorrow')).statusCode).toBe(400);
    const othersView = await w.otherSeller.get('/api/v1/opportunities?limit=200');
    expect(othersView.data.items).toEqual([]);
  });

  it('refuses a blank amount filter instead of reading it as zero, on lists, boards and reports', async () => {
    for (const path of ['/api/v1/opportunities', '/api/v1/opportunities/board', '/api/v1/reports/pipeline']) {
      for (const [query, field] of [
        ['amountMax=', 'amountMax'],
        ['amountMin=%20%20', 'amountMin'],
        ['amountMin=&amountMax=100000', 'amountMin'],
      ]) {
        const response = await w.seller.get(`${path}?${query}`);
        expect(response.statusCode, `${path}?${query}: ${response.body}`).toBe(400);
        expect(response.data.error.details.fields.map((item: { field: string }) => item.field)).toEqual([
          field,
        ]);
      }
    }
    expect((await w.seller.get('/api/v1/opportunities?amountMin=0&amountMax=0')).statusCode).toBe(200);
  });

  it('serves the overview in one call, with what each next stage still needs', async () => {
    const opportunity = await create(w.seller, {
      name: 'Overview deal',
      contactId: w.contactId,
      lineItems: [
        { description: 'Estimate', amountMinor: 5_000_00 },
        { description: 'Lost part', amountMinor: 1_00, outcome: 'lost' },
      ],
    });
    const overview = await w.seller.get(`/api/v1/opportunities/${opportunity.id}/overview`);
    expect(overview.statusCode).toBe(200);
    expect(overview.headers.etag).toBe(`"${opportunity.version}"`);
    expect(overview.data.opportunity.id).toBe(opportunity.id);
    expect(overview.data.lineItems).toHaveLength(2);
    expect(overview.data.team).toHaveLength(1);
    expect(overview.data.contacts[0]).toMatchObject({ contactId: w.contactId, isPrimary: true });
    expect(overview.data.rollup).toEqual({ countedLines: 1, lostLines: 1, totalMinor: 5_000_00 });
    const needs = Object.fromEntries(
      overview.data.readiness.map((item: { stage: string; missing: { requirement: string }[] }) => [
        item.stage,
        item.missing.map((each) => each.requirement),
      ]),
    );
    expect(needs.validate).toEqual([]);
    expect(needs.qualify).toEqual([]);
    expect(needs.propose).toEqual(['open-lines-priced-and-dated']);
    expect(needs.lost).toEqual(['competitor', 'note']);
    expect((await w.otherSeller.get(`/api/v1/opportunities/${opportunity.id}/overview`)).statusCode).toBe(
      404,
    );
  });

  it('refuses to delete a client that still has opportunities', async () => {
    const client = (await w.seller.post('/api/v1/clients', { name: 'Has deals' })).data;
    await create(w.seller, { name: 'Blocking deal', clientId: client.id });
    const response = await w.manager.delete(`/api/v1/clients/${client.id}`);
    expect(response.statusCode).toBe(409);
    expect(response.data.error.details.opportunities).toBe(1);
  });
});
