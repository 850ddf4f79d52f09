import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fillLineFromProduct,
  listPriceIn,
  type PickableProduct,
  productCatalogKey,
  productLabel,
  productPickerLabels,
} from './line-pricing.ts';
import { formatMinorInput, moneyInputExample, parseDecimalMinor } from './money.ts';

const product = (id: number, overrides: Partial<PickableProduct> = {}): PickableProduct => ({
  id,
  type: 'hardware',
  brand: 'Helio',
  family: 'GTX',
  offering: `GTX ${id}`,
  partNumber: null,
  label: `Helio GTX · GTX ${id}`,
  ...overrides,
});

describe('product label', () => {
  it('drops a part the next one already starts with', () => {
    expect(productLabel({ brand: 'GTX', family: 'GTX', offering: 'GTX Plus Basic' })).toBe('GTX Plus Basic');
    expect(productLabel({ brand: 'MG', family: 'MG', offering: 'MG Advanced' })).toBe('MG Advanced');
    expect(productLabel({ brand: 'GTK', family: 'GTK', offering: 'GTK 500' })).toBe('GTK 500');
    expect(productLabel({ brand: 'Helio', family: 'GTX', offering: 'GTX Pro' })).toBe('Helio · GTX Pro');
    expect(productLabel({ brand: 'Helio', family: 'Helio Storage', offering: 'S200' })).toBe(
      'Helio Storage · S200',
    );
    expect(productLabel({ brand: 'héLIO', family: 'Helio  Care', offering: 'Onboarding' })).toBe(
      'Helio  Care · Onboarding',
    );
  });

  it('keeps every part that is not repeated, and a part that only begins a longer word', () => {
    expect(productLabel({ brand: 'Helio', family: 'Storage', offering: 'S200 array' })).toBe(
      'Helio Storage · S200 array',
    );
    expect(productLabel({ brand: 'MG', family: 'MGX', offering: 'MGX-2' })).toBe('MG · MGX-2');
    expect(productLabel({ brand: 'Cisco', family: 'Catalyst', offering: 'Catalyst' })).toBe(
      'Cisco · Catalyst',
    );
  });
});

describe('product picker labels', () => {
  it('keeps a label that is already unique', () => {
    expect(productPickerLabels([product(1), product(2)])).toEqual(
      new Map([
        [1, 'Helio GTX · GTX 1'],
        [2, 'Helio GTX · GTX 2'],
      ]),
    );
  });

  it('tells products that read alike apart by part number, then type, then id', () => {
    const labels = productPickerLabels([
      product(1, { label: 'Helio GTX · Pro', partNumber: 'GTX-PRO-1' }),
      product(2, { label: 'Helio GTX · Pro', partNumber: 'GTX-PRO-2' }),
      product(3, { label: 'helio gtx · pro', type: 'financing' }),
      product(4, { label: 'Helio GTX · Pro', type: 'financing' }),
    ]);
    expect(labels.get(1)).toBe('Helio GTX · Pro (GTX-PRO-1)');
    expect(labels.get(2)).toBe('Helio GTX · Pro (GTX-PRO-2)');
    expect(labels.get(3)).toBe('helio gtx · pro (financing) #3');
    expect(labels.get(4)).toBe('Helio GTX · Pro (financing) #4');
  });

  it('never repeats a label, whatever the catalog holds (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            label: fc.constantFrom('A · B', 'a · b', 'A · B (X)', 'C'),
            partNumber: fc.constantFrom(null, 'X', 'Y'),
            type: fc.constantFrom('hardware', 'software'),
          }),
          { maxLength: 12 },
        ),
        (rows) => {
          const labels = productPickerLabels(rows.map((row, index) => product(index + 1, row)));
          const texts = [...labels.values()].map((label) => label.toLowerCase());
          return labels.size === rows.length && new Set(texts).size === texts.length;
        },
      ),
    );
  });

  it('compares catalog entries the way people read them', () => {
    expect(productCatalogKey(product(1, { offering: 'GTX-Pro' }))).toBe(
      productCatalogKey(product(2, { offering: 'gtx pro' })),
    );
    expect(productCatalogKey(product(1, { offering: 'GTX Pro' }))).not.toBe(
      productCatalogKey(product(2, { offering: 'GTX Pro', type: 'services' })),
    );
  });
});

