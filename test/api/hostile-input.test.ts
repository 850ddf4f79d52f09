import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../support/opportunity-fixtures.ts';
import {
  type ApiResponse,
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../support/test-app.ts';
import { fastTier } from '../support/tiers.ts';

/**
 * Hostile input (issue: security and reliability): whatever a caller sends, the answer is a 2xx
 * that stored exactly what was sent, or a 4xx with an error code that wrote nothing — never a 5xx.
 */

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    "'; DROP TABLE clients; --",
    '" OR 1=1 --',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '\u202Egnp.exe',
    'a\u0000b',
    '\uFEFF',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🚀',
    'x'.repeat(5000),
    '   ',
    '',
    '%00',
    '../../etc/passwd',
    '{{7*7}}',
    '$' + '{7*7}',
    'NaN',
    '1e309',
  ),
);

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, 0, 1e20, -1e20, 2 ** 31, 1.5),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), nasty), { maxLength: 3 }),
  fc.dictionary(nasty, fc.oneof(fc.integer(), nasty), { maxKeys: 3 }),
  fc.constantFrom('2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31T25:00:00Z', 'ZZZ', 'usd', 'heaven'),
);

function hostileBody(fields: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.subarray([...fields]),
      fc.dictionary(
        fc.constantFrom(
          ...fields,
          'id',
          'version',
          'number',
          'ownerFirmId',
          '__proto__',
          'constructor',
          'extra',
        ),
        anyJson,
        {
          maxKeys: 6,
        },
      ),
    )
    .map(([, body]) => body);
}

