import { sql } from 'kysely';
import { createApiToken } from '../../src/server/auth/auth.service.ts';
import type { ApiResponse, TestContext, TestFirm, TestUser } from './test-app.ts';

/**
 * The world the API fuzzer (test/api/fuzz.test.ts) works in: the vendor, two partner firms (A works
 * with distributor D), the distributor, one person per role of SPEC §1 plus a spare person per firm,
 * and records of every kind owned by each firm: clients, BPContacts, opportunities with line items,
 * teams and contacts (open, partner-private, closed, passed and pending), activities, saved
 * searches, favorites, spare API tokens. Everything is built through the public API, as users would.
 */

export const roleNames = [
  'partner seller',
  'partner manager',
  'distributor',
  'vendor rep',
  'vendor reviewer',
  'admin',
] as const;
export type RoleName = (typeof roleNames)[number];

/** The firms, by key: A and B are partners, D the distributor A works with, V the vendor. */
export type FirmKey = 'A' | 'B' | 'D' | 'V';
export const firmKeys: readonly FirmKey[] = ['A', 'B', 'D', 'V'];

/** Record kinds a path or body can name by id. */
export type Entity =
  | 'firm'
  | 'user'
  | 'client'
  | 'contact'
  | 'opportunity'
  | 'lineItem'
  | 'activity'
  | 'savedSearch'
  | 'product'
  | 'token'
  | 'notification'
  | 'importJob';

export type FuzzWorld = {
  firms: Record<FirmKey, TestFirm>;
  /** The people the fuzzer acts as, one per role. */
  actors: Record<RoleName, TestUser>;
  firmOfRole: Record<RoleName, FirmKey>;
  /** Everyone else, who owns records or gets edited: B's seller and manager, the spare people. */
  others: TestUser[];
  /**
   * An administrator the fuzzer never acts as nor names (left out of the pools), who reads writes
   * back: the acting admin may have just deactivated themselves.
   */
  reader: TestUser;
  stageCodes: string[];
  /** Live ids of each kind of record, per owning firm, as they stand in the database now. */
  pools(): Promise<Record<Entity, Record<FirmKey, number[]>>>;
  /** A cheap summary of everything a request could write (see `fingerprintQuery`). */
  fingerprint(): Promise<string>;
  /**
   * Puts the actors back as they were (role, active, firm, a working token) and the partner firms'
   * eligibility, after a fuzzed request legitimately changed them (an admin deactivating someone).
   * Answers what it had to repair.
   */
  heal(): Promise<string[]>;
};

function expectStatus(response: ApiResponse, status: number, what: string): ApiResponse {
  if (response.statusCode !== status) {
    throw new Error(`fuzz world: ${what} answered ${response.statusCode}: ${response.body.slice(0, 500)}`);
  }
  return response;
}

