/**
 * SPEC §2: an opportunity's human-readable number, `OPP-<year>-<six digits>`, counted per year
 * (the server's number sequence of that year hands out the counts).
 */
export function formatOpportunityNumber(year: number, sequence: number): string {
  return `OPP-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The name of the number sequence an opportunity created at `now` takes its number from (UTC year). */
export function opportunityNumberSequence(now: Date): string {
  return `opportunity:${now.getUTCFullYear()}`;
}
