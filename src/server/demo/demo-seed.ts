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
import { seedDemoWork } from './demo-work.ts';

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
  const deals = readDatasetCsv<PipelineRow>('sales_pipeline.csv');
  const teams = readDatasetCsv<TeamRow>('sales_teams.csv');
  // The West office sells through the distributor, the others through the reseller.
  const agentFirm = new Map(
    teams.map((agent) => [
      agent.sales_agent,
      agent.regional_office === 'West' ? distributor.id : reseller.id,
    ]),
  );
  const random = seededRandom(20261126);
  const parentNames = new Set(accounts.map((account) => account.subsidiary_of).filter(Boolean));
  // Enterprise groups and large accounts are registered by the vendor (visible to every partner);
  // the rest belong to the partner whose agents sell to them most.
  const dealsPerFirm = new Map<string, Map<number, number>>();
  for (const deal of deals) {
    const firmId = agentFirm.get(deal.sales_agent);
    if (!deal.account || firmId === undefined) continue;
    const counts = dealsPerFirm.get(deal.account) ?? new Map<number, number>();
    counts.set(firmId, (counts.get(firmId) ?? 0) + 1);
    dealsPerFirm.set(deal.account, counts);
  }
  const ownerOf = (account: AccountRow): Principal => {
    if (account.subsidiary_of || parentNames.has(account.account) || Number(account.revenue) >= 1500)
      return vendorRep;
    const counts = dealsPerFirm.get(account.account);
    const ofDistributor = counts?.get(distributor.id) ?? 0;
    const ofReseller = counts?.get(reseller.id) ?? 0;
    return ofDistributor > ofReseller ? distributorSeller : resellerSeller;
  };
  const ordered = [...accounts].sort(
    (left, right) => Number(Boolean(left.subsidiary_of)) - Number(Boolean(right.subsidiary_of)),
  );
  const clientIds = new Map<string, number>();
  const accountFirm = new Map<string, number | 'vendor'>();
  // The BPContacts each partner firm can see at each client, by email (the data set's deals get one).
  const contactsSeen = new Map<number, Map<string, string[]>>([
    [reseller.id, new Map()],
    [distributor.id, new Map()],
  ]);
  for (const account of ordered) {
    const owner = ownerOf(account);
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
    accountFirm.set(account.account, owner === vendorRep ? 'vendor' : owner.firmId);

    const contactOwners =
      owner === vendorRep ? [vendorRep, resellerSeller, distributorSeller] : [owner, owner];
    for (const contactOwner of contactOwners) {
      const firstName = pick(random, firstNames);
      const lastName = pick(random, lastNames);
      const email = `${firstName}.${lastName}@${domainOf(account.account)}`.toLowerCase();
      await createContact(db, contactOwner, {
        clientId: client.id,
        firstName,
        lastName,
        title: pick(random, contactTitles),
        department: pick(random, departments),
        email,
        phone: `+1 555 ${String(100 + Math.floor(random() * 900))} ${String(1000 + Math.floor(random() * 9000))}`,
      });
      for (const [firmId, seen] of contactsSeen) {
        if (contactOwner !== vendorRep && contactOwner.firmId !== firmId) continue;
        seen.set(account.account, [...(seen.get(account.account) ?? []), email]);
      }
    }
  }
  const managers = {
    reseller: principals['manager@brightpath.example']!,
    distributor: principals['manager@meridian.example']!,
  };
  await importDataset(db, {
    admin: principals['admin@helio.example']!,
    deals,
    teams,
    agentFirm,
    accountFirm,
    contactsSeen,
    importers: new Map([
      [reseller.id, managers.reseller],
      [distributor.id, managers.distributor],
    ]),
  });
  await seedDemoWork(db, {
    vendorRep,
    reviewer: principals['reviewer@helio.example']!,
    admin: principals['admin@helio.example']!,
    reseller: { firmId: reseller.id, seller: resellerSeller, manager: managers.reseller },
    distributor: { firmId: distributor.id, seller: distributorSeller, manager: managers.distributor },
  });
  await putSetting(db, 'demo_seeded_at', nowIso());
  await analyzeDatabase(db);
  return demoLogins();
}

