import type { Kysely } from 'kysely';
import type { LineItemCreate } from '../../core/contract/line-items.ts';
import type { OpportunityCreate } from '../../core/contract/opportunities.ts';
import type { Principal } from '../../core/principal.ts';
import { type ClosingInput, findStage } from '../../core/stages.ts';
import type { Database } from '../db/schema.ts';
import { addFavorite } from '../favorites/favorite.service.ts';
import {
  type BulkOpportunity,
  checkClosingOfCreation,
  createOpportunitiesInBulk,
} from '../opportunities/opportunity-bulk.service.ts';
import { createOpportunity, planOpportunityCreation } from '../opportunities/opportunity-create.service.ts';
import { loadEnvironment } from '../opportunities/opportunity-state.ts';
import { moveOpportunityStage } from '../opportunities/stage-move.service.ts';
import {
  acceptPassedOpportunity,
  declinePassedOpportunity,
  passOpportunity,
} from '../passing/passing.service.ts';
import { recordRecentView } from '../recent/recent-view.service.ts';
import { seedDemoActivities } from './demo-activities.ts';

/** Who works in the demo, by the keys the deals below use. */
export type DemoCast = {
  vendorRep: Principal;
  reviewer: Principal;
  admin: Principal;
  reseller: { firmId: number; seller: Principal; manager: Principal };
  distributor: { firmId: number; seller: Principal; manager: Principal };
};

type Person = 'marco' | 'dana' | 'tom' | 'sofia';

/** A line: a catalog product (by offering) × quantity at its list price, or a service at a price. */
type Line = [product: string, quantity: number, discountPercent?: number] | [service: string, price: number];

type Closing =
  | { stage: 'completed'; daysAgo: number }
  | { stage: 'lost'; daysAgo: number; competitor: string; note: string }
  | { stage: 'client-declined' | 'partner-declined'; daysAgo: number; reason: string; note: string };

type DemoDeal = {
  key: string;
  owner: Person;
  client: string;
  name: string;
  /** The open stage it is in (or closed from). */
  stage: string;
  /** Days since the deal started in that stage (past a stage's limit it is stale). */
  age: number;
  /** Decision date, in days from today (negative: overdue). */
  decision: number;
  /** Line items, or an estimate without any. */
  lines?: Line[];
  estimate?: number;
  currency?: string;
  closing?: Closing;
  leadSource?: string;
  nextStep?: string;
  competitor?: string;
  /** Co-sellers on the team beyond the owner. */
  team?: ('vendorRep' | 'tom')[];
  twoTier?: boolean;
};

/**
 * The demo people's own book: named clients with their BPContacts as primary contacts, deals in
 * every open stage and every closing, some overdue, some stale (past the stage's limit), a few
 * co-sold with the vendor rep or two-tier with the distributor. Amounts in USD unless given.
 */
