import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvOf, importCsv } from '../../../test/support/import-helpers.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestFirm,
  type TestUser,
} from '../../../test/support/test-app.ts';
import { runImport } from './import.service.ts';

describe.each(engines)('CSV import on %s', (engine) => {
  let t: TestContext;
  let vendor: TestFirm;
  let partner: TestFirm;
  let otherPartner: TestFirm;
  let seller: TestUser;
  let colleague: TestUser;
  let manager: TestUser;
  let otherSeller: TestUser;
  let vendorRep: TestUser;
  let reviewer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    vendor = await t.firm({ kind: 'vendor', name: 'Helio Systems' });
    partner = await t.firm({ name: 'Brightpath Solutions' });
    otherPartner = await t.firm({ name: 'Southbay Partners' });
    seller = await t.user({
      firm: partner,
      role: 'seller',
      name: 'Sam Seller',
      email: 'sam@brightpath.test',
    });
    colleague = await t.user({ firm: partner, role: 'seller', name: 'Cleo Colleague' });
    manager = await t.user({ firm: partner, role: 'manager', name: 'Mia Manager' });
    otherSeller = await t.user({ firm: otherPartner, role: 'seller', name: 'Oscar Other' });
    vendorRep = await t.user({ firm: vendor, role: 'vendor-rep' });
    reviewer = await t.user({ firm: vendor, role: 'vendor-reviewer' });
    admin = await t.user({ firm: vendor, role: 'admin' });
    const products = csvOf([
      ['product', 'series', 'sales_price', 'part number'],
      ['GTX Pro', 'GTX', '4821', 'GTX-PRO-1'],
      ['MG Special', 'MG', '55', ''],
    ]);
    const imported = await importCsv(admin, 'products', products);
    expect(imported.data.status, imported.body).toBe('succeeded');
  });
  afterAll(() => t.close());

  async function count(table: 'clients' | 'contacts' | 'opportunities' | 'line_items' | 'audit_entries') {
    const row = await t.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async function clientByName(user: TestUser, name: string) {
    const list = await user.get(`/api/v1/clients?q=${encodeURIComponent(name)}&limit=200`);
    return list.data.items.find((client: { name: string }) => client.name === name);
  }

  it('imports clients with their parents in any order, mapping headers by name, and answers the job', async () => {
    const csv = csvOf([
      ['Account', 'Sector', 'Office location', 'Subsidiary of', 'Employees', 'Client number', 'Revenue'],
      ['Globex Kenya', 'retail', 'Kenya', 'Globex Group', '1,200', 'GLX-KE', '12.5'],
      ['Globex Group', 'retail', 'United States', '', '5000', 'GLX', '400'],
      ['Globex Kenya Retail', 'retail', 'Kenya', 'glx-ke', '80', '', ''],
    ]);
    const response = await importCsv(seller, 'clients', csv);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers.location).toBe(`/api/v1/import-jobs/${response.data.id}`);
    expect(response.data).toMatchObject({
      type: 'clients',
      status: 'succeeded',
      dryRun: false,
      totalRows: 3,
      processedRows: 3,
      createdCount: 3,
      errorCount: 0,
      report: {
        mapping: {
          Account: 'name',
          Sector: 'industry',
          'Office location': 'country',
          'Subsidiary of': 'parent',
          Employees: 'employees',
          'Client number': 'clientNumber',
        },
        ignoredColumns: ['Revenue'],
        errors: [],
      },
    });
    const kenya = await clientByName(seller, 'Globex Kenya');
    expect(kenya).toMatchObject({
      clientNumber: 'GLX-KE',
      industry: 'retail',
      employees: 1200,
      parentClientName: 'Globex Group',
      ownerFirmId: partner.id,
    });
    expect((await clientByName(seller, 'Globex Kenya Retail')).parentClientId).toBe(kenya.id);
    const changes = await seller.get(`/api/v1/clients/${kenya.id}/changes`);
    expect(changes.data.items.map((entry: { action: string }) => entry.action)).toEqual(['create']);
    const job = await seller.get(`/api/v1/import-jobs/${response.data.id}`);
    expect(job.statusCode).toBe(200);
    expect(job.data).toEqual(response.data);
  });

  it('checks everything in a dry run, reports what it would create and writes nothing', async () => {
    const before = { clients: await count('clients'), audit: await count('audit_entries') };
    const csv = csvOf([
      ['name', 'country', 'parent'],
      ['Dry Parent', 'Norway', ''],
      ['Dry Child', 'Norway', 'Dry Parent'],
    ]);
    const response = await importCsv(seller, 'clients', csv, 'dryRun=true');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.data).toMatchObject({
      dryRun: true,
      status: 'succeeded',
      createdCount: 2,
      report: { created: { clients: 2 }, errors: [] },
    });
    expect(await count('clients')).toBe(before.clients);
    expect(await count('audit_entries')).toBe(before.audit);
    expect(await clientByName(seller, 'Dry Parent')).toBeUndefined();
  });

  it('reports every bad row of a client file with its column, and writes none of the good ones', async () => {
    const before = await count('clients');
    const csv = csvOf([
      ['name', 'employees', 'website', 'client number', 'parent'],
      ['Good One', '10', 'www.good.example', 'GOOD-1', ''],
      ['', '10', '', '', ''],
      ['Many People', 'many', '', '', ''],
      ['Bad Site', '', 'not a site', '', ''],
      ['Twice', '', '', 'GOOD-1', ''],
      ['Orphan', '', '', '', 'No Such Parent'],
      ['Good Two', '', '', '', 'Good One'],
    ]);
    const response = await importCsv(seller, 'clients', csv);
    expect(response.statusCode).toBe(201);
    expect(response.data).toMatchObject({ status: 'failed', createdCount: 0, errorCount: 5 });
    expect(response.data.report.errors).toEqual([
      { row: 3, column: 'name', field: 'name', message: 'is required' },
      { row: 4, column: 'employees', field: 'employees', message: '"many" is not a whole number' },
      { row: 5, column: 'website', field: 'website', message: 'must be a web address' },
      { row: 6, column: 'client number', field: 'clientNumber', message: 'is also on row 2 of the file' },
      {
        row: 7,
        column: 'parent',
        field: 'parent',
        message: 'no client you can see has the client number or name "No Such Parent"',
      },
    ]);
    expect(await count('clients')).toBe(before);
    expect(await clientByName(seller, 'Good One')).toBeUndefined();
  });

  it('reports every bad row of an opportunity file, gates included, and writes nothing', async () => {
    await seller.post('/api/v1/clients', { name: 'Initrode', clientNumber: 'INI-1' });
    const before = { opportunities: await count('opportunities'), lines: await count('line_items') };
    const csv = csvOf([
      ['name', 'client', 'stage', 'decision date', 'product', 'amount', 'owner'],
      ['Fine deal', 'INI-1', 'identify', '2027-01-31', 'GTX Pro', '', ''],
      ['Bad date', 'INI-1', 'identify', '31/01/2027', '', '', ''],
      ['Bad stage', 'INI-1', 'sleeping', '', '', '', ''],
      ['Bad product', 'INI-1', '', '', 'Quantum Toaster', '', ''],
      ['Skips a gate', 'INI-1', 'qualify', '', '', '', ''],
      ['Bad owner', 'INI-1', '', '', '', '', 'nobody@nowhere.test'],
      ['Bad amount', 'INI-1', '', '', '', '12.345', ''],
      ['', 'No Such Client', '', '', '', '', ''],
    ]);
    const response = await importCsv(seller, 'opportunities', csv);
    expect(response.data.status, response.body).toBe('failed');
    const errors = response.data.report.errors as {
      row: number;
      column: string;
      field: string;
      message: string;
    }[];
    expect(errors.map((error) => [error.row, error.column])).toEqual([
      [3, 'decision date'],
      [4, 'stage'],
      [5, 'product'],
      [6, 'stage'],
      [7, 'owner'],
      [8, 'amount'],
      [9, 'client'],
    ]);
    expect(errors.find((error) => error.row === 6)?.message).toMatch(/at least one line item with an amount/);
    expect(await count('opportunities')).toBe(before.opportunities);
    expect(await count('line_items')).toBe(before.lines);
  });

  it('matches clients by number or name, contacts by email or name, owners by email or name, products by part number or offering', async () => {
    const client = await seller.post('/api/v1/clients', {
      name: 'Vandelay Industries',
      clientNumber: 'VAN-77',
    });
    const contacts = csvOf([
      ['client', 'full name', 'email', 'title'],
      ['van-77', 'Art Vandelay', 'ART@vandelay.test', 'CEO'],
      ['  vandelay industries ', 'Kel Varnsen', '', 'Buyer'],
    ]);
    const contactJob = await importCsv(seller, 'contacts', contacts);
    expect(contactJob.data, contactJob.body).toMatchObject({ status: 'succeeded', createdCount: 2 });
    const listed = await seller.get(`/api/v1/contacts?clientId=${client.data.id}`);
    expect(
      listed.data.items.map((contact: { firstName: string; lastName: string; email: string | null }) => [
        contact.firstName,
        contact.lastName,
        contact.email,
      ]),
    ).toEqual([
      ['Art', 'Vandelay', 'art@vandelay.test'],
      ['Kel', 'Varnsen', null],
    ]);

    const deals = csvOf([
      ['name', 'client', 'primary contact', 'owner', 'stage', 'product', 'quantity'],
      ['By numbers', 'VAN-77', 'art@vandelay.test', colleague.email, 'validate', 'gtx-pro-1', '2'],
      ['By names', 'Vandelay Industries', 'kel varnsen', 'cleo colleague', 'validate', 'GTXPro', ''],
    ]);
    const job = await importCsv(seller, 'opportunities', deals);
    expect(job.data.status, job.body).toBe('succeeded');
    const found = await seller.get(`/api/v1/opportunities?clientId=${client.data.id}&sort=name`);
    expect(
      found.data.items.map((deal: Record<string, unknown>) => [
        deal.name,
        deal.primaryContactName,
        deal.ownerId,
        deal.amountMinor,
        deal.stage,
      ]),
    ).toEqual([
      ['By names', 'Kel Varnsen', colleague.id, 482_100, 'validate'],
      ['By numbers', 'Art Vandelay', colleague.id, 964_200, 'validate'],
    ]);
    const team = await seller.get(`/api/v1/opportunities/${found.data.items[0].id}/team`);
    expect(
      team.data.items.map((member: { userId: number; access: string }) => [member.userId, member.access]),
    ).toEqual(
      expect.arrayContaining([
        [colleague.id, 'edit'],
        [seller.id, 'edit'],
      ]),
    );
  });

  it('asks for the number when a name matches several records', async () => {
    await seller.post('/api/v1/clients', { name: 'Twin Co', clientNumber: 'TWIN-A' });
    await seller.post('/api/v1/clients', { name: 'Twin Co', clientNumber: 'TWIN-B' });
    const response = await importCsv(
      seller,
      'contacts',
      csvOf([
        ['client', 'last name'],
        ['Twin Co', 'Ambiguous'],
        ['TWIN-B', 'Clear'],
      ]),
    );
    expect(response.data.status).toBe('failed');
    expect(response.data.report.errors).toEqual([
      expect.objectContaining({
        row: 2,
        field: 'client',
        message: expect.stringMatching(/matches 2 clients.*client number/),
      }),
    ]);
  });

  it('never lets a partner attach rows to another partner’s client, and accepts the vendor’s', async () => {
    const hidden = await otherSeller.post('/api/v1/clients', { name: 'Hidden Harbor', clientNumber: 'HH-1' });
    expect(hidden.statusCode).toBe(201);
    const shared = await vendorRep.post('/api/v1/clients', { name: 'Shared Vendor Client' });
    const before = { contacts: await count('contacts'), opportunities: await count('opportunities') };
    const contacts = await importCsv(
      seller,
      'contacts',
      csvOf([
        ['client', 'last name'],
        ['Hidden Harbor', 'Spy'],
        ['HH-1', 'Spy'],
        ['Shared Vendor Client', 'Welcome'],
      ]),
    );
    expect(
      contacts.data.report.errors.map((error: { row: number; field: string }) => [error.row, error.field]),
    ).toEqual([
      [2, 'client'],
      [3, 'client'],
    ]);
    const deals = await importCsv(
      seller,
      'opportunities',
      csvOf([
        ['name', 'client'],
        ['Poaching', 'HH-1'],
      ]),
    );
    expect(deals.data.report.errors).toEqual([
      expect.objectContaining({
        row: 2,
        field: 'client',
        message: expect.stringMatching(/no client you can see/),
      }),
    ]);
    expect(await count('contacts')).toBe(before.contacts);
    expect(await count('opportunities')).toBe(before.opportunities);
    const alone = await importCsv(
      seller,
      'contacts',
      csvOf([
        ['client', 'last name'],
        [shared.data.clientNumber, 'Welcome'],
      ]),
    );
    expect(alone.data.status).toBe('succeeded');
  });

  it('imports deals with several line items, closed deals with their history, and labelled placeholders', async () => {
    await seller.post('/api/v1/clients', { name: 'Umbrella Labs', clientNumber: 'UMB-1' });
    const csv = csvOf([
      [
        'opportunity_id',
        'account',
        'sales_agent',
        'deal_stage',
        'engage_date',
        'close_date',
        'product',
        'close_value',
      ],
      ['D-1', 'UMB-1', 'Sam Seller', 'Engaging', '2016-10-20', '', 'GTX Pro', ''],
      ['D-1', 'UMB-1', '', '', '', '', 'MG Special', '50'],
      ['D-2', 'UMB-1', 'Ghost Agent', 'Won', '2016-11-01', '2017-03-01', 'GTX Pro', '4514'],
      ['D-3', '', 'Ghost Agent', 'Lost', '2016-11-02', '2017-02-01', 'MG Special', '0'],
    ]);
    const strict = await importCsv(seller, 'opportunities', csv);
    expect(strict.data.status).toBe('failed');
    expect(
      strict.data.report.errors.map((error: { row: number; field: string }) => [error.row, error.field]),
    ).toEqual([
      [2, 'stage'],
      [4, 'owner'],
      [5, 'client'],
      [5, 'owner'],
    ]);

    const response = await importCsv(
      seller,
      'opportunities',
      csv,
      'placeholders=true&unmatchedOwners=importer',
    );
    expect(response.data.status, response.body).toBe('succeeded');
    expect(response.data.report).toMatchObject({
      created: { opportunities: 3, lineItems: 4, clients: 1, contacts: 2 },
      placeholdersCreated: { clients: 1, contacts: 2 },
      stageMap: { Won: 'won>completed', Lost: 'validate>lost' },
    });
    expect(response.data.report.warnings).toEqual(
      expect.arrayContaining([
        {
          field: 'owner',
          message: '"Ghost Agent" is not a user of your firm; those deals are yours',
          rows: 2,
        },
        expect.objectContaining({ field: 'client', rows: 1 }),
        expect.objectContaining({ field: 'competitor', rows: 1 }),
      ]),
    );
    const umbrella = await clientByName(seller, 'Umbrella Labs');
    const deals = await seller.get(`/api/v1/opportunities?clientId=${umbrella.id}&sort=name`);
    const [engaging, won] = deals.data.items;
    expect(engaging).toMatchObject({
      name: 'Umbrella Labs – GTX Pro (D-1)',
      stage: 'validate',
      amountMinor: 482_100 + 5_000,
      lineItemCount: 2,
      primaryContactName: '(no contact in source)',
      createdAt: '2016-10-20T00:00:00.000Z',
      decisionDate: '2017-01-18',
    });
    expect(won).toMatchObject({
      stage: 'completed',
      outcome: 'won',
      amountMinor: 451_400,
      decisionDate: '2017-03-01',
      closedAt: '2017-03-01T00:00:00.000Z',
      isRateFrozen: true,
      ownerId: seller.id,
    });
    const history = await seller.get(`/api/v1/opportunities/${won.id}/history`);
    expect(
      history.data.items.map((change: Record<string, unknown>) => [
        change.kind,
        change.fromStage,
        change.toStage,
        change.changedAt,
      ]),
    ).toEqual([
      ['create', null, 'won', '2016-11-01T00:00:00.000Z'],
      ['stage', 'won', 'completed', '2017-03-01T00:00:00.000Z'],
    ]);
    const lines = await seller.get(`/api/v1/opportunities/${won.id}/line-items`);
    expect(lines.data.items.map((line: { outcome: string }) => line.outcome)).toEqual(['won']);
    const placeholder = await clientByName(seller, '(no account in source)');
    const lost = (await seller.get(`/api/v1/opportunities?clientId=${placeholder.id}`)).data.items[0];
    expect(lost).toMatchObject({
      stage: 'lost',
      amountMinor: 0,
      competitor: 'Unknown (not in the source data)',
      closeNote: 'Imported as lost from the source data',
    });
    const lostHistory = await seller.get(`/api/v1/opportunities/${lost.id}/history`);
    expect(lostHistory.data.items.map((change: { toStage: string }) => change.toStage)).toEqual([
      'validate',
      'lost',
    ]);
  });

  it('takes the mapping as a query parameter or a header, and refuses a wrong one naming it', async () => {
    const csv = csvOf([
      ['Firma', 'Land', 'Notiz'],
      ['Mapped GmbH', 'Germany', 'x'],
    ]);
    const byQuery = await importCsv(
      seller,
      'clients',
      csv,
      `dryRun=true&mapping=${encodeURIComponent(JSON.stringify({ Firma: 'name', Land: 'country', Notiz: null }))}`,
    );
    expect(byQuery.data, byQuery.body).toMatchObject({
      status: 'succeeded',
      report: { mapping: { Firma: 'name', Land: 'country' }, ignoredColumns: ['Notiz'] },
    });
    const byHeader = await seller.request('POST', '/api/v1/import/clients?dryRun=true', csv, {
      'content-type': 'text/csv; charset=utf-8',
      'x-import-mapping': JSON.stringify({ Firma: 'name' }),
    });
    expect(byHeader.data.status, byHeader.body).toBe('succeeded');
    const unmapped = await importCsv(seller, 'clients', csv);
    expect(unmapped.statusCode).toBe(400);
    expect(unmapped.data.error.details.fields).toEqual([
      { field: 'mapping', message: expect.stringMatching(/no column maps to name/) },
    ]);
    const wrong = await importCsv(
      seller,
      'clients',
      csv,
      `mapping=${encodeURIComponent('{"Firma":"colour"}')}`,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.data.error.details.fields[0].field).toBe('mapping.Firma');
    const notJson = await importCsv(seller, 'clients', csv, 'mapping=nope');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.data.error.details.fields[0].field).toBe('mapping');
  });

  it('refuses what is not a CSV file, callers without the right, and shows a job to its importer only', async () => {
    const json = await seller.post('/api/v1/import/clients', { name: 'x' });
    expect(json.statusCode).toBe(415);
    expect(json.data.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const empty = await importCsv(seller, 'clients', '');
    expect(empty.statusCode).toBe(400);
    const broken = await importCsv(seller, 'clients', 'name\n"unclosed');
    expect(broken.statusCode).toBe(400);
    expect(broken.data.error.details.fields[0].field).toBe('file');
    expect((await importCsv(reviewer, 'clients', 'name\nNope')).statusCode).toBe(403);
    expect((await importCsv(seller, 'products', 'offering,family\nX,Y')).statusCode).toBe(403);
    expect((await importCsv(admin, 'opportunities', 'name,client\nX,Y')).statusCode).toBe(403);
    expect((await importCsv(seller, 'planets', 'name\nX')).statusCode).toBe(400);

    const job = await importCsv(seller, 'clients', 'name\nVisible To Me Only', 'dryRun=true');
    expect((await seller.get(`/api/v1/import-jobs/${job.data.id}`)).statusCode).toBe(200);
    expect((await manager.get(`/api/v1/import-jobs/${job.data.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/import-jobs/${job.data.id}`)).statusCode).toBe(404);
    const mine = await seller.get('/api/v1/import-jobs');
    expect(mine.data.items[0].id).toBe(job.data.id);
    expect((await manager.get('/api/v1/import-jobs')).data.items).toEqual([]);
  });

  it('refuses a file that is not UTF-8, naming its first bad row and column, and writes nothing', async () => {
    const before = {
      clients: await count('clients'),
      jobs: (await seller.get('/api/v1/import-jobs')).data.items.length,
    };
    // Latin-1: ü is the single byte 0xFC, which UTF-8 never has on its own.
    const latin1 = Buffer.concat([
      Buffer.from('name,country\nFine Client,Norway\n"M', 'utf8'),
      Buffer.from([0xfc]),
      Buffer.from('ller GmbH",Germany\n', 'utf8'),
    ]);
    const refused = await importCsv(seller, 'clients', latin1 as unknown as string);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.data.error.code).toBe('VALIDATION_FAILED');
    expect(refused.data.error.message).toMatch(/not UTF-8/);
    expect(refused.data.error.details).toMatchObject({ row: 3, column: 'name' });
    expect(refused.data.error.details.fields).toEqual([
      { field: 'file', message: expect.stringMatching(/^is not UTF-8 text: row 3, column "name"/) },
    ]);
    const inCountry = Buffer.concat([Buffer.from('name;country\nA;Norway\nB;Ã'), Buffer.from([0xa9, 0xa9])]);
    const second = await importCsv(seller, 'clients', inCountry as unknown as string, 'dryRun=true');
    expect(second.statusCode, second.body).toBe(400);
    expect(second.data.error.details).toMatchObject({ row: 3, column: 'country' });
    expect(await count('clients')).toBe(before.clients);
    expect((await seller.get('/api/v1/import-jobs')).data.items.length).toBe(before.jobs);

    // The same text in UTF-8, with or without a byte order mark, is imported as written.
    const utf8 = Buffer.from('\uFEFFname,country\n"Müller Bau GmbH",Germany\n', 'utf8');
    const accepted = await importCsv(seller, 'clients', utf8 as unknown as string);
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.data.status).toBe('succeeded');
    expect((await clientByName(seller, 'Müller Bau GmbH'))?.country).toBe('Germany');
  });

  it('accepts files larger than the API’s 1 MiB body limit', async () => {
    const padding = 'x'.repeat(400_000);
    const csv = csvOf([
      ['name', 'padding'],
      ['Big File One', padding],
      ['Big File Two', padding],
      ['Big File Three', padding],
    ]);
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const response = await importCsv(seller, 'clients', csv, 'dryRun=true');
    expect(response.statusCode, response.body.slice(0, 300)).toBe(201);
    expect(response.data).toMatchObject({ status: 'succeeded', createdCount: 3 });
  });

  // SQLite's one connection belongs to the import's transaction until it ends; PostgreSQL's job row
  // is updated from another connection while the import runs.
  it.runIf(engine === 'postgres')(
    'shows the running job’s progress while a big import runs',
    async () => {
      await seller.post('/api/v1/clients', { name: 'Progress Client', clientNumber: 'PRG-1' });
      const rows = Array.from({ length: 4_000 }, (_, index) => [`Deal ${index}`, 'PRG-1', 'GTX-PRO-1']);
      const csv = csvOf([['name', 'client', 'product'], ...rows]);
      const seen: { status: string; processed: number }[] = [];
      let calls = 0;
      const job = await runImport(t.database.db, seller.principal, {
        type: 'opportunities',
        csv,
        options: { dryRun: true, placeholders: false, unmatchedOwners: 'error' },
        onProgress: async () => {
          calls += 1;
          if (calls % 250 !== 0) return;
          const row = await t.database.db
            .selectFrom('import_jobs')
            .select(['status', 'processed_rows', 'total_rows'])
            .where('user_id', '=', seller.id)
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow();
          expect(row.total_rows).toBe(4_000);
          seen.push({ status: row.status, processed: row.processed_rows });
        },
      });
      expect(job).toMatchObject({ status: 'succeeded', processedRows: 4_000, createdCount: 4_000 });
      expect(seen.every((each) => each.status === 'running')).toBe(true);
      expect(seen.some((each) => each.processed > 0 && each.processed < 4_000)).toBe(true);
    },
    120_000,
  );

  it('lists the fields a column can map to, with the headers that map on their own', async () => {
    const response = await seller.get('/api/v1/import/opportunities/fields');
    expect(response.statusCode).toBe(200);
    const client = response.data.items.find((field: { field: string }) => field.field === 'client');
    expect(client).toMatchObject({
      required: true,
      aliases: expect.arrayContaining(['account', 'clientNumber']),
    });
    expect(response.data.items.map((field: { field: string }) => field.field)).toEqual(
      expect.arrayContaining(['externalId', 'owner', 'stage', 'closedDate', 'product', 'unitPrice']),
    );
  });

  it('documents the routes in OpenAPI', async () => {
    const paths = Object.keys((await t.request({ method: 'GET', url: '/api/openapi.json' })).data.paths);
    for (const path of [
      '/api/v1/import/{type}',
      '/api/v1/import/{type}/fields',
      '/api/v1/import-jobs/{id}',
      '/api/v1/clients/export',
      '/api/v1/contacts/export',
      '/api/v1/opportunities/export',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
