import type { Insertable, Kysely } from 'kysely';
import type { OpportunityDefaults } from '../../core/contract/defaults.ts';
import type { Opportunity, OpportunityCreate } from '../../core/contract/opportunities.ts';
import { applyOpportunityDefaults } from '../../core/defaults.ts';
import { maxAmountText, weightedMinor } from '../../core/money.ts';
import { canCreateOpportunity, type DealFirms } from '../../core/opportunity-access.ts';
import type { Principal } from '../../core/principal.ts';
import { rollUpLines, toRollupLine } from '../../core/rollup.ts';
import { findStage, hasReachedWon, missingForStage, type StageDefinition } from '../../core/stages.ts';
import { recordCreate } from '../audit/audit.service.ts';
import { nowIso, todayIso } from '../clock.ts';
import { rateInForce, toReportingOrRefuse } from '../currencies/currency.service.ts';
import { cachedRead, type ReadCache } from '../db/read-cache.ts';
import type { Database } from '../db/schema.ts';
import { getDefaultsOf } from '../defaults/defaults.service.ts';
import { findFirmById } from '../firms/firm.repository.ts';
import { amountOutOfBounds, forbidden, validationError } from '../http/app-error.ts';
import { insertLineItem } from '../line-items/line-item.repository.ts';
import { buildLineValues, type LineValues } from '../line-items/line-item.service.ts';
import { replaceTeam, type TeamRow } from '../sales-team/sales-team.repository.ts';
import { resolveTeamMembers, withOwner } from '../sales-team/sales-team.service.ts';
import { checkDealFirms } from './deal-firms.ts';
import { opportunityAuditSnapshot } from './opportunity.mapper.ts';
import { insertOpportunity } from './opportunity.repository.ts';
import type { OpportunityTable, StageChangeTable } from './opportunity.table.ts';
import { checkContactOfClient, checkOwner, resolveClientAndContact } from './opportunity-checks.ts';
import { type OpportunityContactRow, replaceOpportunityContacts } from './opportunity-contact.repository.ts';
import { nextOpportunityNumber } from './opportunity-number.ts';
import { getOpportunity } from './opportunity-read.service.ts';
import { loadEnvironment, type OpportunityEnvironment } from './opportunity-state.ts';
import { insertStageChange } from './stage-change.repository.ts';
import { gateNotMet } from './stage-refusal.ts';

function openStageOrFail(
  catalog: readonly StageDefinition[],
  code: string,
  field = 'stage',
): StageDefinition {
  const stage = findStage(catalog, code);
  if (!stage)
    throw validationError([
      { field, message: `is not a stage; one of ${catalog.map((each) => each.code).join(', ')}` },
    ]);
  if (stage.closing)
    throw validationError([
      { field, message: 'must be an open stage; close an opportunity with POST …/stage' },
    ]);
  return stage;
}

export function requireOpportunityCreator(principal: Principal): void {
  if (!canCreateOpportunity(principal)) {
    throw forbidden(
      principal.firmKind === 'partner'
        ? 'Your firm is not eligible to create opportunities (it must be in good standing and authorized)'
        : 'Your role cannot create opportunities',
    );
  }
}

/** Everything creating one opportunity writes, checked and computed, but not yet written. */
export type OpportunityCreation = {
  values: Omit<Insertable<OpportunityTable>, 'number'>;
  lines: LineValues[];
  team: TeamRow[];
  contacts: OpportunityContactRow[];
  history: Omit<Insertable<StageChangeTable>, 'opportunity_id'>;
  /** When the creation happened here (the change log's time); imported history may start earlier. */
  recordedAt: string;
};

export type CreationOptions = {
  /** Shared reads for the rows of one bulk import (see read-cache.ts). */
  cache?: ReadCache;
  /**
   * Imported history: when the opportunity really started (ISO timestamp). It becomes the created
   * and stage-entered time and the date defaults count from; the change log keeps the real time.
   */
  startedAt?: string;
};

/**
 * SPEC §2–§7 for a new opportunity: defaults applied, client, contacts, owner and firms checked,
 * the stage's gates passed, line items priced, totals rolled up and converted. Reads only; the
 * API writes the result with `insertOpportunityCreation`, a bulk import with the batched writer.
 */
