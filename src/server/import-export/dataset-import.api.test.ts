import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv, readCsvRecords } from '../../../test/support/import-helpers.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestFirm,
  type TestUser,
} from '../../../test/support/test-app.ts';

/**
 * The public CRM data set (fixtures/crm-sales-opportunities) imported through the API, its totals
 * checked against figures computed here straight from the CSV files, not by the code under test.
 */
const directory = fileURLToPath(new URL('../../../fixtures/crm-sales-opportunities/', import.meta.url));

function readFixture(file: string): string {
  return readFileSync(`${directory}${file}`, 'utf8');
}

function records(file: string): Record<string, string>[] {
  return parse(readFixture(file), { columns: true, skip_empty_lines: true, trim: true });
}

const accounts = records('accounts.csv');
const pipeline = records('sales_pipeline.csv');
const salesTeams = records('sales_teams.csv');

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const expected = {
  clients: new Set(accounts.map((account) => account.account)).size,
  subsidiaries: accounts.filter((account) => account.subsidiary_of !== '').length,
  byStage: countBy(pipeline, (deal) => deal.deal_stage!),
  wonMinor: pipeline
    .filter((deal) => deal.deal_stage === 'Won')
    .reduce((sum, deal) => sum + Number(deal.close_value) * 100, 0),
  withoutAccount: pipeline.filter((deal) => deal.account === '').length,
  byProduct: countBy(pipeline, (deal) => deal.product!.replace(/\s+/g, '').toLowerCase()),
  byAgent: countBy(pipeline, (deal) => deal.sales_agent!),
};

/** Our mapping of the data set's stages (docs/import.md). */
const stageOf: Record<string, string> = {
  Prospecting: 'identify',
  Engaging: 'validate',
  Won: 'completed',
  Lost: 'lost',
};

const datasetOptions = 'placeholders=true&unmatchedOwners=importer';

