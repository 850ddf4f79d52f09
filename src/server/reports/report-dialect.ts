import { type AliasableExpression, type Expression, sql } from 'kysely';
import type { DatabaseKind } from '../db/dialect.ts';

/**
 * Days between two ISO 8601 timestamps held as text, the one dialect difference of the reports
 * (DESIGN rule 3): `julianday` on SQLite, an epoch difference of `timestamptz` values on PostgreSQL.
 * Both give fractional days.
 */
export function daysBetween(
  kind: DatabaseKind,
  from: Expression<string | null>,
  to: Expression<string | null>,
): AliasableExpression<number | null> {
  if (kind === 'sqlite') return sql<number | null>`(julianday(${to}) - julianday(${from}))`;
  return sql<
    number | null
  >`(extract(epoch from (cast(${to} as timestamptz) - cast(${from} as timestamptz))) / 86400.0)`;
}