async function countRows(
  t: TestContext,
  table: 'clients' | 'contacts' | 'opportunities' | 'line_items' | 'activities' | 'users' | 'firms',
) {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function expectCleanAnswer(response: ApiResponse, context: string) {
  expect(response.statusCode, `${context}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
  if (response.statusCode >= 400) {
    expect(response.data?.error?.code, `${context}: error body`).toEqual(expect.any(String));
    expect(response.body).not.toMatch(/at \S+\.ts:\d+|node_modules|SQLITE_|syntax error/i);
  }
}

describe.each(engines)('hostile input on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;
  let opportunityId: number;
  let lineItemId: number;
  const runs = engine === 'sqlite' ? 60 : 25;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
    const opportunity = await w.seller.post('/api/v1/opportunities', {
      name: 'Target',
      contactId: w.contactId,
      lineItems: [{ description: 'Line', unitPriceMinor: 100 }],
    });
    opportunityId = opportunity.data.id;
    lineItemId = (await w.seller.get(`/api/v1/opportunities/${opportunityId}/line-items`)).data.items[0].id;
  });
  afterAll(() => t.close());

  const targets: {
    name: string;
    table: Parameters<typeof countRows>[1];
    send: (user: TestUser, body: unknown) => Promise<ApiResponse>;
    fields: string[];
  }[] = [
    {
      name: 'POST /clients',
      table: 'clients',
      send: (user, body) => user.post('/api/v1/clients', body),
      fields: ['name', 'clientNumber', 'industry', 'country', 'website', 'employees', 'parentClientId'],
    },
    {
      name: 'POST /contacts',
      table: 'contacts',
      send: (user, body) => user.post('/api/v1/contacts', body),
      fields: ['clientId', 'firstName', 'lastName', 'email', 'phone', 'title'],
    },
    {
      name: 'POST /opportunities',
      table: 'opportunities',
      send: (user, body) => user.post('/api/v1/opportunities', body),
      fields: [
        'name',
        'clientId',
        'contactId',
        'stage',
        'decisionDate',
        'currency',
        'amountMinor',
        'probability',
        'lineItems',
        'team',
        'partnerPrivate',
      ],
    },
    {
      name: 'POST /line-items',
      table: 'line_items',
      send: (user, body) => user.post(`/api/v1/opportunities/${opportunityId}/line-items`, body),
      fields: [
        'productId',
        'description',
        'quantity',
        'unitPriceMinor',
        'discountPercent',
        'amountMinor',
        'decisionDate',
        'outcome',
      ],
    },
    {
      name: 'POST /activities',
      table: 'activities',
      send: (user, body) => user.post('/api/v1/activities', body),
      fields: ['entityType', 'entityId', 'kind', 'subject', 'body', 'dueDate', 'status'],
    },
  ];

  for (const target of targets) {
    it(`${target.name}: a 2xx that stored what was sent, or a 4xx that wrote nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileBody(target.fields), async (body) => {
          const before = await countRows(t, target.table);
          const response = await target.send(w.seller, body);
          expectCleanAnswer(response, `${target.name} ${JSON.stringify(body).slice(0, 200)}`);
          const after = await countRows(t, target.table);
          if (response.statusCode >= 400) expect(after, 'nothing written on refusal').toBe(before);
        }),
        { numRuns: runs },
      );
    });
  }

  it('PATCH with hostile bodies and If-Match values never half-writes an opportunity', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileBody([
          'name',
          'decisionDate',
          'currency',
          'amountMinor',
          'probability',
          'ownerId',
          'partnerPrivate',
          'clientId',
          'stage',
        ]),
        fc.oneof(fc.constant(undefined), fc.constantFrom('"1"', '*', 'W/"x"', 'garbage', '"999999999999"')),
        async (body, ifMatch) => {
          const before = (await w.seller.get(`/api/v1/opportunities/${opportunityId}`)).data;
          const response = await w.seller.patch(
            `/api/v1/opportunities/${opportunityId}`,
            body,
            ifMatch ? { 'if-match': ifMatch } : {},
          );
          expectCleanAnswer(response, `PATCH ${JSON.stringify(body).slice(0, 200)}`);
          const after = (await w.seller.get(`/api/v1/opportunities/${opportunityId}`)).data;
          if (response.statusCode >= 400) expect(after).toEqual(before);
        },
      ),
      { numRuns: runs },
    );
  });

  it('PATCH /line-items and stage moves with hostile bodies answer 4xx or succeed, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileBody([
          'quantity',
          'unitPriceMinor',
          'discountPercent',
          'outcome',
          'stage',
          'note',
          'competitor',
        ]),
        async (body) => {
          expectCleanAnswer(
            await w.seller.patch(`/api/v1/line-items/${lineItemId}`, body),
            'PATCH line item',
          );
          expectCleanAnswer(
            await w.seller.post(`/api/v1/opportunities/${opportunityId}/stage`, body),
            'stage move',
          );
          expectCleanAnswer(await w.seller.put(`/api/v1/opportunities/${opportunityId}/team`, body), 'team');
          expectCleanAnswer(
            await w.seller.request('PUT', '/api/v1/me/opportunity-defaults', body),
            'defaults',
          );
        },
      ),
      { numRuns: Math.ceil(runs / 2) },
    );
  });

  it('odd query strings on every list get 200 or 400, never 5xx', async () => {
    const lists = [
      '/api/v1/clients',
      '/api/v1/contacts',
      '/api/v1/opportunities',
      '/api/v1/activities',
      '/api/v1/search',
      '/api/v1/users',
    ];
    const parameter = fc.constantFrom(
      'q',
      'limit',
      'cursor',
      'sort',
      'stage',
      'decisionFrom',
      'amountMin',
      'ownerId',
      'favorites',
      'types',
      'status',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...lists),
        fc.array(fc.tuple(parameter, fc.oneof(nasty, fc.integer().map(String))), { maxLength: 4 }),
        async (list, parameters) => {
          const query = parameters.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
          const response = await w.seller.get(`${list}?${query}`);
          expectCleanAnswer(response, `${list}?${query}`);
          expect([200, 400]).toContain(response.statusCode);
        },
      ),
      { numRuns: runs },
    );
  });

  it('malformed JSON, wrong media types and oversized bodies are refused with 4xx', async () => {
    for (const payload of ['{', '{"name":', 'null', '[]', '"just a string"', '{"name": "x",}', '\u0000']) {
      const response = await w.seller.request('POST', '/api/v1/clients', payload, {
        'content-type': 'application/json',
      });
      expectCleanAnswer(response, `malformed ${payload}`);
      expect(response.statusCode).toBe(400);
    }
    const xml = await w.seller.request('POST', '/api/v1/clients', '<client/>', {
      'content-type': 'application/xml',
    });
    expect(xml.statusCode).toBe(415);
    const huge = await w.seller.request(
      'POST',
      '/api/v1/clients',
      JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
      {
        'content-type': 'application/json',
      },
    );
    expect(huge.statusCode).toBe(413);
    expect(huge.data.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('stores markup and Unicode verbatim, to be shown escaped', async () => {
    const name = '<script>alert("x")</script> Ünïcødé 🚀 \u202E';
    const created = await w.seller.post('/api/v1/clients', { name });
    expect(created.statusCode).toBe(201);
    expect((await w.seller.get(`/api/v1/clients/${created.data.id}`)).data.name).toBe(name.trim());
  });
});

describe.each(engines)('NUL characters on %s', (engine) => {
  let t: TestContext;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestContext(engine);
    user = await t.user({ firm: await t.firm(), role: 'seller' });
  });
  afterAll(() => t.close());

  it('refuses a NUL character anywhere in a body or an address with 400, on every engine', async () => {
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a\u0000b@x.test', password: 'p' },
    });
    expectCleanAnswer(login, 'login');
    expect(login.statusCode).toBe(400);
    const people = await user.get('/api/v1/users?q=%00');
    expect(people.statusCode).toBe(400);
    const nested = await user.post('/api/v1/clients', { name: 'ok', description: 'has \u0000 inside' });
    expect(nested.statusCode).toBe(400);
    expect(nested.data.error.details.fields[0].field).toBe('description');
  });
});

