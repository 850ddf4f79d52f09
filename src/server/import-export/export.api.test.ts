import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv, readCsvRecords } from '../../../test/support/import-helpers.ts';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';
import { nowIso } from '../clock.ts';

describe.each(engines)('CSV export on %s', (engine) => {
  let t: TestContext;
  let world: OpportunityWorld;
  let seller: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    world = await createOpportunityWorld(t);
    seller = world.seller;
  });
  afterAll(() => t.close());

  async function exported(user: TestUser, url: string) {
    const response = await user.get(url);
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    return { response, records: readCsvRecords(response.body) };
  }

  async function listIds(user: TestUser, url: string): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { items: { id: number }[]; nextCursor: string | null } } = await user.get(
        `${url}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      ids.push(...page.data.items.map((item) => item.id));
      cursor = page.data.nextCursor;
    } while (cursor);
    return ids;
  }

  it('exports the clients list as shown: its filters and sort, a file to save, never another partner’s', async () => {
    for (const name of ['Fjord Fisheries', 'Aurora Analytics', 'Bergen Bikes']) {
      await seller.post('/api/v1/clients', { name, country: 'Norway', industry: 'Retail' });
    }
    await seller.post('/api/v1/clients', { name: 'Nairobi Nets', country: 'Kenya' });
    await world.otherSeller.post('/api/v1/clients', { name: 'Oslo Secret', country: 'Norway' });
    const { response, records } = await exported(seller, '/api/v1/clients/export?country=Norway&sort=-name');
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="clients-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(records.map((record) => record.name)).toEqual([
      'Fjord Fisheries',
      'Bergen Bikes',
      'Aurora Analytics',
    ]);
    expect(records.map((record) => Number(record.id))).toEqual(
      await listIds(seller, '/api/v1/clients?country=Norway&sort=-name'),
    );
    expect(records[0]).toMatchObject({
      country: 'Norway',
      industry: 'Retail',
      ownerFirmName: world.partner.name,
    });
    const everything = await exported(seller, '/api/v1/clients/export');
    expect(everything.records.map((record) => record.name)).not.toContain('Oslo Secret');
    expect(everything.records.map((record) => record.name)).toContain('Acme Manufacturing');
  });

  it('pages through every visible record, past the first thousand', async () => {
    const firm = await t.firm();
    const user = await t.user({ firm, role: 'seller' });
    const now = nowIso();
    await t.database.db
      .insertInto('clients')
      .values(
        Array.from({ length: 1_234 }, (_, index) => ({
          client_number: `BULK-${engine}-${index}`,
          name: `Bulk client ${String(index).padStart(4, '0')}`,
          owner_firm_id: firm.id,
          is_vendor_registered: 0,
          created_by: user.id,
          updated_by: user.id,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    const { records } = await exported(
      user,
      '/api/v1/clients/export?vendorRegistered=false&columns=name,clientNumber',
    );
    expect(records).toHaveLength(1_234);
    expect(Object.keys(records[0]!)).toEqual(['name', 'clientNumber']);
    expect(new Set(records.map((record) => record.clientNumber)).size).toBe(1_234);
    expect(records[1_233]!.name).toBe('Bulk client 1233');
  });

  it('exports contacts filtered by client, as the contacts list shows them', async () => {
    const { records } = await exported(seller, `/api/v1/contacts/export?clientId=${world.clientId}`);
    expect(records.map((record) => record.fullName)).toEqual(['Dana Decider', 'Ian Influencer']);
    expect(records.map((record) => Number(record.id))).toEqual(
      await listIds(seller, `/api/v1/contacts?clientId=${world.clientId}`),
    );
  });

  it('writes money as a decimal in the deal’s currency with the code and the minor units, and honours filters', async () => {
    const { clientId, productId } = world;
    const euro = await seller.post('/api/v1/opportunities', {
      name: 'Euro deal',
      clientId,
      currency: 'EUR',
      amountMinor: 123_456,
      decisionDate: '2027-02-01',
    });
    expect(euro.statusCode, euro.body).toBe(201);
    const yen = await seller.post('/api/v1/opportunities', {
      name: 'Yen deal',
      clientId,
      currency: 'JPY',
      amountMinor: 50_000,
      decisionDate: '2027-02-02',
    });
    expect(yen.statusCode, yen.body).toBe(201);
    const priced = await seller.post('/api/v1/opportunities', {
      name: 'Priced deal',
      clientId,
      primaryContactId: world.contactId,
      stage: 'qualify',
      decisionDate: '2027-02-03',
      lineItems: [
        { productId, quantity: 2, unitPriceMinor: 100_000 },
        { description: 'Installation', unitPriceMinor: 25_050 },
      ],
    });
    expect(priced.statusCode, priced.body).toBe(201);
    await world.colleague.post('/api/v1/opportunities', { name: 'Colleague deal', clientId });
    await world.otherSeller.post('/api/v1/opportunities', { name: 'Other firm deal', clientId });

    const { records } = await exported(
      seller,
      '/api/v1/opportunities/export?sort=decisionDate&columns=name,currency,amount,amountMinor,reportingCurrency,amountReportingMinor',
    );
    expect(records.map((record) => record.name)).toEqual(['Euro deal', 'Yen deal', 'Priced deal']);
    expect(records[0]).toMatchObject({
      currency: 'EUR',
      amount: '1234.56',
      amountMinor: '123456',
      reportingCurrency: 'USD',
    });
    expect(Number(records[0]!.amountReportingMinor)).toBe(euro.data.amountReportingMinor);
    expect(records[1]).toMatchObject({ currency: 'JPY', amount: '50000', amountMinor: '50000' });
    expect(records[2]).toMatchObject({ currency: 'USD', amount: '2250.50', amountMinor: '225050' });

    const filtered = await exported(
      seller,
      '/api/v1/opportunities/export?stage=qualify,propose&sort=-amount',
    );
    expect(filtered.records.map((record) => Number(record.id))).toEqual(
      await listIds(seller, '/api/v1/opportunities?stage=qualify,propose&sort=-amount'),
    );
    expect(filtered.records.map((record) => record.name)).toEqual(['Priced deal']);

    const managed = await exported(world.manager, '/api/v1/opportunities/export?columns=name');
    expect(managed.records.map((record) => record.name).sort()).toEqual(
      ['Colleague deal', 'Euro deal', 'Priced deal', 'Yen deal'].sort(),
    );
    const vendorView = await exported(
      world.reviewer,
      '/api/v1/opportunities/export?columns=name,ownerFirmName',
    );
    expect(vendorView.records.map((record) => record.name)).toEqual(
      expect.arrayContaining(['Other firm deal', 'Euro deal']),
    );
  });

  it('gives one row per line item with lineItems=true, the opportunity repeated on each', async () => {
    const { records } = await exported(
      seller,
      '/api/v1/opportunities/export?q=priced&lineItems=true&columns=number,name,amount,linePosition,product,partNumber,lineDescription,quantity,unitPrice,lineAmount,lineOutcome',
    );
    expect(records).toHaveLength(2);
    expect(records[0]!.number).toBe(records[1]!.number);
    expect(records[0]).toMatchObject({
      amount: '2250.50',
      linePosition: '1',
      product: 'Helio Compute GTX servers · GTX Pro',
      quantity: '2',
      unitPrice: '1000.00',
      lineAmount: '2000.00',
      lineOutcome: 'open',
    });
    expect(records[1]).toMatchObject({
      linePosition: '2',
      product: '',
      lineDescription: 'Installation',
      lineAmount: '250.50',
    });
    const withoutLines = await exported(
      seller,
      '/api/v1/opportunities/export?q=euro&lineItems=true&columns=name,product',
    );
    expect(withoutLines.records).toEqual([{ name: 'Euro deal', product: '' }]);
  });

  it('refuses unknown columns, line columns without lineItems and paging parameters, before sending anything', async () => {
    const unknown = await seller.get('/api/v1/clients/export?columns=name,password');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.data.error.details.fields[0].field).toMatch(/^columns/);
    const lines = await seller.get('/api/v1/opportunities/export?columns=name,lineAmount');
    expect(lines.statusCode).toBe(400);
    expect(lines.data.error.details.fields[0]).toMatchObject({ field: 'columns' });
    expect((await seller.get('/api/v1/contacts/export?limit=5')).statusCode).toBe(400);
    expect((await seller.get('/api/v1/opportunities/export?stage=NOT%20A%20CODE')).statusCode).toBe(400);
  });

  it('keeps text that a spreadsheet would run as a formula inert, and reads it back unchanged', async () => {
    const name = '=HYPERLINK("http://evil.example","click")';
    await seller.post('/api/v1/clients', { name, country: 'Formulaland', phone: '+47 22 00 00 00' });
    const { response, records } = await exported(
      seller,
      '/api/v1/clients/export?country=Formulaland&columns=name,country,phone',
    );
    expect(response.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(records[0]).toEqual({ name: `'${name}`, country: 'Formulaland', phone: "'+47 22 00 00 00" });
    const reimport = await importCsv(seller, 'clients', response.body, 'dryRun=true');
    expect(reimport.data.status, reimport.body).toBe('succeeded');
    const roundTrip = await importCsv(seller, 'clients', response.body);
    expect(roundTrip.data.status).toBe('succeeded');
    const again = await exported(seller, '/api/v1/clients/export?country=Formulaland&columns=name,phone');
    expect(again.records.map((record) => record.name)).toEqual([`'${name}`, `'${name}`]);
    const list = await seller.get('/api/v1/clients?country=Formulaland');
    expect(
      list.data.items.map((client: { name: string; phone: string }) => [client.name, client.phone]),
    ).toEqual([
      [name, '+47 22 00 00 00'],
      [name, '+47 22 00 00 00'],
    ]);
  });

  it('keeps formulas after a semicolon, tab or line break inert too, and reads them back unchanged', async () => {
    const name = "Semicolon Corp x;=cmd|' /C calc'!A0";
    const description = 'first line\n@SUM(1+1)*cmd|\tnext\t-2+3';
    const created = await seller.post('/api/v1/clients', { name, description, country: 'Splitland' });
    expect(created.statusCode).toBe(201);
    const { response, records } = await exported(
      seller,
      '/api/v1/clients/export?country=Splitland&columns=id,name,description,employees',
    );
    expect(records[0]).toMatchObject({
      name: "Semicolon Corp x;'=cmd|' /C calc'!A0",
      description: "first line\n'@SUM(1+1)*cmd|\tnext\t'-2+3",
    });
    // However a spreadsheet splits the file — commas, semicolons, tabs, lines — no part starts a formula.
    const parts = response.body.split(/[,;\t\r\n]/).map((part) => part.replace(/^[\s"]+/, ''));
    expect(parts.filter((part) => /^[=+\-@]/.test(part))).toEqual([]);
    const roundTrip = await importCsv(seller, 'clients', response.body);
    expect(roundTrip.data.status, roundTrip.body).toBe('succeeded');
    const stored = await seller.get(`/api/v1/clients/${created.data.id}`);
    expect([stored.data.name, stored.data.description]).toEqual([name, description]);
  });

  it('writes negative amounts in numeric columns as numbers, without an apostrophe', async () => {
    const opportunity = await seller.post('/api/v1/opportunities', {
      name: 'Credit note deal',
      contactId: world.contactId,
      lineItems: [{ description: '-Credit; =refund', unitPriceMinor: 12550 }],
    });
    expect(opportunity.statusCode, opportunity.body).toBe(201);
    // The API takes no negative amounts; a credit written by another tool still exports as a number.
    await t.database.db
      .updateTable('line_items')
      .set({ amount_minor: -12550 })
      .where('opportunity_id', '=', opportunity.data.id)
      .execute();
    const { response, records } = await exported(
      seller,
      '/api/v1/opportunities/export?q=Credit&lineItems=true&columns=name,lineDescription,lineAmount,lineAmountMinor',
    );
    expect(records[0]).toEqual({
      name: 'Credit note deal',
      lineDescription: "'-Credit; '=refund",
      lineAmount: '-125.50',
      lineAmountMinor: '-12550',
    });
    expect(response.body).toContain(',-125.50,-12550');
  });
});
