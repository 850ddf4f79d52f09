import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fastTier } from '../../../test/support/tiers.ts';
import { buildApp } from '../app.ts';
import { testConfig } from '../config.ts';
import { checkConsistency } from '../db/consistency.ts';
import { openDatabase } from '../db/database.ts';
import { demoPendingLeadCount, demoWorkDealCount } from '../demo/demo-work.ts';
import { runCli } from './run-cli.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    out.push(parts.join(' '));
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    err.push(parts.join(' '));
  });
  try {
    const code = await runCli(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('the command line', () => {
  let directory: string;
  let databaseFile: string;
  const previousUrl = process.env.DATABASE_URL;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'partnerline-cli-'));
    databaseFile = join(directory, 'cli.sqlite');
    process.env.DATABASE_URL = databaseFile;
  });
  afterAll(() => {
    process.env.DATABASE_URL = previousUrl;
    rmSync(directory, { recursive: true, force: true });
  });

  it('migrates, creates firms, users and a token that the API accepts', async () => {
    expect((await run('migrate')).out).toMatch(/Applied: 2026_11_26_1400_create_platform/);
    expect((await run('migrate')).out).toMatch(/up to date/);
    expect((await run('firm', 'add', '--name', 'Acme Vendor', '--kind', 'vendor')).code).toBe(0);
    const partner = await run('firm', 'add', '--name', 'Brightside IT', '--kind', 'partner', '--distributor');
    expect(partner.out).toMatch(/Created partner firm "Brightside IT".*distributor, eligible/);
    const lapsed = await run('firm', 'add', '--name', 'Lapsed IT', '--kind', 'partner', '--ineligible');
    expect(lapsed.out).toMatch(/not eligible/);
    const user = await run(
      'user',
      'add',
      '--email',
      'Sam@Brightside.example',
      '--password',
      'long enough pw',
      '--name',
      'Sam Seller',
      '--firm',
      'Brightside IT',
      '--role',
      'seller',
    );
    expect(user.code).toBe(0);
    const token = await run('token', 'create', '--email', 'sam@brightside.example');
    expect(token.code).toBe(0);
    expect(token.out).toMatch(/^pl_[A-Za-z0-9_-]{20,}$/);

    const database = openDatabase(databaseFile);
    const app = await buildApp({ database, config: testConfig() });
    try {
      const me = await app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token.out}` },
      });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        email: 'sam@brightside.example',
        role: 'seller',
        firm: { name: 'Brightside IT', isDistributor: true },
      });
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('explains bad arguments with the usage and exit status 2', async () => {
    const missing = await run('firm', 'add', '--name', 'No Kind');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--kind is required/);
    expect(missing.err).toMatch(/Usage: partnerline firm add/);
    const unknownFlag = await run('user', 'add', '--colour', 'blue');
    expect(unknownFlag.code).toBe(2);
    const unknownCommand = await run('fly');
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.err).toMatch(/Unknown command/);
    const help = await run('user', 'add', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--role ROLE/);
  });

  it('reports refused values with the failing option and exit status 1', async () => {
    const badKind = await run('firm', 'add', '--name', 'X', '--kind', 'planet');
    expect(badKind.code).toBe(1);
    expect(badKind.err).toMatch(/--kind/);
    const noFirm = await run(
      'user',
      'add',
      '--email',
      'a@b.example',
      '--password',
      'long enough pw',
      '--name',
      'A',
      '--firm',
      'Nowhere',
      '--role',
      'seller',
    );
    expect(noFirm.code).toBe(1);
    expect(noFirm.err).toMatch(/--firm: no firm is named "Nowhere"|no firm is named "Nowhere"/);
    const wrongRole = await run(
      'user',
      'add',
      '--email',
      'b@b.example',
      '--password',
      'long enough pw',
      '--name',
      'B',
      '--firm',
      'Brightside IT',
      '--role',
      'admin',
    );
    expect(wrongRole.code).toBe(1);
    expect(wrongRole.err).toMatch(/role/);
    const duplicate = await run('firm', 'add', '--name', 'Brightside IT', '--kind', 'partner');
    expect(duplicate.code).toBe(1);
    expect(duplicate.err).toMatch(/already exists/);
    const noUser = await run('token', 'create', '--email', 'ghost@example.test');
    expect(noUser.code).toBe(1);
  });

  it('backs up the SQLite database to a file that opens with the same data', async () => {
    const target = join(directory, 'backup', 'copy.sqlite');
    const result = await run('backup', target);
    expect(result.code).toBe(0);
    const copy = openDatabase(target);
    try {
      const firms = await copy.db.selectFrom('firms').select('name').orderBy('name').execute();
      expect(firms.map((firm) => firm.name)).toEqual(['Acme Vendor', 'Brightside IT', 'Lapsed IT']);
    } finally {
      await copy.close();
    }
    expect((await run('backup', target)).code).toBe(1);
  });

  it('check finds a deal whose primary BPContact was deleted behind the application’s back (exit status 1)', async () => {
    expect((await run('check')).out).toMatch(/consistent/);
    const token = (await run('token', 'create', '--email', 'sam@brightside.example')).out;
    const database = openDatabase(databaseFile);
    const app = await buildApp({ database, config: testConfig() });
    try {
      const call = async (url: string, payload: object) =>
        (
          await app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}` } })
        ).json();
      const client = await call('/api/v1/clients', { name: 'Checked Client' });
      const contact = await call('/api/v1/contacts', { clientId: client.id, lastName: 'Vanished' });
      const deal = await call('/api/v1/opportunities', { name: 'Checked deal', contactId: contact.id });
      expect(deal.primaryContactId).toBe(contact.id);
      expect((await run('check')).code).toBe(0);
      await database.db
        .updateTable('contacts')
        .set({ deleted_at: new Date().toISOString() })
        .where('id', '=', contact.id)
        .execute();
      const result = await run('check');
      expect(result.code).toBe(1);
      expect(result.err).toMatch(
        new RegExp(
          `primary BPContact is missing, deleted or of another client.*: 1 \\(for example opportunity ${deal.id}\\)`,
        ),
      );
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe.skipIf(fastTier)('the demo data', () => {
  it('fills an empty database once with every role, the data set’s clients, contacts and deals', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'partnerline-demo-'));
    const previousUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = join(directory, 'demo.sqlite');
    try {
      const first = await run('seed', '--demo');
      expect(first.code).toBe(0);
      expect(first.out).toMatch(/seller@brightpath\.example/);
      expect((await run('seed', '--demo')).code).toBe(1);
      const database = openDatabase(process.env.DATABASE_URL);
      try {
        const roles = await database.db.selectFrom('users').select('role').distinct().execute();
        expect(roles.map((row) => row.role).sort()).toEqual([
          'admin',
          'manager',
          'seller',
          'vendor-rep',
          'vendor-reviewer',
        ]);
        const clients = await database.db
          .selectFrom('clients')
          .select(['name', 'country', 'industry'])
          .execute();
        // The data set's 85 accounts, and each partner's placeholder for its deals without an account.
        expect(clients).toHaveLength(87);
        expect(clients.map((client) => client.name)).toContain('(no account in source)');
        expect(clients.some((client) => client.country === 'Philipines')).toBe(false);
        expect(clients.find((client) => client.name === 'Acme Corporation')?.industry).toBe('Technology');
        const subsidiaries = await database.db
          .selectFrom('clients')
          .select('id')
          .where('parent_client_id', 'is not', null)
          .execute();
        expect(subsidiaries).toHaveLength(15);
        const contacts = await database.db.selectFrom('contacts').select('id').execute();
        expect(contacts.length).toBeGreaterThan(170);
        const opportunities = await database.db.selectFrom('opportunities').select(['pass_status']).execute();
        expect(opportunities).toHaveLength(8800 + demoWorkDealCount);
        expect(opportunities.filter((row) => row.pass_status === 'pending')).toHaveLength(
          demoPendingLeadCount,
        );
        expect(await checkConsistency(database.db)).toEqual([]);
      } finally {
        await database.close();
      }
    } finally {
      process.env.DATABASE_URL = previousUrl;
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
