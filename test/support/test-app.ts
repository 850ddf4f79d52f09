import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import type { Principal } from '../../src/core/principal.ts';
import type { FirmKind, Role } from '../../src/core/roles.ts';
import { type BuildAppOptions, buildApp } from '../../src/server/app.ts';
import { findUserPrincipal } from '../../src/server/auth/auth.repository.ts';
import { createApiToken, toPrincipal } from '../../src/server/auth/auth.service.ts';
import { hashPassword } from '../../src/server/auth/secrets.ts';
import { nowIso } from '../../src/server/clock.ts';
import { type AppConfig, testConfig } from '../../src/server/config.ts';
import { type AppDatabase, type OpenOptions, openDatabase } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrator.ts';

/** Every test user signs in with this password. */
export const testPassword = 'correct horse battery';
let passwordHash: Promise<string> | undefined;

export const postgresUrl = process.env.TEST_DATABASE_URL;

/**
 * The engines API tests run on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set (docs/architecture.md rule 11).
 * TEST_ENGINES (`sqlite` or `postgres`) narrows that: CI's PostgreSQL tier runs on PostgreSQL alone
 * (its SQLite tier has run already), `npm run test:fast` on SQLite alone.
 */
export const engines: ('sqlite' | 'postgres')[] = (
  postgresUrl ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)
).filter((engine) => !process.env.TEST_ENGINES || process.env.TEST_ENGINES.split(',').includes(engine));
if (process.env.TEST_ENGINES?.includes('postgres') && !postgresUrl) {
  throw new Error('TEST_ENGINES=postgres needs TEST_DATABASE_URL');
}

export type TestFirm = { id: number; name: string; kind: FirmKind };

