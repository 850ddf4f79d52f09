import type { MigrationDb } from '../migration-helpers.ts';

const versionedTables = ['saved_searches', 'currencies'];

/**
 * Sign-in throttling counts each attempt in the database before the password is checked, one row
 * per account and per address, so simultaneous attempts and every app instance share one count.
 * Saved searches and currencies get a version, as every other editable record has, so a stale
 * `If-Match` is refused instead of overwriting someone else's change.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('sign_in_attempt_counts')
    .addColumn('scope', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('window_started_at', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull())
    .addPrimaryKeyConstraint('sign_in_attempt_counts_pk', ['scope', 'subject'])
    .execute();
  await db.schema
    .createIndex('sign_in_attempt_counts_window_idx')
    .on('sign_in_attempt_counts')
    .column('window_started_at')
    .execute();
  for (const table of versionedTables) {
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (column) => column.notNull().defaultTo(1))
      .execute();
  }
}

export async function down(db: MigrationDb): Promise<void> {
  for (const table of versionedTables) await db.schema.alterTable(table).dropColumn('version').execute();
  await db.schema.dropTable('sign_in_attempt_counts').execute();
}
