import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { DatabaseKind } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';

/**
 * Full-text matching, the one dialect difference of search (docs/architecture.md rule 3): FTS5 on SQLite, a
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

function ftsQuery(tokens: readonly string[]): string {
  return tokens.map((token) => `"${token}"*`).join(' AND ');
}

/**
 * `<column> in (ids of <table> rows matching the text)`; matches nothing when the text has no words.
 * With `probe` (SQLite), the column is tested row by row against the matches instead of driving the
 * query from them: the right plan when the words are common and the list's own order (an index)
 * reaches a page of matches after a few rows. See `shouldProbeSearch`.
 */
export function idMatchesSearch(
  kind: DatabaseKind,
  table: SearchableTable,
  idColumn: string,
  text: string,
  options: { probe?: boolean } = {},
): Expression<SqlBool> {
  const tokens = searchTokens(text);
  if (tokens.length === 0) return sql<SqlBool>`1 = 0`;
  if (kind === 'sqlite') {
    const index = sql.table(`${table}_search`);
    const column = options.probe ? sql`+${sql.ref(idColumn)}` : sql.ref(idColumn);
    return sql<SqlBool>`${column} in (select rowid from ${index} where ${index} match ${ftsQuery(tokens)})`;
  }
  const query = tokens.map((token) => `${token}:*`).join(' & ');
  return sql<SqlBool>`${sql.ref(idColumn)} in (select id from ${sql.table(table)} where search_vector @@ to_tsquery('simple', ${query}))`;
}

/** How many rows of a table match the text, counted up to `cap` (SQLite's FTS index; cheap). */
export async function countSearchMatches(
  db: Kysely<Database>,
  table: SearchableTable,
  text: string,
  cap = 50_000,
): Promise<number> {
  const tokens = searchTokens(text);
  if (tokens.length === 0) return 0;
  const index = sql.table(`${table}_search`);
  const result = await sql<{
    n: number;
  }>`select count(*) as n from (select 1 from ${index} where ${index} match ${ftsQuery(tokens)} limit ${cap})`.execute(
    db,
  );
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Whether to test rows against the matches (probe) rather than start from them: starting from C
 * candidates costs about C row reads; walking the list's index costs about page × N / C. SQLite
 * has no statistics on full-text matches, so the choice is made here, by that arithmetic.
 */
export function shouldProbeSearch(estimatedCandidates: number, totalRows: number, pageSize: number): boolean {
  return estimatedCandidates * estimatedCandidates > pageSize * totalRows;
}

/**
 * The same choice for a count, per visibility branch: testing the branch's rows costs the rows it
 * holds (`branchRows`, read up to the candidates), or fewer when the matches are dense enough that
 * the cap is reached early (about cap × N / C rows); starting from the matches costs C.
 */
export function shouldProbeCount(
  estimatedCandidates: number,
  branchRows: number,
  totalRows: number,
  cap: number,
): boolean {
  return branchRows < estimatedCandidates || estimatedCandidates * estimatedCandidates > cap * totalRows;
}
