import type { Insertable, Kysely } from 'kysely';
import type { AuditEntry } from '../../core/contract/common.ts';
import { decodeCursor, toPage } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import { findAuditEntries, insertAuditEntries } from './audit.repository.ts';
import type { AuditAction, AuditEntryTable, AuditedEntityType } from './audit.table.ts';

type Snapshot = Record<string, unknown>;

function sameValue(left: unknown, right: unknown): boolean {
  return JSON.stringify(left ?? null) === JSON.stringify(right ?? null);
}

/** The fields whose values differ between two API snapshots of a record, in the order given. */
export function changedFields(before: Snapshot, after: Snapshot, fields: readonly string[]): string[] {
  return fields.filter((field) => field in after && !sameValue(before[field], after[field]));
}

export type AuditContext = {
  type: AuditedEntityType;
  id: number;
  parentId?: number | null;
  userId: number | null;
  at: string;
};

function entry(
  context: AuditContext,
  action: AuditAction,
  field: string | null,
  oldValue: unknown,
  newValue: unknown,
): Insertable<AuditEntryTable> {
  return {
    entity_type: context.type,
    entity_id: context.id,
    parent_id: context.parentId ?? null,
    action,
    field,
    old_value: oldValue === undefined ? null : JSON.stringify(oldValue),
    new_value: newValue === undefined ? null : JSON.stringify(newValue),
    changed_by: context.userId,
    changed_at: context.at,
  };
}

/** The change-log rows of an update: one per changed field, with who, when, old and new (SPEC §2). */
export function updateEntries(
  context: AuditContext,
  before: Snapshot,
  after: Snapshot,
  fields: readonly string[],
): Insertable<AuditEntryTable>[] {
  return changedFields(before, after, fields).map((field) =>
    entry(context, 'update', field, before[field] ?? null, after[field] ?? null),
  );
}

/** The change-log row of a creation: the record's values that are set. */
export function createEntry(context: AuditContext, snapshot: Snapshot): Insertable<AuditEntryTable> {
  const values = Object.fromEntries(
    Object.entries(snapshot).filter(([, value]) => value !== null && value !== undefined),
  );
  return entry(context, 'create', null, undefined, values);
}

/** One row per changed field: who, when, old and new (SPEC §2). Written in the caller's transaction. */
export async function recordUpdate(
  db: Kysely<Database>,
  context: AuditContext,
  before: Snapshot,
  after: Snapshot,
  fields: readonly string[],
): Promise<string[]> {
  const changed = changedFields(before, after, fields);
  await insertAuditEntries(db, updateEntries(context, before, after, changed));
  return changed;
}

export async function recordCreate(
  db: Kysely<Database>,
  context: AuditContext,
  snapshot: Snapshot,
): Promise<void> {
  await insertAuditEntries(db, [createEntry(context, snapshot)]);
}

export async function recordDelete(
  db: Kysely<Database>,
  context: AuditContext,
  snapshot: Snapshot,
): Promise<void> {
  await insertAuditEntries(db, [entry(context, 'delete', null, snapshot, undefined)]);
}

function parseValue(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

export async function listAuditEntries(
  db: Kysely<Database>,
  target: { type: AuditedEntityType; id: number; childType?: AuditedEntityType },
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const before = decodeCursor(page.cursor, 1);
  const rows = await findAuditEntries(db, target, {
    limit: page.limit + 1,
    ...(before && { beforeId: Number(before[0]) }),
  });
  return toPage(
    rows,
    page.limit,
    (row) => ({
      id: row.id,
      entityType: row.entity_type,
      entityId: row.entity_id,
      action: row.action,
      field: row.field,
      oldValue: parseValue(row.old_value),
      newValue: parseValue(row.new_value),
      changedAt: row.changed_at,
      changedBy: row.changed_by === null ? null : { id: row.changed_by, name: row.changed_by_name ?? '' },
    }),
    (row) => [row.id],
  );
}