export async function planOpportunityCreation(
  trx: Kysely<Database>,
  principal: Principal,
  environment: OpportunityEnvironment,
  rawInput: OpportunityCreate,
  options: CreationOptions = {},
): Promise<OpportunityCreation> {
  const { cache } = options;
  const today = options.startedAt ? options.startedAt.slice(0, 10) : todayIso();
  const firm = await cachedRead(cache, `firm:${principal.firmId}`, () => findFirmById(trx, principal.firmId));
  const defaults: OpportunityDefaults | null = await cachedRead(cache, `defaults:${principal.userId}`, () =>
    getDefaultsOf(trx, principal.userId),
  );
  const input = applyOpportunityDefaults(rawInput, defaults, {
    today,
    firmDistributorId: firm?.distributor_firm_id ?? null,
  });
  const isVendor = principal.firmKind === 'vendor';
  const origin = input.origin ?? (isVendor ? 'passed' : 'partner');
  if (isVendor && origin === 'partner') {
    throw validationError([{ field: 'origin', message: 'vendor opportunities are passed or co-marketing' }]);
  }
  if (!isVendor && origin === 'passed') {
    throw validationError([{ field: 'origin', message: 'only the vendor passes opportunities' }]);
  }
  if (isVendor && input.partnerPrivate) {
    throw validationError([
      { field: 'partnerPrivate', message: 'only a partner can keep an opportunity private' },
    ]);
  }
  const { clientId, primaryContactId } = await resolveClientAndContact(trx, principal, input, cache);
  const ownerId = input.ownerId ?? principal.userId;
  if (ownerId !== principal.userId) await checkOwner(trx, ownerId, principal.firmId, 'ownerId', cache);
  // SPEC §5: the creator's firm owns the deal, so it names the firms (defaults included).
  await checkDealFirms(
    trx,
    { id: principal.firmId, kind: principal.firmKind, isDistributor: principal.isFirmDistributor },
    input,
    cache,
  );
  const stage = openStageOrFail(environment.catalog, input.stage ?? 'identify');
  const currency = input.currency ?? environment.reporting.code;
  const rate = await cachedRead(cache, `rate:${currency}`, () => rateInForce(trx, currency));
  const decisionDate = input.decisionDate;
  const lineInputs = input.lineItems ?? [];
  if (lineInputs.length > 0 && input.amountMinor !== undefined) {
    throw validationError([
      { field: 'amountMinor', message: 'is the sum of the line items when there are any' },
    ]);
  }
  const lineContext = { ownerId, ownerFirmId: principal.firmId, decisionDate, currency };
  const lineValues: LineValues[] = [];
  for (const [index, line] of lineInputs.entries()) {
    lineValues.push(await buildLineValues(trx, line, lineContext, `lineItems.${index}.`, cache));
  }
  const lineFacts = lineValues.map(toRollupLine);
  const rollup = rollUpLines(lineFacts);
  if (!rollup.totalInBounds) {
    throw amountOutOfBounds(
      ['lineItems'],
      `add up to more than ${maxAmountText}, the largest total an opportunity may hold (lost lines do not count)`,
    );
  }
  const amountMinor = lineValues.length > 0 ? rollup.totalMinor : (input.amountMinor ?? 0);
  const effectiveDecisionDate = lineValues.length > 0 ? (rollup.decisionDate ?? decisionDate) : decisionDate;

  const contactLinks = new Map<number, { role: string | null; isPrimary: boolean }>();
  for (const [index, link] of (input.contacts ?? []).entries()) {
    await checkContactOfClient(
      trx,
      principal,
      link.contactId,
      clientId,
      `contacts.${index}.contactId`,
      cache,
    );
    contactLinks.set(link.contactId, { role: link.role ?? null, isPrimary: Boolean(link.isPrimary) });
  }
  const flaggedPrimary = [...contactLinks.entries()].find(([, link]) => link.isPrimary)?.[0];
  const primary = primaryContactId ?? flaggedPrimary ?? null;
  if (primary !== null && !contactLinks.has(primary))
    contactLinks.set(primary, { role: 'Decision maker', isPrimary: true });

  const missing = missingForStage(environment.catalog, stage, {
    hasPrimaryContact: primary !== null,
    decisionDate: effectiveDecisionDate,
    totalMinor: amountMinor,
    lineItems: lineFacts,
    hasReachedWon: false,
  });
  if (missing.length > 0) throw gateNotMet(missing, stage);

  const teamInput = input.team ?? [];
  const dealFirms: DealFirms = {
    ownerFirmId: principal.firmId,
    distributorFirmId: input.distributorFirmId ?? null,
    resellerFirmId: input.resellerFirmId ?? null,
  };
  const resolvedTeam = await cachedRead(cache, `team:${JSON.stringify([dealFirms, teamInput])}`, () =>
    resolveTeamMembers(trx, dealFirms, teamInput),
  );
  const team = withOwner(resolvedTeam, ownerId);
  if (principal.userId !== ownerId && !team.some((member) => member.user_id === principal.userId)) {
    team.push({ user_id: principal.userId, role: 'Co-seller', access: 'edit' });
  }

  const probability = input.probability ?? stage.probability;
  const reporting = toReportingOrRefuse(
    amountMinor,
    probability,
    rate,
    environment.reporting,
    lineValues.length > 0 ? 'lineItems' : 'amountMinor',
  );
  const now = nowIso();
  const startedAt = options.startedAt ?? now;
  return {
    values: {
      name: input.name,
      description: input.description ?? null,
      client_id: clientId,
      primary_contact_id: primary,
      owner_id: ownerId,
      owner_firm_id: principal.firmId,
      stage: stage.code,
      stage_entered_at: startedAt,
      outcome: 'open',
      has_reached_won: hasReachedWon(environment.catalog, stage) ? 1 : 0,
      decision_date: effectiveDecisionDate,
      currency,
      amount_minor: amountMinor,
      probability,
      weighted_amount_minor: weightedMinor(amountMinor, probability),
      exchange_rate: rate.rate,
      is_rate_frozen: 0,
      amount_reporting_minor: reporting.amountReportingMinor,
      weighted_reporting_minor: reporting.weightedReportingMinor,
      line_item_count: lineValues.length,
      origin,
      is_private: input.partnerPrivate ? 1 : 0,
      distributor_firm_id: input.distributorFirmId ?? null,
      reseller_firm_id: input.resellerFirmId ?? null,
      lead_source: input.leadSource ?? null,
      competitor: input.competitor ?? null,
      next_step: input.nextStep ?? null,
      created_by: principal.userId,
      updated_by: principal.userId,
      created_at: startedAt,
      updated_at: now,
    },
    lines: lineValues,
    team,
    contacts: [...contactLinks.entries()].map(([contactId, link]) => ({
      contact_id: contactId,
      role: link.role,
      is_primary: contactId === primary ? 1 : 0,
    })),
    history: {
      kind: 'create',
      from_stage: null,
      to_stage: stage.code,
      changed_at: startedAt,
      changed_by: principal.userId,
      amount_minor: amountMinor,
      currency,
      decision_date: effectiveDecisionDate,
      probability,
      note: null,
    },
    recordedAt: now,
  };
}