export type TestUser = {
  id: number;
  email: string;
  name: string;
  role: Role;
  firm: TestFirm;
  token: string;
  principal: Principal;
  /** An API call as this user, with their bearer token. */
  request(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  get(url: string): Promise<ApiResponse>;
  post(url: string, body?: unknown): Promise<ApiResponse>;
  patch(url: string, body: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  put(url: string, body?: unknown): Promise<ApiResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<ApiResponse>;
};

export type ApiResponse = LightMyRequestResponse & { body: string; data: any };

export type TestContext = {
  engine: 'sqlite' | 'postgres';
  app: FastifyInstance;
  database: AppDatabase;
  firm(options?: {
    name?: string;
    kind?: FirmKind;
    isDistributor?: boolean;
    eligible?: boolean;
    /** The distributor the partner records as the one it works with (SPEC §1). */
    distributorFirmId?: number;
  }): Promise<TestFirm>;
  user(options: { firm: TestFirm; role?: Role; name?: string; email?: string }): Promise<TestUser>;
  /** An anonymous call. */
  request(options: InjectOptions): Promise<ApiResponse>;
  /**
   * Another app instance on the same database, as a second server process would run: on PostgreSQL
   * with its own connection pool; on SQLite (in memory, so one connection) on the same database.
   * Closed with the context.
   */
  secondApp(): Promise<{ request(options: InjectOptions): Promise<ApiResponse> }>;
  close(): Promise<void>;
};

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}-${randomBytes(3).toString('hex')}`;
}

/** PostgreSQL only: the pool of the app under test (5 connections, the default wait, unless given). */
export type TestPoolOptions = Pick<OpenOptions, 'poolSize' | 'connectionTimeoutMillis'>;

async function openFreshDatabase(
  engine: 'sqlite' | 'postgres',
  pool: TestPoolOptions = {},
): Promise<{ database: AppDatabase; drop(): Promise<void> }> {
  if (engine === 'sqlite') return { database: openDatabase(':memory:'), drop: async () => {} };
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    database: openDatabase(postgresUrl, { postgresSchema: schema, poolSize: 5, ...pool }),
    drop: async () => {
      const cleaner = new pg.Client({ connectionString: postgresUrl });
      await cleaner.connect();
      await cleaner.query(`drop schema ${schema} cascade`);
      await cleaner.end();
    },
  };
}

function withData(response: LightMyRequestResponse): ApiResponse {
  let data: unknown;
  try {
    data = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    data = undefined;
  }
  return Object.assign(response, { data }) as ApiResponse;
}

export async function createTestContext(
  engine: 'sqlite' | 'postgres' = 'sqlite',
  configOverrides: Partial<AppConfig> = {},
  { logStream, pool }: Pick<BuildAppOptions, 'logStream'> & { pool?: TestPoolOptions } = {},
): Promise<TestContext> {
  const { database, drop } = await openFreshDatabase(engine, pool);
  await migrateToLatest(database);
  const app = await buildApp({
    database,
    config: testConfig(configOverrides),
    ...(logStream !== undefined && { logStream }),
  });
  await app.ready();
  const db = database.db;

  const request = async (options: InjectOptions) => withData(await app.inject(options));
  const others: { app: FastifyInstance; database: AppDatabase | null }[] = [];

  const context: TestContext = {
    engine,
    app,
    database,
    async firm(options = {}) {
      const now = nowIso();
      const kind = options.kind ?? 'partner';
      const row = await db
        .insertInto('firms')
        .values({
          name: options.name ?? unique(kind === 'vendor' ? 'Vendor ' : 'Partner '),
          kind,
          is_distributor: options.isDistributor ? 1 : 0,
          is_in_good_standing: 1,
          is_authorized: options.eligible === false ? 0 : 1,
          distributor_firm_id: options.distributorFirmId ?? null,
          created_at: now,
          updated_at: now,
        })
        .returning(['id', 'name', 'kind'])
        .executeTakeFirstOrThrow();
      return row;
    },
    async user(options) {
      passwordHash ??= hashPassword(testPassword);
      const now = nowIso();
      const role = options.role ?? (options.firm.kind === 'vendor' ? 'vendor-rep' : 'seller');
      const email = options.email ?? `${unique(role)}@example.test`;
      const name = options.name ?? `${role} ${unique('')}`;
      const row = await db
        .insertInto('users')
        .values({
          firm_id: options.firm.id,
          email,
          name,
          role,
          password_hash: await passwordHash,
          is_active: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const token = (await createApiToken(db, row.id, { name: 'test' })).token;
      const principalRow = await findUserPrincipal(db, row.id);
      if (!principalRow) throw new Error('test user has no principal');
      const call: TestUser['request'] = (method, url, body, headers = {}) =>
        request({
          method,
          url,
          headers: { authorization: `Bearer ${token}`, ...headers },
          ...(body !== undefined && { payload: body as InjectOptions['payload'] }),
        });
      return {
        id: row.id,
        email,
        name,
        role,
        firm: options.firm,
        token,
        principal: toPrincipal(principalRow),
        request: call,
        get: (url) => call('GET', url),
        post: (url, body) => call('POST', url, body ?? {}),
        patch: (url, body, headers) => call('PATCH', url, body, headers),
        put: (url, body) => call('PUT', url, body),
        delete: (url, headers) => call('DELETE', url, undefined, headers),
      };
    },
    request,
    async secondApp() {
      const otherDatabase =
        engine === 'postgres' && postgresUrl && database.schema
          ? openDatabase(postgresUrl, { postgresSchema: database.schema, poolSize: 5 })
          : null;
      const other = await buildApp({
        database: otherDatabase ?? database,
        config: testConfig(configOverrides),
      });
      await other.ready();
      others.push({ app: other, database: otherDatabase });
      return { request: async (options: InjectOptions) => withData(await other.inject(options)) };
    },
    async close() {
      for (const other of others) {
        await other.app.close();
        await other.database?.close();
      }
      await app.close();
      await database.close();
      await drop();
    },
  };
  return context;
}
