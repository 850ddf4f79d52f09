import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestFirm,
  type TestUser,
  testPassword,
} from '../../../test/support/test-app.ts';

describe.each(engines)('sign-in and tokens on %s', (engine) => {
  let t: TestContext;
  let firm: TestFirm;
  let seller: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    firm = await t.firm();
    seller = await t.user({ firm, role: 'seller' });
  });
  afterAll(() => t.close());

  async function signIn(
    email: string,
    password = testPassword,
    headers: Record<string, string> = {},
    remoteAddress?: string,
  ) {
    return t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      headers,
      ...(remoteAddress && { remoteAddress }),
    });
  }

  function expectThrottled(response: Awaited<ReturnType<typeof signIn>>) {
    expect(response.statusCode).toBe(429);
    expect(response.data.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  }

  async function failuresRecorded(by: { email: string } | { ip: string }) {
    let query = t.database.db.selectFrom('sign_in_events').select('id').where('succeeded', '=', 0);
    query = 'email' in by ? query.where('email', '=', by.email) : query.where('ip', '=', by.ip);
    return (await query.execute()).length;
  }

  function sessionCookieOf(response: Awaited<ReturnType<typeof signIn>>): string {
    const cookie = response.cookies.find((each) => each.name === 'partnerline_session');
    if (!cookie) throw new Error('no session cookie');
    return `partnerline_session=${cookie.value}`;
  }

  it('signs in with email and password and sets an HttpOnly SameSite session cookie', async () => {
    const response = await signIn(seller.email.toUpperCase());
    expect(response.statusCode).toBe(200);
    expect(response.data).toMatchObject({ email: seller.email, role: 'seller', firm: { id: firm.id } });
    const cookie = response.cookies.find((each) => each.name === 'partnerline_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await t.request({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: sessionCookieOf(response) },
    });
    expect(me.statusCode).toBe(200);
    expect(me.data.id).toBe(seller.id);
    expect(me.data.csrfToken).toEqual(expect.any(String));
  });

  it('refuses a wrong password or an unknown email with 401 and no cookie', async () => {
    for (const response of [
      await signIn(seller.email, 'not the password'),
      await signIn('nobody@example.test'),
    ]) {
      expect(response.statusCode).toBe(401);
      expect(response.data.error.code).toBe('INVALID_CREDENTIALS');
      expect(response.cookies).toHaveLength(0);
    }
  });

  it('issues a new session on every sign-in and ends it on sign-out', async () => {
    const first = sessionCookieOf(await signIn(seller.email));
    const second = sessionCookieOf(await signIn(seller.email));
    expect(first).not.toBe(second);
    const logout = await t.request({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: second },
    });
    expect(logout.statusCode).toBe(204);
    const after = await t.request({ method: 'GET', url: '/api/v1/me', headers: { cookie: second } });
    expect(after.statusCode).toBe(401);
    const other = await t.request({ method: 'GET', url: '/api/v1/me', headers: { cookie: first } });
    expect(other.statusCode).toBe(200);
  });

  it('answers 401 to a request without credentials', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/clients' });
    expect(response.statusCode).toBe(401);
    expect(response.data.error.code).toBe('UNAUTHENTICATED');
  });

  it('creates, lists and revokes personal API tokens; a revoked token stops working', async () => {
    const created = await seller.post('/api/v1/me/tokens', { name: 'CRM sync' });
    expect(created.statusCode).toBe(201);
    expect(created.data.token).toMatch(/^pl_/);
    const token = created.data.token as string;
    const asToken = () =>
      t.request({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect((await asToken()).statusCode).toBe(200);
    const list = await seller.get('/api/v1/me/tokens');
    const listed = list.data.items.find((item: { id: number }) => item.id === created.data.id);
    expect(listed).toMatchObject({ name: 'CRM sync', prefix: token.slice(0, 10), revokedAt: null });
    expect(JSON.stringify(list.data)).not.toContain(token);
    const stored = await t.database.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', created.data.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect((await seller.delete(`/api/v1/me/tokens/${created.data.id}`)).statusCode).toBe(200);
    const revoked = await asToken();
    expect(revoked.statusCode).toBe(401);
    expect(revoked.data.error.code).toBe('UNAUTHENTICATED');
  });

  it('does not let one user revoke another user’s token', async () => {
    const other = await t.user({ firm, role: 'seller' });
    const created = await other.post('/api/v1/me/tokens', { name: 'mine' });
    expect((await seller.delete(`/api/v1/me/tokens/${created.data.id}`)).statusCode).toBe(404);
  });

  it('refuses a cookie-authenticated change sent cross-site, and from a browser without the CSRF token', async () => {
    const login = await signIn(seller.email);
    const cookie = sessionCookieOf(login);
    const csrfToken = login.data.csrfToken as string;
    const body = { name: 'Cross-site Client' };
    const crossSite = await t.request({
      method: 'POST',
      url: '/api/v1/clients',
      payload: body,
      headers: { cookie, origin: 'https://evil.example', 'x-csrf-token': csrfToken },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.data.error.code).toBe('CSRF_REJECTED');
    const noToken = await t.request({
      method: 'POST',
      url: '/api/v1/clients',
      payload: body,
      headers: { cookie, origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' },
    });
    expect(noToken.statusCode).toBe(403);
    const sameSite = await t.request({
      method: 'POST',
      url: '/api/v1/clients',
      payload: body,
      headers: { cookie, host: 'localhost', origin: 'http://localhost', 'x-csrf-token': csrfToken },
    });
    expect(sameSite.statusCode).toBe(201);
    const rows = await t.database.db
      .selectFrom('clients')
      .select('name')
      .where('name', '=', body.name)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('throttles repeated wrong passwords for an account with 429 and Retry-After, even for the right password', async () => {
    const victim = await t.user({ firm, role: 'seller' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await signIn(victim.email, 'wrong password')).statusCode).toBe(401);
    }
    const throttled = await signIn(victim.email);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.data.error.code).toBe('RATE_LIMITED');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    const events = await t.database.db
      .selectFrom('sign_in_events')
      .select(['succeeded'])
      .where('email', '=', victim.email)
      .execute();
    expect(events.filter((event) => !event.succeeded)).toHaveLength(5);
  });

  it('counts an attempt before evaluating it: of 40 simultaneous wrong passwords for one account only 5 are tried', async () => {
    const victim = await t.user({ firm, role: 'seller' });
    const results = await Promise.all(
      Array.from({ length: 40 }, () => signIn(victim.email, 'wrong password', {}, '10.1.0.1')),
    );
    const evaluated = results.filter((response) => response.statusCode === 401);
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.length).toBeLessThanOrEqual(5);
    for (const response of results.filter((each) => each.statusCode !== 401)) expectThrottled(response);
    expect(await failuresRecorded({ email: victim.email })).toBe(evaluated.length);
    // The right password is throttled too, from any address, until the window has passed.
    expectThrottled(await signIn(victim.email, testPassword, {}, '10.1.0.2'));
    await t.database.db
      .updateTable('sign_in_attempt_counts')
      .set({ window_started_at: new Date(Date.now() - 16 * 60_000).toISOString() })
      .where('subject', '=', victim.email)
      .execute();
    expect((await signIn(victim.email, testPassword, {}, '10.1.0.2')).statusCode).toBe(200);
  });

  it('throttles an address after 30 attempts, however many accounts it tries at once', async () => {
    const address = '10.2.0.1';
    const emails = Array.from({ length: 40 }, (_, index) => `guess${index}@example.test`);
    const results = await Promise.all(emails.map((email) => signIn(email, 'wrong password', {}, address)));
    const evaluated = results.filter((response) => response.statusCode === 401);
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.length).toBeLessThanOrEqual(30);
    for (const response of results.filter((each) => each.statusCode !== 401)) expectThrottled(response);
    expect(await failuresRecorded({ ip: address })).toBe(evaluated.length);
    const someoneElse = await t.user({ firm, role: 'seller' });
    expectThrottled(await signIn(someoneElse.email, testPassword, {}, address));
    expect((await signIn(someoneElse.email, testPassword, {}, '10.2.0.2')).statusCode).toBe(200);
  });

  it('shares the count between app instances on one database', async () => {
    const victim = await t.user({ firm, role: 'seller' });
    const other = await t.secondApp();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        (index % 2 ? other.request : t.request)({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: victim.email, password: 'wrong password' },
          remoteAddress: '10.3.0.1',
        }),
      ),
    );
    const evaluated = results.filter((response) => response.statusCode === 401);
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.length).toBeLessThanOrEqual(5);
    for (const response of results.filter((each) => each.statusCode !== 401)) expectThrottled(response);
    const fromOther = await other.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: victim.email, password: testPassword },
      remoteAddress: '10.3.0.2',
    });
    expectThrottled(fromOther);
  });

  it('starts an account’s count afresh after a successful sign-in, as before', async () => {
    const user = await t.user({ firm, role: 'seller' });
    const address = '10.4.0.1';
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await signIn(user.email, 'wrong password', {}, address)).statusCode).toBe(401);
    }
    expect((await signIn(user.email, testPassword, {}, address)).statusCode).toBe(200);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await signIn(user.email, 'wrong password', {}, address)).statusCode).toBe(401);
    }
    expectThrottled(await signIn(user.email, testPassword, {}, address));
  });

  it('ends a session that has been idle too long', async () => {
    const cookie = sessionCookieOf(await signIn(seller.email));
    const hour = new Date(Date.now() - 9 * 3_600_000).toISOString();
    await t.database.db.updateTable('sessions').set({ last_seen_at: hour }).execute();
    const response = await t.request({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(response.statusCode).toBe(401);
  });

  it('refuses sign-in to a deactivated user', async () => {
    const leaver = await t.user({ firm, role: 'seller' });
    await t.database.db.updateTable('users').set({ is_active: 0 }).where('id', '=', leaver.id).execute();
    expect((await signIn(leaver.email)).statusCode).toBe(401);
    expect((await leaver.get('/api/v1/me')).statusCode).toBe(401);
  });
});
