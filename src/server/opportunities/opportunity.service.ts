import type { Insertable, Kysely } from 'kysely';
import type { OpportunityDefaults } from '../../core/contract/defaults.ts';
import {
  type Opportunity,
  type OpportunityCreate,
  type OpportunityListQuery,
  type OpportunityUpdate,
  opportunityCountCap,
  type StageChange,
} from '../../core/contract/opportunities.ts';
import { applyOpportunityDefaults } from '../../core/defaults.ts';
import { maxAmountText, weightedMinor } from '../../core/money.ts';
import {
  canCreateOpportunity,
  type DealFirms,
  decidesDealFirms,
  decidesPartnerPrivate,
} from '../../core/opportunity-access.ts';
import type { Principal } from '../../core/principal.ts';
import { mayOwnOpportunities } from '../../core/roles.ts';
import { rollUpLines, toRollupLine } from '../../core/rollup.ts';
import { findStage, missingForStage, type StageDefinition } from '../../core/stages.ts';
import { listAuditEntries, recordCreate, recordDelete } from '../audit/audit.service.ts';
import { findVisibleClient } from '../clients/client.repository.ts';
import { nowIso, todayIso } from '../clock.ts';
import { findVisibleContact, lockContactRow } from '../contacts/contact.repository.ts';
import { rateInForce, toReportingOrRefuse } from '../currencies/currency.service.ts';
import { decodeCursor, toPage } from '../db/pagination.ts';
import { cachedRead, type ReadCache } from '../db/read-cache.ts';
import type { Database } from '../db/schema.ts';
import { takeFreeNumbers } from '../db/sequences.ts';
import { getDefaultsOf } from '../defaults/defaults.service.ts';
import { findFirmById } from '../firms/firm.repository.ts';
import {
  AppError,
  amountOutOfBounds,
  forbidden,
  notFound,
  validationError,
  versionConflict,
} from '../http/app-error.ts';
import { insertLineItem } from '../line-items/line-item.repository.ts';
import { buildLineValues, type LineValues } from '../line-items/line-item.service.ts';
import { replaceTeam, type TeamRow } from '../sales-team/sales-team.repository.ts';
import {
  addTeamMember,
  resolveTeamMembers,
  teamMembersLeaving,
  withOwner,
} from '../sales-team/sales-team.service.ts';
import { checkDealFirms, owningFirmOf } from './deal-firms.ts';
import {
  dealFirmsOf,
  opportunityAccessFacts,
  opportunityAuditSnapshot,
  toOpportunity,
} from './opportunity.mapper.ts';
import {
  countVisibleOpportunities,
  findTakenOpportunityNumbers,
  findVisibleOpportunities,
  findVisibleOpportunity,
  insertOpportunity,
  type OpportunityRow,
  opportunityCursorValues,
  updateOpportunityRow,
} from './opportunity.repository.ts';
import type { OpportunityTable, StageChangeTable } from './opportunity.table.ts';
import { loadOpportunityForChange, opportunityDeletedConflict } from './opportunity-change.ts';
import {
  findOpportunityContacts,
  type OpportunityContactRow,
  replaceOpportunityContacts,
} from './opportunity-contact.repository.ts';
import {
  checkOpportunityFilter,
  loadEnvironment,
  mapContext,
  type OpportunityEnvironment,
  saveOpportunityState,
} from './opportunity-state.ts';
import { findStageChanges, insertStageChange } from './stage-change.repository.ts';

export function gateNotMet(missing: ReturnType<typeof missingForStage>, target: StageDefinition): AppError {
  return new AppError(
    'GATE_NOT_MET',
    `${target.label} needs ${missing.map((item) => item.message).join('; ')}`,
    { stage: target.code, missing },
  );
}

export async function getOpportunity(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  environment?: OpportunityEnvironment,
) {
  const row = await findVisibleOpportunity(db, principal, id);
  if (!row) throw notFound('Opportunity');
  return toOpportunity(row, mapContext(principal, environment ?? (await loadEnvironment(db))));
}

export async function listOpportunities(
  db: Kysely<Database>,
  principal: Principal,
  query: OpportunityListQuery,
) {
  const { limit, cursor, sort, includeCount, ...filter } = query;
  const environment = await loadEnvironment(db);
  checkOpportunityFilter(filter, environment.catalog);
  const after = decodeCursor(cursor, sort.field === 'stage' ? 3 : 2);
  const rows = await findVisibleOpportunities(db, principal, {
    filter,
    sort,
    limit: limit + 1,
    catalog: environment.catalog,
    now: environment.now,
    ...(after && { after }),
  });
  // The count is the first page's, when asked for: later pages (a cursor) are the same search read
  // further.
  const { count, isCapped } =
    after || !includeCount
      ? { count: null, isCapped: false }
      : await countVisibleOpportunities(db, principal, {
          filter,
          catalog: environment.catalog,
          now: environment.now,
          cap: opportunityCountCap,
        });
  const context = mapContext(principal, environment);
  const page = toPage(
    rows,
    limit,
    (row) => toOpportunity(row, context),
    (row) => opportunityCursorValues(sort.field, row),
  );
  return { ...page, count, isCountCapped: isCapped };
}

