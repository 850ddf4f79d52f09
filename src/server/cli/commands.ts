import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ParseArgsConfig } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { firmCreateSchema, userCreateSchema } from '../../core/contract/firms.ts';
import {
  clientExportQuerySchema,
  contactExportQuerySchema,
  exportTypes,
  importMappingSchema,
  opportunityExportQuerySchema,
  stageMapSchema,
  unmatchedOwnerPolicies,
} from '../../core/contract/import-export.ts';
import { importTypes } from '../../core/import-fields.ts';
import { firmKinds, roles } from '../../core/roles.ts';
import { createApiToken } from '../auth/auth.service.ts';
import { configFromEnvironment } from '../config.ts';
import { backupDatabase } from '../db/backup.ts';
import { checkConsistency } from '../db/consistency.ts';
import { type AppDatabase, openDatabase } from '../db/database.ts';
import { migrateDown, migrateToLatest } from '../db/migrator.ts';
import { demoPassword, isDatabaseEmpty, seedDemo } from '../demo/demo-seed.ts';
import { scalePassword, seedScale } from '../demo/scale-seed.ts';
import { findFirmByName } from '../firms/firm.repository.ts';
import { createFirm } from '../firms/firm.service.ts';
import { validationError } from '../http/app-error.ts';
import { decodeCsv } from '../import-export/csv-file.ts';
import { type ExportRequest, exportCsv } from '../import-export/export.service.ts';
import { runImport } from '../import-export/import.service.ts';
import { startServer } from '../server.ts';
import { findUserByEmail } from '../users/user.repository.ts';
import { createUser } from '../users/user.service.ts';
import { UsageError } from './cli-error.ts';
import { importProgressBar, jsonOption, principalOfEmail, printImportSummary } from './import-export-cli.ts';

type Values = Record<string, string | boolean | undefined>;

export type Command = {
  summary: string;
  usage: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Values, positionals: string[]): Promise<number | undefined>;
};

function requireString(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
}

/** Opens the configured database with its schema up to date, runs the work, and closes it. */
async function withDatabase<T>(work: (database: AppDatabase) => Promise<T>): Promise<T> {
  const database = openDatabase(configFromEnvironment().databaseUrl);
  try {
    await migrateToLatest(database);
    return await work(database);
  } finally {
    await database.close();
  }
}

function printDemoLogins(logins: { label: string; email: string; firm: string }[]): void {
  console.log(`\nDemo sign-ins (password for all: ${demoPassword}):`);
  for (const login of logins)
    console.log(`  ${login.label.padEnd(20)} ${login.email.padEnd(28)} ${login.firm}`);
}

const demoLoginsForPrinting = [
  { label: 'Partner seller', email: 'seller@brightpath.example', firm: 'Brightpath Solutions' },
  { label: 'Partner manager', email: 'manager@brightpath.example', firm: 'Brightpath Solutions' },
  { label: 'Distributor seller', email: 'seller@meridian.example', firm: 'Meridian Distribution' },
  { label: 'Distributor manager', email: 'manager@meridian.example', firm: 'Meridian Distribution' },
  { label: 'Vendor rep', email: 'rep@helio.example', firm: 'Helio Systems' },
  { label: 'Vendor reviewer', email: 'reviewer@helio.example', firm: 'Helio Systems' },
  { label: 'Administrator', email: 'admin@helio.example', firm: 'Helio Systems' },
];

