import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import { assertNever } from '../../core/assert.ts';
import type {
  ActivityEntityType,
  ActivityKind,
  ActivitySortField,
  ActivityStatus,
  TimelineSource,
} from '../../core/contract/activities.ts';
import type { Principal } from '../../core/principal.ts';
import { visibleActivities } from '../access/visibility.ts';
import { keysetAfter, type SortDirection } from '../db/keyset.ts';
import type { CursorValue } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import type { ActivityTable } from './activity.table.ts';

/** Activities as the caller sees them: only those on records they can see, with people and the record's name. */
function selectVisibleActivities(db: Kysely<Database>, principal: Principal) {
  return db
    .selectFrom('activities')
    .innerJoin('users as owner', 'owner.id', 'activities.owner_id')
    .innerJoin('users as creator', 'creator.id', 'activities.created_by')
    .leftJoin('clients as parent_client', (join) =>
      join.onRef('parent_client.id', '=', 'activities.entity_id').on('activities.entity_type', '=', 'client'),
    )
    .leftJoin('contacts as parent_contact', (join) =>
      join
        .onRef('parent_contact.id', '=', 'activities.entity_id')
        .on('activities.entity_type', '=', 'contact'),
    )
    .leftJoin('opportunities as parent_opportunity', (join) =>
      join
        .onRef('parent_opportunity.id', '=', 'activities.entity_id')
        .on('activities.entity_type', '=', 'opportunity'),
    )
    .selectAll('activities')
    .select([
      'owner.name as owner_name',
      'owner.firm_id as owner_firm_id',
      'creator.name as created_by_name',
      'creator.firm_id as creator_firm_id',
      'parent_client.name as parent_client_name',
      'parent_contact.first_name as parent_contact_first_name',
      'parent_contact.last_name as parent_contact_last_name',
      'parent_opportunity.number as parent_opportunity_number',
      'parent_opportunity.name as parent_opportunity_name',
    ])
    .where(visibleActivities(principal));
}

export type ActivityRow = NonNullable<Awaited<ReturnType<typeof findVisibleActivity>>>;

export async function findVisibleActivity(db: Kysely<Database>, principal: Principal, id: number) {
  return selectVisibleActivities(db, principal).where('activities.id', '=', id).executeTakeFirst();
}

/** Undated activities sort after dated ones in either direction. */
function undatedSortValue(direction: SortDirection): string {
  return direction === 'asc' ? '9999-12-31' : '0000-01-01';
}

export function activitySortKeys(field: ActivitySortField, direction: SortDirection): Expression<unknown>[] {
  const id = sql.ref('activities.id');
  switch (field) {
    case 'createdAt':
      return [sql.ref('activities.created_at'), id];
    case 'dueDate':
      return [sql`coalesce(activities.due_date, ${sql.lit(undatedSortValue(direction))})`, id];
  }
}

export function activityCursorValues(
  field: ActivitySortField,
  direction: SortDirection,
  row: ActivityRow,
): CursorValue[] {
  switch (field) {
    case 'createdAt':
      return [row.created_at, row.id];
    case 'dueDate':
      return [row.due_date ?? undatedSortValue(direction), row.id];
  }
}

export type ActivityFilter = {
  entityType?: ActivityEntityType | undefined;
  entityId?: number | undefined;
  kind?: ActivityKind[] | undefined;
  status?: ActivityStatus[] | undefined;
  ownerId?: number | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** A client's timeline: its own activities and those of its opportunities and BPContacts. */
  ofClient?: { clientId: number; sources: readonly TimelineSource[] } | undefined;
};

/**
 * The activities of a client and of the deals and BPContacts of that client, as one set of ids read
 * from the records' side: the client's deals (by `client_id`) joined to their activities (by record
 * key), and the same for its BPContacts. Each part is an index lookup, so a client with thousands of
 * deals costs one probe per deal whatever the size of the whole table, and PostgreSQL plans it as a
 * join rather than testing every activity row. Visibility is still the one predicate
 * (`visibleActivities`) every activity query uses, applied to these rows only.
 */