async function resolveClientAndContact(
  db: Kysely<Database>,
  principal: Principal,
  input: {
    clientId?: number | undefined;
    contactId?: number | undefined;
    primaryContactId?: number | null | undefined;
  },
  cache?: ReadCache,
): Promise<{ clientId: number; primaryContactId: number | null }> {
  let clientId = input.clientId;
  let primaryContactId = input.primaryContactId ?? null;
  if (input.contactId !== undefined) {
    const contactId = input.contactId;
    const contact = await cachedRead(cache, `contact:${contactId}`, () =>
      findVisibleContact(db, principal, contactId),
    );
    if (!contact) throw validationError([{ field: 'contactId', message: 'must be a BPContact you can see' }]);
    if (clientId !== undefined && clientId !== contact.client_id) {
      throw validationError([
        { field: 'clientId', message: 'must be the client of the contact given as contactId' },
      ]);
    }
    clientId = contact.client_id;
    if (input.primaryContactId === undefined) primaryContactId = contact.id;
  }
  if (clientId === undefined)
    throw validationError([{ field: 'clientId', message: 'is required (or give contactId)' }]);
  const visibleClientId = clientId;
  const client = await cachedRead(cache, `client:${visibleClientId}`, () =>
    findVisibleClient(db, principal, visibleClientId),
  );
  if (!client) {
    throw validationError([{ field: 'clientId', message: 'must be a client you can see' }]);
  }
  if (primaryContactId !== null)
    await checkContactOfClient(db, principal, primaryContactId, clientId, 'primaryContactId', cache);
  return { clientId, primaryContactId };
}

async function checkContactOfClient(
  db: Kysely<Database>,
  principal: Principal,
  contactId: number,
  clientId: number,
  field: string,
  cache?: ReadCache,
) {
  const contact = await cachedRead(cache, `contact:${contactId}`, () =>
    findVisibleContact(db, principal, contactId),
  );
  if (!contact || contact.client_id !== clientId || !(await lockContactRow(db, contactId, 'link'))) {
    throw validationError([
      { field, message: 'must be a BPContact of the opportunity’s client that you can see' },
    ]);
  }
}

/** Owners come from the owning firm; a seller or manager of a partner, a rep of the vendor. */
async function checkOwner(
  db: Kysely<Database>,
  ownerId: number,
  ownerFirmId: number,
  field = 'ownerId',
  cache?: ReadCache,
) {
  const user = await cachedRead(cache, `owner:${ownerId}`, () =>
    db
      .selectFrom('users')
      .select(['firm_id', 'is_active', 'role'])
      .where('id', '=', ownerId)
      .executeTakeFirst(),
  );
  if (!user?.is_active || user.firm_id !== ownerFirmId || !mayOwnOpportunities(user.role)) {
    throw validationError([
      { field, message: 'must be an active seller, manager or vendor rep of the owning firm' },
    ]);
  }
}

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

export function hasReachedWon(catalog: readonly StageDefinition[], stage: StageDefinition): boolean {
  const won = findStage(catalog, 'won');
  return !stage.closing && won !== undefined && stage.order >= won.order;
}

export function formatOpportunityNumber(year: number, sequence: number): string {
  return `OPP-${year}-${String(sequence).padStart(6, '0')}`;
}

export function opportunityNumberSequence(now: Date): string {
  return `opportunity:${now.getUTCFullYear()}`;
}

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
    const values: Parameters<typeof updateOpportunityRow>[3] = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.description !== undefined) values.description = input.description;
    if (input.nextStep !== undefined) values.next_step = input.nextStep;
    if (input.leadSource !== undefined) values.lead_source = input.leadSource;
    if (input.competitor !== undefined) values.competitor = input.competitor;
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
      const priced = await trx
        .selectFrom('line_items')
        .select('id')
        .where('opportunity_id', '=', id)
        .where((eb) => eb.or([eb('amount_minor', '>', 0), eb('unit_price_minor', 'is not', null)]))
        .executeTakeFirst();
      if (
        priced ||
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
    if (input.probability !== undefined) values.probability = input.probability;
    if (input.decisionDate !== undefined && input.decisionDate !== row.decision_date) {
      // SPEC §4: changing the opportunity's decision date moves every open line item's date.
      await trx
        .updateTable('line_items')
        .set((eb) => ({
          decision_date: input.decisionDate,
          version: eb('version', '+', 1),
          updated_at: nowIso(),
        }))
        .where('opportunity_id', '=', id)
        .where('outcome', '=', 'open')
        .execute();
      values.decision_date = input.decisionDate;
    }
    const saved = await saveOpportunityState(trx, principal, environment, row, { values });
    return toOpportunity(saved, mapContext(principal, environment));
  });
}

/** Soft delete, for the owner's managers and admins; history and line items stay for the record. */
export async function deleteOpportunity(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const environment = await loadEnvironment(trx);
    const row = await loadOpportunityForChange({
      trx,
      principal,
      id,
      expectedVersion,
      action: 'delete',
      environment,
    });
    const context = mapContext(principal, environment);
    const now = nowIso();
    const deleted = await updateOpportunityRow(trx, id, row.version, {
      deleted_at: now,
      updated_at: now,
      updated_by: principal.userId,
    });
    if (!deleted) throw versionConflict({ message: opportunityDeletedConflict });
    await recordDelete(
      trx,
      { type: 'opportunity', id, userId: principal.userId, at: now },
      opportunityAuditSnapshot(toOpportunity(row, context)),
    );
  });
}

export async function listStageHistory(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
): Promise<StageChange[]> {
  if (!(await findVisibleOpportunity(db, principal, id))) throw notFound('Opportunity');
  const rows = await findStageChanges(db, id);
  return rows.map((row) => ({
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
  }));
}

export async function listOpportunityChanges(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  page: { limit: number; cursor?: string | undefined },
) {
  if (!(await findVisibleOpportunity(db, principal, id))) throw notFound('Opportunity');
  return listAuditEntries(db, principal, { type: 'opportunity', id, childType: 'line-item' }, page);
}
