import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestFirm,
  type TestUser,
  testPassword,
} from '../../../test/support/test-app.ts';

/**
 * SPEC §5: ending a user's access (deactivation, password reset by an administrator, role change)
 * ends their sessions and API tokens at once; reactivation does not revive old tokens.
 */
describe.each(engines)('ending a user’s access on %s', (engine) => {
  let t: TestContext;
  let partner: TestFirm;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    partner = await t.firm();
    admin = await t.user({ firm: await t.firm({ kind: 'vendor' }), role: 'admin' });
  });
  afterAll(() => t.close());

  /** A user with an API token and a signed-in browser session, both working. */
  async function userWithAccess(password = testPassword) {
    const user = await t.user({ firm: partner, role: 'seller' });
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password },
    });
    expect(login.statusCode).toBe(200);
    const session = login.cookies.find((cookie) => cookie.name === 'partnerline_session');
    if (!session) throw new Error('no session cookie');
    const cookie = `partnerline_session=${session.value}`;
    const asToken = () => user.get('/api/v1/me');
    const asSession = () => t.request({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect((await asToken()).statusCode).toBe(200);
    expect((await asSession()).statusCode).toBe(200);
    return { user, asToken, asSession };
  }

  async function change(user: TestUser, body: Record<string, unknown>) {
    const response = await admin.patch(`/api/v1/users/${user.id}`, body);
    expect(response.statusCode, response.body).toBe(200);
    return response;
  }

  async function tokenRevokedAt(user: TestUser) {
    const row = await t.database.db
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    return row.revoked_at;
  }

  it('a password reset by an administrator ends the user’s sessions and API tokens', async () => {
    const { user, asToken, asSession } = await userWithAccess();
    await change(user, { password: 'a brand new password' });
    expect((await asToken()).statusCode).toBe(401);
    expect((await asSession()).statusCode).toBe(401);
    expect(await tokenRevokedAt(user)).not.toBeNull();
    const again = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'a brand new password' },
    });
    expect(again.statusCode).toBe(200);
  });

  it('deactivation ends them, and reactivation does not revive them', async () => {
    const { user, asToken, asSession } = await userWithAccess();
    await change(user, { isActive: false });
    expect((await asToken()).statusCode).toBe(401);
    expect((await asSession()).statusCode).toBe(401);
    await change(user, { isActive: true });
    expect((await asToken()).statusCode).toBe(401);
    expect((await asSession()).statusCode).toBe(401);
    expect(await tokenRevokedAt(user)).not.toBeNull();
    const fresh = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: testPassword },
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('a role change ends them', async () => {
    const { user, asToken, asSession } = await userWithAccess();
    await change(user, { role: 'manager' });
    expect((await asToken()).statusCode).toBe(401);
    expect((await asSession()).statusCode).toBe(401);
  });

  it('a change that does not touch access (name, the same role, still active) ends nothing', async () => {
    const { user, asToken, asSession } = await userWithAccess();
    await change(user, { name: 'Renamed Seller', role: 'seller', isActive: true });
    expect((await asToken()).statusCode).toBe(200);
    expect((await asSession()).statusCode).toBe(200);
    expect(await tokenRevokedAt(user)).toBeNull();
  });

  it('a refused change ends nothing', async () => {
    const { user, asToken, asSession } = await userWithAccess();
    const stale = await admin.patch(`/api/v1/users/${user.id}`, { isActive: false }, { 'if-match': '"99"' });
    expect(stale.statusCode).toBe(409);
    const wrongRole = await admin.patch(`/api/v1/users/${user.id}`, { role: 'vendor-rep' });
    expect(wrongRole.statusCode).toBe(400);
    expect((await asToken()).statusCode).toBe(200);
    expect((await asSession()).statusCode).toBe(200);
  });
});
