import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { databaseKindOf } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';
import { idMatchesSearch } from '../search/search-dialect.ts';
import type { ProductTable, ProductType } from './product.table.ts';

export type ProductRow = Selectable<ProductTable>;

export async function findProducts(
  db: Kysely<Database>,
  filter: {
    q?: string | undefined;
    type?: ProductType | undefined;
    brand?: string | undefined;
    includeInactive?: boolean | undefined;
  },
): Promise<ProductRow[]> {
  let query = db
    .selectFrom('products')
    .selectAll()
    .orderBy('type')
    .orderBy('brand')
    .orderBy('family')
    .orderBy('offering')
    .orderBy('id');
  if (!filter.includeInactive) query = query.where('is_active', '=', 1);
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.brand) query = query.where('brand', '=', filter.brand);
  if (filter.q) query = query.where(idMatchesSearch(databaseKindOf(db), 'products', 'products.id', filter.q));
  return query.limit(2000).execute();
}

export async function findProduct(db: Kysely<Database>, id: number): Promise<ProductRow | undefined> {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertProduct(db: Kysely<Database>, values: Insertable<ProductTable>): Promise<number> {
  const row = await db.insertInto('products').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProductRow(
  db: Kysely<Database>,
  id: number,
  version: number,
  values: Updateable<ProductTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('products')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The products of one type, with what names them in the catalog tree (to refuse a second of one). */
export async function findProductNamesOfType(
  db: Kysely<Database>,
  type: ProductType,
): Promise<Pick<ProductRow, 'id' | 'type' | 'brand' | 'family' | 'offering'>[]> {
  return db
    .selectFrom('products')
    .select(['id', 'type', 'brand', 'family', 'offering'])
    .where('type', '=', type)
    .execute();
}
