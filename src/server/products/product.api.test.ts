import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

/** SPEC §2: the catalog is a tree type → brand → family → offering; one leaf names one product. */
describe.each(engines)('the product catalog on %s', (engine) => {
  let t: TestContext;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    const vendor = await t.firm({ kind: 'vendor' });
    admin = await t.user({ firm: vendor, role: 'admin' });
  });
  afterAll(() => t.close());

  const gtxPro = {
    type: 'hardware',
    brand: 'Helio Compute',
    family: 'GTX servers',
    offering: 'GTX Pro',
    listPriceMinor: 482100,
    currency: 'USD',
  };

  it('refuses a second product with the same names, however they are written, naming the offering', async () => {
    const first = await admin.post('/api/v1/products', { ...gtxPro, partNumber: 'GTX-PRO-1' });
    expect(first.statusCode).toBe(201);
    const again = await admin.post('/api/v1/products', {
      ...gtxPro,
      offering: 'gtx-pro',
      partNumber: 'GTX-PRO-2',
    });
    expect(again.statusCode).toBe(409);
    expect(again.data.error.details.fields).toEqual([
      { field: 'offering', message: `is already in the catalog (product ${first.data.id})` },
    ]);
    const listed = await admin.get('/api/v1/products?q=GTX');
    expect(
      listed.data.items.filter((product: { offering: string }) => /gtx.?pro/i.test(product.offering)),
    ).toHaveLength(1);
  });

  it('accepts the same offering under another type, and renaming a product onto another is refused', async () => {
    const financing = await admin.post('/api/v1/products', { ...gtxPro, type: 'financing' });
    expect(financing.statusCode).toBe(201);
    const other = await admin.post('/api/v1/products', { ...gtxPro, offering: 'GTX Basic' });
    expect(other.statusCode).toBe(201);
    const rename = await admin.patch(
      `/api/v1/products/${other.data.id}`,
      { offering: 'GTX  Pro' },
      { 'if-match': `"${other.data.version}"` },
    );
    expect(rename.statusCode).toBe(409);
    expect(rename.data.error.details.fields[0].field).toBe('offering');
    // Saving a product under its own names is not a clash with itself.
    const same = await admin.patch(`/api/v1/products/${other.data.id}`, {
      offering: 'GTX Basic',
      listPriceMinor: 109600,
    });
    expect(same.statusCode).toBe(200);
    expect(same.data.listPriceMinor).toBe(109600);
  });
});