export async function createFuzzWorld(t: TestContext): Promise<FuzzWorld> {
  const db = t.database.db;
  const firms: Record<FirmKey, TestFirm> = {
    V: await t.firm({ kind: 'vendor', name: 'Helio Vendor' }),
    A: await t.firm({ name: 'Brightpath Partners' }),
    B: await t.firm({ name: 'Southern Systems' }),
    D: await t.firm({ name: 'Omni Distribution', isDistributor: true }),
  };
  const actors: Record<RoleName, TestUser> = {
    'partner seller': await t.user({ firm: firms.A, role: 'seller', name: 'Sam Seller' }),
    'partner manager': await t.user({ firm: firms.A, role: 'manager', name: 'Mia Manager' }),
    distributor: await t.user({ firm: firms.D, role: 'seller', name: 'Dan Distributor' }),
    'vendor rep': await t.user({ firm: firms.V, role: 'vendor-rep', name: 'Vera Rep' }),
    'vendor reviewer': await t.user({ firm: firms.V, role: 'vendor-reviewer', name: 'Rita Reviewer' }),
    admin: await t.user({ firm: firms.V, role: 'admin', name: 'Ada Admin' }),
  };
  const firmOfRole: Record<RoleName, FirmKey> = {
    'partner seller': 'A',
    'partner manager': 'A',
    distributor: 'D',
    'vendor rep': 'V',
    'vendor reviewer': 'V',
    admin: 'V',
  };
  const sellerB = await t.user({ firm: firms.B, role: 'seller', name: 'Sid Southern' });
  const managerB = await t.user({ firm: firms.B, role: 'manager', name: 'Meg Southern' });
  const others = [
    sellerB,
    managerB,
    await t.user({ firm: firms.A, role: 'seller', name: 'Spare Brightpath' }),
    await t.user({ firm: firms.D, role: 'manager', name: 'Spare Omni' }),
    await t.user({ firm: firms.V, role: 'vendor-rep', name: 'Spare Vendor' }),
  ];
  const reader = await t.user({ firm: firms.V, role: 'admin', name: 'Reed Reader' });
  const { admin } = actors;
  const seller = actors['partner seller'];
  const manager = actors['partner manager'];
  const distributor = actors.distributor;
  const rep = actors['vendor rep'];

  expectStatus(
    await admin.patch(`/api/v1/firms/${firms.A.id}`, { distributorFirmId: firms.D.id }),
    200,
    'A works with D',
  );
  const products: number[] = [];
  for (const [brand, family, offering, price] of [
    ['Helio Compute', 'GTX servers', 'GTX Pro', 482_100],
    ['Helio Cloud', 'Storage', 'Object store', 12_000],
  ] as const) {
    const product = await admin.post('/api/v1/products', {
      type: 'hardware',
      brand,
      family,
      offering,
      partNumber: `${family.slice(0, 3).toUpperCase()}-${price}`,
      listPriceMinor: price,
      currency: 'USD',
    });
    products.push(expectStatus(product, 201, 'product').data.id);
  }

  const clientOf = async (user: TestUser, name: string, extra: Record<string, unknown> = {}) =>
    expectStatus(
      await user.post('/api/v1/clients', { name, country: 'DE', industry: 'Manufacturing', ...extra }),
      201,
      `client ${name}`,
    ).data.id as number;
  const contactOf = async (user: TestUser, clientId: number, lastName: string) =>
    expectStatus(
      await user.post('/api/v1/contacts', {
        clientId,
        firstName: 'Dana',
        lastName,
        email: `${lastName.toLowerCase()}@example.test`,
      }),
      201,
      `contact ${lastName}`,
    ).data.id as number;

  const shared = await clientOf(rep, 'Acme Manufacturing', { website: 'acme.example' });
  await clientOf(rep, 'Acme Manufacturing Leipzig', { parentClientId: shared });
  const clientA = await clientOf(seller, 'Brightpath Own Client');
  const clientB = await clientOf(sellerB, 'Southern Own Client');
  const clientD = await clientOf(distributor, 'Omni Own Client');
  const sharedContact = await contactOf(rep, shared, 'Decider');
  const contactA = await contactOf(seller, shared, 'Influencer');
  const contactAOwn = await contactOf(seller, clientA, 'Buyer');
  const contactB = await contactOf(sellerB, clientB, 'Southerner');
  const contactD = await contactOf(distributor, clientD, 'Omnibuyer');

  const line = (description: string, unitPriceMinor: number, extra: Record<string, unknown> = {}) => ({
    description,
    quantity: 2,
    unitPriceMinor,
    decisionDate: '2027-03-15',
    ...extra,
  });
  const deal = async (user: TestUser, body: Record<string, unknown>) =>
    expectStatus(
      await user.post('/api/v1/opportunities', {
        currency: 'USD',
        decisionDate: '2027-03-15',
        ...body,
      }),
      201,
      `opportunity ${String(body.name)}`,
    ).data.id as number;

  const dealA = await deal(seller, {
    name: 'Brightpath server refresh',
    clientId: shared,
    primaryContactId: sharedContact,
    stage: 'validate',
    distributorFirmId: firms.D.id,
    lineItems: [line('Servers', 250_000, { productId: products[0] }), line('Install', 40_000)],
    team: [
      { userId: distributor.id, access: 'edit', role: 'Distributor rep' },
      { userId: rep.id, access: 'read', role: 'Vendor rep' },
    ],
    contacts: [{ contactId: contactA, role: 'Influencer' }],
  });
  await deal(seller, {
    name: 'Brightpath private storage',
    clientId: clientA,
    primaryContactId: contactAOwn,
    partnerPrivate: true,
    lineItems: [line('Storage', 99_000)],
  });
  const closedA = await deal(manager, {
    name: 'Brightpath lost deal',
    clientId: shared,
    primaryContactId: sharedContact,
    stage: 'validate',
    lineItems: [line('Switches', 10_000)],
  });
  expectStatus(
    await manager.post(`/api/v1/opportunities/${closedA}/stage`, {
      stage: 'lost',
      competitor: 'Globex',
      note: 'Lost on price',
    }),
    200,
    'close A',
  );
  await deal(seller, { name: 'Brightpath estimate only', clientId: shared, amountMinor: 1_500_000 });
  // Amounts at or near the bound (10^15 minor units, for a deal's value in the reporting currency too,
  // so a currency worth more than a dollar holds a little less), in several currencies: totals across
  // deals and conversions go beyond it, as they may.
  for (const currency of ['EUR', 'USD', 'GBP', 'CHF', 'EUR', 'USD', 'GBP', 'CHF', 'JPY']) {
    await deal(seller, {
      name: `Brightpath bound ${currency}`,
      clientId: shared,
      amountMinor: currency === 'USD' || currency === 'JPY' ? 10 ** 15 : 7 * 10 ** 14,
      currency,
    });
  }
  await deal(manager, {
    name: 'Brightpath bound lines',
    clientId: clientA,
    lineItems: [
      line('Mainframe', 5 * 10 ** 14, { quantity: 1 }),
      line('Support', 499_999_999_999, { quantity: 1000 }),
    ],
  });
  await deal(sellerB, { name: 'Southern bound', clientId: clientB, amountMinor: 10 ** 15, currency: 'JPY' });
  const dealB = await deal(sellerB, {
    name: 'Southern cloud migration',
    clientId: clientB,
    primaryContactId: contactB,
    stage: 'validate',
    lineItems: [line('Migration', 500_000), line('Licences', 120_000, { productId: products[1] })],
    distributorFirmId: firms.D.id,
    team: [{ userId: distributor.id, access: 'read', role: 'Distributor rep' }],
  });
  await deal(sellerB, {
    name: 'Southern private',
    clientId: clientB,
    partnerPrivate: true,
    currency: 'EUR',
    lineItems: [line('Support', 70_000)],
  });
  await deal(distributor, {
    name: 'Omni direct deal',
    clientId: clientD,
    primaryContactId: contactD,
    lineItems: [line('Racks', 30_000)],
  });
  const lead = await deal(rep, { name: 'Vendor lead to pass', clientId: shared, currency: 'JPY' });
  const passed = await deal(rep, {
    name: 'Vendor lead passed to Brightpath',
    clientId: shared,
    primaryContactId: sharedContact,
    lineItems: [line('Pilot', 5_000)],
  });
  expectStatus(
    await rep.post(`/api/v1/opportunities/${passed}/pass`, { firmId: firms.A.id, note: 'Your territory' }),
    200,
    'pass',
  );
  const declined = await deal(rep, { name: 'Vendor lead declined', clientId: shared });
  expectStatus(await rep.post(`/api/v1/opportunities/${declined}/pass`, { firmId: firms.B.id }), 200, 'pass');
  expectStatus(
    await managerB.post(`/api/v1/opportunities/${declined}/decline`, { reason: 'No capacity' }),
    200,
    'decline',
  );

  for (const [user, entityType, entityId, kind] of [
    [seller, 'opportunity', dealA, 'task'],
    [seller, 'client', shared, 'note'],
    [sellerB, 'opportunity', dealB, 'call'],
    [distributor, 'opportunity', dealA, 'meeting'],
    [rep, 'opportunity', lead, 'task'],
    [rep, 'contact', sharedContact, 'call'],
  ] as const) {
    expectStatus(
      await user.post('/api/v1/activities', {
        entityType,
        entityId,
        kind,
        subject: `Follow up on ${entityType} ${entityId}`,
        dueDate: '2027-01-10',
      }),
      201,
      'activity',
    );
  }
  for (const user of [...Object.values(actors), sellerB]) {
    expectStatus(
      await user.post('/api/v1/saved-searches', {
        entityType: 'opportunity',
        name: `Big deals of ${user.name}`,
        query: 'status=open&sort=-amount',
      }),
      201,
      'saved search',
    );
    // A spare token each, for the token routes to revoke without locking the fuzzer out.
    expectStatus(await user.post('/api/v1/me/tokens', { name: 'spare' }), 201, 'spare token');
  }
  for (const [user, type, id] of [
    [seller, 'opportunity', dealA],
    [seller, 'client', shared],
    [sellerB, 'contact', contactB],
    [distributor, 'opportunity', dealB],
  ] as const) {
    expectStatus(await user.put(`/api/v1/favorites/${type}/${id}`), 204, 'favorite');
  }
  expectStatus(
    await seller.request('PUT', '/api/v1/me/opportunity-defaults', {
      currency: 'EUR',
      stage: 'identify',
      decisionDateDays: 90,
      distributorFirmId: firms.D.id,
      team: [{ userId: manager.id, access: 'edit' }],
    }),
    200,
    'defaults',
  );

  const stageCodes = (await admin.get('/api/v1/stages')).data.items.map(
    (stage: { code: string }) => stage.code,
  );

  const actorList = Object.values(actors);
  const actorState = new Map(
    (
      await db
        .selectFrom('users')
        .select(['id', 'role', 'is_active', 'firm_id', 'name'])
        .where(
          'id',
          'in',
          actorList.map((actor) => actor.id),
        )
        .execute()
    ).map((row) => [row.id, row]),
  );
  const firmState = await db
    .selectFrom('firms')
    .select(['id', 'is_in_good_standing', 'is_authorized', 'is_distributor', 'kind'])
    .execute();
  const tokenIdOf = new Map<number, number>();
  for (const actor of actorList) {
    const token = await db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', actor.id)
      .where('name', '=', 'test')
      .executeTakeFirstOrThrow();
    tokenIdOf.set(actor.id, token.id);
  }

  const firmIdToKey = new Map(firmKeys.map((key) => [firms[key].id, key] as const));
  const byFirm = (rows: { id: number; firm_id: number | null }[]) => {
    const pools: Record<FirmKey, number[]> = { A: [], B: [], D: [], V: [] };
    for (const row of rows) {
      const key = row.firm_id === null ? undefined : firmIdToKey.get(Number(row.firm_id));
      if (key) pools[key].push(Number(row.id));
    }
    return pools;
  };
  const userFirm = (column: string) =>
    sql<number>`(select firm_id from users where users.id = ${sql.ref(column)})`.as('firm_id');

  return {
    firms,
    actors,
    firmOfRole,
    others,
    reader,
    stageCodes,
    async pools() {
      const [users, clients, contacts, opportunities, lines, activities, searches, tokens, notes, jobs] =
        await Promise.all([
          db
            .selectFrom('users')
            .select(['id', 'firm_id'])
            .where('id', '!=', reader.id)
            .orderBy('id')
            .execute(),
          db
            .selectFrom('clients')
            .select(['id', 'owner_firm_id as firm_id'])
            .where('deleted_at', 'is', null)
            .orderBy('id')
            .execute(),
          db
            .selectFrom('contacts')
            .select(['id', 'owner_firm_id as firm_id'])
            .where('deleted_at', 'is', null)
            .orderBy('id')
            .execute(),
          db
            .selectFrom('opportunities')
            .select(['id', 'owner_firm_id as firm_id'])
            .where('deleted_at', 'is', null)
            .orderBy('id')
            .execute(),
          db
            .selectFrom('line_items')
            .innerJoin('opportunities', 'opportunities.id', 'line_items.opportunity_id')
            .select(['line_items.id', 'opportunities.owner_firm_id as firm_id'])
            .where('opportunities.deleted_at', 'is', null)
            .orderBy('line_items.id')
            .execute(),
          db
            .selectFrom('activities')
            .select(['id', 'firm_id'])
            .where('deleted_at', 'is', null)
            .orderBy('id')
            .execute(),
          db
            .selectFrom('saved_searches')
            .select(['id', userFirm('saved_searches.user_id')])
            .orderBy('id')
            .execute(),
          db
            .selectFrom('api_tokens')
            .select(['id', userFirm('api_tokens.user_id')])
            .where('revoked_at', 'is', null)
            .where('name', '!=', 'test')
            .orderBy('id')
            .execute(),
          db
            .selectFrom('notifications')
            .select(['id', userFirm('notifications.user_id')])
            .orderBy('id')
            .execute(),
          db
            .selectFrom('import_jobs')
            .select(['id', userFirm('import_jobs.user_id')])
            .orderBy('id')
            .execute(),
        ]);
      const vendorProducts = await db.selectFrom('products').select('id').orderBy('id').execute();
      return {
        firm: { A: [firms.A.id], B: [firms.B.id], D: [firms.D.id], V: [firms.V.id] },
        user: byFirm(users),
        client: byFirm(clients),
        contact: byFirm(contacts),
        opportunity: byFirm(opportunities),
        lineItem: byFirm(lines),
        activity: byFirm(activities),
        savedSearch: byFirm(searches),
        product: { A: [], B: [], D: [], V: vendorProducts.map((row) => Number(row.id)) },
        token: byFirm(tokens),
        notification: byFirm(notes),
        importJob: byFirm(jobs),
      };
    },
    async fingerprint() {
      const result = await fingerprintQuery.execute(db);
      return JSON.stringify(result.rows[0], (_, value) =>
        typeof value === 'bigint' ? String(value) : value,
      );
    },
    async heal() {
      const repairs: string[] = [];
      const rows = await db
        .selectFrom('users')
        .select(['id', 'role', 'is_active', 'firm_id', 'name'])
        .where(
          'id',
          'in',
          actorList.map((actor) => actor.id),
        )
        .execute();
      for (const row of rows) {
        const want = actorState.get(row.id)!;
        if (
          row.role !== want.role ||
          Number(row.is_active) !== Number(want.is_active) ||
          row.firm_id !== want.firm_id
        ) {
          repairs.push(`user ${row.id} (${row.role}, active ${row.is_active})`);
          await db
            .updateTable('users')
            .set({ role: want.role, is_active: want.is_active, firm_id: want.firm_id })
            .where('id', '=', row.id)
            .execute();
        }
      }
      const liveTokens = new Set(
        (
          await db
            .selectFrom('api_tokens')
            .select('id')
            .where('id', 'in', [...tokenIdOf.values()])
            .where('revoked_at', 'is', null)
            .execute()
        ).map((row) => row.id),
      );
      for (const actor of actorList) {
        if (liveTokens.has(tokenIdOf.get(actor.id)!)) continue;
        repairs.push(`token of ${actor.name}`);
        const fresh = await createApiToken(db, actor.id, { name: 'test' });
        tokenIdOf.set(actor.id, fresh.id);
        replaceToken(actor, fresh.token, t);
      }
      const firmsNow = await db
        .selectFrom('firms')
        .select(['id', 'is_in_good_standing', 'is_authorized', 'is_distributor', 'kind'])
        .execute();
      for (const want of firmState) {
        const row = firmsNow.find((firm) => firm.id === want.id);
        if (
          row &&
          (Number(row.is_in_good_standing) !== Number(want.is_in_good_standing) ||
            Number(row.is_authorized) !== Number(want.is_authorized) ||
            Number(row.is_distributor) !== Number(want.is_distributor))
        ) {
          repairs.push(`firm ${row.id}`);
          await db
            .updateTable('firms')
            .set({
              is_in_good_standing: want.is_in_good_standing,
              is_authorized: want.is_authorized,
              is_distributor: want.is_distributor,
            })
            .where('id', '=', want.id)
            .execute();
        }
      }
      return repairs;
    },
  };
}

