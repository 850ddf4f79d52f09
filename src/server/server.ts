import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { AppConfig } from './config.ts';
import { type AppDatabase, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrator.ts';
import { refreshStatistics } from './db/statistics.ts';
import { failInterruptedImports } from './import-export/import.service.ts';

export const builtWebRoot = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export type RunningServer = {
  app: FastifyInstance;
  database: AppDatabase;
  url: string;
  close(): Promise<void>;
};

/** Opens the database, brings its schema up to date, and listens. */
export async function startServer(
  config: AppConfig,
  prepare?: (database: AppDatabase) => Promise<void>,
): Promise<RunningServer> {
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    if (prepare) await prepare(database);
    await failInterruptedImports(database.db);
    await refreshStatistics(database.db, { atStartUp: true });
  } catch (error) {
    await database.close();
    throw error;
  }
  const webRoot = config.webRoot ?? (existsSync(builtWebRoot) ? builtWebRoot : null);
  const app = await buildApp({ database, config: { ...config, webRoot } });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const displayHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    app,
    database,
    url: `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${port}`,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
