import { type Insertable, type Kysely, sql } from 'kysely';
import { reasonsForStage } from '../../core/close-reasons.ts';
import { addDays } from '../../core/defaults.ts';
import { lineAmountMinor, weightedMinor } from '../../core/money.ts';
import { formatOpportunityNumber } from '../../core/opportunity-number.ts';
import { type RollupLine, rollUpLines, toRollupLine } from '../../core/rollup.ts';
import { defaultStages, type StageDefinition } from '../../core/stages.ts';
import { hashPassword } from '../auth/secrets.ts';
import { loadCloseReasons } from '../close-reasons/close-reason.repository.ts';
import { findCurrency, findRateOn } from '../currencies/currency.repository.ts';
import { reportingCurrencyInfo, toReporting } from '../currencies/currency.service.ts';
import { restoreDroppedIndexes, setAsideSecondaryIndexes } from '../db/bulk-load.ts';
import { databaseKindOf } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';
import { raiseSequence } from '../db/sequences.ts';
import { analyzeDatabase } from '../db/statistics.ts';
import type { OpportunityTable } from '../opportunities/opportunity.table.ts';
import { loadStageCatalog } from '../stages/stage.repository.ts';
import { cities, contactTitles, firstNames, lastNames, pick, seededRandom } from './demo-people.ts';

/**
 * `seed --scale N` (performance issue): a realistic generated data set of N opportunities over N/10
 * clients and N/3 contacts, about 3N line items, 50 partner firms and their users, every stage and
 * several currencies, dates over four years, favorites and history. Rows are derived with the same
 * domain functions as the API (line amounts, roll-ups, weighting, conversion), and written in
 * batched inserts, one transaction per chunk.
 */
export type ScaleSeedOptions = {
  opportunities: number;
  /** Random seed, so a data set can be generated again identically. */
  seed?: number;
  onProgress?: (done: number, total: number) => void;
};

export type ScaleSeedResult = {
  firms: number;
  users: number;
  clients: number;
  contacts: number;
  opportunities: number;
  lineItems: number;
  stageChanges: number;
  /** Every generated user signs in with this password. */
  password: string;
  /** A manager of the first generated firm, for benchmarks. */
  sampleManagerEmail: string;
};

export const scalePassword = 'partnerline-scale';
const partnerFirmCount = 50;
const sellersPerFirm = 8;
const chunkSize = 2000;
const bulkTables = [
  'clients',
  'contacts',
  'opportunities',
  'line_items',
  'stage_changes',
  'sales_team_members',
  'opportunity_contacts',
  'favorites',
] as const;

const stageWeights: [string, number][] = [
  ['identify', 15],
  ['validate', 12],
  ['qualify', 12],
  ['propose', 10],
  ['conditional', 6],
  ['won', 3],
  ['implement', 2],
  ['completed', 16],
  ['lost', 14],
  ['client-declined', 6],
  ['partner-declined', 4],
];
const currencyWeights: [string, number][] = [
  ['USD', 62],
  ['EUR', 16],
  ['GBP', 8],
  ['JPY', 4],
  ['CAD', 4],
  ['AUD', 3],
  ['CHF', 3],
];
const firmWords = [
  'North',
  'Blue',
  'Iron',
  'Summit',
  'Vertex',
  'Bright',
  'Cedar',
  'Harbor',
  'Atlas',
  'Nimbus',
];
const firmSuffixes = ['Systems', 'Solutions', 'IT', 'Networks', 'Integration'];
const industries = [
  'Retail',
  'Finance',
  'Medical',
  'Technology',
  'Software',
  'Telecommunications',
  'Services',
  'Manufacturing',
];
const countries = Object.keys(cities);
const competitors = ['Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay'];
const leadSources = ['Webinar', 'Trade show', 'Referral', 'Vendor campaign', 'Existing client', 'Website'];

type Product = { id: number; listPriceMinor: number };

function weighted<T>(random: () => number, items: [T, number][]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1]![0];
}

function integer(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Generated amounts are far inside the bound of what is stored (SPEC §4); one that is not is a bug here. */
function generated<T>(value: T | null): T {
  if (value === null) throw new Error('A generated amount passed the largest amount stored');
  return value;
}

function isoDate(start: string, offsetDays: number): string {
  return addDays(start, offsetDays);
}

async function insertInBatches<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
  rowsPerStatement = 400,
): Promise<void> {
  for (let index = 0; index < rows.length; index += rowsPerStatement) {
    const slice = rows.slice(index, index + rowsPerStatement);
    await db
      .insertInto(table)
      .values(slice as never)
      .execute();
  }
}