/** The sign-ins `npm start` prints, one per demo role (every one with `demoPassword`). */
export function demoLogins(): DemoLogin[] {
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

/** The data set's last day (2017-12-31): its dates move by whole days so that it ends yesterday. */
const datasetLastDay = Date.UTC(2017, 11, 31);
const dayMs = 86_400_000;

function shiftDays(date: string, days: number): string {
  if (!date) return date;
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** The first day of the quarter after the one `today` is in. */
function nextQuarterStart(today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const quarterMonth = Math.floor((month - 1) / 3) * 3 + 3;
  return new Date(Date.UTC(year, quarterMonth, 1)).toISOString().slice(0, 10);
}

/**
 * The data set has no close reasons: each closed deal gets one of its closing stage's list, spread by
 * the deal's id so every seed gives the same ones, and never "Other" (it needs a note).
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

type DatasetRow = PipelineRow & { decision_date: string; primary_contact: string; close_reason: string };

function toCsv(rows: readonly DatasetRow[]): string {
  const columns = [
    'opportunity_id',
    'sales_agent',
    'product',
    'account',
    'deal_stage',
    'engage_date',
    'close_date',
    'close_value',
    'decision_date',
    'primary_contact',
    'close_reason',
  ] as const;
  const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return [
    columns.join(','),
    ...rows.map((row) => columns.map((column) => quote(row[column])).join(',')),
  ].join('\n');
}

/**
 * The data set's 8,800 deals imported through the CSV importer, as a partner brings its history in:
 * the products into the catalog, the sales agents as the firms' sellers, each firm's deals imported
 * by its manager and owned by the agent who sold them. The few deals an agent had with a client of
 * the other partner go to that client's own main agent (a partner never sees the other's clients).
 * A deal with a client gets one of the client's BPContacts the firm can see; the rows without an
 * account keep none and land on the importer's labelled placeholder client. The data set gives open
 * deals no expected close date: theirs fall in the next two quarters, so this quarter's decisions
 * (on Home) are the demo people's own.
 */
async function importDataset(
  db: Kysely<Database>,
  data: {
    admin: Principal;
    deals: readonly PipelineRow[];
    teams: readonly TeamRow[];
    agentFirm: Map<string, number>;
    accountFirm: Map<string, number | 'vendor'>;
    contactsSeen: Map<number, Map<string, string[]>>;
    importers: Map<number, Principal>;
  },
): Promise<void> {
  await runImport(db, data.admin, {
    type: 'products',
    csv: readFileSync(`${datasetDirectory}products.csv`, 'utf8'),
    options: { dryRun: false, placeholders: false, unmatchedOwners: 'error' },
  });
  for (const agent of data.teams) {
    const firmId = data.agentFirm.get(agent.sales_agent);
    if (firmId === undefined) throw new Error(`The sales agent ${agent.sales_agent} has no firm`);
    const domain = agent.regional_office === 'West' ? 'meridian.example' : 'brightpath.example';
    await createUser(db, 'system', {
      email: `${agent.sales_agent.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}`,
      name: agent.sales_agent,
      role: 'seller',
      firmId,
      password: demoPassword,
    });
  }
  const today = new Date().toISOString().slice(0, 10);
  const shift = Math.round((Date.parse(`${today}T00:00:00Z`) - dayMs - datasetLastDay) / dayMs);
  const expectedFrom = nextQuarterStart(today);
  const random = seededRandom(20261203);
  const closeReasonOf = closeReasonPicker(await loadCloseReasons(db));
  // Each partner client's main agent: who sold to it most (by name on a tie), for the other firm's deals.
  const mainAgent = new Map<string, string>();
  const agentDeals = new Map<string, number>();
  for (const deal of data.deals) {
    if (deal.account) {
      const key = `${deal.account}\u0000${deal.sales_agent}`;
      agentDeals.set(key, (agentDeals.get(key) ?? 0) + 1);
    }
  }
  for (const [key, count] of [...agentDeals].sort(([left], [right]) => left.localeCompare(right))) {
    const [account, agent] = key.split('\u0000') as [string, string];
    const firm = data.accountFirm.get(account);
    if (firm !== data.agentFirm.get(agent)) continue;
    const best = mainAgent.get(account);
    if (best === undefined || count > (agentDeals.get(`${account}\u0000${best}`) ?? 0))
      mainAgent.set(account, agent);
  }
  const rowsOf = new Map<number, DatasetRow[]>([...data.importers.keys()].map((firmId) => [firmId, []]));
  for (const [index, deal] of data.deals.entries()) {
    const agentFirm = data.agentFirm.get(deal.sales_agent);
    const clientFirm = deal.account ? data.accountFirm.get(deal.account) : 'vendor';
    const firmId = clientFirm === 'vendor' || clientFirm === undefined ? agentFirm : clientFirm;
    if (firmId === undefined) continue;
    const agent = firmId === agentFirm ? deal.sales_agent : (mainAgent.get(deal.account) ?? deal.sales_agent);
    const seen = deal.account ? (data.contactsSeen.get(firmId)?.get(deal.account) ?? []) : [];
    const isOpen = !deal.close_date;
    const decision = new Date(Date.parse(`${expectedFrom}T00:00:00Z`) + Math.floor(random() * 182) * dayMs)
      .toISOString()
      .slice(0, 10);
    rowsOf.get(firmId)?.push({
      ...deal,
      sales_agent: agent,
      engage_date: shiftDays(deal.engage_date, shift),
      close_date: shiftDays(deal.close_date, shift),
      decision_date: isOpen ? decision : '',
      primary_contact: seen[index % Math.max(seen.length, 1)] ?? '',
      close_reason: closeReasonOf(deal),
    });
  }
  const options = { dryRun: false, placeholders: true, unmatchedOwners: 'error' } as const;
  for (const [firmId, rows] of rowsOf) {
    const importer = data.importers.get(firmId)!;
    const job = await runImport(db, importer, { type: 'opportunities', csv: toCsv(rows), options });
    if (job.status !== 'succeeded')
      throw new Error(`The demo pipeline did not import: ${JSON.stringify(job.report).slice(0, 500)}`);
  }
}
