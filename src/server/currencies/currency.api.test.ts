import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

describe.each(engines)('currencies on %s', (engine) => {
  let t: TestContext;
  let admin: TestUser;
  let seller: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    admin = await t.user({ firm: await t.firm({ kind: 'vendor' }), role: 'admin' });
    seller = await t.user({ firm: await t.firm(), role: 'seller' });
  });
  afterAll(() => t.close());

  async function currency(code: string) {
    const list = await admin.get('/api/v1/currencies?all=true');
    return list.data.items.find((item: { code: string }) => item.code === code);
  }

  it('carries a version: ETag on read and change; a stale If-Match answers 409 and writes nothing', async () => {
    const one = await seller.get('/api/v1/currencies/GBP');
    expect(one.statusCode).toBe(200);
    expect(one.data).toMatchObject({ code: 'GBP', isActive: true, version: 1 });
    expect(one.headers.etag).toBe('"1"');
    expect(await currency('GBP')).toMatchObject({ version: 1 });
    expect((await seller.get('/api/v1/currencies/XXQ')).statusCode).toBe(404);

    const off = await admin.patch('/api/v1/currencies/GBP', { isActive: false }, { 'if-match': '"1"' });
    expect(off.statusCode).toBe(200);
    expect(off.data).toMatchObject({ isActive: false, version: 2 });
    expect(off.headers.etag).toBe('"2"');
    const stale = await admin.patch('/api/v1/currencies/GBP', { isActive: true }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.data.error.code).toBe('VERSION_CONFLICT');
    expect(stale.data.error.details).toMatchObject({ currentVersion: 2, current: { isActive: false } });
    expect(await currency('GBP')).toMatchObject({ isActive: false, version: 2 });
    expect((await seller.patch('/api/v1/currencies/GBP', { isActive: true })).statusCode).toBe(403);
  });

  it('versions rates too: adding one moves the currency’s version, a stale If-Match adds nothing', async () => {
    const before = await currency('CHF');
    const url = '/api/v1/currencies/CHF/rates';
    const added = await admin.request(
      'POST',
      url,
      { rate: '1.11', effectiveDate: '2026-02-01' },
      { 'if-match': `"${before.version}"` },
    );
    expect(added.statusCode).toBe(200);
    expect(added.headers.etag).toBe(`"${before.version + 1}"`);
    const stale = await admin.request(
      'POST',
      url,
      { rate: '9.99', effectiveDate: '2026-02-02' },
      { 'if-match': `"${before.version}"` },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.data.error.code).toBe('VERSION_CONFLICT');
    const rates = (await admin.get(url)).data.items.map((item: { rate: string }) => item.rate);
    expect(rates).toContain('1.11');
    expect(rates).not.toContain('9.99');
    expect(await currency('CHF')).toMatchObject({ version: before.version + 1 });
  });

  it('documents the version in the OpenAPI description', async () => {
    const document = (await t.request({ method: 'GET', url: '/api/openapi.json' })).data;
    expect(document.components.schemas.Currency.properties.version).toMatchObject({ type: 'number' });
    expect(document.components.schemas.SavedSearch.properties.version).toMatchObject({ type: 'number' });
    expect(document.paths['/api/v1/currencies/{code}'].get).toBeDefined();
  });

  it('lets exactly one of 20 simultaneous edits carrying the same ETag win', async () => {
    const before = await currency('CAD');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        admin.patch(
          '/api/v1/currencies/CAD',
          { isActive: index % 2 === 1 },
          { 'if-match': `"${before.version}"` },
        ),
      ),
    );
    const winners = results.filter((result) => result.statusCode === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => result.statusCode === 409)).toHaveLength(19);
    expect(await currency('CAD')).toMatchObject({
      isActive: winners[0]?.data.isActive,
      version: before.version + 1,
    });
  });
});