/** The last number a per-year sequence handed out (0 when none). */
async function currentSequence(db: Kysely<Database>, name: string): Promise<number> {
  const row = await db
    .selectFrom('number_sequences')
    .select('next_value')
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? Number(row.next_value) - 1 : 0;
}

/** After explicit ids, PostgreSQL's identity sequences must continue past them. */
async function syncIdentity(db: Kysely<Database>, table: string): Promise<void> {
  if (databaseKindOf(db) !== 'postgres') return;
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 1))`.execute(
    db,
  );
}

async function nextId(
  db: Kysely<Database>,
  table: 'firms' | 'users' | 'clients' | 'contacts' | 'opportunities' | 'line_items' | 'products',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0) + 1;
}

export async function seedScale(db: Kysely<Database>, options: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const random = seededRandom(options.seed ?? 42);
  const total = options.opportunities;
  const catalog = await loadStageCatalog(db);
  const stages = new Map<string, StageDefinition>(catalog.map((stage) => [stage.code, stage]));
  for (const stage of defaultStages) if (!stages.has(stage.code)) stages.set(stage.code, stage);
  // Closed deals take a reason of their closing stage's list (not Other, which would need a note).
  const closeReasons = await loadCloseReasons(db);
  const reasonsByStage = new Map(
    catalog
      .filter((stage) => stage.closing)
      .map((stage) => [
        stage.code,
        reasonsForStage(closeReasons, stage.code).filter((reason) => !reason.isOther),
      ]),
  );
  const reporting = await reportingCurrencyInfo(db);
  const today = new Date().toISOString().slice(0, 10);
  const now = new Date().toISOString();
  const rates = new Map<string, { rate: string; exponent: number }>();
  for (const [code] of currencyWeights) {
    const currency = await findCurrency(db, code);
    const rate = await findRateOn(db, code, today);
    if (currency && rate) rates.set(code, { rate: rate.rate, exponent: currency.exponent });
  }
  const passwordHash = await hashPassword(scalePassword);
  const isSqlite = databaseKindOf(db) === 'sqlite';
  if (isSqlite) {
    // A bulk load: each chunk is still one transaction, but fsync is left to the end and the
    // write-ahead log checkpoints less often. Restored below.
    await sql`pragma synchronous = off`.execute(db);
    await sql`pragma wal_autocheckpoint = 20000`.execute(db);
  }

  // Firms and people.
  const vendor = await db.selectFrom('firms').select('id').where('kind', '=', 'vendor').executeTakeFirst();
  const firmStart = await nextId(db, 'firms');
  const userStart = await nextId(db, 'users');
  const runTag = `s${firmStart}`;
  const firms: Insertable<Database['firms']>[] = [];
  const users: Insertable<Database['users']>[] = [];
  let vendorFirmId = vendor?.id;
  let firmId = firmStart;
  let userId = userStart;
  const vendorUsers: number[] = [];
  if (!vendorFirmId) {
    vendorFirmId = firmId++;
    firms.push({
      id: vendorFirmId,
      name: 'Helio Systems',
      kind: 'vendor',
      is_distributor: 0,
      is_in_good_standing: 1,
      is_authorized: 1,
      distributor_firm_id: null,
      created_at: now,
      updated_at: now,
    } as Insertable<Database['firms']>);
  }
  for (const [role, count] of [
    ['vendor-rep', 10],
    ['vendor-reviewer', 3],
  ] as const) {
    for (let index = 0; index < count; index += 1) {
      const id = userId++;
      vendorUsers.push(id);
      users.push({
        id,
        firm_id: vendorFirmId,
        email: `${role}${index + 1}.${runTag}@vendor.example`,
        name: `${pick(random, firstNames)} ${pick(random, lastNames)}`,
        role,
        password_hash: passwordHash,
        is_active: 1,
        created_at: now,
        updated_at: now,
      } as Insertable<Database['users']>);
    }
  }
  const partnerFirms: { id: number; managerId: number; sellerIds: number[] }[] = [];
  for (let index = 0; index < partnerFirmCount; index += 1) {
    const id = firmId++;
    const isDistributor = index % 10 === 9;
    firms.push({
      id,
      name: `${firmWords[index % firmWords.length]} ${firmSuffixes[Math.floor(index / firmWords.length) % firmSuffixes.length]} ${runTag}-${index + 1}`,
      kind: 'partner',
      is_distributor: isDistributor ? 1 : 0,
      is_in_good_standing: 1,
      is_authorized: 1,
      distributor_firm_id: null,
      created_at: now,
      updated_at: now,
    } as Insertable<Database['firms']>);
    const managerId = userId++;
    users.push({
      id: managerId,
      firm_id: id,
      email: `manager.${runTag}-${index + 1}@partner${index + 1}.example`,
      name: `${pick(random, firstNames)} ${pick(random, lastNames)}`,
      role: 'manager',
      password_hash: passwordHash,
      is_active: 1,
      created_at: now,
      updated_at: now,
    } as Insertable<Database['users']>);
    const sellerIds: number[] = [];
    for (let seller = 0; seller < sellersPerFirm; seller += 1) {
      const sellerId = userId++;
      sellerIds.push(sellerId);
      users.push({
        id: sellerId,
        firm_id: id,
        email: `seller${seller + 1}.${runTag}-${index + 1}@partner${index + 1}.example`,
        name: `${pick(random, firstNames)} ${pick(random, lastNames)}`,
        role: 'seller',
        password_hash: passwordHash,
        is_active: 1,
        created_at: now,
        updated_at: now,
      } as Insertable<Database['users']>);
    }
    partnerFirms.push({ id, managerId, sellerIds });
  }
  await db.transaction().execute(async (trx) => {
    await insertInBatches(trx, 'firms', firms, 200);
    await insertInBatches(trx, 'users', users, 200);
  });
  await syncIdentity(db, 'firms');
  await syncIdentity(db, 'users');

  // The product catalog, if there is none yet.
  let products: Product[] = (
    await db.selectFrom('products').select(['id', 'list_price_minor']).where('is_active', '=', 1).execute()
  ).map((row) => ({ id: row.id, listPriceMinor: row.list_price_minor ?? 100_000 }));
  if (products.length === 0) {
    const productStart = await nextId(db, 'products');
    const productRows: Insertable<Database['products']>[] = [];
    const families: [string, string, string, number][] = [
      ['hardware', 'Helio Compute', 'GTX servers', 482_100],
      ['hardware', 'Helio Compute', 'GTK high end', 2_693_500],
      ['hardware', 'Helio Storage', 'MG arrays', 339_300],
      ['software', 'Helio Cloud Suite', 'Observability', 120_000],
      ['software', 'Helio Cloud Suite', 'Data protection', 85_000],
      ['services', 'Helio Services', 'Deployment', 250_000],
      ['services', 'Helio Services', 'Support', 180_000],
      ['financing', 'Helio Capital', 'Leasing', 500_000],
    ];
    let productId = productStart;
    for (const [type, brand, family, price] of families) {
      for (const tier of ['Standard', 'Plus', 'Pro', 'Enterprise']) {
        productRows.push({
          id: productId++,
          type,
          brand,
          family,
          offering: `${family} ${tier}`,
          part_number: `${runTag}-${productId}`,
          list_price_minor: price,
          currency: 'USD',
          is_active: 1,
          created_at: now,
          updated_at: now,
        } as Insertable<Database['products']>);
      }
    }
    await insertInBatches(db, 'products', productRows);
    await syncIdentity(db, 'products');
    products = productRows.map((row) => ({
      id: Number(row.id),
      listPriceMinor: Number(row.list_price_minor),
    }));
  }

  // Clients and contacts.
  const clientCount = Math.max(10, Math.round(total / 10));
  const contactCount = Math.max(10, Math.round(total / 3));
  const clientStart = await nextId(db, 'clients');
  const contactStart = await nextId(db, 'contacts');
  const clientOwner: number[] = [];
  const clientShared: boolean[] = [];
  const clientRows: Insertable<Database['clients']>[] = [];
  for (let index = 0; index < clientCount; index += 1) {
    const shared = index % 5 === 0;
    const owner = shared ? vendorFirmId : partnerFirms[index % partnerFirms.length]!.id;
    clientOwner.push(owner);
    clientShared.push(shared);
    const country = pick(random, countries);
    clientRows.push({
      id: clientStart + index,
      client_number: `SC-${runTag}-${String(index + 1).padStart(7, '0')}`,
      name: `${pick(random, lastNames)} ${pick(random, ['Group', 'Holdings', 'Industries', 'Labs', 'Retail', 'Bank', 'Health', 'Logistics'])} ${index + 1}`,
      industry: pick(random, industries),
      city: pick(random, cities[country] ?? ['']) || null,
      country,
      website: null,
      employees: integer(random, 20, 50_000),
      owner_firm_id: owner,
      is_vendor_registered: shared ? 1 : 0,
      created_at: now,
      updated_at: now,
    } as Insertable<Database['clients']>);
  }
  const contactsByClient = new Map<number, { id: number; firm: number }[]>();
  const contactRows: Insertable<Database['contacts']>[] = [];
  for (let index = 0; index < contactCount; index += 1) {
    const clientIndex = index % clientCount;
    const clientId = clientStart + clientIndex;
    const owner = clientShared[clientIndex]
      ? partnerFirms[index % partnerFirms.length]!.id
      : clientOwner[clientIndex]!;
    const id = contactStart + index;
    const first = pick(random, firstNames);
    const last = pick(random, lastNames);
    contactRows.push({
      id,
      client_id: clientId,
      owner_firm_id: owner,
      is_vendor_registered: 0,
      first_name: first,
      last_name: last,
      title: pick(random, contactTitles),
      email: `${first}.${last}.${id}@client${clientIndex + 1}.example`.toLowerCase(),
      created_at: now,
      updated_at: now,
    } as Insertable<Database['contacts']>);
    const list = contactsByClient.get(clientId) ?? [];
    list.push({ id, firm: owner });
    contactsByClient.set(clientId, list);
  }
  // Secondary indexes are built once at the end (see bulk-load.ts).
  await setAsideSecondaryIndexes(db, bulkTables);
  for (let index = 0; index < clientRows.length; index += chunkSize * 5) {
    await db
      .transaction()
      .execute((trx) => insertInBatches(trx, 'clients', clientRows.slice(index, index + chunkSize * 5)));
  }
  for (let index = 0; index < contactRows.length; index += chunkSize * 5) {
    await db
      .transaction()
      .execute((trx) => insertInBatches(trx, 'contacts', contactRows.slice(index, index + chunkSize * 5)));
  }
  await syncIdentity(db, 'clients');
  await syncIdentity(db, 'contacts');
  // Clients a firm may put on a deal: its own and the vendor's.
  const clientsOfFirm = new Map<number, number[]>();
  const sharedClients: number[] = [];
  for (let index = 0; index < clientCount; index += 1) {
    const id = clientStart + index;
    if (clientShared[index]) sharedClients.push(id);
    else clientsOfFirm.set(clientOwner[index]!, [...(clientsOfFirm.get(clientOwner[index]!) ?? []), id]);
  }

  // Opportunities, line items, history, team, favorites.
  const opportunityStart = await nextId(db, 'opportunities');
  let lineId = await nextId(db, 'line_items');
  const firstDay = '2023-01-01';
  const spanDays = 4 * 365;
  const numberCounters = new Map<number, number>();
  let lineCount = 0;
  let changeCount = 0;
  for (let chunk = 0; chunk < total; chunk += chunkSize) {
    const opportunities: Insertable<OpportunityTable>[] = [];
    const lines: Insertable<Database['line_items']>[] = [];
    const changes: Insertable<Database['stage_changes']>[] = [];
    const team: Insertable<Database['sales_team_members']>[] = [];
    const links: Insertable<Database['opportunity_contacts']>[] = [];
    const favorites: Insertable<Database['favorites']>[] = [];
    for (let index = chunk; index < Math.min(total, chunk + chunkSize); index += 1) {
      const id = opportunityStart + index;
      // Firms are not all the same size: a few carry much of the business.
      const firm =
        partnerFirms[Math.min(partnerFirms.length - 1, Math.floor(random() ** 1.6 * partnerFirms.length))]!;
      const ownerId = random() < 0.15 ? firm.managerId : pick(random, firm.sellerIds);
      const own = clientsOfFirm.get(firm.id) ?? [];
      const clientId =
        own.length > 0 && random() < 0.7
          ? pick(random, own)
          : pick(random, sharedClients.length ? sharedClients : own);
      const contact = (contactsByClient.get(clientId) ?? []).find((candidate) => candidate.firm === firm.id);
      const stage = stages.get(weighted(random, stageWeights))!;
      const currency = weighted(random, currencyWeights);
      const rate = rates.get(currency) ?? { rate: '1', exponent: 2 };
      const createdDay = integer(random, 0, spanDays - 30);
      const createdAt = `${isoDate(firstDay, createdDay)}T${String(integer(random, 8, 18)).padStart(2, '0')}:00:00.000Z`;
      const decisionDate = isoDate(firstDay, createdDay + integer(random, 30, 300));
      const year = Number(createdAt.slice(0, 4));
      if (!numberCounters.has(year))
        numberCounters.set(year, await currentSequence(db, `opportunity:${year}`));
      const sequence = (numberCounters.get(year) ?? 0) + 1;
      numberCounters.set(year, sequence);
      const closing = stage.closing;
      const lineOutcome = closing ? (stage.outcome === 'won' ? 'won' : 'lost') : 'open';
      const lineTotal = integer(random, 1, 5);
      const opportunityLines: RollupLine[] = [];
      let preCloseTotal = 0;
      for (let position = 1; position <= lineTotal; position += 1) {
        const product = pick(random, products);
        const quantityMilli = integer(random, 1, 20) * 1000;
        // The USD list price, varied and expressed in the deal's currency (generated data: floats are fine here).
        const priceInCurrency = ((product.listPriceMinor / 100) * (0.6 + random() * 0.8)) / Number(rate.rate);
        const unitPrice = Math.max(1, Math.round(priceInCurrency * 10 ** rate.exponent));
        const discount = pick(random, [0, 0, 500, 1000, 1500, 2500]);
        const amount = generated(lineAmountMinor(quantityMilli, unitPrice, discount));
        const outcome = !closing && random() < 0.08 ? 'lost' : lineOutcome;
        // Before a closing every line was open: that sum is the deal's value at closing.
        preCloseTotal += amount;
        const line = {
          id: lineId++,
          opportunity_id: id,
          position,
          product_id: product.id,
          description: null,
          quantity_milli: quantityMilli,
          unit_price_minor: unitPrice,
          discount_hundredths: discount,
          amount_minor: amount,
          decision_date: decisionDate,
          owner_id: ownerId,
          outcome,
          closed_with_opportunity: closing ? 1 : 0,
          created_at: createdAt,
          updated_at: createdAt,
        } satisfies Insertable<Database['line_items']>;
        lines.push(line);
        opportunityLines.push(toRollupLine(line));
      }
      lineCount += lineTotal;
      const rollup = rollUpLines(opportunityLines);
      const probability = stage.probability;
      const converted = generated(toReporting(rollup.totalMinor, probability, rate, reporting));
      const stageEnteredAt = `${isoDate(createdAt.slice(0, 10), integer(random, 0, 60))}T12:00:00.000Z`;
      const reachedWon = closing ? stage.outcome === 'won' : stage.order >= (stages.get('won')?.order ?? 6);
      const isPrivate = random() < 0.1 ? 1 : 0;
      const stageReasons = closing ? (reasonsByStage.get(stage.code) ?? []) : [];
      // Spread by position rather than drawn, so the rest of the generated data stays as it was.
      const closeReason = stageReasons[index % Math.max(1, stageReasons.length)];
      opportunities.push({
        id,
        number: formatOpportunityNumber(year, sequence),
        name: `${pick(random, ['Refresh', 'Expansion', 'Migration', 'Renewal', 'Pilot', 'Consolidation'])} ${pick(random, ['storage', 'compute', 'backup', 'network', 'cloud', 'support'])} ${index + 1}`,
        description: null,
        client_id: clientId,
        primary_contact_id: contact?.id ?? null,
        owner_id: ownerId,
        owner_firm_id: firm.id,
        stage: stage.code,
        stage_entered_at: stageEnteredAt,
        outcome: stage.outcome,
        has_reached_won: reachedWon ? 1 : 0,
        decision_date: rollup.decisionDate ?? decisionDate,
        currency,
        amount_minor: rollup.totalMinor,
        probability,
        weighted_amount_minor: weightedMinor(rollup.totalMinor, probability),
        exchange_rate: rate.rate,
        is_rate_frozen: closing ? 1 : 0,
        amount_reporting_minor: converted.amountReportingMinor,
        weighted_reporting_minor: converted.weightedReportingMinor,
        line_item_count: lineTotal,
        origin: random() < 0.1 ? 'co-marketing' : 'partner',
        is_private: isPrivate,
        distributor_firm_id: null,
        reseller_firm_id: null,
        lead_source: pick(random, leadSources),
        competitor: stage.code === 'lost' ? pick(random, competitors) : null,
        close_reason: closeReason?.label ?? null,
        close_reason_id: closeReason?.id ?? null,
        close_reason_note: null,
        close_note: closing && stage.code !== 'completed' ? 'Recorded at closing' : null,
        closed_at: closing ? stageEnteredAt : null,
        closed_amount_reporting_minor: closing
          ? generated(toReporting(preCloseTotal, probability, rate, reporting)).amountReportingMinor
          : null,
        next_step: closing
          ? null
          : pick(random, ['Send proposal', 'Demo', 'Call the CIO', 'Pricing review', null]),
        created_by: ownerId,
        updated_by: ownerId,
        created_at: createdAt,
        updated_at: stageEnteredAt > createdAt ? stageEnteredAt : createdAt,
      });
      // History: created in a first gate, then moved to where it is.
      const firstStage = closing || stage.order > 1 ? 'identify' : stage.code;
      changes.push({
        opportunity_id: id,
        kind: 'create',
        from_stage: null,
        to_stage: firstStage,
        changed_at: createdAt,
        changed_by: ownerId,
        amount_minor: closing ? preCloseTotal : rollup.totalMinor,
        currency,
        decision_date: decisionDate,
        probability: stages.get(firstStage)?.probability ?? probability,
        note: null,
      });
      changeCount += 1;
      if (firstStage !== stage.code) {
        changes.push({
          opportunity_id: id,
          kind: 'stage',
          from_stage: firstStage,
          to_stage: stage.code,
          changed_at: stageEnteredAt,
          changed_by: ownerId,
          amount_minor: closing ? preCloseTotal : rollup.totalMinor,
          currency,
          decision_date: decisionDate,
          probability,
          note: closing ? 'Recorded at closing' : null,
        });
        changeCount += 1;
      }
      team.push({ opportunity_id: id, user_id: ownerId, role: 'Owner', access: 'edit', added_at: createdAt });
      if (random() < 0.25) {
        const colleague = pick(random, firm.sellerIds);
        if (colleague !== ownerId)
          team.push({
            opportunity_id: id,
            user_id: colleague,
            role: 'Sales rep',
            access: 'read',
            added_at: createdAt,
          });
      }
      if (random() < 0.05 && vendorUsers.length > 0) {
        team.push({
          opportunity_id: id,
          user_id: pick(random, vendorUsers),
          role: 'Vendor rep',
          access: 'read',
          added_at: createdAt,
        });
      }
      if (contact)
        links.push({
          opportunity_id: id,
          contact_id: contact.id,
          role: 'Decision maker',
          is_primary: 1,
          created_at: createdAt,
        });
      if (random() < 0.03)
        favorites.push({
          user_id: ownerId,
          entity_type: 'opportunity',
          entity_id: id,
          created_at: createdAt,
        });
    }
    await db.transaction().execute(async (trx) => {
      await insertInBatches(trx, 'opportunities', opportunities, 300);
      await insertInBatches(trx, 'line_items', lines, 800);
      await insertInBatches(trx, 'stage_changes', changes, 800);
      await insertInBatches(trx, 'sales_team_members', team, 1000);
      await insertInBatches(trx, 'opportunity_contacts', links, 1000);
      await insertInBatches(trx, 'favorites', favorites, 1000);
    });
    options.onProgress?.(Math.min(total, chunk + chunkSize), total);
  }
  await restoreDroppedIndexes(db);
  await syncIdentity(db, 'opportunities');
  await syncIdentity(db, 'line_items');
  await syncIdentity(db, 'stage_changes');
  // New opportunities continue the numbering after the generated ones.
  for (const [year, last] of numberCounters) await raiseSequence(db, `opportunity:${year}`, last);
  await analyzeDatabase(db);
  // After a bulk load PostgreSQL's visibility map is empty, so index-only scans (the lists' and
  // reports' covering indexes) would visit the table for every row until autovacuum comes by.
  if (!isSqlite) await sql`vacuum`.execute(db);
  if (isSqlite) {
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
    await sql`pragma synchronous = normal`.execute(db);
    await sql`pragma wal_autocheckpoint = 1000`.execute(db);
  }
  return {
    firms: firms.length,
    users: users.length,
    clients: clientCount,
    contacts: contactCount,
    opportunities: total,
    lineItems: lineCount,
    stageChanges: changeCount,
    password: scalePassword,
    sampleManagerEmail: `manager.${runTag}-1@partner1.example`,
  };
}
