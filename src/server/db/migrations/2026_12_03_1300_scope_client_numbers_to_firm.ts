import { sql } from 'kysely';
import type { MigrationDb } from '../migration-helpers.ts';

/**
 * Client numbers are unique within their owner firm, among live clients (SPEC §5: a number taken
 * only by a record the caller cannot see is not refused, so the database may not refuse it either).
 * Before, one index made them unique across every firm, live or deleted: a number another firm or a
 * deleted client held could be neither chosen without learning that it existed, nor ever used again.
 * Generated numbers (CL-######) stay unique everywhere: the generator passes over any number any
 * client has, which the plain index on the number keeps fast.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('clients_number_unique').execute();
  await db.schema.createIndex('clients_number_idx').on('clients').column('client_number').execute();
  await db.schema
    .createIndex('clients_owner_number_unique')
    .on('clients')
    .columns(['owner_firm_id', 'client_number'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('clients_owner_number_unique').execute();
  await db.schema.dropIndex('clients_number_idx').execute();
  await db.schema
    .createIndex('clients_number_unique')
    .on('clients')
    .column('client_number')
    .unique()
    .execute();
}