const deals: readonly DemoDeal[] = [
  // Marco Lindgren, partner seller at Brightpath
  {
    key: 'acme',
    owner: 'marco',
    client: 'Acme Corporation',
    name: 'Data center storage refresh',
    stage: 'identify',
    age: 5,
    decision: 75,
    estimate: 120_000,
    leadSource: 'Partner event',
    nextStep: 'Discovery workshop with the infrastructure team',
  },
  {
    key: 'globex',
    owner: 'marco',
    client: 'Globex Corporation',
    name: 'Branch network upgrade',
    stage: 'identify',
    age: 12,
    decision: 60,
    lines: [['Network assessment', 8_500]],
    currency: 'EUR',
    leadSource: 'Referral',
  },
  {
    key: 'bubba',
    owner: 'marco',
    client: 'Bubba Gump',
    name: 'Point-of-sale back end consolidation',
    stage: 'identify',
    age: 41,
    decision: -3,
    estimate: 35_000,
    nextStep: 'Call the CFO back about the budget',
  },
  {
    key: 'initech',
    owner: 'marco',
    client: 'Initech',
    name: 'Private cloud pilot',
    stage: 'validate',
    age: 8,
    decision: 45,
    estimate: 64_000,
    leadSource: 'Website',
  },
  {
    key: 'umbrella',
    owner: 'marco',
    client: 'Umbrella Corporation',
    name: 'Lab analytics platform',
    stage: 'validate',
    age: 52,
    decision: -10,
    estimate: 210_000,
    nextStep: 'Agree the evaluation plan',
  },
  {
    key: 'genco',
    owner: 'marco',
    client: 'Genco Pura Olive Oil Company',
    name: 'ERP hosting',
    stage: 'validate',
    age: 15,
    decision: 20,
    estimate: 48_000,
    currency: 'EUR',
  },
  {
    key: 'massive',
    owner: 'marco',
    client: 'Massive Dynamic',
    name: 'Research compute expansion',
    stage: 'qualify',
    age: 20,
    decision: 40,
    lines: [
      ['GTK 500', 4],
      ['Installation services', 12_000],
    ],
  },
  {
    key: 'cheers',
    owner: 'marco',
    client: 'Cheers',
    name: 'Franchise point-of-sale hardware',
    stage: 'qualify',
    age: 60,
    decision: -20,
    lines: [['GTX Basic', 60]],
    competitor: 'Northwind Systems',
  },
  {
    key: 'inquirer',
    owner: 'marco',
    client: 'The New York Inquirer',
    name: 'Newsroom storage',
    stage: 'qualify',
    age: 10,
    decision: 30,
    lines: [['MG Advanced', 12]],
  },
  {
    key: 'gekko',
    owner: 'marco',
    client: 'Gekko & Co',
    name: 'Trading floor workstations',
    stage: 'propose',
    age: 30,
    decision: 14,
    lines: [
      ['GTX Plus Pro', 25, 8],
      ['Deployment services', 18_000],
    ],
    team: ['vendorRep'],
    nextStep: 'Price review with procurement on Friday',
  },
  {
    key: 'sonron',
    owner: 'marco',
    client: 'Sonron',
    name: 'Observability rollout',
    stage: 'propose',
    age: 70,
    decision: -6,
    lines: [['GTX Pro', 18]],
    competitor: 'Contoso Hardware',
  },
  {
    key: 'bluth',
    owner: 'marco',
    client: 'Bluth Company',
    name: 'Model home showroom kiosks',
    stage: 'propose',
    age: 18,
    decision: 25,
    lines: [
      ['MG Special', 200],
      ['GTX Basic', 20],
    ],
  },
  {
    key: 'konex',
    owner: 'marco',
    client: 'Konex',
    name: 'Backup appliance replacement',
    stage: 'conditional',
    age: 12,
    decision: 9,
    lines: [
      ['GTK 500', 3],
      ['Three-year support', 15_600],
    ],
    team: ['tom'],
    twoTier: true,
    nextStep: 'Legal review of the contract',
  },
  {
    key: 'hottechi',
    owner: 'marco',
    client: 'Hottechi',
    name: 'Edge compute for stores',
    stage: 'conditional',
    age: 40,
    decision: -2,
    lines: [['GTX Plus Basic', 80, 5]],
  },
  {
    key: 'zotware',
    owner: 'marco',
    client: 'Zotware',
    name: 'Managed print and devices',
    stage: 'won',
    age: 6,
    decision: 3,
    lines: [
      ['GTX Basic', 40],
      ['Managed service, year 1', 24_000],
    ],
  },
  {
    key: 'vehement',
    owner: 'marco',
    client: 'Vehement Capital Partners',
    name: 'Analyst laptops',
    stage: 'won',
    age: 25,
    decision: 0,
    lines: [['GTX Plus Basic', 35]],
  },
  {
    key: 'finhigh',
    owner: 'marco',
    client: 'Finhigh',
    name: 'Core banking disaster recovery site',
    stage: 'implement',
    age: 35,
    decision: 10,
    lines: [
      ['GTK 500', 6],
      ['Implementation services', 45_000],
    ],
  },
  {
    key: 'cancity',
    owner: 'marco',
    client: 'Cancity',
    name: 'Smart city sensor gateways',
    stage: 'implement',
    age: 100,
    decision: -15,
    lines: [['GTX Pro', 30]],
  },
  {
    key: 'rundofase',
    owner: 'marco',
    client: 'Rundofase',
    name: 'Warehouse scanners',
    stage: 'won',
    age: 80,
    decision: -20,
    lines: [['MG Advanced', 10]],
    closing: { stage: 'completed', daysAgo: 20 },
  },
  {
    key: 'statholdings',
    owner: 'marco',
    client: 'Statholdings',
    name: 'Reporting servers',
    stage: 'propose',
    age: 70,
    decision: -12,
    lines: [['GTX Pro', 6]],
    closing: {
      stage: 'lost',
      daysAgo: 12,
      competitor: 'Northwind Systems',
      note: 'Lost on price: the competitor bundled three years of support.',
    },
  },
  {
    key: 'opentech',
    owner: 'marco',
    client: 'Opentech',
    name: 'Developer workstation refresh',
    stage: 'qualify',
    age: 50,
    decision: -9,
    lines: [['GTX Plus Basic', 15]],
    closing: {
      stage: 'client-declined',
      daysAgo: 9,
      reason: 'Budget cut',
      note: 'The client froze this fiscal year’s hardware budget; revisit in spring.',
    },
  },
  {
    key: 'zencorp',
    owner: 'marco',
    client: 'Zencorporation',
    name: 'Remote office kit',
    stage: 'validate',
    age: 45,
    decision: -30,
    estimate: 4_000,
    closing: {
      stage: 'partner-declined',
      daysAgo: 30,
      reason: 'Margin too low',
      note: 'Referred the client to the vendor’s online store.',
    },
  },
  // Dana Whitfield, partner manager at Brightpath
  {
    key: 'dontechi',
    owner: 'dana',
    client: 'Dontechi',
    name: 'Enterprise storage framework agreement',
    stage: 'conditional',
    age: 20,
    decision: 18,
    lines: [['GTK 500', 20, 12]],
    team: ['vendorRep'],
    nextStep: 'Vendor special-bid approval',
  },
  {
    key: 'xxholding',
    owner: 'dana',
    client: 'Xx-holding',
    name: 'Global workstation standard',
    stage: 'qualify',
    age: 33,
    decision: 50,
    lines: [['GTX Plus Pro', 100, 10]],
  },
  {
    key: 'betatech',
    owner: 'dana',
    client: 'Betatech',
    name: 'Hospital imaging archive',
    stage: 'propose',
    age: 55,
    decision: -8,
    lines: [['MG Advanced', 30]],
  },
  {
    key: 'isdom',
    owner: 'dana',
    client: 'Isdom',
    name: 'Digital workplace',
    stage: 'won',
    age: 10,
    decision: 5,
    lines: [
      ['GTX Basic', 150],
      ['Rollout services', 32_000],
    ],
  },
  {
    key: 'fasehatice',
    owner: 'dana',
    client: 'Fasehatice',
    name: 'Campus network',
    stage: 'won',
    age: 70,
    decision: -40,
    lines: [['GTX Pro', 12]],
    closing: { stage: 'completed', daysAgo: 40 },
  },
  // Tom Achebe, seller at Meridian Distribution
  {
    key: 'hatfan',
    owner: 'tom',
    client: 'Hatfan',
    name: 'Retail analytics appliances',
    stage: 'identify',
    age: 3,
    decision: 80,
    estimate: 28_000,
    leadSource: 'Trade show',
  },
  {
    key: 'jtexon',
    owner: 'tom',
    client: 'J-Texon',
    name: 'Plant floor tablets',
    stage: 'validate',
    age: 40,
    decision: -4,
    estimate: 52_000,
  },
  {
    key: 'sunnamplex',
    owner: 'tom',
    client: 'Sunnamplex',
    name: 'Logistics hub servers',
    stage: 'qualify',
    age: 14,
    decision: 35,
    lines: [['GTK 500', 2]],
    currency: 'EUR',
  },
  {
    key: 'rantouch',
    owner: 'tom',
    client: 'Rantouch',
    name: 'Contact center PCs',
    stage: 'propose',
    age: 22,
    decision: 12,
    lines: [['GTX Basic', 120, 6]],
  },
  {
    key: 'umbrella-dr',
    owner: 'tom',
    client: 'Umbrella Corporation',
    name: 'Regional disaster recovery replication',
    stage: 'propose',
    age: 60,
    decision: -12,
    lines: [
      ['MG Advanced', 8],
      ['Replication services', 14_000],
    ],
  },
  {
    key: 'greenplus',
    owner: 'tom',
    client: 'Green-Plus',
    name: 'Solar monitoring gateways',
    stage: 'conditional',
    age: 9,
    decision: 20,
    lines: [['GTX Plus Basic', 45]],
  },
  {
    key: 'blackzim',
    owner: 'tom',
    client: 'Blackzim',
    name: 'Storage expansion',
    stage: 'won',
    age: 28,
    decision: 2,
    lines: [['MG Advanced', 16]],
  },
  {
    key: 'zoomit',
    owner: 'tom',
    client: 'Zoomit',
    name: 'Video platform hosting',
    stage: 'implement',
    age: 50,
    decision: 30,
    lines: [
      ['GTX Pro', 10],
      ['Hosting setup', 9_500],
    ],
  },
  {
    key: 'plusstrip',
    owner: 'tom',
    client: 'Plusstrip',
    name: 'Packaging line PCs',
    stage: 'propose',
    age: 60,
    decision: -15,
    lines: [['GTX Basic', 30]],
    closing: {
      stage: 'lost',
      daysAgo: 15,
      competitor: 'Contoso Hardware',
      note: 'The client standardised on the competitor’s line.',
    },
  },
  {
    key: 'newex',
    owner: 'tom',
    client: 'Newex',
    name: 'Store refresh',
    stage: 'won',
    age: 60,
    decision: -25,
    lines: [['GTX Plus Basic', 25]],
    closing: { stage: 'completed', daysAgo: 25 },
  },
  // Sofia Brandt, manager at Meridian Distribution
  {
    key: 'ganjaflex',
    owner: 'sofia',
    client: 'Ganjaflex',
    name: 'Tokyo office build-out',
    stage: 'qualify',
    age: 18,
    decision: 40,
    lines: [['GTK 500', 5]],
  },
  {
    key: 'doncon',
    owner: 'sofia',
    client: 'Doncon',
    name: 'Fleet telematics',
    stage: 'validate',
    age: 7,
    decision: 21,
    estimate: 75_000,
  },
  {
    key: 'treequote',
    owner: 'sofia',
    client: 'Treequote',
    name: 'Branch office routers',
    stage: 'propose',
    age: 50,
    decision: -7,
    lines: [
      ['GTX Plus Basic', 60, 4],
      ['Staging and shipping', 6_000],
    ],
    nextStep: 'Chase the purchase order',
  },
  {
    key: 'groovestreet',
    owner: 'sofia',
    client: 'Groovestreet',
    name: 'Retail Wi-Fi',
    stage: 'won',
    age: 50,
    decision: -33,
    lines: [['GTX Basic', 45]],
    closing: { stage: 'completed', daysAgo: 33 },
  },
];

