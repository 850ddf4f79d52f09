import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresDialect,
  type PostgresPool,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import pg from 'pg';
import { DatabaseUnavailableError } from './db-errors.ts';
import type { DatabaseKind } from './dialect.ts';
import type { Database } from './schema.ts';

export type AppDatabase = {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives, for messages: a file path or the PostgreSQL URL without its password. */
  location: string;
  /** PostgreSQL only: the schema in use when not the default one. */
  schema?: string;
  close(): Promise<void>;
  /** SQLite only: an online, consistent copy of the database file. */
  backupTo?: (file: string) => Promise<{ totalPages: number }>;
};

export const defaultDatabaseUrl = './data/partnerline.sqlite';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** SPEC §9.1: a file path (or `sqlite:PATH`) selects SQLite, a `postgres://` URL selects PostgreSQL. */
export type OpenOptions = {
  poolSize?: number;
  /** PostgreSQL only: how long a query waits for a free connection before it fails (503). */
  connectionTimeoutMillis?: number;
  /** PostgreSQL only: work in this schema (tests give each file its own). */
  postgresSchema?: string;
};

export function openDatabase(url: string = defaultDatabaseUrl, options: OpenOptions = {}): AppDatabase {
  return isPostgresUrl(url) ? openPostgres(url, options) : openSqlite(url.replace(/^sqlite:/i, ''));
}

/**
 * SQLite takes the write lock at BEGIN (IMMEDIATE) rather than on the first write, so a second process
 * (the CLI importing while the server runs) waits for busy_timeout instead of failing with SQLITE_BUSY.
 */
class ImmediateTransactionSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateTransactionSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateTransactionSqliteDriver(this.#config);
  }
}

/**
 * Kysely prepares every query it runs; preparing costs about as much as running a list's page.
 * The same SQL (each screen's query with its placeholders) is prepared once and reused, the least
 * recently used statements being let go beyond a few hundred. Kysely runs one query at a time on
 * the connection, so a cached statement is never in use twice.
 */
const statementCacheSize = 300;

function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (statement) {
        statements.delete(text);
      } else {
        statement = sqlite.prepare(text);
        if (statements.size >= statementCacheSize) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      }
      statements.set(text, statement);
      return statement;
    },
  };
}

function openSqlite(path: string): AppDatabase {
  const isMemory = path === ':memory:' || path === '';
  const location = isMemory ? ':memory:' : resolve(path);
  if (!isMemory) mkdirSync(dirname(location), { recursive: true });
  const sqlite = new BetterSqlite3(location);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({
    dialect: new ImmediateTransactionSqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return {
    db,
    kind: 'sqlite',
    location,
    close: () => db.destroy(),
    // VACUUM INTO copies one read snapshot: writers keep going, and it never restarts as the
    // page-by-page backup API does whenever another connection writes between its steps.
    backupTo: async (file) => {
      sqlite.prepare('vacuum into ?').run(file);
      const copy = new BetterSqlite3(file, { readonly: true });
      try {
        return { totalPages: Number(copy.pragma('page_count', { simple: true })) };
      } finally {
        copy.close();
      }
    },
  };
}

/** int8 (counts, sums of minor units) and numeric arrive as strings from pg; our values fit in a double. */
const postgresTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) {
      return (value: string) => Number(value);
    }
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * A request waits this long for a connection of the pool. Past it, it fails with 503 rather than
 * waiting for ever: a server whose pool is drained keeps answering and recovers by itself.
 */
export const defaultConnectionTimeoutMillis = 15_000;

function openPostgres(url: string, options: OpenOptions): AppDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? defaultConnectionTimeoutMillis,
    types: postgresTypes,
    ...(options.postgresSchema && { options: `-c search_path=${options.postgresSchema}` }),
  });
  const connections: PostgresPool = {
    connect: async () => {
      try {
        return await pool.connect();
      } catch (error) {
        throw new DatabaseUnavailableError(error);
      }
    },
    end: () => pool.end(),
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: connections }) });
  return {
    db,
    kind: 'postgres',
    ...(options.postgresSchema && { schema: options.postgresSchema }),
    location: url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@'),
    close: () => db.destroy(),
  };
}
