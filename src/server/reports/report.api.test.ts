import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeal,
  createPartnerTeam,
  fromUsdCents,
  moveDeal,
  type PartnerTeam,
  usdCents,
  weightedCents,
} from '../../../test/support/report-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

const catalogOrder = [
  'identify',
  'validate',
  'qualify',
  'propose',
  'conditional',
  'won',
  'implement',
  'completed',
  'lost',
  'client-declined',
  'partner-declined',
];

type StageRow = { stage: string; count: number; totalMinor: number; weightedMinor: number };

function stageRow(report: { stages: StageRow[] }, stage: string): StageRow {
  const row = report.stages.find((candidate) => candidate.stage === stage);
  if (!row) throw new Error(`no row for ${stage}`);
  return row;
}

describe.each(engines)('reports on %s', (engine) => {
  let t: TestContext;
  let vendorRep: TestUser;
  let reviewer: TestUser;
  let admin: TestUser;
  let distributorSeller: TestUser;
  let clientId: number;
  let north: PartnerTeam;
  let south: PartnerTeam;
  /** North's deals, as the API answered them after creation. */
  const deals: Record<string, { id: number; amountReportingMinor: number; weightedReportingMinor: number }> =
    {};

  beforeAll(async () => {
    t = await createTestContext(engine);
    const vendor = await t.firm({ kind: 'vendor' });
    vendorRep = await t.user({ firm: vendor, role: 'vendor-rep' });
    reviewer = await t.user({ firm: vendor, role: 'vendor-reviewer' });
    admin = await t.user({ firm: vendor, role: 'admin' });
    const distributor = await t.firm({ isDistributor: true });
    distributorSeller = await t.user({ firm: distributor, role: 'seller' });
    const client = await vendorRep.post('/api/v1/clients', { name: 'Acme Manufacturing' });
    clientId = client.data.id;
    north = await createPartnerTeam(t, clientId);
    south = await createPartnerTeam(t, clientId);

    // North: the seller's EUR deal in Identify, JPY deal in Qualify, a private EUR deal in Validate
    // shared with the distributor; the colleague's USD deal in Propose.
    deals.euro = await createDeal(north.seller, {
      clientId,
      currency: 'EUR',
      unitPriceMinor: 123_456,
      quantity: 2,
      decisionDate: '2027-01-15',
    });
    deals.yen = await createDeal(north.seller, {
      clientId,
      contactId: north.contactId,
      stage: 'qualify',
      currency: 'JPY',
      unitPriceMinor: 1_234_567,
      decisionDate: '2027-02-20',
    });
    deals.private = await createDeal(north.seller, {
      clientId,
      contactId: north.contactId,
      stage: 'validate',
      currency: 'EUR',
      amountMinor: 5_000_001,
      partnerPrivate: true,
      decisionDate: '2027-05-01',
      distributorFirmId: distributorSeller.firm.id,
      team: [{ userId: distributorSeller.id, access: 'read' }],
    });
    const colleagueContact = await north.colleague.post('/api/v1/contacts', {
      clientId,
      firstName: 'Pat',
      lastName: 'Buyer',
    });
    deals.colleague = await createDeal(north.colleague, {
      clientId,
      contactId: colleagueContact.data.id,
      stage: 'propose',
      currency: 'USD',
      unitPriceMinor: 9_999_999,
      decisionDate: '2027-04-10',
    });
    // South: a big public deal and a private one; neither may ever reach North's figures.
    deals.southPublic = await createDeal(south.seller, {
      clientId,
      currency: 'USD',
      amountMinor: 777_777_777,
      decisionDate: '2027-01-20',
    });
    deals.southPrivate = await createDeal(south.seller, {
      clientId,
      currency: 'JPY',
      amountMinor: 88_888_888,
      partnerPrivate: true,
      decisionDate: '2027-01-21',
    });
  });
  afterAll(() => t.close());

  it('answers every stage of the catalog in order, zeros included, with the reporting currency named', async () => {
    const response = await north.seller.get('/api/v1/reports/pipeline');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.data).toMatchObject({
      currency: 'USD',
      reportingCurrency: 'USD',
      rate: null,
      status: 'open',
    });
    expect(response.data.stages.map((row: StageRow) => row.stage)).toEqual(catalogOrder);
    expect(stageRow(response.data, 'conditional')).toMatchObject({
      count: 0,
      totalMinor: 0,
      weightedMinor: 0,
    });
    expect(stageRow(response.data, 'lost')).toMatchObject({ closing: true, outcome: 'lost', count: 0 });
  });

  it('sums EUR and JPY deals into exact US cents per stage, as computed independently', async () => {
    const euroCents = usdCents(246_912, 'EUR');
    const yenCents = usdCents(1_234_567, 'JPY');
    const privateCents = usdCents(5_000_001, 'EUR');
    expect(deals.euro!.amountReportingMinor).toBe(euroCents);
    expect(deals.yen!.amountReportingMinor).toBe(yenCents);

    const seller = (await north.seller.get('/api/v1/reports/pipeline')).data;
    expect(stageRow(seller, 'identify')).toMatchObject({
      count: 1,
      totalMinor: euroCents,
      weightedMinor: weightedCents(euroCents, 10),
    });
    expect(stageRow(seller, 'validate')).toMatchObject({
      count: 1,
      totalMinor: privateCents,
      weightedMinor: weightedCents(privateCents, 25),
    });
    expect(stageRow(seller, 'qualify')).toMatchObject({
      count: 1,
      totalMinor: yenCents,
      weightedMinor: weightedCents(yenCents, 40),
    });
    expect(stageRow(seller, 'propose').count).toBe(0);
    expect(seller.totals).toEqual({
      count: 3,
      totalMinor: euroCents + yenCents + privateCents,
      weightedMinor:
        weightedCents(euroCents, 10) + weightedCents(privateCents, 25) + weightedCents(yenCents, 40),
    });

    const manager = (await north.manager.get('/api/v1/reports/pipeline')).data;
    expect(stageRow(manager, 'propose')).toMatchObject({
      count: 1,
      totalMinor: 9_999_999,
      weightedMinor: weightedCents(9_999_999, 60),
    });
    expect(manager.totals.count).toBe(4);
    expect(manager.totals.totalMinor).toBe(euroCents + yenCents + privateCents + 9_999_999);
  });

  it('takes the list filters: currency, stage, owner, decision dates', async () => {
    const yenOnly = (await north.manager.get('/api/v1/reports/pipeline?currency=JPY')).data;
    expect(yenOnly.totals).toMatchObject({ count: 1, totalMinor: deals.yen!.amountReportingMinor });
    const stages = (await north.manager.get('/api/v1/reports/pipeline?stage=identify,propose')).data;
    expect(stages.totals.count).toBe(2);
    const colleague = (await north.manager.get(`/api/v1/reports/pipeline?ownerId=${north.colleague.id}`))
      .data;
    expect(colleague.totals).toMatchObject({ count: 1, totalMinor: 9_999_999 });
    const early = (await north.manager.get('/api/v1/reports/pipeline?decisionTo=2027-01-31')).data;
    expect(early.totals).toMatchObject({ count: 1, totalMinor: deals.euro!.amountReportingMinor });
    const bad = await north.manager.get('/api/v1/reports/pipeline?status=maybe&limit=3');
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.details.fields.map((field: { field: string }) => field.field).sort()).toEqual([
      'limit',
      'status',
    ]);
  });

  it('counts closed stages when the status asks for them, lost deals at their value when they closed', async () => {
    const east = await createPartnerTeam(t, clientId);
    const won = await createDeal(east.seller, {
      clientId,
      contactId: east.contactId,
      stage: 'won',
      currency: 'JPY',
      unitPriceMinor: 3_000_000,
    });
    await moveDeal(east.seller, won.id, 'completed');
    const lost = await createDeal(east.seller, {
      clientId,
      contactId: east.contactId,
      stage: 'propose',
      currency: 'EUR',
      unitPriceMinor: 45_678,
    });
    await moveDeal(east.seller, lost.id, 'client-declined', { reason: 'Budget cut', note: 'Next year' });
    await createDeal(east.seller, { clientId, amountMinor: 12_300 });

    const open = (await east.seller.get('/api/v1/reports/pipeline')).data;
    expect(open.totals).toMatchObject({ count: 1, totalMinor: 12_300 });
    const all = (await east.seller.get('/api/v1/reports/pipeline?status=all')).data;
    expect(all.status).toBe('all');
    expect(all.totals.count).toBe(3);
    expect(stageRow(all, 'completed')).toMatchObject({ count: 1, totalMinor: usdCents(3_000_000, 'JPY') });
    expect(stageRow(all, 'client-declined')).toMatchObject({
      count: 1,
      totalMinor: usdCents(45_678, 'EUR'),
      weightedMinor: 0,
    });
    const lostOnly = (await east.seller.get('/api/v1/reports/pipeline?status=lost')).data;
    expect(lostOnly.totals).toMatchObject({ count: 1, totalMinor: usdCents(45_678, 'EUR') });
    const closedOnly = (await east.seller.get('/api/v1/reports/pipeline?status=closed')).data;
    expect(closedOnly.totals.count).toBe(2);
  });

  it('shows the totals in another currency at today’s rate and says which', async () => {
    const usd = (await north.manager.get('/api/v1/reports/pipeline')).data;
    const euro = await north.manager.get('/api/v1/reports/pipeline?displayCurrency=EUR');
    expect(euro.statusCode, euro.body).toBe(200);
    expect(euro.data).toMatchObject({ currency: 'EUR', reportingCurrency: 'USD', rate: '1.08' });
    for (const stage of ['identify', 'validate', 'qualify', 'propose']) {
      expect(stageRow(euro.data, stage).totalMinor).toBe(
        fromUsdCents(stageRow(usd, stage).totalMinor, 'EUR'),
      );
      expect(stageRow(euro.data, stage).weightedMinor).toBe(
        fromUsdCents(stageRow(usd, stage).weightedMinor, 'EUR'),
      );
    }
    const yen = (await north.manager.get('/api/v1/reports/pipeline?displayCurrency=JPY')).data;
    expect(yen.currency).toBe('JPY');
    expect(stageRow(yen, 'qualify').totalMinor).toBe(
      fromUsdCents(stageRow(usd, 'qualify').totalMinor, 'JPY'),
    );
    // The rows add up to the total in every currency.
    expect(yen.totals.totalMinor).toBe(
      yen.stages.reduce((sum: number, row: StageRow) => sum + row.totalMinor, 0),
    );
    expect((await north.manager.get('/api/v1/reports/pipeline?displayCurrency=usd')).statusCode).toBe(400);
    expect((await north.manager.get('/api/v1/reports/pipeline?displayCurrency=XYZ')).statusCode).toBe(400);
    const noRate = await north.manager.get('/api/v1/reports/pipeline?displayCurrency=ZMW');
    expect(noRate.statusCode).toBe(422);
  });

  it('never lets another firm’s deals, or private deals of a team one is not on, into any figure', async () => {
    const northIds = [deals.euro, deals.yen, deals.private, deals.colleague].map((deal) => deal!.id);
    const southIds = [deals.southPublic, deals.southPrivate].map((deal) => deal!.id);
    /** Every report and the board as `user` sees them; vendor staff and admins narrowed to North and South. */
    const seen = async (user: TestUser, firms = '') => {
      const filtered = [
        '/api/v1/reports/pipeline?status=all',
        '/api/v1/reports/weighted-by-quarter?status=all',
        '/api/v1/reports/win-loss?',
        '/api/v1/reports/time-in-stage?includeCurrent=true',
        '/api/v1/opportunities/board?',
      ].map((url) => `${url}${firms}`);
      const answers = await Promise.all(
        [...filtered, '/api/v1/reports/home?scope=visible'].map((url) => user.get(url)),
      );
      for (const answer of answers) expect(answer.statusCode, answer.body).toBe(200);
      const [pipeline, quarters, , , board, home] = answers.map((answer) => answer.data);
      const cardIds = [
        ...board.columns.flatMap((column: { items: { id: number }[] }) =>
          column.items.map((card) => card.id),
        ),
        ...home.decisionsDue.items.map((card: { id: number }) => card.id),
        ...home.stale.items.map((card: { id: number }) => card.id),
      ];
      return { pipeline, quarters, board, home, cardIds };
    };
    const ownFirms = (firmId: number) => `&ownerFirmId=${firmId}`;

    const manager = await seen(north.manager);
    expect(manager.pipeline.totals.count).toBe(4);
    expect(manager.quarters.totals.count).toBe(4);
    expect(manager.board.columns.reduce((sum: number, column: StageRow) => sum + column.count, 0)).toBe(4);
    expect(manager.home.pipeline.totals.count).toBe(4);
    expect(manager.cardIds.filter((id: number) => southIds.includes(id))).toEqual([]);
    expect(manager.pipeline.totals.totalMinor).toBeLessThan(777_777_777);

    const southSeller = await seen(south.seller);
    expect(southSeller.pipeline.totals).toMatchObject({ count: 2 });
    expect(southSeller.cardIds.filter((id: number) => northIds.includes(id))).toEqual([]);

    // Vendor staff see both firms' public deals, never the private ones they are not on the team of.
    for (const vendorUser of [vendorRep, reviewer]) {
      const northView = await seen(vendorUser, ownFirms(north.firm.id));
      const southView = await seen(vendorUser, ownFirms(south.firm.id));
      expect(northView.pipeline.totals.count).toBe(3);
      expect(stageRow(northView.pipeline, 'validate').count).toBe(0);
      expect(southView.pipeline.totals).toMatchObject({ count: 1, totalMinor: 777_777_777 });
      const cardsOf = (view: { board: { columns: { items: { id: number }[] }[] } }) =>
        view.board.columns.flatMap((column) => column.items.map((card) => card.id)).sort();
      expect(cardsOf(northView)).toEqual([deals.euro!.id, deals.yen!.id, deals.colleague!.id].sort());
      expect(cardsOf(southView)).toEqual([deals.southPublic!.id]);
      expect(northView.cardIds).not.toContain(deals.private!.id);
      expect(southView.cardIds).not.toContain(deals.southPrivate!.id);
    }
    // The distributor on the private deal's team sees that deal and nothing else.
    const distributor = await seen(distributorSeller);
    expect(distributor.pipeline.totals).toMatchObject({
      count: 1,
      totalMinor: deals.private!.amountReportingMinor,
    });
    // Admins see everything.
    expect((await seen(admin, ownFirms(north.firm.id))).pipeline.totals.count).toBe(4);
    expect((await seen(admin, ownFirms(south.firm.id))).pipeline.totals.count).toBe(2);
  });

  it('buckets the open pipeline by the calendar quarter of the decision date', async () => {
    const response = await north.manager.get('/api/v1/reports/weighted-by-quarter');
    expect(response.statusCode, response.body).toBe(200);
    const { euro, yen, colleague } = deals;
    const privateDeal = deals.private!;
    expect(response.data).toMatchObject({ currency: 'USD', status: 'open' });
    expect(response.data.quarters).toEqual([
      {
        quarter: '2027-Q1',
        from: '2027-01-01',
        to: '2027-03-31',
        count: 2,
        totalMinor: euro!.amountReportingMinor + yen!.amountReportingMinor,
        weightedMinor: euro!.weightedReportingMinor + yen!.weightedReportingMinor,
      },
      {
        quarter: '2027-Q2',
        from: '2027-04-01',
        to: '2027-06-30',
        count: 2,
        totalMinor: colleague!.amountReportingMinor + privateDeal.amountReportingMinor,
        weightedMinor: colleague!.weightedReportingMinor + privateDeal.weightedReportingMinor,
      },
    ]);
    expect(response.data.totals.count).toBe(4);
    const seller = (await north.seller.get('/api/v1/reports/weighted-by-quarter?displayCurrency=EUR')).data;
    expect(seller.currency).toBe('EUR');
    expect(
      seller.quarters.map((row: { quarter: string; count: number }) => [row.quarter, row.count]),
    ).toEqual([
      ['2027-Q1', 2],
      ['2027-Q2', 1],
    ]);
    expect(seller.quarters[0].totalMinor).toBe(
      fromUsdCents(euro!.amountReportingMinor + yen!.amountReportingMinor, 'EUR'),
    );
  });

  it('serves the board beside /opportunities/:id without the two colliding', async () => {
    const board = await north.seller.get('/api/v1/opportunities/board');
    expect(board.statusCode, board.body).toBe(200);
    expect(board.data.columns.map((column: { stage: string }) => column.stage)).toEqual(
      catalogOrder.slice(0, 7),
    );
    const one = await north.seller.get(`/api/v1/opportunities/${deals.euro!.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.data.id).toBe(deals.euro!.id);
    expect((await north.seller.get('/api/v1/opportunities/boards')).statusCode).toBe(400);
  });

  it('lists the reports in the OpenAPI document', async () => {
    const response = await t.request({ method: 'GET', url: '/api/openapi.json' });
    const paths = Object.keys(response.data.paths);
    for (const path of [
      '/api/v1/reports/pipeline',
      '/api/v1/reports/weighted-by-quarter',
      '/api/v1/reports/win-loss',
      '/api/v1/reports/time-in-stage',
      '/api/v1/reports/home',
      '/api/v1/opportunities/board',
    ]) {
      expect(paths).toContain(path);
    }
  });

  it('asks for a sign-in', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/reports/pipeline' });
    expect(response.statusCode).toBe(401);
  });
});
