import type { Kysely, Updateable } from 'kysely';
import type { Product, ProductCreate, ProductUpdate } from '../../core/contract/products.ts';
import { productCatalogKey, productLabel } from '../../core/line-pricing.ts';
import type { Principal } from '../../core/principal.ts';
import { nowIso } from '../clock.ts';
import { findCurrency } from '../currencies/currency.repository.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Database } from '../db/schema.ts';
import {
  AppError,
  assertVersion,
  forbidden,
  notFound,
  validationError,
  versionConflict,
} from '../http/app-error.ts';
import {
  findProduct,
  findProductNamesOfType,
  findProducts,
  insertProduct,
  type ProductRow,
  updateProductRow,
} from './product.repository.ts';
import type { ProductTable, ProductType } from './product.table.ts';

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    type: row.type,
    brand: row.brand,
    family: row.family,
    offering: row.offering,
    partNumber: row.part_number,
    listPriceMinor: row.list_price_minor,
    currency: row.currency,
    isActive: Boolean(row.is_active),
    label: productLabel(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export async function listProducts(
  db: Kysely<Database>,
  filter: {
    q?: string | undefined;
    type?: ProductType | undefined;
    brand?: string | undefined;
    includeInactive?: boolean | undefined;
  },
): Promise<Product[]> {
  return (await findProducts(db, filter)).map(toProduct);
}

/** SPEC §2: the catalog as a tree, type → brand → family → offering. */
export async function productTree(db: Kysely<Database>) {
  const products = await listProducts(db, {});
  const types = new Map<ProductType, Map<string, Map<string, Product[]>>>();
  for (const product of products) {
    const brands = types.get(product.type) ?? new Map<string, Map<string, Product[]>>();
    const families = brands.get(product.brand) ?? new Map<string, Product[]>();
    families.set(product.family, [...(families.get(product.family) ?? []), product]);
    brands.set(product.brand, families);
    types.set(product.type, brands);
  }
  return [...types.entries()].map(([type, brands]) => ({
    type,
    brands: [...brands.entries()].map(([brand, families]) => ({
      brand,
      families: [...families.entries()].map(([family, offerings]) => ({ family, offerings })),
    })),
  }));
}

function requireAdmin(principal: Principal | 'system') {
  if (principal !== 'system' && principal.role !== 'admin')
    throw forbidden('Only administrators maintain the product catalog');
}

function partNumberTaken(partNumber: string | null | undefined): AppError {
  return new AppError('CONFLICT', `Part number ${partNumber} is already in the catalog`, {
    fields: [{ field: 'partNumber', message: 'is already in use' }],
  });
}

/**
 * SPEC §2: the catalog is a tree type → brand → family → offering, so one leaf names one product; a
 * second product with the same names (compared as people read them) would be two identical choices
 * in every picker. Refused like a taken part number.
 */
async function checkNameFree(
  db: Kysely<Database>,
  names: { type: ProductType; brand: string; family: string; offering: string },
  exceptId?: number,
) {
  const key = productCatalogKey(names);
  const same = (await findProductNamesOfType(db, names.type)).find(
    (product) => product.id !== exceptId && productCatalogKey(product) === key,
  );
  if (same) {
    throw new AppError(
      'CONFLICT',
      `${names.brand} ${names.family} · ${names.offering} (${names.type}) is already in the catalog`,
      { fields: [{ field: 'offering', message: `is already in the catalog (product ${same.id})` }] },
    );
  }
}

async function checkCurrency(db: Kysely<Database>, currency: string | null | undefined) {
  if (currency && !(await findCurrency(db, currency))) {
    throw validationError([{ field: 'currency', message: 'is not an ISO 4217 currency' }]);
  }
}

export async function createProduct(
  db: Kysely<Database>,
  principal: Principal | 'system',
  input: ProductCreate,
): Promise<Product> {
  requireAdmin(principal);
  if (input.listPriceMinor != null && !input.currency) {
    throw validationError([{ field: 'currency', message: 'is needed with a list price' }]);
  }
  await checkCurrency(db, input.currency);
  await checkNameFree(db, input);
  const now = nowIso();
  try {
    const id = await insertProduct(db, {
      type: input.type,
      brand: input.brand,
      family: input.family,
      offering: input.offering,
      part_number: input.partNumber ?? null,
      list_price_minor: input.listPriceMinor ?? null,
      currency: input.currency ?? null,
      is_active: input.isActive === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    });
    const row = await findProduct(db, id);
    if (!row) throw notFound('Product');
    return toProduct(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw partNumberTaken(input.partNumber);
    throw error;
  }
}

const productChanged = 'The product was changed by someone else; reload it';

export async function updateProduct(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
  input: ProductUpdate,
): Promise<Product> {
  requireAdmin(principal);
  await checkCurrency(db, input.currency);
  const current = await findProduct(db, id);
  if (!current) throw notFound('Product');
  assertVersion(current, expectedVersion, { message: productChanged, current: () => toProduct(current) });
  await checkNameFree(
    db,
    {
      type: input.type ?? current.type,
      brand: input.brand ?? current.brand,
      family: input.family ?? current.family,
      offering: input.offering ?? current.offering,
    },
    id,
  );
  const values: Updateable<ProductTable> = { updated_at: nowIso() };
  if (input.type !== undefined) values.type = input.type;
  if (input.brand !== undefined) values.brand = input.brand;
  if (input.family !== undefined) values.family = input.family;
  if (input.offering !== undefined) values.offering = input.offering;
  if (input.partNumber !== undefined) values.part_number = input.partNumber;
  if (input.listPriceMinor !== undefined) values.list_price_minor = input.listPriceMinor;
  if (input.currency !== undefined) values.currency = input.currency;
  if (input.isActive !== undefined) values.is_active = input.isActive ? 1 : 0;
  try {
    if (!(await updateProductRow(db, id, current.version, values))) {
      throw versionConflict({ message: productChanged });
    }
  } catch (error) {
    if (isUniqueViolation(error)) throw partNumberTaken(input.partNumber);
    throw error;
  }
  const row = await findProduct(db, id);
  if (!row) throw notFound('Product');
  return toProduct(row);
}
