import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { type CloseReasonDefinition, reasonsForStage } from '../../core/close-reasons.ts';
import type { Principal } from '../../core/principal.ts';
import type { Role } from '../../core/roles.ts';
import { findUserPrincipal } from '../auth/auth.repository.ts';
import { toPrincipal } from '../auth/auth.service.ts';
import { createClient } from '../clients/client.service.ts';
import { nowIso } from '../clock.ts';
import { loadCloseReasons } from '../close-reasons/close-reason.repository.ts';
import { createContact } from '../contacts/contact.service.ts';
import type { Database } from '../db/schema.ts';
import { analyzeDatabase } from '../db/statistics.ts';
import { createFirm } from '../firms/firm.service.ts';
import { runImport } from '../import-export/import.service.ts';
import { createOpportunity } from '../opportunities/opportunity.service.ts';
import { passOpportunity } from '../passing/passing.service.ts';
import { putSetting } from '../settings/setting.repository.ts';
import { createUser } from '../users/user.service.ts';
import {
  cities,
  contactTitles,
  departments,
  firstNames,
  lastNames,
  pick,
  seededRandom,
} from './demo-people.ts';

export const datasetDirectory = fileURLToPath(
  new URL('../../../fixtures/crm-sales-opportunities/', import.meta.url),
);

/** Every demo account signs in with this password (printed by `npm start`). */
export const demoPassword = 'partnerline-demo';

export type DemoLogin = { role: Role; label: string; email: string; firm: string };

const firms = {
  vendor: 'Helio Systems',
  reseller: 'Brightpath Solutions',
  distributor: 'Meridian Distribution',
} as const;

const people: readonly (DemoLogin & { name: string })[] = [
  {
    role: 'admin',
    label: 'Administrator',
    email: 'admin@helio.example',
    firm: firms.vendor,
    name: 'Avery Admin',
  },
  {
    role: 'vendor-rep',
    label: 'Vendor rep',
    email: 'rep@helio.example',
    firm: firms.vendor,
    name: 'Rafael Ortiz',
  },
  {
    role: 'vendor-reviewer',
    label: 'Vendor reviewer',
    email: 'reviewer@helio.example',
    firm: firms.vendor,
    name: 'Priya Raman',
  },
  {
    role: 'manager',
    label: 'Partner manager',
    email: 'manager@brightpath.example',
    firm: firms.reseller,
    name: 'Dana Whitfield',
  },
  {
    role: 'seller',
    label: 'Partner seller',
    email: 'seller@brightpath.example',
    firm: firms.reseller,
    name: 'Marco Lindgren',
  },
  {
    role: 'manager',
    label: 'Distributor manager',
    email: 'manager@meridian.example',
    firm: firms.distributor,
    name: 'Sofia Brandt',
  },
  {
    role: 'seller',
    label: 'Distributor seller',
    email: 'seller@meridian.example',
    firm: firms.distributor,
    name: 'Tom Achebe',
  },
];

type AccountRow = {
  account: string;
  sector: string;
  year_established: string;
  revenue: string;
  employees: string;
  office_location: string;
  subsidiary_of: string;
};

