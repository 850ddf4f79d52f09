import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AppDatabase } from './database.ts';

/**
 * SQLite's online backup: a consistent copy of one snapshot (VACUUM INTO) while the app keeps serving.
 * PostgreSQL has its own tools (pg_dump, base backups); see docs/operations.md.
 */
export async function backupDatabase(
  database: AppDatabase,
  file: string,
): Promise<{ file: string; pages: number }> {
  if (!database.backupTo) {
    throw new Error('backup copies SQLite databases; for PostgreSQL use pg_dump (see docs/operations.md)');
  }
  const target = resolve(file);
  if (target === database.location) throw new Error('The backup file must not be the database itself');
  if (existsSync(target)) throw new Error(`${target} already exists; choose a new file`);
  mkdirSync(dirname(target), { recursive: true });
  const result = await database.backupTo(target);
  return { file: target, pages: result.totalPages };
}
