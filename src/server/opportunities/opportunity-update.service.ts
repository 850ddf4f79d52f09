import type { Kysely, Updateable } from 'kysely';
import type { Opportunity, OpportunityUpdate } from '../../core/contract/opportunities.ts';
import { type DealFirms, decidesDealFirms, decidesPartnerPrivate } from '../../core/opportunity-access.ts';
import type { Principal } from '../../core/principal.ts';
import { findVisibleClient } from '../clients/client.repository.ts';
import { nowIso } from '../clock.ts';
import { rateInForce } from '../currencies/currency.service.ts';
import type { Database } from '../db/schema.ts';
import { findFirmById } from '../firms/firm.repository.ts';
import { AppError, forbidden, notFound, validationError } from '../http/app-error.ts';
import { hasPricedLineItems, moveOpenLineItemDates } from '../line-items/line-item.repository.ts';
import { addTeamMember, teamMembersLeaving } from '../sales-team/sales-team.service.ts';
import { checkDealFirms, owningFirmOf } from './deal-firms.ts';
import { dealFirmsOf, opportunityAccessFacts, toOpportunity } from './opportunity.mapper.ts';
import type { OpportunityRow } from './opportunity.repository.ts';
import type { OpportunityTable } from './opportunity.table.ts';
import { loadOpportunityForChange } from './opportunity-change.ts';
import { checkContactOfClient, checkOwner } from './opportunity-checks.ts';
import { findOpportunityContacts, replaceOpportunityContacts } from './opportunity-contact.repository.ts';
import { loadEnvironment, mapContext, saveOpportunityState } from './opportunity-state.ts';

/**
 * SPEC §5: a team never holds people of a firm the deal does not work with. Changing the distributor
 * or reseller while their people are on the team is refused, naming the field; take them off first.
 */
async function checkTeamStaysWithin(
  trx: Kysely<Database>,
  id: number,
  row: OpportunityRow,
  after: DealFirms,
): Promise<void> {
  const leaving = await teamMembersLeaving(trx, id, dealFirmsOf(row), after);
  if (leaving.length === 0) return;
  const firms = new Set(leaving.map((member) => member.firm_id));
  const fields = (
    [
      ['distributorFirmId', row.distributor_firm_id],
      ['resellerFirmId', row.reseller_firm_id],
    ] as const
  ).filter(([, firmId]) => firmId !== null && firms.has(firmId));
  throw new AppError(
    'UNPROCESSABLE',
    `${leaving.map((member) => member.name).join(', ')} ${leaving.length === 1 ? 'is' : 'are'} on the sales team for that firm; take them off the team before changing it`,
    {
      fields: fields.map(([field]) => ({
        field,
        message: 'its people are on the sales team; take them off the team first',
      })),
    },
  );
}

/**
 * SPEC §5: only the owning firm (the owner, or a manager of the owning firm) decides which
 * distributor and reseller the deal names (403 naming the field for anyone else), and only firms it
 * may name (422, the same answer whatever the reason). Sending the values the deal already has is
 * no change and is not refused.
 */
async function checkDealFirmsChange(
  trx: Kysely<Database>,
  principal: Principal,
  row: OpportunityRow,
  input: Pick<OpportunityUpdate, 'distributorFirmId' | 'resellerFirmId'>,
): Promise<void> {
  const changed = {
    distributorFirmId:
      input.distributorFirmId !== undefined && input.distributorFirmId !== row.distributor_firm_id
        ? input.distributorFirmId
        : undefined,
    resellerFirmId:
      input.resellerFirmId !== undefined && input.resellerFirmId !== row.reseller_firm_id
        ? input.resellerFirmId
        : undefined,
  };
  const fields = (['distributorFirmId', 'resellerFirmId'] as const).filter(
    (field) => changed[field] !== undefined,
  );
  if (fields.length === 0) return;
  if (!decidesDealFirms(principal, opportunityAccessFacts(row))) {
    throw new AppError(
      'FORBIDDEN',
      'Only the owner or a manager of the owning firm chooses the distributor and reseller',
      { fields: fields.map((field) => ({ field, message: 'is chosen by the owning firm' })) },
    );
  }
  const owner = await findFirmById(trx, row.owner_firm_id);
  if (!owner) throw notFound('Opportunity');
  await checkDealFirms(trx, owningFirmOf(owner), changed);
}