describe.each(engines)('deeply nested bodies on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;
  let opportunityId: number;
  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
    opportunityId = (await w.seller.post('/api/v1/opportunities', { name: 'Deep', contactId: w.contactId }))
      .data.id;
  });
  afterAll(() => t.close());

  // `deepest`: about as deep as such a body under the 1 MiB limit can go.
  const nestings = [
    {
      name: 'arrays',
      deepest: 520_000,
      wrap: (depth: number, inner: string) => '['.repeat(depth) + inner + ']'.repeat(depth),
    },
    {
      name: 'objects',
      deepest: 170_000,
      wrap: (depth: number, inner: string) => '{"a":'.repeat(depth) + inner + '}'.repeat(depth),
    },
  ];

  for (const nesting of nestings) {
    // The deepest bodies take seconds each: `npm run test:fast` leaves them to `npm test`.
    for (const depth of [7_000, 100_000, ...(fastTier ? [] : [nesting.deepest])]) {
      it(`refuses ${nesting.name} nested ${depth} levels deep with 400 naming the path, signed in or not`, async () => {
        const json = (field: string) => `{"${field}":${nesting.wrap(depth, '"x"')},"password":"p"}`;
        const anonymous = [
          await t.request({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: json('email'),
            headers: { 'content-type': 'application/json' },
          }),
          await t.request({
            method: 'POST',
            url: '/api/v1/auth/logout',
            payload: json('email'),
            headers: { 'content-type': 'application/json' },
          }),
        ];
        const signedIn = [
          await w.seller.request('POST', '/api/v1/clients', json('name'), {
            'content-type': 'application/json',
          }),
          await w.seller.request('PATCH', `/api/v1/opportunities/${opportunityId}`, json('name'), {
            'content-type': 'application/json',
          }),
        ];
        for (const response of [...anonymous, ...signedIn]) {
          expectCleanAnswer(response, `${nesting.name} ${depth}`);
          expect(response.statusCode).toBe(400);
          expect(response.data.error.code).toBe('VALIDATION_FAILED');
          const field: string = response.data.error.details.fields[0].field;
          expect(field).toMatch(/^(email|name)\./);
          expect(response.data.error.details.fields[0].message).toMatch(/nested/);
        }
        // Anonymous callers of a route that needs a session are turned away before the body is read.
        const unsigned = await t.request({
          method: 'POST',
          url: '/api/v1/clients',
          payload: json('name'),
          headers: { 'content-type': 'application/json' },
        });
        expect(unsigned.statusCode).toBe(401);
      });
    }
  }

  it('accepts a body nested as deep as the limit, and refuses one level more', async () => {
    // The body object is level 1: 32 levels is the body plus 31 containers inside it.
    const atLimit = `{"name":"Deep ok","customFields":${'['.repeat(31)}${']'.repeat(31)}}`;
    const response = await w.seller.request('POST', '/api/v1/clients', atLimit, {
      'content-type': 'application/json',
    });
    expect(response.statusCode).toBe(400);
    // The schema refuses the unknown field, not the depth guard.
    expect(response.data.error.details.fields[0].message).not.toMatch(/nested/);
    const beyond = `{"name":"Deep","customFields":${'['.repeat(32)}${']'.repeat(32)}}`;
    const refused = await w.seller.request('POST', '/api/v1/clients', beyond, {
      'content-type': 'application/json',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.data.error.details.fields[0]).toEqual({
      field: `customFields${'.0'.repeat(31)}`,
      message: 'is nested more than 32 levels deep',
    });
  });

  it('refuses a body over 1 MiB with 413, even a 10 MB one', async () => {
    const tenMegabytes = JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) });
    for (const url of ['/api/v1/auth/login', '/api/v1/clients']) {
      const response = await w.seller.request('POST', url, tenMegabytes, {
        'content-type': 'application/json',
      });
      expect(response.statusCode).toBe(413);
      expect(response.data.error.code).toBe('PAYLOAD_TOO_LARGE');
    }
    const deepAndLarge = `{"name":${'['.repeat(600_000)}${']'.repeat(600_000)}}`;
    const response = await w.seller.request('POST', '/api/v1/clients', deepAndLarge, {
      'content-type': 'application/json',
    });
    expect(response.statusCode).toBe(413);
  });
});

