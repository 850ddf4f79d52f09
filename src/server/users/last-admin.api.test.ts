import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestFirm,
  type TestUser,
} from '../../../test/support/test-app.ts';

/** The installation always keeps an active administrator: the last one cannot be deactivated or demoted. */
describe.each(engines)('the last active administrator on %s', (engine) => {
  let t: TestContext;
  let vendor: TestFirm;

  beforeAll(async () => {
    t = await createTestContext(engine);
    vendor = await t.firm({ kind: 'vendor' });
  });
  afterAll(() => t?.close());

  async function activeAdmins(): Promise<number> {
    const row = await t.database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('role', '=', 'admin')
      .where('is_active', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Leaves the given admin as the only active one. */
  async function onlyAdmin(): Promise<TestUser> {
    const admin = await t.user({ firm: vendor, role: 'admin' });
    await t.database.db
      .updateTable('users')
      .set({ is_active: 0 })
      .where('role', '=', 'admin')
      .where('id', '!=', admin.id)
      .execute();
    return admin;
  }

  it('refuses to deactivate the only active administrator, naming isActive, and changes nothing', async () => {
    const admin = await onlyAdmin();
    const refused = await admin.patch(`/api/v1/users/${admin.id}`, { isActive: false });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.data.error.code).toBe('UNPROCESSABLE');
    expect(refused.data.error.details.fields).toEqual([{ field: 'isActive', message: expect.any(String) }]);
    expect(await activeAdmins()).toBe(1);
    expect((await admin.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('refuses to demote the only active administrator, naming role', async () => {
    const admin = await onlyAdmin();
    const refused = await admin.patch(`/api/v1/users/${admin.id}`, { role: 'vendor-rep' });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.data.error.details.fields).toEqual([{ field: 'role', message: expect.any(String) }]);
    const both = await admin.patch(`/api/v1/users/${admin.id}`, { role: 'vendor-rep', isActive: false });
    expect(both.statusCode, both.body).toBe(422);
    expect(await activeAdmins()).toBe(1);
    // Changes that keep them an active administrator still work.
    const renamed = await admin.patch(`/api/v1/users/${admin.id}`, {
      name: 'Still Admin',
      isActive: true,
      role: 'admin',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
  });

  it('lets an administrator be deactivated or demoted while another one stays active', async () => {
    const admin = await onlyAdmin();
    const second = await t.user({ firm: vendor, role: 'admin' });
    const demoted = await admin.patch(`/api/v1/users/${second.id}`, { role: 'vendor-reviewer' });
    expect(demoted.statusCode, demoted.body).toBe(200);
    const third = await t.user({ firm: vendor, role: 'admin' });
    const deactivated = await third.patch(`/api/v1/users/${admin.id}`, { isActive: false });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect(await activeAdmins()).toBe(1);
    // An inactive administrator is no stand-in: the remaining one is now the last.
    const last = await third.patch(`/api/v1/users/${third.id}`, { isActive: false });
    expect(last.statusCode, last.body).toBe(422);
  });

  it('of two administrators deactivating each other at the same time, only one succeeds', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const first = await onlyAdmin();
      const second = await t.user({ firm: vendor, role: 'admin' });
      const answers = await Promise.all([
        first.patch(`/api/v1/users/${second.id}`, { isActive: false }),
        second.patch(`/api/v1/users/${first.id}`, { role: 'vendor-rep' }),
      ]);
      // The loser is refused as the last administrator (422) or, when its request is authenticated
      // only after the winner's change has ended its access, as signed out (401). Never both 200.
      const statuses = answers.map((answer) => answer.statusCode).sort();
      expect(statuses[0]).toBe(200);
      expect([401, 422]).toContain(statuses[1]);
      expect(await activeAdmins()).toBe(1);
    }
  });
});