type OpportunityPatch = Updateable<OpportunityTable>;

/** The columns that store a value of type `V` as it is. */
type ColumnsTaking<V> = {
  [C in keyof OpportunityPatch]-?: [V] extends [OpportunityPatch[C]] ? C : never;
}[keyof OpportunityPatch];

/** A field copied as sent to its column, or one its own rule in `updateOpportunity` checks and writes. */
type UpdateFieldHandling<V> = { copyTo: ColumnsTaking<V> } | 'ruled';

/**
 * How each field of `PATCH /opportunities/{id}` reaches the row. Keyed by every key of the update
 * schema (`opportunityUpdateSchema`), so a field added there does not compile until it is copied
 * to a column of its type or given a rule below; opportunity-update.api.test.ts sends every key of
 * the schema and reads it back.
 */
const updateFields = {
  name: { copyTo: 'name' },
  description: { copyTo: 'description' },
  nextStep: { copyTo: 'next_step' },
  leadSource: { copyTo: 'lead_source' },
  competitor: { copyTo: 'competitor' },
  probability: { copyTo: 'probability' },
  origin: 'ruled',
  clientId: 'ruled',
  primaryContactId: 'ruled',
  distributorFirmId: 'ruled',
  resellerFirmId: 'ruled',
  ownerId: 'ruled',
  partnerPrivate: 'ruled',
  amountMinor: 'ruled',
  currency: 'ruled',
  decisionDate: 'ruled',
} as const satisfies {
  [Field in keyof OpportunityUpdate]-?: UpdateFieldHandling<Exclude<OpportunityUpdate[Field], undefined>>;
};

/** The columns of the fields copied as sent (`updateFields`), for those the body gives. */
function copiedColumns(input: OpportunityUpdate): OpportunityPatch {
  const values: Record<string, unknown> = {};
  for (const [field, handling] of Object.entries(updateFields)) {
    const value = input[field as keyof OpportunityUpdate];
    if (handling !== 'ruled' && value !== undefined) values[handling.copyTo] = value;
  }
  return values as OpportunityPatch;
}