function ofClient(clientId: number, sources: readonly TimelineSource[]) {
  return (eb: ExpressionBuilder<Database, 'activities'>): Expression<SqlBool> => {
    // One row type for the union: each part selects one activity id, from its own aliases.
    type IdsOfActivities = SelectQueryBuilder<Database, 'activities', { id: number }>;
    const parts = sources.map((source): IdsOfActivities => {
      switch (source) {
        case 'client':
          return eb
            .selectFrom('activities as own')
            .select('own.id')
            .where('own.entity_type', '=', 'client')
            .where('own.entity_id', '=', clientId) as unknown as IdsOfActivities;
        case 'opportunities':
          return eb
            .selectFrom('opportunities as deal')
            .innerJoin('activities as on_deal', (join) =>
              join.onRef('on_deal.entity_id', '=', 'deal.id').on('on_deal.entity_type', '=', 'opportunity'),
            )
            .select('on_deal.id')
            .where('deal.client_id', '=', clientId) as unknown as IdsOfActivities;
        case 'contacts':
          return eb
            .selectFrom('contacts as person')
            .innerJoin('activities as on_person', (join) =>
              join.onRef('on_person.entity_id', '=', 'person.id').on('on_person.entity_type', '=', 'contact'),
            )
            .select('on_person.id')
            .where('person.client_id', '=', clientId) as unknown as IdsOfActivities;
        default:
          return assertNever(source, 'timeline source');
      }
    });
    const [first, ...rest] = parts;
    if (!first) return sql<SqlBool>`1 = 0`;
    return eb(
      'activities.id',
      'in',
      rest.reduce((union, part) => union.unionAll(part), first),
    );
  };
}

function filterActivities(filter: ActivityFilter) {
  return (eb: ExpressionBuilder<Database, 'activities'>): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [];
    if (filter.entityType !== undefined)
      conditions.push(eb('activities.entity_type', '=', filter.entityType));
    if (filter.entityId !== undefined) conditions.push(eb('activities.entity_id', '=', filter.entityId));
    if (filter.kind !== undefined) conditions.push(eb('activities.kind', 'in', filter.kind));
    if (filter.status !== undefined) conditions.push(eb('activities.status', 'in', filter.status));
    if (filter.ownerId !== undefined) conditions.push(eb('activities.owner_id', '=', filter.ownerId));
    if (filter.dueFrom !== undefined) conditions.push(eb('activities.due_date', '>=', filter.dueFrom));
    if (filter.dueTo !== undefined) conditions.push(eb('activities.due_date', '<=', filter.dueTo));
    if (filter.ofClient !== undefined) {
      conditions.push(ofClient(filter.ofClient.clientId, filter.ofClient.sources)(eb));
    }
    return eb.and(conditions);
  };
}

export async function findVisibleActivities(
  db: Kysely<Database>,
  principal: Principal,
  options: {
    filter: ActivityFilter;
    sort: { field: ActivitySortField; direction: SortDirection };
    after?: CursorValue[];
    limit: number;
  },
): Promise<ActivityRow[]> {
  const { direction } = options.sort;
  const keys = activitySortKeys(options.sort.field, direction);
  let query = selectVisibleActivities(db, principal).where(filterActivities(options.filter));
  if (options.after) query = query.where(keysetAfter(keys, options.after, direction));
  for (const key of keys) query = query.orderBy(key, direction);
  return query.limit(options.limit).execute();
}

export async function insertActivity(
  db: Kysely<Database>,
  values: Insertable<ActivityTable>,
): Promise<number> {
  const row = await db.insertInto('activities').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateActivityRow(
  db: Kysely<Database>,
  id: number,
  version: number,
  values: Updateable<ActivityTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('activities')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