/** Writes one planned opportunity with its line items, team, contacts and first history row. */
export async function insertOpportunityCreation(
  trx: Kysely<Database>,
  creation: OpportunityCreation,
  number: string,
): Promise<number> {
  const at = creation.recordedAt;
  const id = await insertOpportunity(trx, { ...creation.values, number });
  for (const [index, line] of creation.lines.entries()) {
    await insertLineItem(trx, {
      ...line,
      opportunity_id: id,
      position: index + 1,
      created_at: at,
      updated_at: at,
    });
  }
  await replaceTeam(trx, id, creation.team, at);
  await replaceOpportunityContacts(trx, id, creation.contacts, at);
  await insertStageChange(trx, { ...creation.history, opportunity_id: id });
  return id;
}

export async function createOpportunity(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: OpportunityCreate,
): Promise<Opportunity> {
  requireOpportunityCreator(principal);
  return db.transaction().execute(async (trx) => {
    const environment = await loadEnvironment(trx);
    const creation = await planOpportunityCreation(trx, principal, environment, rawInput);
    const id = await insertOpportunityCreation(
      trx,
      creation,
      await nextOpportunityNumber(trx, environment.now),
    );
    const opportunity = await getOpportunity(trx, principal, id, environment);
    await recordCreate(
      trx,
      { type: 'opportunity', id, userId: principal.userId, at: creation.recordedAt },
      opportunityAuditSnapshot(opportunity),
    );
    return opportunity;
  });
}