/** Leads the vendor rep passes (decision in days from today): waiting in an inbox, accepted (and worked on), or declined back. */
const leads = [
  {
    client: 'Acme Corporation',
    name: 'Acme storage consolidation (vendor lead)',
    amount: 185_000,
    decision: 20,
    to: 'reseller',
    stage: 'validate',
    outcome: 'pending',
  },
  {
    client: 'Sonron',
    name: 'Sonron observability pilot (vendor lead)',
    amount: 42_500,
    decision: 12,
    to: 'reseller',
    stage: 'identify',
    outcome: 'pending',
  },
  {
    client: 'Warephase',
    name: 'Warephase warehouse automation (vendor lead)',
    amount: 96_000,
    decision: 25,
    to: 'distributor',
    stage: 'validate',
    outcome: 'pending',
  },
  {
    client: 'Kan-code',
    name: 'Kan-code security appliances (vendor lead)',
    amount: 58_000,
    decision: 40,
    to: 'reseller',
    stage: 'identify',
    outcome: 'accepted',
  },
  {
    client: 'Mathtouch',
    name: 'Mathtouch campus labs (vendor lead)',
    amount: 23_000,
    decision: -5,
    to: 'distributor',
    stage: 'identify',
    outcome: 'declined',
  },
] as const;

const dayMs = 86_400_000;

