import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import { restoreDroppedIndexes } from './bulk-load.ts';
import type { AppDatabase } from './database.ts';
import * as createPlatform from './migrations/2026_11_26_1400_create_platform.ts';
import * as createOpportunityProcess from './migrations/2026_11_26_1600_create_opportunity_process.ts';
import * as addClosedAmountAndPipelineIndex from './migrations/2026_11_27_0900_add_closed_amount_and_pipeline_index.ts';
import * as addTeamOwnerColumns from './migrations/2026_11_27_1000_add_team_owner_columns.ts';
import * as scopeClientNumbersToFirm from './migrations/2026_12_03_1300_scope_client_numbers_to_firm.ts';
import * as addSignInCountsAndVersions from './migrations/2026_12_03_1310_add_sign_in_counts_and_versions.ts';
import * as createCloseReasons from './migrations/2026_12_03_1550_create_close_reasons.ts';
import * as widenOpportunityListIndexes from './migrations/2026_12_03_1900_widen_opportunity_list_indexes.ts';
import { analyzeDatabase } from './statistics.ts';

/**
 * Every migration, in order. One list, used by the CLI, by start-up and by tests
 * (docs/architecture.md rule 5).
 */
const migrations: Record<string, Migration> = {
  '2026_11_26_1400_create_platform': createPlatform,
  '2026_11_26_1600_create_opportunity_process': createOpportunityProcess,
  '2026_11_27_0900_add_closed_amount_and_pipeline_index': addClosedAmountAndPipelineIndex,
  '2026_11_27_1000_add_team_owner_columns': addTeamOwnerColumns,
  '2026_12_03_1300_scope_client_numbers_to_firm': scopeClientNumbersToFirm,
  '2026_12_03_1310_add_sign_in_counts_and_versions': addSignInCountsAndVersions,
  '2026_12_03_1550_create_close_reasons': createCloseReasons,
  '2026_12_03_1900_widen_opportunity_list_indexes': widenOpportunityListIndexes,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export type MigrationReport = { applied: string[] };

export async function migrateToLatest(database: AppDatabase): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: database.db,
    provider: new StaticMigrationProvider(),
    ...(database.schema && { migrationTableSchema: database.schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(
      `Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  const applied = (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
  // A bulk load cut off before it rebuilt its indexes gets them back before anything reads.
  const restored = await restoreDroppedIndexes(database.db);
  // New indexes have no statistics yet; without them the planner may pass them over.
  if (applied.length > 0 || restored > 0) await analyzeDatabase(database.db);
  return { applied };
}

export async function migrateDown(database: AppDatabase): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: database.db,
    provider: new StaticMigrationProvider(),
    ...(database.schema && { migrationTableSchema: database.schema }),
  });
  const { error, results } = await migrator.migrateDown();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).map((result) => result.migrationName) };
}
