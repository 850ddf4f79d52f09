import type { Kysely, Updateable } from 'kysely';
import { canChangeActivity, canOwnActivity } from '../../core/activity-access.ts';
import {
  type Activity,
  type ActivityCreate,
  type ActivityEntityType,
  type ActivityListQuery,
  type ActivityParentQuery,
  type ActivityUpdate,
  type ClientTimelineQuery,
  defaultActivityStatus,
  timelineSources,
} from '../../core/contract/activities.ts';
import { canAddActivity } from '../../core/opportunity-access.ts';
import type { Principal } from '../../core/principal.ts';
import { isRecordVisible, recordAccess, recordTypeLabels } from '../access/visible-record.ts';
import {
  changedFields,
  listAuditEntries,
  recordCreate,
  recordDelete,
  recordUpdate,
} from '../audit/audit.service.ts';
import { findUserPrincipal } from '../auth/auth.repository.ts';
import { toPrincipal } from '../auth/auth.service.ts';
import { nowIso, todayIso } from '../clock.ts';
import { decodeCursor, toPage } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import { assertVersion, forbidden, notFound, validationError, versionConflict } from '../http/app-error.ts';
import {
  activityAccessFacts,
  activityAuditSnapshot,
  auditedActivityFields,
  toActivity,
} from './activity.mapper.ts';
import {
  type ActivityFilter,
  activityCursorValues,
  findVisibleActivities,
  findVisibleActivity,
  insertActivity,
  updateActivityRow,
} from './activity.repository.ts';
import type { ActivityTable } from './activity.table.ts';

export async function getActivity(db: Kysely<Database>, principal: Principal, id: number): Promise<Activity> {
  const row = await findVisibleActivity(db, principal, id);
  if (!row) throw notFound('Activity');
  return toActivity(row, principal, todayIso());
}

async function pageOfActivities(
  db: Kysely<Database>,
  principal: Principal,
  filter: ActivityFilter,
  query: Pick<ActivityParentQuery, 'sort' | 'limit' | 'cursor'>,
) {
  const { sort, limit, cursor } = query;
  const after = decodeCursor(cursor, 2);
  const rows = await findVisibleActivities(db, principal, {
    filter,
    sort,
    limit: limit + 1,
    ...(after && { after }),
  });
  const today = todayIso();
  return toPage(
    rows,
    limit,
    (row) => toActivity(row, principal, today),
    (row) => activityCursorValues(sort.field, sort.direction, row),
  );
}

function filterOf(
  query: Pick<ActivityParentQuery, 'kind' | 'status' | 'mine'> &
    Partial<Pick<ActivityParentQuery, 'dueFrom' | 'dueTo'>>,
  principal: Principal,
): ActivityFilter {
  return {
    kind: query.kind,
    status: query.status,
    dueFrom: query.dueFrom,
    dueTo: query.dueTo,
    ...(query.mine && { ownerId: principal.userId }),
  };
}

/** The Activities drawer of one record the caller can see (404 otherwise, like a read of the record). */
export async function listActivitiesOf(
  db: Kysely<Database>,
  principal: Principal,
  entityType: ActivityEntityType,
  entityId: number,
  query: ActivityParentQuery,
) {
  if (!(await isRecordVisible(db, principal, entityType, entityId)))
    throw notFound(recordTypeLabels[entityType]);
  return pageOfActivities(db, principal, { ...filterOf(query, principal), entityType, entityId }, query);
}

/**
 * One timeline per client (SPEC §8): the activities of the client, of its opportunities and of its
 * BPContacts, newest first, each by the visibility of the record it hangs on (a partner-private deal's
 * notes stay hidden from vendor staff off its team; another firm's notes on a shared client stay
 * theirs). Whoever may open the client may read its timeline; what they see in it is theirs alone.
 */
export async function listClientTimeline(
  db: Kysely<Database>,
  principal: Principal,
  clientId: number,
  query: ClientTimelineQuery,
) {
  if (!(await isRecordVisible(db, principal, 'client', clientId))) throw notFound('Client');
  const sources = query.source ?? timelineSources;
  return pageOfActivities(
    db,
    principal,
    { ...filterOf(query, principal), ofClient: { clientId, sources } },
    { sort: { field: 'createdAt', direction: 'desc' }, limit: query.limit, cursor: query.cursor },
  );
}

/**
 * With a record, its activities; without one, the caller's own (owner = me) on every record they can
 * still see: the "my activities" list of Home.
 */
export async function listActivities(db: Kysely<Database>, principal: Principal, query: ActivityListQuery) {
  const { entityType, entityId, sort, limit, cursor, ...rest } = query;
  if (entityType !== undefined && entityId !== undefined) {
    return listActivitiesOf(db, principal, entityType, entityId, { ...rest, sort, limit, cursor });
  }
  return pageOfActivities(
    db,
    principal,
    { ...filterOf(rest, principal), entityType, ownerId: principal.userId },
    { sort, limit, cursor },
  );
}

/**
 * An activity is given to someone who may work on the record: not a read-only reviewer, able to see
 * it, and, on clients and contacts (which other partners may share), of the caller's own firm (our choice).
 */
async function checkOwner(
  db: Kysely<Database>,
  principal: Principal,
  entityType: ActivityEntityType,
  entityId: number,
  ownerId: number,
) {
  if (ownerId === principal.userId) return;
  const row = await findUserPrincipal(db, ownerId);
  const owner = row ? toPrincipal(row) : undefined;
  const isWithinReach =
    owner !== undefined &&
    (entityType === 'opportunity' || principal.role === 'admin' || owner.firmId === principal.firmId);
  if (
    !owner ||
    !isWithinReach ||
    !canOwnActivity(owner) ||
    (await recordAccess(db, owner, entityType, entityId)) !== 'full'
  ) {
    throw validationError([
      {
        field: 'ownerId',
        message:
          entityType === 'opportunity'
            ? 'must be an active user who can work on this opportunity'
            : 'must be an active user of your firm who can work on this record',
      },
    ]);
  }
}