export async function updateOpportunity(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
  input: OpportunityUpdate,
): Promise<Opportunity> {
  return db.transaction().execute(async (trx) => {
    const environment = await loadEnvironment(trx);
    const row = await loadOpportunityForChange({
      trx,
      principal,
      id,
      expectedVersion,
      action: 'details',
      environment,
    });
    // The plain fields as sent; every other field below, through its rule.
    const values = copiedColumns(input);
    if (input.origin !== undefined && input.origin !== row.origin) {
      if (input.origin === 'passed' || row.origin === 'passed') {
        throw validationError([
          { field: 'origin', message: 'a passed opportunity stays passed, and only the vendor passes' },
        ]);
      }
      values.origin = input.origin;
    }
    const clientId = input.clientId ?? row.client_id;
    if (input.clientId !== undefined && input.clientId !== row.client_id) {
      if (!(await findVisibleClient(trx, principal, input.clientId))) {
        throw validationError([{ field: 'clientId', message: 'must be a client you can see' }]);
      }
      const linked = await findOpportunityContacts(trx, id);
      if (
        linked.some((contact) => contact.client_id !== input.clientId) &&
        input.primaryContactId === undefined
      ) {
        throw new AppError(
          'UNPROCESSABLE',
          'Remove the BPContacts of the old client before moving the opportunity to another client',
          {
            fields: [
              { field: 'clientId', message: 'the opportunity still has BPContacts of its current client' },
            ],
          },
        );
      }
      values.client_id = input.clientId;
    }
    // Moving the deal to another client re-checks the primary contact even when it stays the same.
    const clientChanges = values.client_id !== undefined;
    if (
      input.primaryContactId !== undefined &&
      (input.primaryContactId !== row.primary_contact_id || clientChanges)
    ) {
      if (input.primaryContactId !== null) {
        await checkContactOfClient(trx, principal, input.primaryContactId, clientId, 'primaryContactId');
      }
      const linked = (await findOpportunityContacts(trx, id)).filter(
        (contact) => contact.client_id === clientId,
      );
      const links = linked.map((contact) => ({
        contact_id: contact.contact_id,
        role: contact.role,
        is_primary: contact.contact_id === input.primaryContactId ? 1 : 0,
      }));
      if (
        input.primaryContactId !== null &&
        !links.some((link) => link.contact_id === input.primaryContactId)
      ) {
        links.push({ contact_id: input.primaryContactId, role: 'Decision maker', is_primary: 1 });
      }
      await replaceOpportunityContacts(trx, id, links, nowIso());
      values.primary_contact_id = input.primaryContactId;
    }
    await checkDealFirmsChange(trx, principal, row, input);
    if (input.distributorFirmId !== undefined) values.distributor_firm_id = input.distributorFirmId;
    if (input.resellerFirmId !== undefined) values.reseller_firm_id = input.resellerFirmId;
    const dealFirms: DealFirms = {
      ownerFirmId: row.owner_firm_id,
      distributorFirmId:
        input.distributorFirmId === undefined ? row.distributor_firm_id : input.distributorFirmId,
      resellerFirmId: input.resellerFirmId === undefined ? row.reseller_firm_id : input.resellerFirmId,
    };
    await checkTeamStaysWithin(trx, id, row, dealFirms);
    if (input.ownerId !== undefined && input.ownerId !== row.owner_id) {
      await checkOwner(trx, input.ownerId, row.owner_firm_id);
      values.owner_id = input.ownerId;
      await addTeamMember(
        trx,
        id,
        dealFirms,
        { user_id: input.ownerId, role: 'Owner', access: 'edit' },
        nowIso(),
        'ownerId',
      );
    }
    if (input.partnerPrivate !== undefined && input.partnerPrivate !== Boolean(row.is_private)) {
      if (!decidesPartnerPrivate(principal, opportunityAccessFacts(row))) {
        throw forbidden(
          'Only the owner or a manager of the owning partner firm sets or clears partner-private',
        );
      }
      if (input.partnerPrivate) {
        if (row.private_cleared_at !== null) {
          throw new AppError('UNPROCESSABLE', 'Once cleared, partner-private can never be set again', {
            fields: [{ field: 'partnerPrivate', message: 'was cleared before and cannot be set again' }],
          });
        }
        values.is_private = 1;
      } else {
        values.is_private = 0;
        values.private_cleared_at = nowIso();
      }
    }
    const lineCount = row.line_item_count;
    if (input.amountMinor !== undefined && input.amountMinor !== row.amount_minor) {
      if (lineCount > 0) {
        throw new AppError('UNPROCESSABLE', 'The amount is the sum of the line items; change those instead', {
          fields: [{ field: 'amountMinor', message: 'is computed from the line items' }],
        });
      }
      values.amount_minor = input.amountMinor;
    }
    if (input.currency !== undefined && input.currency !== row.currency) {
      if (
        (await hasPricedLineItems(trx, id)) ||
        (lineCount === 0 && (input.amountMinor ?? row.amount_minor) > 0 && input.amountMinor === undefined)
      ) {
        throw new AppError(
          'UNPROCESSABLE',
          'Amounts are in the current currency; clear them before changing the currency',
          {
            fields: [
              { field: 'currency', message: 'cannot change while amounts are entered in another currency' },
            ],
          },
        );
      }
      await rateInForce(trx, input.currency);
      values.currency = input.currency;
    }
    if (input.decisionDate !== undefined && input.decisionDate !== row.decision_date) {
      // SPEC §4: changing the opportunity's decision date moves every open line item's date.
      await moveOpenLineItemDates(trx, id, input.decisionDate, nowIso());
      values.decision_date = input.decisionDate;
    }
    const saved = await saveOpportunityState(trx, principal, environment, row, { values });
    return toOpportunity(saved, mapContext(principal, environment));
  });
}
