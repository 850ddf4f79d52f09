import type { Kysely } from 'kysely';
import type { AppConfig } from '../config.ts';
import type { DatabaseKind } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';

/** What every route plugin needs: the database and the configuration. No other state lives in the server. */
export type AppContext = {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  config: AppConfig;
};
