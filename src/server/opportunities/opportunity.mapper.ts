import { formatContactName } from '../../core/contract/contacts.ts';
import type { Opportunity, OpportunityContact, StageChange } from '../../core/contract/opportunities.ts';
import {
  canEditOpportunity,
  canPassOpportunity,
  canReopenOpportunity,
  canSetPartnerPrivate,
  type DealFirms,
  decidesDealFirms,
  type OpportunityAccessFacts,
} from '../../core/opportunity-access.ts';
import type { Principal } from '../../core/principal.ts';
import { isStale } from '../../core/stages.ts';
import type { OpportunityRow } from './opportunity.repository.ts';
import type { findOpportunityContacts } from './opportunity-contact.repository.ts';
import type { findStageChanges } from './stage-change.repository.ts';

export type OpportunityMapContext = { principal: Principal; reportingCurrency: string; now: Date };

export function opportunityAccessFacts(row: OpportunityRow): OpportunityAccessFacts {
  return {
    ownerId: row.owner_id,
    ownerFirmId: row.owner_firm_id,
    isPrivate: Boolean(row.is_private),
    passStatus: row.pass_status,
    isClosed: row.outcome !== 'open',
    membership: row.my_access,
  };
}

/** The firms whose people may join the deal's sales team (SPEC §5). */
export function dealFirmsOf(row: {
  owner_firm_id: number;
  distributor_firm_id: number | null;
  reseller_firm_id: number | null;
}): DealFirms {
  return {
    ownerFirmId: row.owner_firm_id,
    distributorFirmId: row.distributor_firm_id,
    resellerFirmId: row.reseller_firm_id,
  };
}

export function toOpportunity(row: OpportunityRow, context: OpportunityMapContext): Opportunity {
  const facts = opportunityAccessFacts(row);
  const isClosed = row.outcome !== 'open';
  const canEdit = canEditOpportunity(context.principal, facts) && !isClosed;
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    description: row.description,
    clientId: row.client_id,
    clientName: row.client_name,
    primaryContactId: row.primary_contact_id,
    primaryContactName:
      row.primary_contact_last_name === null
        ? null
        : formatContactName({
            firstName: row.primary_contact_first_name,
            lastName: row.primary_contact_last_name,
          }),
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    ownerFirmId: row.owner_firm_id,
    ownerFirmName: row.owner_firm_name,
    stage: row.stage,
    stageLabel: row.stage_label,
    stageEnteredAt: row.stage_entered_at,
    outcome: row.outcome,
    isClosed,
    decisionDate: row.decision_date,
    currency: row.currency,
    amountMinor: row.amount_minor,
    probability: row.probability,
    weightedAmountMinor: row.weighted_amount_minor,
    reportingCurrency: context.reportingCurrency,
    amountReportingMinor: row.amount_reporting_minor,
    weightedReportingMinor: row.weighted_reporting_minor,
    exchangeRate: row.exchange_rate,
    isRateFrozen: Boolean(row.is_rate_frozen),
    lineItemCount: row.line_item_count,
    isAmountFromLineItems: row.line_item_count > 0,
    origin: row.origin,
    partnerPrivate: Boolean(row.is_private),
    canSetPartnerPrivate: canSetPartnerPrivate(context.principal, {
      ...facts,
      wasPrivateCleared: row.private_cleared_at !== null,
    }),
    passStatus: row.pass_status,
    passedBy: row.passed_by === null ? null : { id: row.passed_by, name: row.passed_by_name ?? '' },
    passedAt: row.passed_at,
    passNote: row.pass_note,
    passDeclineReason: row.pass_decline_reason,
    canSetDealFirms: !isClosed && decidesDealFirms(context.principal, facts),
    distributorFirmId: row.distributor_firm_id,
    distributorFirmName: row.distributor_firm_name,
    resellerFirmId: row.reseller_firm_id,
    resellerFirmName: row.reseller_firm_name,
    leadSource: row.lead_source,
    competitor: row.competitor,
    closeReason: row.close_reason,
    closeReasonId: row.close_reason_id,
    closeReasonNote: row.close_reason_note,
    closeNote: row.close_note,
    closedAt: row.closed_at,
    nextStep: row.next_step,
    isStale: isStale(
      { outcome: row.outcome, stageEnteredAt: row.stage_entered_at },
      row.stage_stale_after_days,
      context.now,
    ),
    isFavorite: row.favorite_of !== null,
    canEdit,
    canReopen: isClosed && canReopenOpportunity(context.principal, facts),
    canPass: row.owner_firm_kind === 'vendor' && canPassOpportunity(context.principal, facts),
    myTeamAccess: row.my_access,
    createdBy: row.created_by === null ? null : { id: row.created_by, name: row.created_by_name ?? '' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** The fields the change log follows, as the API names them. */
export const auditedOpportunityFields = [
  'name',
  'description',
  'clientId',
  'primaryContactId',
  'ownerId',
  'stage',
  'decisionDate',
  'currency',
  'amountMinor',
  'probability',
  'origin',
  'partnerPrivate',
  'distributorFirmId',
  'resellerFirmId',
  'leadSource',
  'competitor',
  'closeReason',
  'closeReasonNote',
  'closeNote',
  'nextStep',
  'passStatus',
] as const;

export function opportunityAuditSnapshot(opportunity: Opportunity): Record<string, unknown> {
  return Object.fromEntries(auditedOpportunityFields.map((field) => [field, opportunity[field]]));
}

/** A row of an opportunity's history (SPEC §3), with the name of who changed it. */
export function toStageChange(row: Awaited<ReturnType<typeof findStageChanges>>[number]): StageChange {
  return {
    id: row.id,
    kind: row.kind,
    fromStage: row.from_stage,
    toStage: row.to_stage,
    changedAt: row.changed_at,
    changedBy: row.changed_by === null ? null : { id: row.changed_by, name: row.changed_by_name ?? '' },
    amountMinor: row.amount_minor,
    currency: row.currency,
    decisionDate: row.decision_date,
    probability: row.probability,
    note: row.note,
  };
}

/** A BPContact linked to an opportunity, with its role there (SPEC §2). */
export function toOpportunityContact(
  row: Awaited<ReturnType<typeof findOpportunityContacts>>[number],
): OpportunityContact {
  return {
    contactId: row.contact_id,
    fullName: formatContactName({ firstName: row.first_name, lastName: row.last_name }),
    title: row.title,
    email: row.email,
    phone: row.phone,
    role: row.role,
    isPrimary: Boolean(row.is_primary),
  };
}
