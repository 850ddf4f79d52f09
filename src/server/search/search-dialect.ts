import { type Expression, type SqlBool, sql } from 'kysely';
import type { DatabaseKind } from '../db/dialect.ts';

/**
 * Full-text matching, the one dialect difference of search (DESIGN rule 3): FTS5 on SQLite, a
 * tsvector with a GIN index on PostgreSQL. Both index lower-cased words of letters and digits; a
 * query matches records holding every query word as a word prefix ("acm corp" finds "ACME Corp.").
 */
export type SearchableTable = 'clients' | 'contacts' | 'opportunities' | 'products';

const maxTokens = 8;

export function searchTokens(text: string): string[] {
  const folded = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const tokens = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(tokens)].slice(0, maxTokens);
}

/** `<column> in (ids of <table> rows matching the text)`; matches nothing when the text has no words. */
export function idMatchesSearch(
  kind: DatabaseKind,
  table: SearchableTable,
  idColumn: string,
  text: string,
): Expression<SqlBool> {
  const tokens = searchTokens(text);
  if (tokens.length === 0) return sql<SqlBool>`1 = 0`;
  if (kind === 'sqlite') {
    const query = tokens.map((token) => `"${token}"*`).join(' AND ');
    const index = sql.table(`${table}_search`);
    return sql<SqlBool>`${sql.ref(idColumn)} in (select rowid from ${index} where ${index} match ${query})`;
  }
  const query = tokens.map((token) => `${token}:*`).join(' & ');
  return sql<SqlBool>`${sql.ref(idColumn)} in (select id from ${sql.table(table)} where search_vector @@ to_tsquery('simple', ${query}))`;
}
