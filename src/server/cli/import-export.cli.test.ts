import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapturing as run } from '../../../test/support/cli-run.ts';
import { csvOf, readCsvRecords } from '../../../test/support/import-helpers.ts';
import { openDatabase } from '../db/database.ts';

const fixtures = fileURLToPath(new URL('../../../fixtures/crm-sales-opportunities/', import.meta.url));
const password = 'long enough pw';

describe('import and export on the command line', () => {
  let directory: string;
  let databaseFile: string;
  const previousUrl = process.env.DATABASE_URL;

  function file(name: string, content: string): string {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  }

  async function countRows(table: 'clients' | 'opportunities' | 'import_jobs'): Promise<number> {
    const database = openDatabase(databaseFile);
    try {
      const row = await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'partnerline-import-cli-'));
    databaseFile = join(directory, 'cli.sqlite');
    process.env.DATABASE_URL = databaseFile;
    for (const argv of [
      ['firm', 'add', '--name', 'Helio Systems', '--kind', 'vendor'],
      ['firm', 'add', '--name', 'Brightpath', '--kind', 'partner'],
      ['firm', 'add', '--name', 'Southbay', '--kind', 'partner'],
      [
        'user',
        'add',
        '--email',
        'admin@helio.test',
        '--password',
        password,
        '--name',
        'Ada Admin',
        '--firm',
        'Helio Systems',
        '--role',
        'admin',
      ],
      [
        'user',
        'add',
        '--email',
        'sam@brightpath.test',
        '--password',
        password,
        '--name',
        'Sam Seller',
        '--firm',
        'Brightpath',
        '--role',
        'seller',
      ],
      [
        'user',
        'add',
        '--email',
        'moses@brightpath.test',
        '--password',
        password,
        '--name',
        'Moses Frase',
        '--firm',
        'Brightpath',
        '--role',
        'seller',
      ],
      [
        'user',
        'add',
        '--email',
        'oscar@southbay.test',
        '--password',
        password,
        '--name',
        'Oscar Other',
        '--firm',
        'Southbay',
        '--role',
        'seller',
      ],
    ]) {
      const result = await run(...argv);
      expect(result.code, result.err).toBe(0);
    }
  });
  afterAll(() => {
    process.env.DATABASE_URL = previousUrl;
    rmSync(directory, { recursive: true, force: true });
  });

  it('imports the data set’s products and accounts as the user given by --email, and prints a summary', async () => {
    const products = await run(
      'import',
      'products',
      join(fixtures, 'products.csv'),
      '--email',
      'admin@helio.test',
    );
    expect(products.code, products.err).toBe(0);
    expect(products.out).toMatch(
      /Imported .*products\.csv: 7 rows in [\d.]+ s \(job \d+\)\. Created 7 products\./,
    );
    const dryRun = await run(
      'import',
      'clients',
      join(fixtures, 'accounts.csv'),
      '--email',
      'sam@brightpath.test',
      '--dry-run',
    );
    expect(dryRun.code, dryRun.err).toBe(0);
    expect(dryRun.out).toMatch(
      /Dry run of .*accounts\.csv: 85 rows checked .* nothing was written\. It would create 85 clients\./,
    );
    expect(await countRows('clients')).toBe(0);
    const clients = await run(
      'import',
      'clients',
      join(fixtures, 'accounts.csv'),
      '--email',
      'sam@brightpath.test',
    );
    expect(clients.code, clients.err).toBe(0);
    expect(clients.out).toMatch(/Created 85 clients\./);
    expect(await countRows('clients')).toBe(85);
  });

  it('exits with status 1 and prints every bad row when the file fails, writing nothing', async () => {
    const deals = file(
      'deals.csv',
      csvOf([
        [
          'opportunity_id',
          'sales_agent',
          'product',
          'account',
          'deal_stage',
          'engage_date',
          'close_date',
          'close_value',
        ],
        ['A1', 'Moses Frase', 'GTXPro', 'Cancity', 'Won', '2016-10-20', '2017-03-01', '4514'],
        ['A2', 'Nobody Here', 'GTX Basic', 'Cancity', 'Prospecting', '', '', ''],
        ['A3', 'Moses Frase', 'Hoverboard', 'Nowhere Inc', 'Engaging', '2016-13-40', '', ''],
      ]),
    );
    const before = await countRows('opportunities');
    const failed = await run('import', 'opportunities', deals, '--email', 'sam@brightpath.test');
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(
      /Import of .*deals\.csv failed: \d+ error\(s\) in 3 rows; nothing was written/,
    );
    for (const line of [
      /row 2, deal_stage \(stage\): 06 Won needs a primary BPContact/,
      /row 3, sales_agent \(owner\): no user of your firm has the email or name "Nobody Here"/,
      /row 4, account \(client\): no client you can see has the client number or name "Nowhere Inc"/,
      /row 4, product: no product in the catalog has the part number or name "Hoverboard"/,
      /row 4, engage_date \(createdDate\): "2016-13-40" is not a date/,
    ]) {
      expect(failed.err).toMatch(line);
    }
    expect(await countRows('opportunities')).toBe(before);

    const fixed = await run(
      'import',
      'opportunities',
      deals,
      '--email',
      'sam@brightpath.test',
      '--placeholders',
      '--unmatched-owners',
      'importer',
      '--mapping',
      '{"engage_date":null}',
      '--stage-map',
      '{"Engaging":"qualify"}',
    );
    expect(fixed.code).toBe(1);
    expect(fixed.err).not.toMatch(/Nobody Here|engage_date/);
    expect(fixed.err).toMatch(/row 4, account \(client\)/);

    const good = file('good.csv', readFileSync(deals, 'utf8').split('\n').slice(0, 3).join('\n'));
    const imported = await run(
      'import',
      'opportunities',
      good,
      '--email',
      'sam@brightpath.test',
      '--placeholders',
      '--unmatched-owners',
      'importer',
    );
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toMatch(/Created 1 BPContact, 2 opportunities, 2 line items\./);
    expect(imported.out).toMatch(
      /note: owner: "Nobody Here" is not a user of your firm; those deals are yours \(1 row\)/,
    );
    expect(await countRows('opportunities')).toBe(before + 2);
  });

  it('exports what the --email user can see, with the list’s filters, to a file or standard output', async () => {
    const target = join(directory, 'kenya.csv');
    const toFile = await run(
      'export',
      'clients',
      target,
      '--email',
      'sam@brightpath.test',
      '--query',
      'country=Kenya&sort=name',
      '--columns',
      'name,country,employees',
    );
    expect(toFile.code, toFile.err).toBe(0);
    expect(toFile.out).toBe(`Exported 1 client to ${target}.`);
    expect(readCsvRecords(readFileSync(target, 'utf8'))).toEqual([
      { name: 'Betatech', country: 'Kenya', employees: '1185' },
    ]);

    const toStdout = await run(
      'export',
      'opportunities',
      '--email',
      'moses@brightpath.test',
      '--line-items',
      '--columns',
      'name,stage,amount,offering,lineOutcome',
    );
    expect(toStdout.code, toStdout.err).toBe(0);
    expect(readCsvRecords(toStdout.stdout)).toEqual([
      {
        name: 'Cancity – GTX Pro (A1)',
        stage: 'completed',
        amount: '4514.00',
        offering: 'GTX Pro',
        lineOutcome: 'won',
      },
    ]);
    expect(toStdout.err).toBe('Exported 1 opportunity.');

    const other = await run('export', 'clients', '--email', 'oscar@southbay.test');
    expect(other.code).toBe(0);
    expect(readCsvRecords(other.stdout)).toEqual([]);
  });

  it('refuses a file that is not UTF-8, naming its row and column, and writes nothing', async () => {
    const path = join(directory, 'latin1.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('name\nM'), Buffer.from([0xfc]), Buffer.from('ller\n')]));
    const clientsBefore = await countRows('clients');
    const jobsBefore = await countRows('import_jobs');
    const result = await run('import', 'clients', path, '--email', 'sam@brightpath.test');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/not UTF-8 text: row 2, column "name"/);
    expect(await countRows('clients')).toBe(clientsBefore);
    expect(await countRows('import_jobs')).toBe(jobsBefore);
  });

  it('explains wrong arguments (status 2) and refused values (status 1)', async () => {
    expect((await run('import')).code).toBe(2);
    expect((await run('import', 'planets', 'x.csv', '--email', 'sam@brightpath.test')).err).toMatch(
      /Say what to import/,
    );
    expect((await run('import', 'clients', '--email', 'sam@brightpath.test')).code).toBe(2);
    expect((await run('import', 'clients', join(fixtures, 'accounts.csv'))).err).toMatch(
      /--email is required/,
    );
    const noFile = await run(
      'import',
      'clients',
      join(directory, 'missing.csv'),
      '--email',
      'sam@brightpath.test',
    );
    expect(noFile.code).toBe(1);
    expect(noFile.err).toMatch(/Cannot read/);
    const badMapping = await run(
      'import',
      'clients',
      join(fixtures, 'accounts.csv'),
      '--email',
      'sam@brightpath.test',
      '--mapping',
      '{"account":"colour"}',
    );
    expect(badMapping.code).toBe(1);
    expect(badMapping.err).toMatch(/colour/);
    const badQuery = await run('export', 'clients', '--email', 'sam@brightpath.test', '--query', 'bogus=1');
    expect(badQuery.code).toBe(1);
    expect(badQuery.err).toMatch(/--query bogus/);
    expect((await run('export', 'clients', '--email', 'ghost@nowhere.test')).code).toBe(1);
    expect((await run('export', 'clients', '--email', 'sam@brightpath.test', '--line-items')).code).toBe(2);
    const help = await run('import', '--help');
    expect(help.out).toMatch(/--unmatched-owners/);
  });
});
