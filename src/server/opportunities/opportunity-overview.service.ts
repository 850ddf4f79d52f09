import type { Kysely } from 'kysely';
import type { OpportunityOverview } from '../../core/contract/opportunities.ts';
import type { Principal } from '../../core/principal.ts';
import { rollUpLines, toRollupLine } from '../../core/rollup.ts';
import { findStage, stageReadiness } from '../../core/stages.ts';
import type { Database } from '../db/schema.ts';
import { notFound } from '../http/app-error.ts';
import { toLineItem } from '../line-items/line-item.mapper.ts';
import { findLineItemsOfOpportunity } from '../line-items/line-item.repository.ts';
import { findTeam } from '../sales-team/sales-team.repository.ts';
import { toTeamMembers } from '../sales-team/sales-team.service.ts';
import { toOpportunity } from './opportunity.mapper.ts';
import { findVisibleOpportunity } from './opportunity.repository.ts';
import { getOpportunityContacts } from './opportunity-contact.service.ts';
import { loadEnvironment, mapContext } from './opportunity-state.ts';
import { gateFactsOf } from './stage-move.service.ts';

/** The opportunity overview (SPEC §8) in one call: details, line items, team, contacts, and what each stage needs. */
export async function getOpportunityOverview(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
): Promise<OpportunityOverview> {
  const environment = await loadEnvironment(db);
  const row = await findVisibleOpportunity(db, principal, id);
  if (!row) throw notFound('Opportunity');
  const [lines, team, contacts] = await Promise.all([
    findLineItemsOfOpportunity(db, id),
    findTeam(db, id),
    getOpportunityContacts(db, principal, id),
  ]);
  const current = findStage(environment.catalog, row.stage);
  const rollup = rollUpLines(lines.map(toRollupLine));
  // The same facts the stage move checks (gateFactsOf), so what the screen says a stage needs is what
  // the server will refuse without.
  const readiness = current ? stageReadiness(environment.catalog, current, await gateFactsOf(db, row)) : [];
  return {
    opportunity: toOpportunity(row, mapContext(principal, environment)),
    lineItems: lines.map((line) => toLineItem(line, row.currency)),
    team: toTeamMembers(team, row.owner_id),
    contacts,
    readiness,
    rollup: { countedLines: rollup.countedLines, lostLines: rollup.lostLines, totalMinor: rollup.totalMinor },
  };
}
