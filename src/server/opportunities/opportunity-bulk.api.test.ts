import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvOf, importCsv } from '../../../test/support/import-helpers.ts';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';

/**
 * The batched import path must leave exactly the rows that the API's one-by-one use cases leave:
 * create (and, for a closed deal, the stage move that closes it).
 */
describe.each(engines)('bulk-created opportunities on %s', (engine) => {
  let t: TestContext;
  let world: OpportunityWorld;
  let partNumber: string;

  beforeAll(async () => {
    t = await createTestContext(engine);
    world = await createOpportunityWorld(t);
    partNumber = (await world.seller.get('/api/v1/products')).data.items[0].partNumber;
  });
  afterAll(() => t.close());

  async function rowsOf(opportunityId: number) {
    const db = t.database.db;
    // PostgreSQL's search column follows the name and number, which differ by design.
    const { id, number, created_at, updated_at, stage_entered_at, closed_at, search_vector, ...opportunity } =
      (await db
        .selectFrom('opportunities')
        .selectAll()
        .where('id', '=', opportunityId)
        .executeTakeFirstOrThrow()) as Record<string, unknown> & { number: string };
    const lines = (
      await db.selectFrom('line_items').selectAll().where('opportunity_id', '=', opportunityId).execute()
    ).map(({ id, opportunity_id, created_at, updated_at, ...line }) => line);
    const team = await db
      .selectFrom('sales_team_members')
      .select(['user_id', 'role', 'access'])
      .where('opportunity_id', '=', opportunityId)
      .orderBy('user_id')
      .execute();
    const contacts = await db
      .selectFrom('opportunity_contacts')
      .select(['contact_id', 'role', 'is_primary'])
      .where('opportunity_id', '=', opportunityId)
      .orderBy('contact_id')
      .execute();
    const history = await db
      .selectFrom('stage_changes')
      .select([
        'kind',
        'from_stage',
        'to_stage',
        'changed_by',
        'amount_minor',
        'currency',
        'decision_date',
        'probability',
        'note',
      ])
      .where('opportunity_id', '=', opportunityId)
      .orderBy('id')
      .execute();
    const audit = await db
      .selectFrom('audit_entries')
      .select(['action', 'field', 'old_value', 'new_value', 'changed_by', 'parent_id'])
      .where('entity_type', '=', 'opportunity')
      .where('entity_id', '=', opportunityId)
      .orderBy('id')
      .execute();
    return { number, opportunity, lines, team, contacts, history, audit };
  }

  async function idByName(name: string): Promise<number> {
    const row = await t.database.db
      .selectFrom('opportunities')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('writes the same rows as the API for open, won and lost deals, numbered in sequence', async () => {
    const { seller, colleague, clientId, contactId, productId } = world;
    const base = { clientId, primaryContactId: contactId, decisionDate: '2027-03-31' };
    const open = await seller.post('/api/v1/opportunities', {
      ...base,
      name: 'API open',
      stage: 'qualify',
      ownerId: colleague.id,
      lineItems: [{ productId, quantity: 2, unitPriceMinor: 100_000, discountPercent: 5 }],
    });
    expect(open.statusCode, open.body).toBe(201);
    const won = await seller.post('/api/v1/opportunities', {
      ...base,
      name: 'API won',
      stage: 'won',
      lineItems: [{ productId, unitPriceMinor: 250_000 }],
    });
    expect(won.statusCode, won.body).toBe(201);
    expect(
      (await seller.post(`/api/v1/opportunities/${won.data.id}/stage`, { stage: 'completed' })).statusCode,
    ).toBe(200);
    const lost = await seller.post('/api/v1/opportunities', {
      ...base,
      name: 'API lost',
      stage: 'validate',
      lineItems: [{ description: 'Consulting days', unitPriceMinor: 5_000, quantity: 3 }],
    });
    expect(lost.statusCode, lost.body).toBe(201);
    const closing = await seller.post(`/api/v1/opportunities/${lost.data.id}/stage`, {
      stage: 'lost',
      competitor: 'Rival Corp',
      note: 'Too pricey',
    });
    expect(closing.statusCode, closing.body).toBe(200);

    const csv = csvOf([
      [
        'name',
        'client',
        'contact',
        'owner',
        'stage',
        'stage before closing',
        'decision date',
        'product',
        'line description',
        'quantity',
        'unit price',
        'discount',
        'competitor',
        'close note',
      ],
      [
        'Import open',
        'Acme Manufacturing',
        'Dana Decider',
        colleague.email,
        'qualify',
        '',
        '2027-03-31',
        partNumber,
        '',
        2,
        '1000.00',
        5,
        '',
        '',
      ],
      [
        'Import won',
        'Acme Manufacturing',
        'Dana Decider',
        '',
        'completed',
        '',
        '2027-03-31',
        partNumber,
        '',
        '',
        '2500',
        '',
        '',
        '',
      ],
      [
        'Import lost',
        'Acme Manufacturing',
        'Dana Decider',
        '',
        'lost',
        'validate',
        '2027-03-31',
        '',
        'Consulting days',
        3,
        '50',
        '',
        'Rival Corp',
        'Too pricey',
      ],
    ]);
    const job = await importCsv(seller, 'opportunities', csv);
    expect(job.statusCode, job.body).toBe(201);
    expect(job.data).toMatchObject({ status: 'succeeded', createdCount: 3, errorCount: 0 });

    const pairs = [
      ['API open', 'Import open'],
      ['API won', 'Import won'],
      ['API lost', 'Import lost'],
    ] as const;
    const numbers: string[] = [];
    for (const [apiName, importName] of pairs) {
      const viaApi = await rowsOf(await idByName(apiName));
      const viaImport = await rowsOf(await idByName(importName));
      numbers.push(viaImport.number);
      expect({ ...viaImport.opportunity, name: apiName }, importName).toEqual(viaApi.opportunity);
      expect(viaImport.lines, importName).toEqual(viaApi.lines);
      expect(viaImport.team, importName).toEqual(viaApi.team);
      expect(viaImport.contacts, importName).toEqual(viaApi.contacts);
      expect(viaImport.history, importName).toEqual(viaApi.history);
      const named = (audit: typeof viaApi.audit, name: string) =>
        audit.map((entry) => ({ ...entry, new_value: entry.new_value?.replace(name, 'NAME') ?? null }));
      expect(named(viaImport.audit, importName), importName).toEqual(named(viaApi.audit, apiName));
    }
    const sequence = numbers.map((number) => Number(number.split('-')[2]));
    expect(sequence).toEqual([sequence[0], sequence[0]! + 1, sequence[0]! + 2]);
    const apiNumber = Number((await rowsOf(await idByName('API lost'))).number.split('-')[2]);
    expect(sequence[0]).toBe(apiNumber + 1);
  });
});