/**
 * Row counts, version sums, latest change times and content sums of every table a request may write,
 * in one round trip. Left out: sessions, sign-in events and token use times, which reading and
 * failed sign-ins legitimately touch.
 */
const fingerprintParts: Record<string, string[]> = {
  firms: [
    'count(*)',
    'sum(version)',
    'max(updated_at)',
    'sum(is_distributor + 2 * is_in_good_standing + 4 * is_authorized)',
  ],
  users: ['count(*)', 'sum(version)', 'max(updated_at)', 'sum(is_active)', 'sum(length(password_hash))'],
  clients: ['count(*)', 'sum(version)', 'max(updated_at)', 'count(deleted_at)'],
  contacts: ['count(*)', 'sum(version)', 'max(updated_at)', 'count(deleted_at)'],
  opportunities: ['count(*)', 'sum(version)', 'max(updated_at)', 'count(deleted_at)'],
  line_items: ['count(*)', 'sum(version)', 'max(updated_at)'],
  activities: ['count(*)', 'sum(version)', 'max(updated_at)', 'count(deleted_at)'],
  products: ['count(*)', 'sum(version)', 'max(updated_at)'],
  stages: ['count(*)', 'sum(version)', 'sum(probability)', 'sum(length(label))', 'sum(stale_after_days)'],
  opportunity_defaults: ['count(*)', 'sum(version)', 'max(updated_at)'],
  saved_searches: ['count(*)', 'max(updated_at)', 'sum(length(name) + length(query))'],
  currencies: ['count(*)', 'sum(is_active)'],
  exchange_rates: ['count(*)', 'max(id)'],
  favorites: ['count(*)', 'sum(entity_id)'],
  recent_views: ['count(*)', 'sum(entity_id)', 'max(viewed_at)'],
  opportunity_contacts: ['count(*)', 'sum(contact_id + is_primary)', "sum(length(coalesce(role, '')))"],
  sales_team_members: [
    'count(*)',
    'sum(user_id)',
    "sum(case when access = 'edit' then 1 else 0 end)",
    "sum(length(coalesce(role, '')))",
  ],
  stage_changes: ['count(*)'],
  audit_entries: ['count(*)'],
  notifications: ['count(*)', 'count(read_at)'],
  number_sequences: ['sum(next_value)'],
  app_settings: ['count(*)', 'sum(length(value))'],
  import_jobs: ['count(*)'],
  api_tokens: ['count(*)', 'count(revoked_at)'],
};
const fingerprintQuery = sql<Record<string, unknown>>`select ${sql.raw(
  Object.entries(fingerprintParts)
    .flatMap(([table, parts]) =>
      parts.map((part, index) => `(select ${part} from ${table}) as ${table}_${index}`),
    )
    .join(', '),
)}`;

/** Points a test user's request helpers at a new bearer token. */
function replaceToken(user: TestUser, token: string, t: TestContext): void {
  const call: TestUser['request'] = (method, url, body, headers = {}) =>
    t.request({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(body !== undefined && { payload: body as never }),
    });
  Object.assign(user, {
    token,
    request: call,
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown) => call('POST', url, body ?? {}),
    patch: (url: string, body: unknown, headers?: Record<string, string>) =>
      call('PATCH', url, body, headers),
    put: (url: string, body?: unknown) => call('PUT', url, body),
    delete: (url: string, headers?: Record<string, string>) => call('DELETE', url, undefined, headers),
  });
}