describe('list price in the deal currency', () => {
  const currencies = [
    { code: 'USD', exponent: 2, rate: '1' },
    { code: 'EUR', exponent: 2, rate: '1.08' },
    { code: 'JPY', exponent: 0, rate: '0.0067' },
    { code: 'XXX', exponent: 2, rate: null },
  ];
  it('is the listed price in the same currency', () => {
    expect(listPriceIn({ listPriceMinor: 482100, currency: 'USD' }, 'USD', currencies)).toBe(482100);
  });
  it('is converted exactly at the current rates', () => {
    expect(listPriceIn({ listPriceMinor: 10800, currency: 'USD' }, 'EUR', currencies)).toBe(10000);
    expect(listPriceIn({ listPriceMinor: 670000, currency: 'USD' }, 'JPY', currencies)).toBe(1000000);
  });
  it('is unknown without a price or a rate', () => {
    expect(listPriceIn({ listPriceMinor: null, currency: null }, 'USD', currencies)).toBeNull();
    expect(listPriceIn({ listPriceMinor: 100, currency: 'USD' }, 'XXX', currencies)).toBeNull();
  });
});

describe('choosing a product for a line', () => {
  const gtx = { id: 1, description: 'GTX Pro', unitPrice: '4,821.00' };
  const mg = { id: 2, description: 'MG Special', unitPrice: '55.00' };
  const unpriced = { id: 3, description: 'Consulting', unitPrice: '' };
  const empty = { description: '', unitPrice: '', quantity: '2' };

  it('fills an empty line and keeps its other fields', () => {
    expect(fillLineFromProduct(empty, null, gtx)).toEqual({
      description: 'GTX Pro',
      unitPrice: '4,821.00',
      quantity: '2',
    });
  });

  it('keeps what was typed on a line without a product', () => {
    expect(fillLineFromProduct({ ...empty, description: 'Two servers for Lyon' }, null, gtx)).toEqual({
      description: 'Two servers for Lyon',
      unitPrice: '4,821.00',
      quantity: '2',
    });
  });

  it('changes nothing when the same product is chosen again or the product is cleared', () => {
    const line = { description: 'Discounted GTX', unitPrice: '4,000.00' };
    expect(fillLineFromProduct(line, gtx, gtx)).toBe(line);
    expect(fillLineFromProduct(line, gtx, null)).toBe(line);
  });

  it('takes the new product’s description and price when another product is chosen', () => {
    expect(fillLineFromProduct({ description: 'Discounted GTX', unitPrice: '4,000.00' }, gtx, mg)).toEqual({
      description: 'MG Special',
      unitPrice: '55.00',
    });
  });

  it('empties a price that came from the old product when the new one has none, and keeps a typed one', () => {
    expect(fillLineFromProduct({ description: 'GTX Pro', unitPrice: '4,821.00' }, gtx, unpriced)).toEqual({
      description: 'Consulting',
      unitPrice: '',
    });
    expect(fillLineFromProduct({ description: 'GTX Pro', unitPrice: '3,999.00' }, gtx, unpriced)).toEqual({
      description: 'Consulting',
      unitPrice: '3,999.00',
    });
  });
});

describe('money as typed in a field', () => {
  it('groups thousands and shows exactly the currency’s decimals', () => {
    expect(formatMinorInput(123450, 2)).toBe('1,234.50');
    expect(formatMinorInput(4821, 0)).toBe('4,821');
    expect(formatMinorInput(5, 3)).toBe('0.005');
    expect(formatMinorInput(100_000_000_000, 2)).toBe('1,000,000,000.00');
  });

  it('shows an example in the currency’s decimals', () => {
    expect(moneyInputExample(2)).toBe('1,234.50');
    expect(moneyInputExample(0)).toBe('1,234');
    expect(moneyInputExample(3)).toBe('1,234.500');
  });

  it('reads back to the same amount with core’s parser (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 15 }),
        fc.integer({ min: 0, max: 3 }),
        (amount, exponent) => {
          return parseDecimalMinor(formatMinorInput(amount, exponent), exponent) === amount;
        },
      ),
    );
  });
});
