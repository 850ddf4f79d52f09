import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export type CurrencyRow = {
  code: string;
  name: string;
  exponent: number;
  is_active: number;
  version: number;
};

export async function findCurrency(db: Kysely<Database>, code: string): Promise<CurrencyRow | undefined> {
  return db.selectFrom('currencies').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The rate in force on a date: the latest one dated on or before it. */
export async function findRateOn(
  db: Kysely<Database>,
  currency: string,
  date: string,
): Promise<{ rate: string; effective_date: string } | undefined> {
  return db
    .selectFrom('exchange_rates')
    .select(['rate', 'effective_date'])
    .where('currency', '=', currency)
    .where('effective_date', '<=', date)
    .orderBy('effective_date', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every currency (or the one of `code`) with its latest rate (when it has one). */
export async function findCurrenciesWithRates(
  db: Kysely<Database>,
  date: string,
  all: boolean,
  code?: string,
) {
  let query = db
    .selectFrom('currencies')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('exchange_rates as latest')
          .select(['latest.currency', (inner) => inner.fn.max('latest.effective_date').as('effective_date')])
          .where('latest.effective_date', '<=', date)
          .groupBy('latest.currency')
          .as('latest_date'),
      (join) => join.onRef('latest_date.currency', '=', 'currencies.code'),
    )
    .leftJoin('exchange_rates', (join) =>
      join
        .onRef('exchange_rates.currency', '=', 'currencies.code')
        .onRef('exchange_rates.effective_date', '=', 'latest_date.effective_date'),
    )
    .select([
      'currencies.code',
      'currencies.name',
      'currencies.exponent',
      'currencies.is_active',
      'currencies.version',
      'exchange_rates.rate',
      'exchange_rates.effective_date',
    ])
    .orderBy('currencies.code');
  if (code !== undefined) query = query.where('currencies.code', '=', code);
  const rows = await query.execute();
  return all ? rows : rows.filter((row) => row.rate !== null && row.is_active);
}

/**
 * Changes a currency only if it is still at `version`, moving its version on (compare and write in
 * one statement). Answers whether it did.
 */
export async function updateCurrencyRow(
  db: Kysely<Database>,
  code: string,
  version: number,
  values: { is_active: number },
): Promise<boolean> {
  const result = await db
    .updateTable('currencies')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findRates(db: Kysely<Database>, currency: string) {
  return db
    .selectFrom('exchange_rates')
    .select(['currency', 'effective_date', 'rate', 'created_at'])
    .where('currency', '=', currency)
    .orderBy('effective_date', 'desc')
    .execute();
}

export async function upsertRate(
  db: Kysely<Database>,
  values: {
    currency: string;
    effective_date: string;
    rate: string;
    created_by: number | null;
    created_at: string;
  },
): Promise<void> {
  await db
    .insertInto('exchange_rates')
    .values(values)
    .onConflict((conflict) =>
      conflict.columns(['currency', 'effective_date']).doUpdateSet({
        rate: values.rate,
        created_by: values.created_by,
        created_at: values.created_at,
      }),
    )
    .execute();
}

/** Every currency's number of minor-unit digits (USD 2, JPY 0, KWD 3), for amounts in files. */
export async function findCurrencyExponents(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('currencies').select(['code', 'exponent']).execute();
  return new Map(rows.map((row) => [row.code, row.exponent]));
}
