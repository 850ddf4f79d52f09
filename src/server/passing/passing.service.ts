import type { Kysely } from 'kysely';
import type { Opportunity } from '../../core/contract/opportunities.ts';
import type { Principal } from '../../core/principal.ts';
import { recordUpdate } from '../audit/audit.service.ts';
import { nowIso } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { isFirmEligible } from '../firms/firm.mapper.ts';
import { findFirmById, findVendorFirm } from '../firms/firm.repository.ts';
import { AppError, forbidden, validationError } from '../http/app-error.ts';
import { notifyUsers } from '../notifications/notification.repository.ts';
import { checkDealFirms, owningFirmOf } from '../opportunities/deal-firms.ts';
import { dealFirmsOf, toOpportunity } from '../opportunities/opportunity.mapper.ts';
import { loadOpportunityForChange } from '../opportunities/opportunity-change.ts';
import { loadEnvironment, mapContext, saveOpportunityState } from '../opportunities/opportunity-state.ts';
import { findTeam, removeTeamMembers } from '../sales-team/sales-team.repository.ts';
import { addTeamMember, teamMembersLeaving, teamSummary } from '../sales-team/sales-team.service.ts';
import { findUserById } from '../users/user.repository.ts';
import { findActiveManagerIds } from './passing.repository.ts';

/**
 * SPEC §6: a vendor rep passes an opportunity to an eligible partner firm. It waits in that firm's
 * passed inbox (`passStatus=pending`), owned by the firm but still the rep's until a manager accepts.
 */
export async function passOpportunity(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  input: { firmId: number; note?: string | null | undefined },
): Promise<Opportunity> {
  return db.transaction().execute(async (trx) => {
    const environment = await loadEnvironment(trx);
    const row = await loadOpportunityForChange({
      trx,
      principal,
      id,
      expectedVersion: undefined,
      action: 'pass',
      environment,
    });
    if (row.outcome !== 'open') throw new AppError('UNPROCESSABLE', 'A closed opportunity cannot be passed');
    const ownerFirm = await findFirmById(trx, row.owner_firm_id);
    if (ownerFirm?.kind !== 'vendor') {
      throw forbidden("Only the vendor's own opportunities are passed to partners; this one is a partner's");
    }
    const firm = await findFirmById(trx, input.firmId);
    if (!firm || !isFirmEligible(firm)) {
      throw validationError([
        { field: 'firmId', message: 'must be a partner firm eligible to receive opportunities' },
      ]);
    }
    // The receiving firm owns the deal from now on: the firms it names must be firms it may name
    // (SPEC §5), not the receiving firm itself as its distributor.
    await checkDealFirms(trx, owningFirmOf(firm), {
      distributorFirmId: row.distributor_firm_id,
      resellerFirmId: row.reseller_firm_id,
    });
    const now = nowIso();
    const saved = await saveOpportunityState(trx, principal, environment, row, {
      values: {
        owner_firm_id: firm.id,
        pass_status: 'pending',
        passed_by: principal.userId,
        passed_at: now,
        pass_note: input.note ?? null,
        pass_decline_reason: null,
        origin: row.origin === 'co-marketing' ? 'co-marketing' : 'passed',
      },
    });
    await addTeamMember(
      trx,
      id,
      dealFirmsOf(saved),
      { user_id: principal.userId, role: 'Vendor rep', access: 'edit' },
      now,
    );
    await notifyUsers(trx, await findActiveManagerIds(trx, firm.id), {
      kind: 'pass-received',
      opportunity_id: id,
      message: `${row.number} ${row.name} was passed to ${firm.name}`,
      created_at: now,
    });
    return toOpportunity(saved, mapContext(principal, environment));
  });
}

/** A manager of the receiving firm accepts, naming the owner; it then proceeds like any other. */
export async function acceptPassedOpportunity(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  input: { ownerId: number },
): Promise<Opportunity> {
  return db.transaction().execute(async (trx) => {
    const environment = await loadEnvironment(trx);
    const row = await loadOpportunityForChange({
      trx,
      principal,
      id,
      expectedVersion: undefined,
      action: 'accept',
      environment,
    });
    const owner = await findUserById(trx, input.ownerId);
    if (
      !owner?.is_active ||
      owner.firm_id !== row.owner_firm_id ||
      (owner.role !== 'seller' && owner.role !== 'manager')
    ) {
      throw validationError([
        { field: 'ownerId', message: 'must be an active seller or manager of the receiving firm' },
      ]);
    }
    const now = nowIso();
    const saved = await saveOpportunityState(trx, principal, environment, row, {
      values: { owner_id: owner.id, pass_status: 'accepted' },
    });
    await addTeamMember(
      trx,
      id,
      dealFirmsOf(saved),
      { user_id: owner.id, role: 'Owner', access: 'edit' },
      now,
      'ownerId',
    );
    if (row.passed_by !== null) {
      await notifyUsers(trx, [row.passed_by], {
        kind: 'pass-accepted',
        opportunity_id: id,
        message: `${row.owner_firm_name} accepted ${row.number} ${row.name}`,
        created_at: now,
      });
    }
    return toOpportunity(saved, mapContext(principal, environment));
  });
}

/** …or declines it with a reason, and it returns to the vendor rep. */
export async function declinePassedOpportunity(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  input: { reason: string },
): Promise<Opportunity> {
  return db.transaction().execute(async (trx) => {
    const environment = await loadEnvironment(trx);
    const row = await loadOpportunityForChange({
      trx,
      principal,
      id,
      expectedVersion: undefined,
      action: 'decline',
      environment,
    });
    const vendor = await findVendorFirm(trx);
    const rep = row.passed_by === null ? undefined : await findUserById(trx, row.passed_by);
    const now = nowIso();
    const saved = await saveOpportunityState(trx, principal, environment, row, {
      values: {
        owner_firm_id: rep?.firm_id ?? vendor?.id ?? row.owner_firm_id,
        pass_status: 'declined',
        pass_decline_reason: input.reason,
      },
      note: input.reason,
    });
    // Back with the vendor, the deal no longer works with the declining firm: its people leave the
    // team (SPEC §5), unless the deal names that firm as its distributor or reseller.
    const leaving = await teamMembersLeaving(trx, id, dealFirmsOf(row), dealFirmsOf(saved));
    if (leaving.length > 0) {
      const before = await findTeam(trx, id);
      await removeTeamMembers(
        trx,
        id,
        leaving.map((member) => member.user_id),
      );
      await recordUpdate(
        trx,
        { type: 'opportunity', id, userId: principal.userId, at: now },
        { team: teamSummary(before) },
        { team: teamSummary(await findTeam(trx, id)) },
        ['team'],
      );
    }
    if (row.passed_by !== null) {
      await notifyUsers(trx, [row.passed_by], {
        kind: 'pass-declined',
        opportunity_id: id,
        message: `${row.owner_firm_name} declined ${row.number} ${row.name}: ${input.reason}`,
        created_at: now,
      });
    }
    return toOpportunity(saved, mapContext(principal, environment));
  });
}
