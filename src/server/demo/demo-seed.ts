import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Principal } from '../../core/principal.ts';
import type { Role } from '../../core/roles.ts';
import { findUserPrincipal } from '../auth/auth.repository.ts';
import { toPrincipal } from '../auth/auth.service.ts';
import { createClient } from '../clients/client.service.ts';
import { nowIso } from '../clock.ts';
import { createContact } from '../contacts/contact.service.ts';
import type { Database } from '../db/schema.ts';
import { createFirm } from '../firms/firm.service.ts';
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
  await putSetting(db, 'demo_seeded_at', nowIso());
  return people.map(({ role, label, email, firm }) => ({ role, label, email, firm }));
}
