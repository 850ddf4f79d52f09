import type { Insertable, Kysely } from 'kysely';
import { insertRows } from '../db/bulk-insert.ts';
import type { Database } from '../db/schema.ts';
import type { AuditEntryTable, AuditedEntityType } from './audit.table.ts';

export async function insertAuditEntries(
  db: Kysely<Database>,
  entries: Insertable<AuditEntryTable>[],
): Promise<void> {
  await insertRows(db, 'audit_entries', entries);
}

/** Newest first; `parentOf` also brings the entries of child records (a deal's line items). */
export async function findAuditEntries(
  db: Kysely<Database>,
  target: { type: AuditedEntityType; id: number; childType?: AuditedEntityType },
  page: { limit: number; beforeId?: number },
) {
  let query = db
    .selectFrom('audit_entries')
    .leftJoin('users', 'users.id', 'audit_entries.changed_by')
    .select([
      'audit_entries.id',
      'audit_entries.entity_type',
      'audit_entries.entity_id',
      'audit_entries.action',
      'audit_entries.field',
      'audit_entries.old_value',
      'audit_entries.new_value',
      'audit_entries.changed_at',
      'audit_entries.changed_by',
      'users.name as changed_by_name',
    ])
    .where((eb) => {
      const own = eb.and([
        eb('audit_entries.entity_type', '=', target.type),
        eb('audit_entries.entity_id', '=', target.id),
      ]);
      if (!target.childType) return own;
      return eb.or([
        own,
        eb.and([
          eb('audit_entries.entity_type', '=', target.childType),
          eb('audit_entries.parent_id', '=', target.id),
        ]),
      ]);
    })
    .orderBy('audit_entries.id', 'desc')
    .limit(page.limit);
  if (page.beforeId !== undefined) query = query.where('audit_entries.id', '<', page.beforeId);
  return query.execute();
}
