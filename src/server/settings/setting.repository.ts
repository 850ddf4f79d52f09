import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export type SettingKey = 'reporting_currency' | 'demo_seeded_at' | 'bulk_load_dropped_indexes';

export async function getSetting(db: Kysely<Database>, key: SettingKey): Promise<string | undefined> {
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function putSetting(db: Kysely<Database>, key: SettingKey, value: string): Promise<void> {
  await db
    .insertInto('app_settings')
    .values({ key, value })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value }))
    .execute();
}

/** SPEC §4: totals are converted to the reporting currency, USD unless an admin chose another. */
export async function getReportingCurrency(db: Kysely<Database>): Promise<string> {
  return (await getSetting(db, 'reporting_currency')) ?? 'USD';
}
