import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvOf, importCsv } from '../support/import-helpers.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestFirm,
  type TestUser,
} from '../support/test-app.ts';

/**
 * Client and opportunity numbers: people may choose a client number, the server generates the
 * others (CL-######, OPP-YYYY-######). A generated number never collides with a chosen one, and a
 * chosen number is refused only when a record the caller can see already has it (SPEC §5: nothing
 * about invisible records leaks).
 */
describe.each(engines)('record numbers on %s', (engine) => {
  let t: TestContext;
  let vendor: TestFirm;
  let partner: TestFirm;
  let otherPartner: TestFirm;
  let thirdPartner: TestFirm;
  let seller: TestUser;
  let manager: TestUser;
  let otherSeller: TestUser;
  let thirdSeller: TestUser;
  let vendorRep: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    vendor = await t.firm({ kind: 'vendor', name: 'Helio Systems' });
    partner = await t.firm({ name: 'Northwind Partners' });
    otherPartner = await t.firm({ name: 'Southbay Partners' });
    thirdPartner = await t.firm({ name: 'Eastgate Partners' });
    seller = await t.user({ firm: partner, role: 'seller' });
    manager = await t.user({ firm: partner, role: 'manager' });
    otherSeller = await t.user({ firm: otherPartner, role: 'seller' });
    thirdSeller = await t.user({ firm: thirdPartner, role: 'seller' });
    vendorRep = await t.user({ firm: vendor, role: 'vendor-rep' });
    admin = await t.user({ firm: vendor, role: 'admin' });
  });
  afterAll(() => t.close());

  const clientNumber = (sequence: number) => `CL-${String(sequence).padStart(6, '0')}`;

  async function createClient(user: TestUser, body: Record<string, unknown>) {
    const response = await user.post('/api/v1/clients', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.data as { id: number; clientNumber: string; version: number };
  }

  /** The sequence value of the number the server generates next (it hands out one to find out). */
  async function nextGeneratedSequence(user: TestUser): Promise<number> {
    const probe = await createClient(user, { name: 'Numbering probe' });
    expect(probe.clientNumber).toMatch(/^CL-\d{6}$/);
    return Number(probe.clientNumber.slice(3)) + 1;
  }

  async function allClientNumbers(): Promise<string[]> {
    const rows = await t.database.db.selectFrom('clients').select('client_number').execute();
    return rows.map((row) => row.client_number);
  }

  it('generates numbers past the ones people chose, however many in a row, for every firm, by the API and by import', async () => {
    const next = await nextGeneratedSequence(seller);
    // The next five numbers squatted by one firm, the seventh by another, the eighth by the vendor.
    const squatted = [0, 1, 2, 3, 4].map((offset) => clientNumber(next + offset));
    for (const [index, number] of squatted.entries()) {
      await createClient(seller, { name: `Squatter ${index}`, clientNumber: number });
    }
    squatted.push(clientNumber(next + 6));
    await createClient(otherSeller, { name: 'Squatter far', clientNumber: clientNumber(next + 6) });
    squatted.push(clientNumber(next + 7));
    await createClient(vendorRep, { name: 'Squatter vendor', clientNumber: clientNumber(next + 7) });

    const generated: string[] = [];
    for (const user of [otherSeller, vendorRep, thirdSeller, seller]) {
      generated.push((await createClient(user, { name: `Generated for ${user.email}` })).clientNumber);
    }
    for (const user of [thirdSeller, vendorRep, otherSeller]) {
      const csv = csvOf([['name'], [`Imported one ${user.id}`], [`Imported two ${user.id}`]]);
      const job = await importCsv(user, 'clients', csv);
      expect(job.statusCode, job.body).toBe(201);
      expect(job.data.status, job.body).toBe('succeeded');
      const rows = await t.database.db
        .selectFrom('clients')
        .select('client_number')
        .where('name', 'like', `Imported % ${user.id}`)
        .execute();
      expect(rows).toHaveLength(2);
      generated.push(...rows.map((row) => row.client_number));
    }
    expect(generated).toHaveLength(10);
    for (const number of generated) {
      expect(number).toMatch(/^CL-\d{6}$/);
      expect(squatted).not.toContain(number);
    }
    expect(new Set(generated).size).toBe(generated.length);
    // Nothing generated is shared with any other client, live or deleted.
    const everyNumber = await allClientNumbers();
    for (const number of generated) expect(everyNumber.filter((each) => each === number)).toHaveLength(1);
    // The gap the squatters left is used, not skipped: the sixth number was free.
    expect(generated).toContain(clientNumber(next + 5));
  });

  it('passes over a long run of chosen numbers, for a single client and for an import', async () => {
    const next = await nextGeneratedSequence(seller);
    // 150 upcoming numbers chosen (written directly, as 150 requests would), by two firms.
    const now = new Date().toISOString();
    await t.database.db
      .insertInto('clients')
      .values(
        Array.from({ length: 150 }, (_, index) => ({
          client_number: clientNumber(next + index),
          name: `Long squat ${index}`,
          owner_firm_id: index % 2 ? partner.id : otherPartner.id,
          is_vendor_registered: 0,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    const single = await createClient(thirdSeller, { name: 'After the long squat' });
    expect(single.clientNumber).toBe(clientNumber(next + 150));
    const job = await importCsv(
      vendorRep,
      'clients',
      csvOf([['name'], ['Long import one'], ['Long import two'], ['Long import three']]),
    );
    expect(job.data.status, job.body).toBe('succeeded');
    const imported = await t.database.db
      .selectFrom('clients')
      .select('client_number')
      .where('name', 'like', 'Long import %')
      .orderBy('client_number')
      .execute();
    expect(imported.map((row) => row.client_number)).toEqual(
      [151, 152, 153].map((offset) => clientNumber(next + offset)),
    );
  });

  it('never generates a number already chosen, even by a request running at the same moment', async () => {
    const next = await nextGeneratedSequence(seller);
    // The choosers cannot see the generators' clients, so none of them is refused.
    const choosers = [thirdSeller, vendorRep];
    const generators = [seller, manager, otherSeller];
    const chosen = Array.from({ length: 12 }, (_, index) => clientNumber(next + index));
    const responses = await Promise.all(
      chosen.flatMap((number, index) => [
        choosers[index % choosers.length]!.post('/api/v1/clients', {
          name: `Racing chooser ${index}`,
          clientNumber: number,
        }),
        generators[index % generators.length]!.post('/api/v1/clients', { name: `Racing generator ${index}` }),
      ]),
    );
    for (const response of responses) expect(response.statusCode, response.body).toBe(201);
    const generated = responses
      .filter((response) => response.data.name.startsWith('Racing generator'))
      .map((response) => response.data as { id: number; clientNumber: string });
    expect(new Set(generated.map((client) => client.clientNumber)).size).toBe(generated.length);
    // A chooser that came later may take a generated number it cannot see; nothing had it before.
    for (const client of generated) {
      const holders = await t.database.db
        .selectFrom('clients')
        .select('id')
        .where('client_number', '=', client.clientNumber)
        .execute();
      for (const holder of holders) expect(holder.id).toBeGreaterThanOrEqual(client.id);
    }
  });

  it('refuses a chosen number with 409 when a client the caller can see has it, and not when only an invisible one does', async () => {
    const hidden = await createClient(otherSeller, { name: 'Hidden Harbor', clientNumber: 'SECRET-1' });
    // Taken only by another partner's client: the caller cannot see it, so it is not refused.
    const mine = await createClient(seller, { name: 'My Harbor', clientNumber: 'SECRET-1' });
    expect(mine.clientNumber).toBe('SECRET-1');
    // Taken in the caller's own firm: 409 naming the field.
    const ownDuplicate = await manager.post('/api/v1/clients', { name: 'Twice', clientNumber: 'SECRET-1' });
    expect(ownDuplicate.statusCode).toBe(409);
    expect(ownDuplicate.data.error.code).toBe('CONFLICT');
    expect(ownDuplicate.data.error.details.fields).toEqual([
      { field: 'clientNumber', message: 'is already in use' },
    ]);
    // Taken by a vendor-registered client every partner sees: refused too.
    await createClient(vendorRep, { name: 'Shared Works', clientNumber: 'SHARED-1' });
    const shared = await seller.post('/api/v1/clients', { name: 'Not shared', clientNumber: 'SHARED-1' });
    expect(shared.statusCode).toBe(409);
    expect(shared.data.error.details.fields[0].field).toBe('clientNumber');
    // An administrator sees everything, so a number any live client has is refused.
    const byAdmin = await admin.post('/api/v1/clients', { name: 'Admin', clientNumber: 'SECRET-1' });
    expect(byAdmin.statusCode).toBe(409);
    // The vendor cannot see partners' clients: their numbers are free for it.
    await createClient(vendorRep, { name: 'Vendor Harbor', clientNumber: 'SECRET-1' });
    // Nobody's record changed, and each firm still reads its own.
    expect((await otherSeller.get(`/api/v1/clients/${hidden.id}`)).data).toMatchObject({
      clientNumber: 'SECRET-1',
      version: 1,
    });

    // The same rule for a change of number.
    const other = await createClient(seller, { name: 'Renamed Harbor', clientNumber: 'MINE-2' });
    const toOwn = await seller.patch(`/api/v1/clients/${other.id}`, { clientNumber: 'SECRET-1' });
    expect(toOwn.statusCode).toBe(409);
    expect(toOwn.data.error.details.fields[0].field).toBe('clientNumber');
    const toShared = await seller.patch(`/api/v1/clients/${other.id}`, { clientNumber: 'SHARED-1' });
    expect(toShared.statusCode).toBe(409);
    await createClient(thirdSeller, { name: 'Third Harbor', clientNumber: 'THIRD-1' });
    const toInvisible = await seller.patch(`/api/v1/clients/${other.id}`, { clientNumber: 'THIRD-1' });
    expect(toInvisible.statusCode, toInvisible.body).toBe(200);
    expect(toInvisible.data.clientNumber).toBe('THIRD-1');
    // Keeping one's own number is no change at all.
    const same = await seller.patch(`/api/v1/clients/${other.id}`, { clientNumber: 'THIRD-1' });
    expect(same.statusCode).toBe(200);
  });

  it('answers a free number and a number taken by an invisible client alike', async () => {
    await createClient(otherSeller, { name: 'Invisible Twin', clientNumber: 'PROBE-TAKEN' });
    const taken = await seller.post('/api/v1/clients', { name: 'Probe A', clientNumber: 'PROBE-TAKEN' });
    const free = await seller.post('/api/v1/clients', { name: 'Probe B', clientNumber: 'PROBE-FREE' });
    expect(taken.statusCode).toBe(free.statusCode);
    expect(Object.keys(taken.data).sort()).toEqual(Object.keys(free.data).sort());
    const list = await seller.get('/api/v1/clients?q=PROBE-TAKEN&limit=200');
    expect(list.data.items.map((client: { name: string }) => client.name)).toEqual(['Probe A']);
  });

  it('frees a deleted client’s number for a chosen one, and never generates it again', async () => {
    const gone = await createClient(seller, { name: 'Gone Ltd', clientNumber: 'GONE-1' });
    expect((await manager.delete(`/api/v1/clients/${gone.id}`)).statusCode).toBe(204);
    const again = await createClient(seller, { name: 'Back Ltd', clientNumber: 'GONE-1' });
    expect(again.clientNumber).toBe('GONE-1');

    const next = await nextGeneratedSequence(seller);
    const squatter = await createClient(seller, {
      name: 'Deleted squatter',
      clientNumber: clientNumber(next),
    });
    expect((await manager.delete(`/api/v1/clients/${squatter.id}`)).statusCode).toBe(204);
    const generated = await createClient(otherSeller, { name: 'After the deletion' });
    expect(generated.clientNumber).not.toBe(clientNumber(next));
    expect(generated.clientNumber).toBe(clientNumber(next + 1));
  });

  it('applies the same rule to imported client numbers, and matches numbers only among clients the importer can see', async () => {
    await createClient(thirdSeller, { name: 'Third Only', clientNumber: 'IMP-THIRD' });
    await createClient(vendorRep, { name: 'Vendor Shared', clientNumber: 'IMP-SHARED' });
    const refused = await importCsv(
      seller,
      'clients',
      csvOf([
        ['name', 'client number'],
        ['Takes a hidden number', 'IMP-THIRD'],
        ['Takes a shared number', 'IMP-SHARED'],
      ]),
    );
    expect(refused.data.status, refused.body).toBe('failed');
    expect(refused.data.report.errors).toEqual([
      expect.objectContaining({ row: 3, field: 'clientNumber', message: 'is already in use' }),
    ]);
    const accepted = await importCsv(
      seller,
      'clients',
      csvOf([
        ['name', 'client number'],
        ['Takes a hidden number', 'IMP-THIRD'],
      ]),
    );
    expect(accepted.data.status, accepted.body).toBe('succeeded');
    const own = (await seller.get('/api/v1/clients?q=IMP-THIRD&limit=200')).data.items;
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ name: 'Takes a hidden number', ownerFirmId: partner.id });

    // A contact file naming the number reaches the importer's own client, never the other firm's.
    const contacts = await importCsv(
      seller,
      'contacts',
      csvOf([
        ['client', 'last name'],
        ['IMP-THIRD', 'Mine'],
      ]),
    );
    expect(contacts.data.status, contacts.body).toBe('succeeded');
    const contact = (await seller.get(`/api/v1/contacts?clientId=${own[0].id}`)).data.items;
    expect(contact.map((each: { lastName: string }) => each.lastName)).toEqual(['Mine']);
    // A number only another firm's client has matches nothing.
    await createClient(thirdSeller, { name: 'Third Again', clientNumber: 'IMP-THIRD-2' });
    const unmatched = await importCsv(
      seller,
      'contacts',
      csvOf([
        ['client', 'last name'],
        ['IMP-THIRD-2', 'Nobody'],
      ]),
    );
    expect(unmatched.data.status).toBe('failed');
    expect(unmatched.data.report.errors[0]).toMatchObject({
      field: 'client',
      message: 'no client you can see has the client number or name "IMP-THIRD-2"',
    });
  });

  it('never lets anyone choose an opportunity number, and generates opportunity numbers past any already taken', async () => {
    const client = await createClient(seller, { name: 'Deal Client' });
    const chosen = await seller.post('/api/v1/opportunities', {
      name: 'Chosen number',
      clientId: client.id,
      number: 'OPP-2020-000001',
    });
    expect(chosen.statusCode).toBe(400);
    expect(chosen.data.error.details.fields.map((field: { field: string }) => field.field)).toContain(
      'number',
    );
    const first = await seller.post('/api/v1/opportunities', { name: 'First deal', clientId: client.id });
    expect(first.statusCode, first.body).toBe(201);
    const patched = await seller.patch(`/api/v1/opportunities/${first.data.id}`, {
      number: 'OPP-2020-000001',
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.data.error.details.fields.map((field: { field: string }) => field.field)).toContain(
      'number',
    );

    // A counter left behind the numbers already written (a bulk load cut off before it moved the
    // counter on, a restore) must not make every creation fail.
    const year = first.data.number.slice(4, 8);
    await t.database.db
      .updateTable('number_sequences')
      .set({ next_value: 1 })
      .where('name', '=', `opportunity:${year}`)
      .execute();
    const existing = new Set(
      (await t.database.db.selectFrom('opportunities').select('number').execute()).map((row) => row.number),
    );
    const created: string[] = [];
    for (const user of [seller, otherSeller]) {
      const own = await createClient(user, { name: `Deal client of ${user.email}` });
      const response = await user.post('/api/v1/opportunities', {
        name: 'After the reset',
        clientId: own.id,
      });
      expect(response.statusCode, response.body).toBe(201);
      created.push(response.data.number);
    }
    await t.database.db
      .updateTable('number_sequences')
      .set({ next_value: 1 })
      .where('name', '=', `opportunity:${year}`)
      .execute();
    const job = await importCsv(
      seller,
      'opportunities',
      csvOf([
        ['name', 'client'],
        ['Imported deal one', client.clientNumber],
        ['Imported deal two', client.clientNumber],
      ]),
    );
    expect(job.data.status, job.body).toBe('succeeded');
    const imported = await t.database.db
      .selectFrom('opportunities')
      .select('number')
      .where('name', 'like', 'Imported deal %')
      .execute();
    created.push(...imported.map((row) => row.number));
    expect(created).toHaveLength(4);
    for (const number of created) {
      expect(number).toMatch(/^OPP-\d{4}-\d{6}$/);
      expect(existing.has(number)).toBe(false);
    }
    expect(new Set(created).size).toBe(4);
  });
});