export const commands: Record<string, Command> = {
  serve: {
    summary: 'Run the web app and API (migrates the database first)',
    usage: '[--port N] [--host H] [--demo]',
    help: `Options:
  --port N   port to listen on (default PORT or 3000)
  --host H   address to listen on (default HOST or 127.0.0.1)
  --demo     put the demo data into the database first when it is empty`,
    options: { port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' } },
    async run(values, positionals) {
      noPositionals(positionals);
      const config = configFromEnvironment();
      if (typeof values.port === 'string') {
        const port = Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError('--port must be a port number');
        config.port = port;
      }
      if (typeof values.host === 'string') config.host = values.host;
      let seeded = false;
      const server = await startServer(config, async (database) => {
        if (values.demo && (await isDatabaseEmpty(database.db))) {
          console.log('Putting demo data into the empty database…');
          await seedDemo(database.db);
          seeded = true;
        }
      });
      console.log(
        `\nPartnerline is running at ${server.url}  (database: ${server.database.kind}, ${server.database.location})`,
      );
      console.log(`API reference: ${server.url}/api/docs`);
      if (values.demo) {
        if (seeded || (await demoAccountsExist(server.database))) printDemoLogins(demoLoginsForPrinting);
      }
      console.log('\nPress Ctrl+C to stop.');
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return 0;
    },
  },

  migrate: {
    summary: 'Bring the database schema up to date',
    usage: '[--down]',
    help: 'Options:\n  --down   undo the latest migration instead',
    options: { down: { type: 'boolean' } },
    async run(values, positionals) {
      noPositionals(positionals);
      const database = openDatabase(configFromEnvironment().databaseUrl);
      try {
        const report = values.down ? await migrateDown(database) : await migrateToLatest(database);
        const verb = values.down ? 'Undid' : 'Applied';
        console.log(
          report.applied.length
            ? `${verb}: ${report.applied.join(', ')}`
            : 'The database schema is up to date.',
        );
      } finally {
        await database.close();
      }
      return 0;
    },
  },

  seed: {
    summary: 'Put demo data into an empty database (--demo), or generate a large data set (--scale N)',
    usage: '--demo | --scale N [--seed S]',
    help: `Options:
  --demo      the demo firms, users, clients, contacts and opportunities
  --scale N   generate N opportunities over N/10 clients and N/3 contacts, 50 partner firms and their
              users (password ${scalePassword}), about 3N line items, history and favorites
  --seed S    the random seed for --scale (the same seed generates the same data)`,
    options: { demo: { type: 'boolean' }, scale: { type: 'string' }, seed: { type: 'string' } },
    async run(values, positionals) {
      noPositionals(positionals);
      if (values.demo && values.scale) throw new UsageError('Choose --demo or --scale, not both');
      if (typeof values.scale === 'string') {
        const count = Number(values.scale);
        if (!Number.isInteger(count) || count < 1 || count > 20_000_000) {
          throw new UsageError('--scale must be a whole number of opportunities from 1 to 20000000');
        }
        const seed = typeof values.seed === 'string' ? Number(values.seed) : 42;
        if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
        const bar = new SingleBar(
          {
            format: 'Opportunities [{bar}] {percentage}% | {value}/{total} | {duration_formatted}',
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        const started = Date.now();
        bar.start(count, 0);
        const result = await withDatabase((database) =>
          seedScale(database.db, { opportunities: count, seed, onProgress: (done) => bar.update(done) }),
        );
        bar.stop();
        console.log(
          `Generated ${result.opportunities.toLocaleString('en-US')} opportunities, ${result.lineItems.toLocaleString('en-US')} line items, ` +
            `${result.clients.toLocaleString('en-US')} clients, ${result.contacts.toLocaleString('en-US')} contacts, ${result.users} users ` +
            `in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        );
        console.log(
          `Sign in as ${result.sampleManagerEmail} (password ${result.password}), a manager of one generated firm.`,
        );
        return 0;
      }
      if (!values.demo) throw new UsageError('Say what to seed: --demo or --scale N');
      await withDatabase(async (database) => {
        await seedDemo(database.db);
      });
      console.log('Demo data is in place.');
      printDemoLogins(demoLoginsForPrinting);
      return 0;
    },
  },

  'firm add': {
    summary: 'Create a firm (the vendor, or a partner)',
    usage: '--name NAME --kind partner|vendor [--distributor] [--ineligible]',
    help: `Options:
  --name NAME      the firm's name (unique)
  --kind KIND      ${firmKinds.join(' or ')}
  --distributor    the partner is a distributor
  --ineligible     the partner may not create or receive opportunities yet`,
    options: {
      name: { type: 'string' },
      kind: { type: 'string' },
      distributor: { type: 'boolean' },
      ineligible: { type: 'boolean' },
    },
    async run(values, positionals) {
      noPositionals(positionals);
      const kind = requireString(values, 'kind');
      const parsed = firmCreateSchema.safeParse({
        name: requireString(values, 'name'),
        kind,
        isDistributor: Boolean(values.distributor),
        isAuthorized: !values.ineligible,
        isInGoodStanding: true,
      });
      if (!parsed.success) {
        throw validationError(
          parsed.error.issues.map((issue) => ({
            field: `--${String(issue.path[0])}`,
            message: issue.message,
          })),
        );
      }
      const firm = await withDatabase((database) => createFirm(database.db, 'system', parsed.data));
      console.log(
        `Created ${firm.kind} firm "${firm.name}" (id ${firm.id}${firm.isDistributor ? ', distributor' : ''}${firm.kind === 'partner' ? (firm.isEligible ? ', eligible' : ', not eligible') : ''}).`,
      );
      return 0;
    },
  },

  'user add': {
    summary: 'Create a user in a firm',
    usage: `--email E --password P --name N --firm NAME --role ${roles.join('|')}`,
    help: `Options:
  --email E       sign-in email (unique)
  --password P    at least 10 characters
  --name N        the person's name
  --firm NAME     the firm they belong to
  --role ROLE     seller or manager (partner firms); vendor-rep, vendor-reviewer or admin (the vendor)`,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      firm: { type: 'string' },
      role: { type: 'string' },
    },
    async run(values, positionals) {
      noPositionals(positionals);
      const firmName = requireString(values, 'firm');
      const input = {
        email: requireString(values, 'email'),
        password: requireString(values, 'password'),
        name: requireString(values, 'name'),
        role: requireString(values, 'role'),
      };
      const user = await withDatabase(async (database) => {
        const firm = await findFirmByName(database.db, firmName);
        if (!firm) throw validationError([{ field: '--firm', message: `no firm is named "${firmName}"` }]);
        const parsed = userCreateSchema.safeParse({ ...input, firmId: firm.id });
        if (!parsed.success) {
          throw validationError(
            parsed.error.issues.map((issue) => ({
              field: `--${String(issue.path[0])}`,
              message: issue.message,
            })),
          );
        }
        return createUser(database.db, 'system', parsed.data);
      });
      console.log(`Created ${user.role} ${user.email} in ${user.firmName} (id ${user.id}).`);
      return 0;
    },
  },

  'token create': {
    summary: 'Create a personal API token for a user and print it',
    usage: '--email E [--name NAME] [--days N]',
    help: `Options:
  --email E      whose token it is
  --name NAME    a label to recognise it by (default "CLI token")
  --days N       expire after N days (default: never)`,
    options: { email: { type: 'string' }, name: { type: 'string' }, days: { type: 'string' } },
    async run(values, positionals) {
      noPositionals(positionals);
      const email = requireString(values, 'email');
      const days = typeof values.days === 'string' ? Number(values.days) : undefined;
      if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) {
        throw new UsageError('--days must be a whole number from 1 to 3650');
      }
      const token = await withDatabase(async (database) => {
        const user = await findUserByEmail(database.db, email);
        if (!user) throw validationError([{ field: '--email', message: `no user has the email ${email}` }]);
        if (!user.is_active)
          throw validationError([{ field: '--email', message: `${email} is deactivated` }]);
        return createApiToken(database.db, user.id, {
          name: typeof values.name === 'string' ? values.name : 'CLI token',
          expiresInDays: days ?? null,
        });
      });
      console.log(token.token);
      return 0;
    },
  },

  check: {
    summary:
      'Verify the data: amounts within 0 … 10^15 minor units, totals match line items, histories chain, closed deals have no open lines, numbers are unique, contacts belong to their deals’ clients',
    usage: '',
    help: 'Runs the consistency checks over the whole database and lists any problem found (exit status 1).',
    options: {},
    async run(_values, positionals) {
      noPositionals(positionals);
      const problems = await withDatabase((database) => checkConsistency(database.db));
      if (problems.length === 0) {
        console.log('The data is consistent.');
        return 0;
      }
      for (const problem of problems) {
        console.error(
          `${problem.check}: ${problem.count} (for example ${problem.record} ${problem.sample.join(', ')})`,
        );
      }
      return 1;
    },
  },

  import: {
    summary: 'Import clients, contacts, opportunities (with line items) or products from a CSV file',
    usage: `{${importTypes.join('|')}} FILE --email E [--dry-run] [--mapping JSON] [--stage-map JSON] [--placeholders] [--unmatched-owners ${unmatchedOwnerPolicies.join('|')}]`,
    help: `Imports FILE as the user with the email E: their firm owns what is created, and only what they
can see can be named (clients by number or name, contacts by email or name, owners among their
firm's users, products by part number or offering). All or nothing: if any row fails, nothing is
written and every bad row is printed (exit status 1). See docs/import.md.

Options:
  --email E                   who imports (required)
  --dry-run                   check everything and report what would be created; write nothing
  --mapping JSON              CSV header → field, e.g. '{"Account":"client"}', or the path of a JSON
                              file; headers are otherwise matched to fields by name
  --stage-map JSON            stage value → stage code or open>closing, e.g. '{"Lost":"validate>lost"}'
  --placeholders              fill what the source lacks with labelled placeholders (a client for
                              deals without one, a BPContact where a stage needs one, the competitor,
                              reason or note a closing needs)
  --unmatched-owners POLICY   error (default): an owner who is not a user of your firm fails the row;
                              importer: such deals are yours`,
    options: {
      email: { type: 'string' },
      'dry-run': { type: 'boolean' },
      mapping: { type: 'string' },
      'stage-map': { type: 'string' },
      placeholders: { type: 'boolean' },
      'unmatched-owners': { type: 'string' },
    },
    async run(values, positionals) {
      const [type, file, ...extra] = positionals;
      const importType = importTypes.find((candidate) => candidate === type);
      if (!importType) throw new UsageError(`Say what to import: ${importTypes.join(', ')}`);
      if (!file) throw new UsageError('Name the CSV FILE to import');
      if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra[0]}`);
      const email = requireString(values, 'email');
      const policy = values['unmatched-owners'] ?? 'error';
      const unmatchedOwners = unmatchedOwnerPolicies.find((candidate) => candidate === policy);
      if (!unmatchedOwners) throw new UsageError('--unmatched-owners must be error or importer');
      const mapping =
        typeof values.mapping === 'string'
          ? jsonOption('--mapping', values.mapping, importMappingSchema)
          : undefined;
      const stageMap =
        typeof values['stage-map'] === 'string'
          ? jsonOption('--stage-map', values['stage-map'], stageMapSchema)
          : undefined;
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw new Error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const csv = decodeCsv(bytes);
      const job = await withDatabase(async (database) => {
        const principal = await principalOfEmail(database.db, email);
        const bar = importProgressBar();
        try {
          return await runImport(database.db, principal, {
            type: importType,
            csv,
            options: {
              dryRun: Boolean(values['dry-run']),
              placeholders: Boolean(values.placeholders),
              unmatchedOwners,
              ...(mapping !== undefined && { mapping }),
              ...(stageMap !== undefined && { stageMap }),
            },
            onProgress: (progress) => bar.update(progress),
          });
        } finally {
          bar.stop();
        }
      });
      printImportSummary(job, file);
      return job.status === 'succeeded' ? 0 : 1;
    },
  },

  export: {
    summary: 'Export clients, contacts or opportunities as CSV, as a user sees them',
    usage: `{${exportTypes.join('|')}} [FILE] --email E [--query Q] [--columns A,B] [--line-items]`,
    help: `Writes every record the user with the email E can see (their visibility applies, as in the
app and the API) to FILE, or to standard output. The list's filters and sort come as a query
string, the same as the API's: --query 'status=won&sort=-amount'.

Options:
  --email E        whose view to export (required)
  --query Q        filters and sort, e.g. 'country=Norway&sort=name' or 'stage=qualify,propose'
  --columns A,B    the columns, in order (default: all)
  --line-items     opportunities: one row per line item`,
    options: {
      email: { type: 'string' },
      query: { type: 'string' },
      columns: { type: 'string' },
      'line-items': { type: 'boolean' },
    },
    async run(values, positionals) {
      const [type, file, ...extra] = positionals;
      const exportType = exportTypes.find((candidate) => candidate === type);
      if (!exportType) throw new UsageError(`Say what to export: ${exportTypes.join(', ')}`);
      if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra[0]}`);
      const email = requireString(values, 'email');
      const query: Record<string, string> = Object.fromEntries(
        new URLSearchParams(typeof values.query === 'string' ? values.query : ''),
      );
      if (typeof values.columns === 'string') query.columns = values.columns;
      if (values['line-items']) {
        if (exportType !== 'opportunities') throw new UsageError('--line-items is for opportunities');
        query.lineItems = 'true';
      }
      const request = parseExportRequest(exportType, query);
      let records = 0;
      await withDatabase(async (database) => {
        const principal = await principalOfEmail(database.db, email);
        const chunks = await exportCsv(database.db, principal, request, (count) => {
          records += count;
        });
        if (file) await pipeline(Readable.from(chunks), createWriteStream(file));
        else await pipeline(Readable.from(chunks), process.stdout, { end: false });
      });
      const noun = records === 1 ? singularOf[exportType] : exportType;
      const summary = `Exported ${records.toLocaleString('en-US')} ${noun}${file ? ` to ${file}` : ''}.`;
      if (file) console.log(summary);
      else console.error(summary);
      return 0;
    },
  },

  backup: {
    summary: 'Copy the SQLite database to a file while the app runs',
    usage: 'FILE',
    help: 'Writes a consistent copy of the SQLite database to FILE (online backup). For PostgreSQL use pg_dump; see docs/operations.md.',
    options: {},
    async run(_values, positionals) {
      const [file, ...extra] = positionals;
      if (!file) throw new UsageError('Name the FILE to write the backup to');
      if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra[0]}`);
      const database = openDatabase(configFromEnvironment().databaseUrl);
      try {
        const result = await backupDatabase(database, file);
        console.log(`Backed up ${result.pages} pages to ${result.file}.`);
      } finally {
        await database.close();
      }
      return 0;
    },
  },
};

async function demoAccountsExist(database: AppDatabase): Promise<boolean> {
  return (await findUserByEmail(database.db, 'seller@brightpath.example')) !== undefined;
}

const singularOf: Record<ExportRequest['type'], string> = {
  clients: 'client',
  contacts: 'contact',
  opportunities: 'opportunity',
};

/** The export's filters, sort and columns, checked by the same schemas as the API's query. */
function parseExportRequest(type: ExportRequest['type'], query: Record<string, string>): ExportRequest {
  const refuse = (issues: readonly { path: readonly PropertyKey[]; message: string; keys?: string[] }[]) =>
    validationError(
      issues.flatMap((issue) =>
        issue.keys && issue.keys.length > 0
          ? issue.keys.map((key) => ({ field: `--query ${key}`, message: 'is not a filter of this list' }))
          : [{ field: `--query ${issue.path.map(String).join('.')}`, message: issue.message }],
      ),
    );
  switch (type) {
    case 'clients': {
      const parsed = clientExportQuerySchema.safeParse(query);
      if (!parsed.success) throw refuse(parsed.error.issues);
      return { type, query: parsed.data };
    }
    case 'contacts': {
      const parsed = contactExportQuerySchema.safeParse(query);
      if (!parsed.success) throw refuse(parsed.error.issues);
      return { type, query: parsed.data };
    }
    case 'opportunities': {
      const parsed = opportunityExportQuerySchema.safeParse(query);
      if (!parsed.success) throw refuse(parsed.error.issues);
      return { type, query: parsed.data };
    }
  }
}
