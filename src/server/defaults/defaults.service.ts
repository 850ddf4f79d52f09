import type { Kysely } from 'kysely';
import type { OpportunityDefaults, OpportunityDefaultsUpdate } from '../../core/contract/defaults.ts';
import type { Principal } from '../../core/principal.ts';
import { findStage } from '../../core/stages.ts';
import { nowIso } from '../clock.ts';
import { rateInForce } from '../currencies/currency.service.ts';
import type { Database } from '../db/schema.ts';
import { findFirmById } from '../firms/firm.repository.ts';
import { assertVersion, validationError } from '../http/app-error.ts';
import { checkDealFirms } from '../opportunities/deal-firms.ts';
import { resolveTeamMembers } from '../sales-team/sales-team.service.ts';
import { loadStageCatalog } from '../stages/stage.repository.ts';

const empty: OpportunityDefaults = {
  currency: null,
  stage: null,
  decisionDateDays: null,
  partnerPrivate: null,
  distributorFirmId: null,
  resellerFirmId: null,
  leadSource: null,
  team: [],
  productId: null,
  version: 0,
};

export async function getDefaultsOf(
  db: Kysely<Database>,
  userId: number,
): Promise<OpportunityDefaults | null> {
  const row = await db
    .selectFrom('opportunity_defaults')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    currency: row.currency,
    stage: row.stage,
    decisionDateDays: row.decision_date_days,
    partnerPrivate: row.is_private === null ? null : Boolean(row.is_private),
    distributorFirmId: row.distributor_firm_id,
    resellerFirmId: row.reseller_firm_id,
    leadSource: row.lead_source,
    team: row.team ? (JSON.parse(row.team) as OpportunityDefaults['team']) : [],
    productId: row.product_id,
    version: row.version,
  };
}

export async function getMyDefaults(
  db: Kysely<Database>,
  principal: Principal,
): Promise<OpportunityDefaults> {
  return (await getDefaultsOf(db, principal.userId)) ?? empty;
}

/** SPEC §7 "Set defaults": replaces the caller's defaults; a field left out has no default. */
export async function putMyDefaults(
  db: Kysely<Database>,
  principal: Principal,
  input: OpportunityDefaultsUpdate,
  expectedVersion: number | undefined,
): Promise<OpportunityDefaults> {
  return db.transaction().execute(async (trx) => {
    const current = await getDefaultsOf(trx, principal.userId);
    // No defaults yet is version 0.
    assertVersion({ version: current?.version ?? 0 }, expectedVersion, {
      message: 'Your defaults were changed elsewhere; reload them',
      current: () => current ?? empty,
    });
    if (input.currency) await rateInForce(trx, input.currency);
    if (input.stage) {
      const stage = findStage(await loadStageCatalog(trx), input.stage);
      if (!stage || stage.closing)
        throw validationError([{ field: 'stage', message: 'must be an open stage' }]);
    }
    if (input.partnerPrivate && principal.firmKind !== 'partner') {
      throw validationError([
        { field: 'partnerPrivate', message: 'only partners keep opportunities private' },
      ]);
    }
    // The firms the user's deals will name, by the rule their creation applies (SPEC §5).
    await checkDealFirms(
      trx,
      { id: principal.firmId, kind: principal.firmKind, isDistributor: principal.isFirmDistributor },
      input,
    );
    if (input.productId != null) {
      const product = await trx
        .selectFrom('products')
        .select('is_active')
        .where('id', '=', input.productId)
        .executeTakeFirst();
      if (!product?.is_active)
        throw validationError([{ field: 'productId', message: 'must be an active product' }]);
    }
    // The default team must fit the deals these defaults make (SPEC §5): the caller's firm, the
    // distributor and reseller they name (or the distributor recorded on the firm), vendor staff.
    const firm = await findFirmById(trx, principal.firmId);
    const team = input.team
      ? await resolveTeamMembers(
          trx,
          {
            ownerFirmId: principal.firmId,
            distributorFirmId: input.distributorFirmId ?? firm?.distributor_firm_id ?? null,
            resellerFirmId: input.resellerFirmId ?? null,
          },
          input.team,
        )
      : [];
    const values = {
      currency: input.currency ?? null,
      stage: input.stage ?? null,
      decision_date_days: input.decisionDateDays ?? null,
      is_private: input.partnerPrivate == null ? null : input.partnerPrivate ? 1 : 0,
      distributor_firm_id: input.distributorFirmId ?? null,
      reseller_firm_id: input.resellerFirmId ?? null,
      lead_source: input.leadSource ?? null,
      product_id: input.productId ?? null,
      team: JSON.stringify(
        team.map((member) => ({ userId: member.user_id, role: member.role, access: member.access })),
      ),
      updated_at: nowIso(),
    };
    if (current) {
      await trx
        .updateTable('opportunity_defaults')
        .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
        .where('user_id', '=', principal.userId)
        .execute();
    } else {
      await trx
        .insertInto('opportunity_defaults')
        .values({ ...values, user_id: principal.userId, version: 1 })
        .execute();
    }
    return (await getDefaultsOf(trx, principal.userId)) ?? empty;
  });
}
