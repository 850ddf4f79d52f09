/**
 * Pricing a line item from the catalog (SPEC §2, §4): the picker's labels, the list price in the
 * deal's currency, and what choosing a product writes into a line. Used by the line-item grid and
 * tested here, without a browser.
 */
import { normalizeKey } from './import-fields.ts';
import { convertMinorBounded } from './money.ts';

export type PickableProduct = {
  id: number;
  type: string;
  brand: string;
  family: string;
  offering: string;
  partNumber: string | null;
  /** The product's name by `productLabel` (the API's `label`). */
  label: string;
};

/** Text folded the way people compare names: accents, case and runs of spaces aside. */
function foldName(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Does `text` start with `prefix` as whole words ("GTX" starts "GTX Plus", not "GTXL")? */
function startsWithWords(text: string, prefix: string): boolean {
  const whole = foldName(text);
  const start = foldName(prefix);
  if (start === '' || !whole.startsWith(start)) return false;
  const next = whole.charAt(start.length);
  return next === '' || !/[\p{L}\p{N}]/u.test(next);
}

/**
 * The one way a product is named (the API's `label` and a line's `productLabel`, the pickers,
 * exports): brand and family, then "·" and the offering. A part already said at the start of the
 * next one is dropped, so brand "GTX", family "GTX", offering "GTX Plus Basic" reads
 * "GTX Plus Basic", never "GTX GTX · GTX Plus Basic".
 */
export function productLabel(product: { brand: string; family: string; offering: string }): string {
  const family = startsWithWords(product.offering, product.family) ? '' : product.family.trim();
  const brand = startsWithWords(family || product.offering, product.brand) ? '' : product.brand.trim();
  const prefix = [brand, family].filter((part) => part !== '').join(' ');
  const offering = product.offering.trim();
  return prefix === '' ? offering : `${prefix} · ${offering}`;
}

/**
 * The catalog's identity of a product: type, brand, family and offering, compared the way people
 * read them (case, accents and punctuation aside). The catalog holds one product per key.
 */
export function productCatalogKey(product: Pick<PickableProduct, 'type' | 'brand' | 'family' | 'offering'>) {
  return [product.type, product.brand, product.family, product.offering].map(normalizeKey).join('/');
}

/**
 * A label per product for a picker, never the same twice: the product's own label, and where two
 * products read alike, their part number (or their type when they have none, or their id when
 * even that does not tell them apart) in parentheses.
 */
export function productPickerLabels(products: readonly PickableProduct[]): Map<number, string> {
  const byLabel = new Map<string, PickableProduct[]>();
  for (const product of products) {
    const key = normalizeKey(product.label);
    byLabel.set(key, [...(byLabel.get(key) ?? []), product]);
  }
  const labels = new Map<number, string>();
  for (const group of byLabel.values()) {
    for (const product of group) {
      if (group.length === 1) labels.set(product.id, product.label);
      else labels.set(product.id, `${product.label} (${product.partNumber ?? product.type})`);
    }
  }
  // Whatever still reads alike (same part number text, same type and no part number) gets its id.
  const seen = new Map<string, number>();
  for (const product of products) {
    const key = normalizeKey(labels.get(product.id) ?? '');
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  for (const product of products) {
    const label = labels.get(product.id) ?? product.label;
    if ((seen.get(normalizeKey(label)) ?? 0) > 1) labels.set(product.id, `${label} #${product.id}`);
  }
  return labels;
}

export type RatedCurrency = { code: string; exponent: number; rate: string | null };

/**
 * A product's list price in the deal's currency, in minor units: as listed when the currencies
 * match, otherwise converted exactly at today's rates; null when it has no price or a rate is
 * missing (the seller then types the price).
 */
export function listPriceIn(
  product: { listPriceMinor: number | null; currency: string | null },
  currency: string,
  currencies: readonly RatedCurrency[],
): number | null {
  if (product.listPriceMinor === null || product.currency === null) return null;
  if (product.currency === currency) return product.listPriceMinor;
  const from = currencies.find((each) => each.code === product.currency);
  const to = currencies.find((each) => each.code === currency);
  if (!from?.rate || !to?.rate) return null;
  return convertMinorBounded(
    product.listPriceMinor,
    { rate: from.rate, exponent: from.exponent },
    { rate: to.rate, exponent: to.exponent },
  );
}

/** What a product writes into a line, as the grid shows it ('' where it has nothing to write). */
export type ProductFill = { description: string; unitPrice: string };
export type ChosenProduct = ProductFill & { id: number };

/**
 * A line after choosing a product, predictably:
 * - choosing the product the line already has, or clearing it, changes nothing;
 * - on a line without a product, the product fills the description and price that are empty and
 *   keeps what the person typed;
 * - switching to a different product replaces both with the new product's (what was typed was
 *   for the other product); where the new one has no price, a price that came from the old one is
 *   emptied and a typed one is kept.
 */
export function fillLineFromProduct<Line extends ProductFill>(
  line: Line,
  previous: ChosenProduct | null,
  next: ChosenProduct | null,
): Line {
  if (next === null || next.id === previous?.id) return line;
  const fieldAfter = (field: keyof ProductFill): string => {
    const current = line[field];
    if (current.trim() === '') return next[field];
    if (previous === null) return current;
    if (next[field] !== '') return next[field];
    return current === previous[field] ? '' : current;
  };
  return { ...line, description: fieldAfter('description'), unitPrice: fieldAfter('unitPrice') };
}