export function readDatasetCsv<T>(file: string): T[] {
  return parse(readFileSync(`${datasetDirectory}${file}`), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as T[];
}

/** The data set's two spelling slips in accounts, mended for display (the raw file keeps them). */
const sectorNames: Record<string, string> = { technolgy: 'Technology' };
const countryNames: Record<string, string> = { Philipines: 'Philippines' };

function titleCase(text: string): string {
  return text.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
}

function domainOf(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`;
}

async function principalOf(db: Kysely<Database>, userId: number): Promise<Principal> {
  const row = await findUserPrincipal(db, userId);
  if (!row) throw new Error(`demo user ${userId} is missing`);
  return toPrincipal(row);
}

export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * The demo installation: the vendor, a reseller and a distributor, one user per role, and the
 * clients of the public CRM data set (with BPContacts, which the data set lacks).
 */
export async function seedDemo(db: Kysely<Database>): Promise<DemoLogin[]> {
  if (!(await isDatabaseEmpty(db)))
    throw new Error('The database already has users; demo data goes into an empty database only');
  const vendor = await createFirm(db, 'system', {
    name: firms.vendor,
    kind: 'vendor',
    isDistributor: false,
    isInGoodStanding: true,
    isAuthorized: true,
  });
  const distributor = await createFirm(db, 'system', {
    name: firms.distributor,
    kind: 'partner',
    isDistributor: true,
    isInGoodStanding: true,
    isAuthorized: true,
  });
  const reseller = await createFirm(db, 'system', {
    name: firms.reseller,
    kind: 'partner',
    isDistributor: false,
    isInGoodStanding: true,
    isAuthorized: true,
    distributorFirmId: distributor.id,
  });
  const firmIds: Record<string, number> = {
    [vendor.name]: vendor.id,
    [reseller.name]: reseller.id,
    [distributor.name]: distributor.id,
  };
  const principals: Record<string, Principal> = {};
  for (const person of people) {
    const user = await createUser(db, 'system', {
      email: person.email,
      name: person.name,
      role: person.role,
      firmId: firmIds[person.firm] ?? vendor.id,
      password: demoPassword,
    });
    principals[person.email] = await principalOf(db, user.id);
  }
  const vendorRep = principals['rep@helio.example']!;
  const resellerSeller = principals['seller@brightpath.example']!;
  const distributorSeller = principals['seller@meridian.example']!;

  const accounts = readDatasetCsv<AccountRow>('accounts.csv');
  const random = seededRandom(20261126);
  const parentNames = new Set(accounts.map((account) => account.subsidiary_of).filter(Boolean));
  // Enterprise groups and large accounts are registered by the vendor (visible to every partner);
  // the rest belong to one of the two partners.
  const ownerOf = (account: AccountRow, index: number): Principal => {
    if (account.subsidiary_of || parentNames.has(account.account) || Number(account.revenue) >= 1500)
      return vendorRep;
    return index % 3 === 0 ? distributorSeller : resellerSeller;
  };
  const ordered = [...accounts].sort(
    (left, right) => Number(Boolean(left.subsidiary_of)) - Number(Boolean(right.subsidiary_of)),
  );
  const clientIds = new Map<string, number>();
  const accountOwner = new Map<string, Principal>();
  for (const [index, account] of ordered.entries()) {
    const owner = ownerOf(account, index);
    const country = countryNames[account.office_location] ?? account.office_location;
    const city = pick(random, cities[country] ?? ['']);
    const client = await createClient(db, owner, {
      name: account.account,
      industry: sectorNames[account.sector] ?? titleCase(account.sector),
      country,
      city: city || null,
      website: `www.${domainOf(account.account)}`,
      employees: Number(account.employees),
      description: `Established ${account.year_established}; annual revenue about USD ${Math.round(Number(account.revenue)).toLocaleString('en-US')} million.`,
      parentClientId: account.subsidiary_of ? (clientIds.get(account.subsidiary_of) ?? null) : null,
    });
    clientIds.set(account.account, client.id);
    accountOwner.set(account.account, owner);

    const contactOwners =
      owner === vendorRep ? [vendorRep, resellerSeller, distributorSeller] : [owner, owner];
    for (const contactOwner of contactOwners) {
      const firstName = pick(random, firstNames);
      const lastName = pick(random, lastNames);
      await createContact(db, contactOwner, {
        clientId: client.id,
        firstName,
        lastName,
        title: pick(random, contactTitles),
        department: pick(random, departments),
        email: `${firstName}.${lastName}@${domainOf(account.account)}`.toLowerCase(),
        phone: `+1 555 ${String(100 + Math.floor(random() * 900))} ${String(1000 + Math.floor(random() * 9000))}`,
      });
    }
  }
  await seedDemoPipeline(db, {
    admin: principals['admin@helio.example']!,
    vendorRep,
    reseller: { firmId: reseller.id, seller: resellerSeller },
    distributor: { firmId: distributor.id, seller: distributorSeller },
    accountOwner,
  });
  await putSetting(db, 'demo_seeded_at', nowIso());
  await analyzeDatabase(db);
  return people.map(({ role, label, email, firm }) => ({ role, label, email, firm }));
}

type PipelineRow = {
  opportunity_id: string;
  sales_agent: string;
  product: string;
  account: string;
  deal_stage: string;
  engage_date: string;
  close_date: string;
  close_value: string;
};

type TeamRow = { sales_agent: string; manager: string; regional_office: string };

/** The data set ends in 2017; its dates move by whole years so that its last quarter is this one. */
function shiftYears(date: string, years: number): string {
  if (!date) return date;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year + years, month - 1, day));
  return shifted.toISOString().slice(0, 10);
}

/**
 * The data set has no close reasons: each closed deal gets one of its closing stage's list (issue
 * 10), spread by the deal's id so every seed gives the same ones, and never "Other" (it needs a note).
 */
function closeReasonPicker(reasons: readonly CloseReasonDefinition[]): (row: PipelineRow) => string {
  const closingStage: Record<string, string> = { Won: 'completed', Lost: 'lost' };
  return (row) => {
    const stage = closingStage[row.deal_stage];
    if (!stage) return '';
    const list = reasonsForStage(reasons, stage).filter((reason) => !reason.isOther);
    const spread = [...row.opportunity_id].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 9973, 7);
    return list[spread % Math.max(1, list.length)]?.label ?? '';
  };
}

function toCsv(rows: readonly PipelineRow[], closeReasonOf: (row: PipelineRow) => string): string {
  const header =
    'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value,close_reason';
  const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return [
    header,
    ...rows.map((row) =>
      [
        row.opportunity_id,
        row.sales_agent,
        row.product,
        row.account,
        row.deal_stage,
        row.engage_date,
        row.close_date,
        row.close_value,
        closeReasonOf(row),
      ]
        .map(quote)
        .join(','),
    ),
  ].join('\n');
}

/**
 * The data set's 8,800 deals imported through the CSV importer, as a partner would bring its
 * history in: the products into the catalog, each deal into the firm that can see its account,
 * the sales agents as the firms' sellers, a few deals passed by the vendor into the reseller's inbox.
 */
async function seedDemoPipeline(
  db: Kysely<Database>,
  people: {
    admin: Principal;
    vendorRep: Principal;
    reseller: { firmId: number; seller: Principal };
    distributor: { firmId: number; seller: Principal };
    accountOwner: Map<string, Principal>;
  },
): Promise<void> {
  await runImport(db, people.admin, {
    type: 'products',
    csv: readFileSync(`${datasetDirectory}products.csv`, 'utf8'),
    options: { dryRun: false, placeholders: false, unmatchedOwners: 'error' },
  });
  // The West office sells through the distributor, the others through the reseller.
  const teams = readDatasetCsv<TeamRow>('sales_teams.csv');
  for (const agent of teams) {
    const firmId = agent.regional_office === 'West' ? people.distributor.firmId : people.reseller.firmId;
    const domain = agent.regional_office === 'West' ? 'meridian.example' : 'brightpath.example';
    await createUser(db, 'system', {
      email: `${agent.sales_agent.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}`,
      name: agent.sales_agent,
      role: 'seller',
      firmId,
      password: demoPassword,
    });
  }
  const years = new Date().getUTCFullYear() - 2017;
  const deals = readDatasetCsv<PipelineRow>('sales_pipeline.csv').map((deal) => ({
    ...deal,
    engage_date: shiftYears(deal.engage_date, years),
    close_date: shiftYears(deal.close_date, years),
  }));
  const isDistributors = (deal: PipelineRow) =>
    deal.account !== '' && people.accountOwner.get(deal.account)?.firmId === people.distributor.firmId;
  const options = { dryRun: false, placeholders: true, unmatchedOwners: 'importer' } as const;
  const closeReasonOf = closeReasonPicker(await loadCloseReasons(db));
  for (const [importer, rows] of [
    [people.reseller.seller, deals.filter((deal) => !isDistributors(deal))],
    [people.distributor.seller, deals.filter(isDistributors)],
  ] as const) {
    const csv = toCsv(rows, closeReasonOf);
    const job = await runImport(db, importer, { type: 'opportunities', csv, options });
    if (job.status !== 'succeeded')
      throw new Error(`The demo pipeline did not import: ${JSON.stringify(job.report).slice(0, 500)}`);
  }

  // Two fresh leads from the vendor, waiting in the reseller's inbox.
  const acme = await db
    .selectFrom('clients')
    .select('id')
    .where('name', '=', 'Acme Corporation')
    .executeTakeFirst();
  const sonron = await db.selectFrom('clients').select('id').where('name', '=', 'Sonron').executeTakeFirst();
  for (const [client, name, amount] of [
    [acme?.id, 'Acme storage consolidation (vendor lead)', 185_000_00],
    [sonron?.id, 'Sonron observability pilot (vendor lead)', 42_500_00],
  ] as const) {
    if (!client) continue;
    const lead = await createOpportunity(db, people.vendorRep, {
      name,
      clientId: client,
      amountMinor: amount,
      origin: 'passed',
    });
    await passOpportunity(db, people.vendorRep, lead.id, {
      firmId: people.reseller.firmId,
      note: 'Met the CIO at the partner summit',
    });
  }
}
