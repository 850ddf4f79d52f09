import type { Kysely } from 'kysely';
import { formatOpportunityNumber, opportunityNumberSequence } from '../../core/opportunity-number.ts';
import type { Database } from '../db/schema.ts';
import { takeFreeNumbers } from '../db/sequences.ts';
import { findTakenOpportunityNumbers } from './opportunity.repository.ts';

/**
 * `count` human-readable numbers of the year, unique under concurrent creation on both engines.
 * Nobody chooses an opportunity number (a `number` in a body is refused), but numbers written
 * without the counter (a bulk load cut off before it moved the counter on, a restored database)
 * may lie ahead of it: they are passed over, so creating never fails on a number already taken.
 */
export async function nextOpportunityNumbers(
  db: Kysely<Database>,
  now: Date,
  count: number,
): Promise<string[]> {
  const year = now.getUTCFullYear();
  return takeFreeNumbers(
    db,
    opportunityNumberSequence(now),
    count,
    (sequence) => formatOpportunityNumber(year, sequence),
    (candidates) => findTakenOpportunityNumbers(db, candidates),
  );
}

export async function nextOpportunityNumber(db: Kysely<Database>, now: Date): Promise<string> {
  const [number] = await nextOpportunityNumbers(db, now, 1);
  return number!;
}