describe.each(engines)('the public CRM data set imported on %s', (engine) => {
  let t: TestContext;
  let partner: TestFirm;
  let importer: TestUser;
  const agents = new Map<string, TestUser>();

  beforeAll(async () => {
    t = await createTestContext(engine);
    const vendor = await t.firm({ kind: 'vendor' });
    const admin = await t.user({ firm: vendor, role: 'admin' });
    partner = await t.firm({ name: 'Dataset Partners' });
    importer = await t.user({ firm: partner, role: 'manager', name: 'Ida Importer' });
    // One regional team's agents are users of the firm; the others' deals go to the importer.
    for (const member of salesTeams.filter((row) => row.manager === 'Dustin Brinkmann')) {
      agents.set(
        member.sales_agent!,
        await t.user({ firm: partner, role: 'seller', name: member.sales_agent }),
      );
    }
    const products = await importCsv(admin, 'products', readFixture('products.csv'));
    expect(products.data, products.body).toMatchObject({ status: 'succeeded', createdCount: 7 });
  });
  afterAll(() => t.close());

  async function count(query: string): Promise<number> {
    const result = await sql<{ count: number | string }>`${sql.raw(query)}`.execute(t.database.db);
    return Number(result.rows[0]?.count ?? 0);
  }

  it('imports the accounts as the firm’s clients, subsidiaries linked to their parents', async () => {
    const response = await importCsv(importer, 'clients', readFixture('accounts.csv'));
    expect(response.data, response.body).toMatchObject({
      status: 'succeeded',
      createdCount: expected.clients,
      report: { ignoredColumns: ['year_established', 'revenue'] },
    });
    expect(await count(`select count(*) as count from clients where owner_firm_id = ${partner.id}`)).toBe(
      expected.clients,
    );
    expect(await count('select count(*) as count from clients where parent_client_id is not null')).toBe(
      expected.subsidiaries,
    );
  });

  it('refuses the pipeline as it is, listing every row without an account, and writes nothing', async () => {
    const response = await importCsv(importer, 'opportunities', readFixture('sales_pipeline.csv'));
    expect(response.data.status).toBe('failed');
    const errors = response.data.report.errors as { row: number; field: string }[];
    const clientRows = errors.filter((error) => error.field === 'client').map((error) => error.row);
    const emptyAccountRows = pipeline.flatMap((deal, index) => (deal.account === '' ? [index + 2] : []));
    expect(clientRows).toEqual(emptyAccountRows);
    expect(clientRows).toHaveLength(expected.withoutAccount);
    expect(await count('select count(*) as count from opportunities')).toBe(0);
  });

  it('reports in a dry run what the data set would create, and writes nothing', async () => {
    const response = await importCsv(
      importer,
      'opportunities',
      readFixture('sales_pipeline.csv'),
      `dryRun=true&${datasetOptions}`,
    );
    expect(response.data, JSON.stringify(response.data?.report?.errors?.slice(0, 3))).toMatchObject({
      status: 'succeeded',
      dryRun: true,
      totalRows: pipeline.length,
      report: { created: { opportunities: pipeline.length, lineItems: pipeline.length } },
    });
    expect(await count('select count(*) as count from opportunities')).toBe(0);
    expect(await count('select count(*) as count from contacts')).toBe(0);
  });

  it('imports every deal with its line item, stage, owner and history, matching the CSV’s own totals', async () => {
    const response = await importCsv(
      importer,
      'opportunities',
      readFixture('sales_pipeline.csv'),
      datasetOptions,
    );
    expect(response.data, JSON.stringify(response.data?.report?.errors?.slice(0, 3))).toMatchObject({
      status: 'succeeded',
      createdCount: pipeline.length,
      errorCount: 0,
      report: { created: { lineItems: pipeline.length }, placeholdersCreated: { clients: 1 } },
    });
    expect(response.data.report.durationMs).toBeLessThan(60_000);

    for (const [dealStage, code] of Object.entries(stageOf)) {
      expect(
        await count(`select count(*) as count from opportunities where stage = '${code}'`),
        `${dealStage} → ${code}`,
      ).toBe(expected.byStage.get(dealStage));
    }
    expect(
      await count(`select sum(amount_minor) as count from opportunities where stage = 'completed'`),
    ).toBe(expected.wonMinor);
    expect(
      await count(`select count(*) as count from opportunities where stage = 'lost' and amount_minor <> 0`),
    ).toBe(0);
    expect(
      await count(
        `select count(*) as count from opportunities o join clients c on c.id = o.client_id where c.name = '(no account in source)'`,
      ),
    ).toBe(expected.withoutAccount);
    expect(await count(`select count(distinct number) as count from opportunities`)).toBe(pipeline.length);

    for (const [name, user] of agents) {
      expect(
        await count(`select count(*) as count from opportunities where owner_id = ${user.id}`),
        name,
      ).toBe(expected.byAgent.get(name));
    }
    const agentDeals = [...agents.keys()].reduce((sum, name) => sum + (expected.byAgent.get(name) ?? 0), 0);
    expect(await count(`select count(*) as count from opportunities where owner_id = ${importer.id}`)).toBe(
      pipeline.length - agentDeals,
    );

    const byProduct = await sql<{ offering: string; count: number | string }>`
      select p.offering, count(*) as count from line_items l join products p on p.id = l.product_id
      group by p.offering`.execute(t.database.db);
    for (const row of byProduct.rows) {
      expect(Number(row.count), row.offering).toBe(
        expected.byProduct.get(row.offering.replace(/\s+/g, '').toLowerCase()),
      );
    }
    expect(byProduct.rows.map((row) => row.offering)).toContain('GTX Pro');

    // Closed deals: a 'create' row and the closing row, a frozen rate, line items closed with them.
    expect(await count(`select count(*) as count from stage_changes where kind = 'create'`)).toBe(
      pipeline.length,
    );
    expect(
      await count(
        `select count(*) as count from stage_changes where kind = 'stage' and from_stage = 'won' and to_stage = 'completed'`,
      ),
    ).toBe(expected.byStage.get('Won'));
    expect(
      await count(
        `select count(*) as count from stage_changes where kind = 'stage' and from_stage = 'validate' and to_stage = 'lost'`,
      ),
    ).toBe(expected.byStage.get('Lost'));
    expect(await count(`select count(*) as count from stage_changes`)).toBe(
      pipeline.length + expected.byStage.get('Won')! + expected.byStage.get('Lost')!,
    );
    expect(
      await count(
        `select count(*) as count from opportunities where outcome <> 'open' and is_rate_frozen = 0`,
      ),
    ).toBe(0);
    expect(await count(`select count(*) as count from line_items where outcome = 'won'`)).toBe(
      expected.byStage.get('Won'),
    );
    expect(await count(`select count(*) as count from line_items where outcome = 'lost'`)).toBe(
      expected.byStage.get('Lost'),
    );

    // The source's dates: engaged → created, closed → closed and decided.
    const rows = await t.database.db
      .selectFrom('opportunities')
      .select(['name', 'created_at', 'closed_at', 'decision_date', 'stage'])
      .execute();
    const byId = new Map(pipeline.map((deal) => [deal.opportunity_id, deal]));
    let checked = 0;
    for (const row of rows) {
      const deal = byId.get(/\(([A-Z0-9]+)\)$/.exec(row.name)?.[1] ?? '');
      expect(deal, row.name).toBeDefined();
      if (!deal) continue;
      expect(row.stage).toBe(stageOf[deal.deal_stage!]);
      if (deal.engage_date) expect(row.created_at.slice(0, 10)).toBe(deal.engage_date);
      if (deal.close_date) {
        expect(row.closed_at?.slice(0, 10)).toBe(deal.close_date);
        expect(row.decision_date).toBe(deal.close_date);
      }
      checked += 1;
    }
    expect(checked).toBe(pipeline.length);
  }, 180_000);

  it('exports the won deals with the same count and total as the CSV', async () => {
    const response = await importer.get(
      '/api/v1/opportunities/export?status=won&columns=number,amountMinor,currency',
    );
    expect(response.statusCode).toBe(200);
    const won = readCsvRecords(response.body);
    expect(won).toHaveLength(expected.byStage.get('Won')!);
    expect(won.reduce((sum, record) => sum + Number(record.amountMinor), 0)).toBe(expected.wonMinor);
    expect(new Set(won.map((record) => record.currency))).toEqual(new Set(['USD']));
  }, 60_000);
});
