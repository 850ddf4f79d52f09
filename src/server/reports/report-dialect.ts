import { type AliasableExpression, type Expression, type RawBuilder, sql } from 'kysely';
import type { DatabaseKind } from '../db/dialect.ts';

/**
 * Days between two ISO 8601 timestamps held as text, the one dialect difference of the reports
 * (docs/architecture.md rule 3): `julianday` on SQLite, an epoch difference of `timestamptz`
 * values on PostgreSQL.
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

/**
 * Exact sums of minor units over any number of rows, alike on both engines. A plain `sum()` is not:
 * SQLite stops with "integer overflow" past 2^63 (about 9,200 deals at the largest amount), and pg
 * hands int8 and numeric over as doubles, exact only up to 2^53. So each amount is split at 10^8
 * into a high and a low part (truncating division and remainder, the same on both engines), each
 * part is summed — at most 10^7 and 10^8 per row for stored amounts, far from 2^63 below ~10^10
 * rows — and read back as text, and `readExactSum` puts the two together as a BigInt.
 */
export function exactSum(amount: Expression<number | null>): {
  high: RawBuilder<string | null>;
  low: RawBuilder<string | null>;
} {
  return {
    high: sql<string | null>`cast(sum(${amount} / 100000000) as text)`,
    low: sql<string | null>`cast(sum(${amount} % 100000000) as text)`,
  };
}

export function readExactSum(high: string | number | null, low: string | number | null): bigint {
  return BigInt(high ?? 0) * 100_000_000n + BigInt(low ?? 0);
}