describe.each(engines)('unpaired surrogates on %s', (engine) => {
  let t: TestContext;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestContext(engine);
    user = await t.user({ firm: await t.firm(), role: 'seller' });
  });
  afterAll(() => t.close());

  const json = { 'content-type': 'application/json' };

  it('refuses an unpaired surrogate in a body value or key with 400 naming the field, writing nothing', async () => {
    const before = await countRows(t, 'clients');
    for (const escaped of ['\\ud800', '\\udfff', 'a\\ud83d', '\\ude80b']) {
      const response = await user.request('POST', '/api/v1/clients', `{"name":"Acme ${escaped}"}`, json);
      expectCleanAnswer(response, escaped);
      expect(response.statusCode).toBe(400);
      expect(response.data.error.details.fields[0]).toEqual({
        field: 'name',
        message: 'contains an unpaired surrogate (not valid Unicode text)',
      });
    }
    const inKey = await user.request('POST', '/api/v1/clients', '{"name":"ok","x\\ud800":1}', json);
    expect(inKey.statusCode).toBe(400);
    expect(inKey.data.error.details.fields[0].field).toBe('x\\ud800');
    const nested = await user.request(
      'POST',
      '/api/v1/opportunities',
      '{"name":"ok","lineItems":[{"description":"\\udc00"}]}',
      json,
    );
    expect(nested.statusCode).toBe(400);
    expect(nested.data.error.details.fields[0].field).toBe('lineItems.0.description');
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: '{"email":"a@b.test","password":"\\ud800"}',
      headers: json,
    });
    expect(login.statusCode).toBe(400);
    expect(login.data.error.details.fields[0].field).toBe('password');
    expect(await countRows(t, 'clients')).toBe(before);
  });

  it('refuses a body that is not valid UTF-8 rather than storing replacement characters', async () => {
    const before = await countRows(t, 'clients');
    const bytes = Buffer.concat([
      Buffer.from('{"name":"Acme '),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ]);
    const response = await user.request('POST', '/api/v1/clients', bytes, json);
    expectCleanAnswer(response, 'invalid UTF-8');
    expect(response.statusCode).toBe(400);
    expect(response.data.error.details.fields[0].field).toBe('(body)');
    expect(await countRows(t, 'clients')).toBe(before);
  });

  it('stores a surrogate pair exactly as sent', async () => {
    const created = await user.request(
      'POST',
      '/api/v1/clients',
      '{"name":"Rocket \\ud83d\\ude80 GmbH"}',
      json,
    );
    expect(created.statusCode).toBe(201);
    expect((await user.get(`/api/v1/clients/${created.data.id}`)).data.name).toBe('Rocket 🚀 GmbH');
  });

  it('refuses a query parameter whose escapes are not valid UTF-8 (an encoded surrogate) with 400 naming it', async () => {
    for (const url of [
      '/api/v1/clients?q=%ED%A0%80',
      '/api/v1/search?q=ab%ED%B0%80',
      '/api/v1/users?q=%FF',
      '/api/v1/contacts?limit=10&q=%E2%82',
    ]) {
      const response = await user.get(url);
      expectCleanAnswer(response, url);
      expect(response.statusCode, url).toBe(400);
      expect(response.data.error.details.fields[0].field, url).toBe('q');
    }
    const fine = await user.get(`/api/v1/clients?q=${encodeURIComponent('Zürich 🚀')}`);
    expect(fine.statusCode).toBe(200);
  });
});
