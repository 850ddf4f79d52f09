import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';
import { checkConsistency } from './consistency.ts';

/** `partnerline check` sees broken numbering that only a direct write (or a lost index) could cause. */
describe.each(engines)('consistency check of record numbers on %s', (engine) => {
  let t: TestContext;
  let seller: TestUser;
  let manager: TestUser;
  let otherSeller: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    await t.firm({ kind: 'vendor', name: 'Helio Systems' });
    const partner = await t.firm({ name: 'Northwind Partners' });
    const otherPartner = await t.firm({ name: 'Southbay Partners' });
    seller = await t.user({ firm: partner, role: 'seller' });
    manager = await t.user({ firm: partner, role: 'manager' });
    otherSeller = await t.user({ firm: otherPartner, role: 'seller' });
  });
  afterAll(() => t.close());

  async function create(user: TestUser, url: string, body: Record<string, unknown>) {
    const response = await user.post(url, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.data;
  }

  it('reports two live clients of one firm sharing a number, and not what the rule allows', async () => {
    const first = await create(seller, '/api/v1/clients', { name: 'First', clientNumber: 'SAME-1' });
    const second = await create(seller, '/api/v1/clients', { name: 'Second' });
    // Allowed: another firm's client with the number, and a deleted client of the firm with it.
    await create(otherSeller, '/api/v1/clients', { name: 'Elsewhere', clientNumber: 'SAME-1' });
    const gone = await create(seller, '/api/v1/clients', { name: 'Gone', clientNumber: 'GONE-1' });
    expect((await manager.delete(`/api/v1/clients/${gone.id}`)).statusCode).toBe(204);
    await create(seller, '/api/v1/clients', { name: 'Back', clientNumber: 'GONE-1' });
    expect(await checkConsistency(t.database.db)).toEqual([]);

    await sql`drop index clients_owner_number_unique`.execute(t.database.db);
    await t.database.db
      .updateTable('clients')
      .set({ client_number: 'SAME-1' })
      .where('id', '=', second.id)
      .execute();
    expect(await checkConsistency(t.database.db)).toEqual([
      {
        check: 'two live clients of one firm share a client number',
        record: 'client',
        count: 1,
        sample: [Math.min(first.id, second.id)],
      },
    ]);
    await t.database.db
      .updateTable('clients')
      .set({ client_number: 'SECOND-1' })
      .where('id', '=', second.id)
      .execute();
    expect(await checkConsistency(t.database.db)).toEqual([]);
  });

  it('reports two opportunities sharing a number', async () => {
    const client = await create(seller, '/api/v1/clients', { name: 'Deal Client' });
    const first = await create(seller, '/api/v1/opportunities', { name: 'One', clientId: client.id });
    const second = await create(seller, '/api/v1/opportunities', { name: 'Two', clientId: client.id });
    expect(await checkConsistency(t.database.db)).toEqual([]);
    await sql`drop index opportunities_number_unique`.execute(t.database.db);
    await t.database.db
      .updateTable('opportunities')
      .set({ number: first.number })
      .where('id', '=', second.id)
      .execute();
    expect(await checkConsistency(t.database.db)).toEqual([
      { check: 'duplicate opportunity number', record: 'opportunity', count: 1, sample: [first.id] },
    ]);
  });
});
