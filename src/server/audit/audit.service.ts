import type { Insertable, Kysely } from 'kysely';
import {
  type AuditedEntity,
  describeChange,
  lineLabelOf,
  type ReferenceKind,
  referencesOf,
  shareableValue,
} from '../../core/change-log.ts';
import type { AuditEntry } from '../../core/contract/common.ts';
import { formatContactName } from '../../core/contract/contacts.ts';
import { productLabel } from '../../core/line-pricing.ts';
import { formatMoney } from '../../core/money.ts';
import type { Principal } from '../../core/principal.ts';
import { decodeCursor, toPage } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import {
  findAuditEntries,
  findCurrencyExponents,
  findFirmNames,
  findLineItemNames,
  findLineItemSnapshots,
  findOpportunityCurrencies,
  findProductNames,
  findReadableClientNames,
  findReadableContactNames,
  findStageLabels,
  findUserNames,
  insertAuditEntries,
} from './audit.repository.ts';
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

type AuditRow = Awaited<ReturnType<typeof findAuditEntries>>[number];

function parseSnapshot(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const unseen: Record<ReferenceKind, string> = {
  user: 'someone',
  client: 'a client you cannot see',
  contact: 'a contact you cannot see',
  firm: 'a firm',
  product: 'a product',
  stage: 'a stage',
};

const readerLocale = 'en-US';
const dateFormat = new Intl.DateTimeFormat(readerLocale, { dateStyle: 'medium', timeZone: 'UTC' });
const numberFormat = new Intl.NumberFormat(readerLocale, { maximumFractionDigits: 3 });

/**
 * The names a page of entries refers to, resolved in one query per kind. Clients and BPContacts go
 * through the reader's read predicate: an id the reader may not open stays "a contact you cannot see".
 */
async function resolveNames(
  db: Kysely<Database>,
  principal: Principal,
  entries: readonly {
    entityType: AuditedEntity;
    field: string | null;
    oldValue: unknown;
    newValue: unknown;
  }[],
  extraProductIds: readonly number[],
): Promise<(kind: ReferenceKind, id: string | number) => string> {
  const wanted: Record<ReferenceKind, Set<string | number>> = {
    user: new Set(),
    client: new Set(),
    contact: new Set(),
    firm: new Set(),
    product: new Set(extraProductIds),
    stage: new Set(),
  };
  for (const entry of entries) for (const ref of referencesOf(entry)) wanted[ref.kind].add(ref.id);
  const numeric = (kind: ReferenceKind) =>
    [...wanted[kind]].filter((id): id is number => typeof id === 'number' && Number.isSafeInteger(id));
  const [users, firms, products, stages, clients, contacts] = await Promise.all([
    findUserNames(db, numeric('user')),
    findFirmNames(db, numeric('firm')),
    findProductNames(db, numeric('product')),
    findStageLabels(db, [...wanted.stage].map(String)),
    findReadableClientNames(db, principal, numeric('client')),
    findReadableContactNames(db, principal, numeric('contact')),
  ]);
  const names = new Map<string, string>();
  for (const row of users) names.set(`user:${row.id}`, row.name);
  for (const row of firms) names.set(`firm:${row.id}`, row.name);
  for (const row of products) {
    names.set(`product:${row.id}`, productLabel(row));
  }
  for (const row of stages) names.set(`stage:${row.code}`, row.label);
  for (const row of clients) names.set(`client:${row.id}`, row.name);
  for (const row of contacts) {
    names.set(`contact:${row.id}`, formatContactName({ firstName: row.first_name, lastName: row.last_name }));
  }
  return (kind, id) => names.get(`${kind}:${id}`) ?? (kind === 'stage' ? String(id) : unseen[kind]);
}

/** How each line item on the page is named: its description or product now, or as it was when removed. */
async function lineSnapshots(db: Kysely<Database>, rows: readonly AuditRow[]) {
  const ids = [...new Set(rows.filter((row) => row.entity_type === 'line-item').map((row) => row.entity_id))];
  const snapshots = new Map<number, Record<string, unknown>>();
  for (const row of await findLineItemNames(db, ids)) {
    snapshots.set(row.id, { description: row.description, productId: row.product_id });
  }
  const gone = ids.filter((id) => !snapshots.has(id));
  for (const row of await findLineItemSnapshots(db, gone)) {
    const value = parseSnapshot(row.action === 'delete' ? row.old_value : row.new_value);
    if (typeof value === 'object' && value !== null)
      snapshots.set(row.entity_id, value as Record<string, unknown>);
  }
  return snapshots;
}

/** Which currency each entry's amounts are in: the deal's currency at the time of the change. */
async function currencyOfEntries(db: Kysely<Database>, opportunityId: number | undefined) {
  if (opportunityId === undefined) return () => 'USD';
  const { current, changes } = await findOpportunityCurrencies(db, opportunityId);
  const parsed = changes.map((change) => ({
    id: change.id,
    before: parseSnapshot(change.old_value),
    after: parseSnapshot(change.new_value),
  }));
  return (entry: { id: number; newValue: unknown }) => {
    const created = entry.newValue as { currency?: unknown } | null;
    if (typeof created?.currency === 'string') return created.currency;
    // The first change of currency after this entry says what the currency was until then.
    const later = parsed.find((change) => change.id > entry.id && typeof change.before === 'string');
    if (later) return later.before as string;
    return current ?? 'USD';
  };
}

/** The entries of one page with labels, readable values and a sentence each (SPEC §2, read by people). */
async function toReadableEntries(
  db: Kysely<Database>,
  principal: Principal,
  rows: readonly AuditRow[],
  opportunityId: number | undefined,
): Promise<AuditEntry[]> {
  const entries = rows.map((row) => {
    const entityType = row.entity_type as AuditedEntity;
    return {
      row,
      entityType,
      action: row.action,
      field: row.field,
      oldValue: shareableValue(entityType, row.field, parseValue(row.old_value)),
      newValue: shareableValue(entityType, row.field, parseValue(row.new_value)),
    };
  });
  const lines = await lineSnapshots(db, rows);
  const lineProducts = [...lines.values()]
    .map((snapshot) => snapshot.productId)
    .filter((id): id is number => typeof id === 'number');
  const [nameOf, currencyOf] = await Promise.all([
    resolveNames(db, principal, entries, lineProducts),
    currencyOfEntries(db, opportunityId),
  ]);
  const currencies = new Set(
    entries.map((entry) => currencyOf({ id: entry.row.id, newValue: entry.newValue })),
  );
  const exponents = new Map(
    (await findCurrencyExponents(db, [...currencies])).map((row) => [row.code, row.exponent]),
  );
  return entries.map((entry) => {
    const { row } = entry;
    const currency = currencyOf({ id: row.id, newValue: entry.newValue });
    const base = {
      nameOf,
      formatMoney: (amountMinor: number) =>
        formatMoney(amountMinor, currency, exponents.get(currency) ?? 2, { locale: readerLocale }),
      formatDate: (isoDate: string) => dateFormat.format(new Date(`${isoDate}T00:00:00Z`)),
      formatNumber: (value: number) => numberFormat.format(value),
    };
    const line = entry.entityType === 'line-item' ? lines.get(row.entity_id) : undefined;
    const lineLabel = line ? lineLabelOf(line, base) : undefined;
    const readable = describeChange(entry, { ...base, lineLabel });
    return {
      id: row.id,
      entityType: entry.entityType,
      entityId: row.entity_id,
      action: row.action,
      field: row.field,
      oldValue: entry.oldValue,
      newValue: entry.newValue,
      changedAt: row.changed_at,
      changedBy: row.changed_by === null ? null : { id: row.changed_by, name: row.changed_by_name ?? '' },
      ...readable,
    };
  });
}

/**
 * A record's change log, newest first, as people read it: field labels, money in the deal's currency,
 * stage labels, names of people and of the records the reader may open. The caller has already
 * checked that the reader may see the record.
 */
export async function listAuditEntries(
  db: Kysely<Database>,
  principal: Principal,
  target: { type: AuditedEntityType; id: number; childType?: AuditedEntityType },
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const before = decodeCursor(page.cursor, 1);
  const rows = await findAuditEntries(db, target, {
    limit: page.limit + 1,
    ...(before && { beforeId: Number(before[0]) }),
  });
  const page_ = toPage(
    rows,
    page.limit,
    (row) => row,
    (row) => [row.id],
  );
  const items = await toReadableEntries(
    db,
    principal,
    page_.items,
    target.type === 'opportunity' ? target.id : undefined,
  );
  return { items, nextCursor: page_.nextCursor };
}