/** `completed_at` records when an activity became done, and is cleared if it is reopened or cancelled. */
function completionColumns(
  status: Activity['status'],
  previous: { status: Activity['status']; completedAt: string | null } | undefined,
  now: string,
): Pick<ActivityTable, 'completed_at'> {
  if (status !== 'done') return { completed_at: null };
  if (previous?.status === 'done') return { completed_at: previous.completedAt ?? now };
  return { completed_at: now };
}

/**
 * SPEC §2, §3: anyone who can see the record and is not a read-only reviewer adds activities and
 * notes to it; closed opportunities still take them.
 */
export async function createActivity(
  db: Kysely<Database>,
  principal: Principal,
  input: ActivityCreate,
): Promise<Activity> {
  return db.transaction().execute(async (trx) => {
    const access = await recordAccess(trx, principal, input.entityType, input.entityId);
    if (access === 'none') throw notFound(recordTypeLabels[input.entityType]);
    // A client or contact open to the caller only through a deal is theirs to read (SPEC §5); their
    // notes belong on that deal, where its team shares them.
    if (access === 'read') {
      throw forbidden(
        `You read this ${input.entityType} through an opportunity; add your notes to the opportunity`,
      );
    }
    if (!canAddActivity(principal, true)) throw forbidden('Your role cannot add activities or notes');
    const ownerId = input.ownerId ?? principal.userId;
    await checkOwner(trx, principal, input.entityType, input.entityId, ownerId);
    const status = input.status ?? defaultActivityStatus(input.kind);
    const now = nowIso();
    const id = await insertActivity(trx, {
      entity_type: input.entityType,
      entity_id: input.entityId,
      kind: input.kind,
      subject: input.subject,
      body: input.body ?? null,
      due_date: input.dueDate ?? null,
      status,
      ...completionColumns(status, undefined, now),
      owner_id: ownerId,
      created_by: principal.userId,
      firm_id: principal.firmId,
      created_at: now,
      updated_at: now,
    });
    const activity = await getActivity(trx, principal, id);
    await recordCreate(
      trx,
      { type: 'activity', id, userId: principal.userId, at: now },
      activityAuditSnapshot(activity),
    );
    return activity;
  });
}

function activityColumns(input: ActivityUpdate): Updateable<ActivityTable> {
  const columns: Updateable<ActivityTable> = {};
  if (input.kind !== undefined) columns.kind = input.kind;
  if (input.subject !== undefined) columns.subject = input.subject;
  if (input.body !== undefined) columns.body = input.body;
  if (input.dueDate !== undefined) columns.due_date = input.dueDate;
  if (input.status !== undefined) columns.status = input.status;
  if (input.ownerId !== undefined) columns.owner_id = input.ownerId;
  return columns;
}

/** "Load it, check access, check the version" for a change to an activity: 404, 403, 409. */
async function loadActivityForChange(options: {
  trx: Kysely<Database>;
  principal: Principal;
  id: number;
  expectedVersion: number | undefined;
  action: 'change' | 'delete';
}) {
  const { trx, principal, id, expectedVersion, action } = options;
  const row = await findVisibleActivity(trx, principal, id);
  if (!row) throw notFound('Activity');
  const current = toActivity(row, principal, todayIso());
  if (!canChangeActivity(principal, activityAccessFacts(row))) {
    throw forbidden(
      `Only the person who wrote or owns this activity, their manager or an administrator can ${action} it`,
    );
  }
  assertVersion(current, expectedVersion, { current: () => current });
  return current;
}

export async function updateActivity(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
  input: ActivityUpdate,
): Promise<Activity> {
  return db.transaction().execute(async (trx) => {
    const current = await loadActivityForChange({ trx, principal, id, expectedVersion, action: 'change' });
    if (input.ownerId !== undefined && input.ownerId !== current.ownerId) {
      await checkOwner(trx, principal, current.entityType, current.entityId, input.ownerId);
    }
    const before = activityAuditSnapshot(current);
    if (changedFields(before, { ...before, ...input }, auditedActivityFields).length === 0) return current;
    const now = nowIso();
    const status = input.status ?? current.status;
    const updated = await updateActivityRow(trx, id, current.version, {
      ...activityColumns(input),
      ...completionColumns(status, current, now),
      updated_at: now,
    });
    if (!updated) throw versionConflict({ currentVersion: current.version, current });
    const activity = await getActivity(trx, principal, id);
    await recordUpdate(
      trx,
      { type: 'activity', id, userId: principal.userId, at: now },
      before,
      activityAuditSnapshot(activity),
      auditedActivityFields,
    );
    return activity;
  });
}

/** Soft delete: the activity disappears from every list and read, and its history stays. */
export async function deleteActivity(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await loadActivityForChange({ trx, principal, id, expectedVersion, action: 'delete' });
    const now = nowIso();
    const deleted = await updateActivityRow(trx, id, current.version, { deleted_at: now, updated_at: now });
    if (!deleted) throw versionConflict({ currentVersion: current.version, current });
    await recordDelete(
      trx,
      { type: 'activity', id, userId: principal.userId, at: now },
      activityAuditSnapshot(current),
    );
  });
}

export async function listActivityChanges(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  page: { limit: number; cursor?: string | undefined },
) {
  if (!(await findVisibleActivity(db, principal, id))) throw notFound('Activity');
  return listAuditEntries(db, principal, { type: 'activity', id }, page);
}
