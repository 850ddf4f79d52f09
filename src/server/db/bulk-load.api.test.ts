import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/test-app.ts';
import { restoreDroppedIndexes, setAsideSecondaryIndexes } from './bulk-load.ts';
import { migrateToLatest } from './migrator.ts';

/** SQLite only: PostgreSQL loads with its indexes in place. */
describe('a bulk load without secondary indexes on sqlite', () => {
  let t: TestContext;
  const indexes = async () =>
    (
      await sql<{ name: string; sql: string }>`
        select name, sql from sqlite_master
        where type = 'index' and sql is not null and tbl_name in ('opportunities', 'line_items')
        order by name`.execute(t.database.db)
    ).rows;
  beforeAll(async () => {
    t = await createTestContext('sqlite');
  });
  afterAll(() => t.close());

  it('sets the non-unique indexes aside and builds them again, the same', async () => {
    const before = await indexes();
    expect(before.map((index) => index.name)).toContain('opportunities_firm_date_idx');
    await setAsideSecondaryIndexes(t.database.db, ['opportunities', 'line_items']);
    const during = await indexes();
    expect(during.map((index) => index.name)).toEqual(['opportunities_number_unique']);
    expect(await restoreDroppedIndexes(t.database.db)).toBe(before.length - during.length);
    expect(await indexes()).toEqual(before);
  });

  it('gets them back at the next start when the load was cut off', async () => {
    const before = await indexes();
    await setAsideSecondaryIndexes(t.database.db, ['opportunities', 'line_items']);
    // The loading process dies here; the next start runs the migrations.
    await migrateToLatest(t.database);
    expect(await indexes()).toEqual(before);
    const left = await t.database.db
      .selectFrom('app_settings')
      .select('key')
      .where('key', '=', 'bulk_load_dropped_indexes')
      .execute();
    expect(left).toEqual([]);
  });
});
