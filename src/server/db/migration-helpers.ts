import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { type DatabaseKind, databaseKindOf } from './dialect.ts';

/**
 * Small helpers so one migration reads the same on SQLite and PostgreSQL. Migrations see the
 * database as untyped (`Kysely<unknown>`) because they run against every past shape of it.
 */
export type MigrationDb = Kysely<unknown>;

export function kindOf(db: MigrationDb): DatabaseKind {
  return databaseKindOf(db);
}

/** An integer key: SQLite's rowid alias, or a PostgreSQL identity column. */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, kind: DatabaseKind) {
  return table.addColumn('id', 'integer', (column) =>
    kind === 'postgres' ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey(),
  );
}

/**
 * Names sort as people expect ("alpha", "Bravo", "charlie") on both engines: NOCASE on SQLite, the
 * ICU root collation on PostgreSQL when the server has ICU (Debian's does), whatever the cluster locale.
 */
export async function naturalTextCollation(db: MigrationDb): Promise<string | null> {
  if (kindOf(db) === 'sqlite') return 'nocase';
  const result = await sql<{
    collname: string;
  }>`select collname from pg_collation where collname = 'und-x-icu'`.execute(db);
  return result.rows.length > 0 ? '"und-x-icu"' : null;
}

export function naturalText(collation: string | null) {
  return (column: ColumnDefinitionBuilder) => {
    const notNull = column.notNull();
    return collation ? notNull.modifyEnd(sql.raw(`collate ${collation}`)) : notNull;
  };
}

/** Flags are 0/1 integers on both engines so that predicates and mappers are written once. */
export function flag(defaultValue: 0 | 1) {
  return (column: ColumnDefinitionBuilder) => column.notNull().defaultTo(defaultValue);
}

export function withVersion<T extends string>(table: CreateTableBuilder<T, never>) {
  return table.addColumn('version', 'integer', (column) => column.notNull().defaultTo(1));
}

export function withTimestamps<T extends string>(table: CreateTableBuilder<T, never>) {
  return table
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull());
}

/** Letters whose accents PostgreSQL's index drops, as SQLite's FTS5 (remove_diacritics) does. */
const accented = 'àáâãäåāăąçćčďèéêëēęěğìíîïīıłñńňòóôõöøōőŕřśšşťùúûüūůűýÿźżž';
const unaccented = 'aaaaaaaaacccdeeeeeeegiiiiiilnnnoooooooorrssstuuuuuuuyyzzz';

/**
 * Full-text search over a table's chosen columns (SPEC §8 search, docs/architecture.md rule 3):
 * SQLite keeps an FTS5 index in step by triggers, PostgreSQL a generated tsvector with a GIN index.
 * Both index lower-cased words split at anything that is not a letter or digit.
 */
export async function createSearchIndex(db: MigrationDb, table: string, columns: readonly string[]) {
  const kind = kindOf(db);
  if (kind === 'sqlite') {
    const body = (prefix: string) =>
      `concat_ws(' ', ${columns.map((column) => `${prefix}.${column}`).join(', ')})`;
    await sql
      .raw(
        `create virtual table ${table}_search using fts5(body, content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 2", prefix='2 3')`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_search_insert after insert on ${table} begin insert into ${table}_search(rowid, body) values (new.id, ${body('new')}); end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_search_update after update of ${columns.join(', ')} on ${table} begin delete from ${table}_search where rowid = old.id; insert into ${table}_search(rowid, body) values (new.id, ${body('new')}); end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_search_delete after delete on ${table} begin delete from ${table}_search where rowid = old.id; end`,
      )
      .execute(db);
    await sql
      .raw(`insert into ${table}_search(rowid, body) select id, ${body(table)} from ${table}`)
      .execute(db);
    return;
  }
  const document = columns.map((column) => `coalesce(${column}::text, '')`).join(` || ' ' || `);
  const folded = `translate(lower(${document}), '${accented}', '${unaccented}')`;
  await sql
    .raw(
      `alter table ${table} add column search_vector tsvector generated always as (to_tsvector('simple', regexp_replace(${folded}, '[^[:alnum:]]+', ' ', 'g'))) stored`,
    )
    .execute(db);
  await sql.raw(`create index ${table}_search_vector_idx on ${table} using gin (search_vector)`).execute(db);
}

export async function dropSearchIndex(db: MigrationDb, table: string) {
  if (kindOf(db) === 'sqlite') {
    for (const suffix of ['insert', 'update', 'delete']) {
      await sql.raw(`drop trigger if exists ${table}_search_${suffix}`).execute(db);
    }
    await sql.raw(`drop table if exists ${table}_search`).execute(db);
    return;
  }
  await sql.raw(`drop index if exists ${table}_search_vector_idx`).execute(db);
  await sql.raw(`alter table ${table} drop column if exists search_vector`).execute(db);
}

/** A CHECK that a text column holds one of the given codes (codes are ours, never user input). */
export function checkIn(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((value) => `'${value}'`).join(', ')})`);
}