function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * dayMs);
}

function dateIn(days: number): string {
  return daysFromNow(days).toISOString().slice(0, 10);
}

async function clientIdOf(db: Kysely<Database>, name: string): Promise<number> {
  const row = await db
    .selectFrom('clients')
    .select('id')
    .where('name', '=', name)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new Error(`The demo client ${name} is missing`);
  return row.id;
}

/** The client's BPContacts the principal's firm works with: the vendor's first, then its own. */
async function contactIdsOf(db: Kysely<Database>, principal: Principal, clientId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('contacts')
    .select(['id', 'is_vendor_registered'])
    .where('client_id', '=', clientId)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('is_vendor_registered', '=', 1), eb('owner_firm_id', '=', principal.firmId)]))
    .orderBy('is_vendor_registered', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The demo people's own pipeline, written through the same rules as the API and the importer
 * (`planOpportunityCreation`: gates, contacts, team firms, roll-ups; closings as `POST …/stage`
 * checks them), with the dates a working book has; then vendor leads passed, accepted and declined,
 * two stage moves made today, a few favorites and recently viewed records per person.
 */
export async function seedDemoWork(db: Kysely<Database>, cast: DemoCast): Promise<void> {
  const people: Record<Person, Principal> = {
    marco: cast.reseller.seller,
    dana: cast.reseller.manager,
    tom: cast.distributor.seller,
    sofia: cast.distributor.manager,
  };
  const products = new Map(
    (await db.selectFrom('products').select(['id', 'offering', 'list_price_minor']).execute()).map((row) => [
      row.offering,
      row,
    ]),
  );
  const ids = new Map<string, number>();
  for (const person of Object.keys(people) as Person[]) {
    const principal = people[person];
    const mine = deals.filter((deal) => deal.owner === person);
    await db.transaction().execute(async (trx) => {
      const environment = await loadEnvironment(trx);
      const items: BulkOpportunity[] = [];
      for (const deal of mine) {
        const clientId = await clientIdOf(trx, deal.client);
        const contacts = await contactIdsOf(trx, principal, clientId);
        const lineItems = (deal.lines ?? []).map((line): LineItemCreate => {
          const product = products.get(line[0]);
          if (product) {
            return {
              productId: product.id,
              quantity: line[1],
              unitPriceMinor: Number(product.list_price_minor),
              ...(line[2] !== undefined && { discountPercent: line[2] }),
            };
          }
          return { description: line[0], unitPriceMinor: line[1] * 100 };
        });
        const input: OpportunityCreate = {
          name: `${deal.client} – ${deal.name}`,
          clientId,
          stage: deal.stage,
          decisionDate: dateIn(deal.decision),
          ...(deal.currency && { currency: deal.currency }),
          ...(deal.estimate !== undefined && { amountMinor: deal.estimate * 100 }),
          ...(lineItems.length > 0 && { lineItems }),
          contacts: contacts.slice(0, 2).map((contactId, index) => ({
            contactId,
            role: index === 0 ? 'Decision maker' : 'Technical evaluator',
            isPrimary: index === 0,
          })),
          ...(deal.leadSource && { leadSource: deal.leadSource }),
          ...(deal.nextStep && { nextStep: deal.nextStep }),
          ...(deal.competitor && { competitor: deal.competitor }),
          distributorFirmId: deal.twoTier ? cast.distributor.firmId : null,
          team: (deal.team ?? []).map((member) =>
            member === 'vendorRep'
              ? { userId: cast.vendorRep.userId, role: 'Vendor rep', access: 'edit' as const }
              : { userId: cast.distributor.seller.userId, role: 'Distributor rep', access: 'edit' as const },
          ),
        };
        const startedAt = daysFromNow(-deal.age).toISOString();
        const creation = await planOpportunityCreation(trx, principal, environment, input, { startedAt });
        if (!deal.closing) {
          items.push({ creation });
          continue;
        }
        const target = findStage(environment.catalog, deal.closing.stage);
        if (!target) throw new Error(`Unknown closing ${deal.closing.stage}`);
        const closingInput: ClosingInput =
          deal.closing.stage === 'completed'
            ? {}
            : deal.closing.stage === 'lost'
              ? { competitor: deal.closing.competitor, note: deal.closing.note }
              : { reason: deal.closing.reason, note: deal.closing.note };
        checkClosingOfCreation(environment.catalog, creation, target, closingInput);
        items.push({
          creation,
          closing: {
            target,
            input: closingInput,
            closedAt: daysFromNow(-deal.closing.daysAgo).toISOString(),
          },
        });
      }
      await createOpportunitiesInBulk(trx, principal, environment, items);
      const written = await trx
        .selectFrom('opportunities')
        .select(['id', 'name'])
        .where('owner_id', '=', principal.userId)
        .execute();
      const idByName = new Map(written.map((row) => [row.name, row.id]));
      for (const deal of mine) {
        const id = idByName.get(`${deal.client} – ${deal.name}`);
        if (id === undefined) throw new Error(`The demo deal ${deal.name} was not written`);
        ids.set(deal.key, id);
      }
    });
  }

  // Vendor leads: passed to a partner's inbox; one accepted and worked on, one declined back.
  const firmOf = { reseller: cast.reseller.firmId, distributor: cast.distributor.firmId };
  const managerOf = { reseller: cast.reseller.manager, distributor: cast.distributor.manager };
  for (const lead of leads) {
    const clientId = await clientIdOf(db, lead.client);
    const [contactId] = await contactIdsOf(db, cast.vendorRep, clientId);
    const passed = await createOpportunity(db, cast.vendorRep, {
      name: lead.name,
      clientId,
      stage: lead.stage,
      amountMinor: lead.amount * 100,
      decisionDate: dateIn(lead.decision),
      origin: 'passed',
      ...(contactId !== undefined && { primaryContactId: contactId }),
    });
    await passOpportunity(db, cast.vendorRep, passed.id, {
      firmId: firmOf[lead.to],
      note: 'Met the CIO at the partner summit',
    });
    if (lead.outcome === 'accepted') {
      await acceptPassedOpportunity(db, managerOf[lead.to], passed.id, { ownerId: people.marco.userId });
      ids.set('lead-accepted', passed.id);
    } else if (lead.outcome === 'declined') {
      await declinePassedOpportunity(db, managerOf[lead.to], passed.id, {
        reason: 'No coverage in that region this year',
      });
    }
  }
  // Today's work: the accepted lead's contact confirmed the need; the newsroom proposal went out.
  const accepted = ids.get('lead-accepted');
  if (accepted !== undefined) {
    await moveOpportunityStage(db, people.marco, accepted, { stage: 'validate' }, undefined);
  }
  const inquirer = ids.get('inquirer');
  if (inquirer !== undefined) {
    await moveOpportunityStage(db, people.marco, inquirer, { stage: 'propose' }, undefined);
  }

  // Their calls, meetings, tasks and notes on every deal they own (leads accepted included), and on
  // the clients and BPContacts of those deals.
  const books = [];
  for (const principal of Object.values(people)) {
    const owned = await db
      .selectFrom('opportunities')
      .select(['id', 'client_id', 'primary_contact_id', 'closed_at'])
      .where('owner_id', '=', principal.userId)
      .orderBy('id')
      .execute();
    books.push({
      principal,
      deals: owned.map((row) => ({
        opportunityId: row.id,
        open: row.closed_at === null,
        clientId: row.client_id,
        contactId: row.primary_contact_id,
      })),
    });
  }
  await seedDemoActivities(db, books);

  // A few stars and recently opened records per person, as after a day's work.
  const star = async (principal: Principal, keys: string[], clients: string[] = []) => {
    for (const key of keys) {
      const id = ids.get(key);
      if (id !== undefined) await addFavorite(db, principal, 'opportunity', id);
    }
    for (const name of clients) await addFavorite(db, principal, 'client', await clientIdOf(db, name));
  };
  await star(people.marco, ['gekko', 'konex', 'umbrella'], ['Acme Corporation']);
  await star(people.dana, ['dontechi', 'betatech'], ['Globex Corporation']);
  await star(people.tom, ['rantouch', 'greenplus', 'konex'], ['Hatfan']);
  await star(people.sofia, ['ganjaflex'], ['Doncon']);
  await star(cast.vendorRep, ['gekko', 'dontechi'], ['Acme Corporation']);
  await star(cast.reviewer, ['konex', 'dontechi'], ['Initech']);
  await star(cast.admin, [], ['Acme Corporation', 'Globex Corporation']);

  const view = async (principal: Principal, keys: string[], clients: string[]) => {
    for (const name of clients) {
      const clientId = await clientIdOf(db, name);
      await recordRecentView(db, principal, { type: 'client', id: clientId });
      const [contactId] = await contactIdsOf(db, principal, clientId);
      if (contactId !== undefined) await recordRecentView(db, principal, { type: 'contact', id: contactId });
    }
    for (const key of keys) {
      const id = ids.get(key);
      if (id !== undefined) await recordRecentView(db, principal, { type: 'opportunity', id });
    }
  };
  await view(people.marco, ['sonron', 'konex', 'inquirer', 'gekko'], ['Gekko & Co']);
  await view(people.dana, ['betatech', 'dontechi'], ['Xx-holding']);
  await view(people.tom, ['jtexon', 'konex', 'rantouch'], ['Rantouch']);
  await view(people.sofia, ['doncon', 'ganjaflex'], ['Ganjaflex']);
  await view(cast.vendorRep, ['dontechi', 'gekko'], ['Kan-code']);
  await view(cast.reviewer, ['konex', 'gekko'], ['Initech']);
  await view(cast.admin, ['dontechi'], ['Acme Corporation']);
}

/** How many opportunities the demo people's own work adds to the data set's. */
export const demoWorkDealCount = deals.length + leads.length;

/** How many vendor leads wait in a partner's passed inbox. */
export const demoPendingLeadCount = leads.filter((lead) => lead.outcome === 'pending').length;
