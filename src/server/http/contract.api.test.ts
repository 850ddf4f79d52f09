import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';

describe.each(engines)('the HTTP contract on %s', (engine) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(engine);
  });
  afterAll(() => t.close());

  it('reports health and the database in use without signing in', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(200);
    expect(response.data).toEqual({ status: 'ok', database: engine });
  });

  it('serves an OpenAPI document listing the routes, and a reference page', async () => {
    const response = await t.request({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.data.paths);
    for (const path of [
      '/api/v1/clients',
      '/api/v1/clients/{id}',
      '/api/v1/contacts',
      '/api/v1/auth/login',
      '/api/v1/me/tokens',
      '/api/v1/favorites/{type}/{id}',
      '/api/v1/search',
      '/api/v1/firms',
      '/api/v1/activities',
      '/api/v1/activities/{id}',
      '/api/v1/opportunities/{id}/activities',
      '/api/v1/saved-searches',
      '/api/v1/saved-searches/{id}',
      '/api/v1/recent-views',
      '/api/v1/notifications',
      '/api/v1/notifications/read',
    ]) {
      expect(paths).toContain(path);
    }
    expect(
      response.data.paths['/api/v1/clients'].post.requestBody.content['application/json'].schema,
    ).toBeDefined();
    const docs = await t.request({ method: 'GET', url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger-ui');
  });

  it('answers unknown routes with a 404 error body and never a stack trace', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(response.statusCode).toBe(404);
    expect(response.data.error.code).toBe('NOT_FOUND');
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('sets security headers on every response', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses a body that is not JSON with 415', async () => {
    const vendor = await t.firm({ kind: 'vendor' });
    const rep = await t.user({ firm: vendor, role: 'vendor-rep' });
    const response = await rep.request('POST', '/api/v1/clients', 'name=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.statusCode).toBe(415);
    expect(response.data.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe.each(engines)('JSON bodies naming an object prototype on %s', (engine) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(engine);
  });
  afterAll(() => t.close());

  it('refuses __proto__ (at any depth) as a field no request accepts, named, and writes nothing', async () => {
    const seller = await t.user({ firm: await t.firm(), role: 'seller' });
    const send = (payload: string) =>
      seller.request('POST', '/api/v1/clients', payload, { 'content-type': 'application/json' });
    for (const [payload, field] of [
      ['{"name":"Acme","__proto__":{"isAdmin":true}}', '__proto__'],
      ['{"name":"Acme","__pro\\u0074o__":""}', '__proto__'],
      ['{"name":"Acme","description":"x","website":null,"x":[{"__proto__":1}]}', 'x.0.__proto__'],
      ['{"name":"Acme","constructor":{"prototype":{"polluted":1}}}', 'constructor.prototype'],
      // Found in linear time however deep it hides (100,000 levels, half the body limit).
      [
        `{"name":"Acme","x":${'{"a":'.repeat(100_000)}{"__proto__":1}${'}'.repeat(100_000)}}`,
        `x${'.a'.repeat(100_000)}.__proto__`,
      ],
    ] as const) {
      const response = await send(payload);
      expect(response.statusCode, payload.slice(0, 100)).toBe(400);
      expect(response.data.error.code).toBe('VALIDATION_FAILED');
      expect(response.data.error.details.fields).toEqual([
        { field, message: 'is not a field this request accepts' },
      ]);
    }
    expect((await seller.get('/api/v1/clients')).data.items).toEqual([]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // Malformed and empty JSON are still refused as such, and ordinary keys still reach validation.
    for (const payload of ['{"name":', '']) {
      const response = await send(payload);
      expect(response.statusCode, payload).toBe(400);
      expect(response.data.error.message).toBe('The request body is not valid JSON');
    }
    const constructorText = await send('{"name":"Acme","constructor":"x"}');
    expect(constructorText.statusCode).toBe(400);
    expect(constructorText.data.error.details.fields[0].field).toBe('constructor');
    expect((await send('{"name":"Acme proto"}')).statusCode).toBe(201);
  });
});
