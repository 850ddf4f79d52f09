import { type ActivityAccessFacts, canChangeActivity } from '../../core/activity-access.ts';
import type { Activity } from '../../core/contract/activities.ts';
import { formatContactName } from '../../core/contract/contacts.ts';
import type { Principal } from '../../core/principal.ts';
import type { ActivityRow } from './activity.repository.ts';

export function activityAccessFacts(row: ActivityRow): ActivityAccessFacts {
  return {
    createdBy: row.created_by,
    creatorFirmId: row.creator_firm_id,
    ownerId: row.owner_id,
    ownerFirmId: row.owner_firm_id,
  };
}

function entityTitle(row: ActivityRow): string {
  switch (row.entity_type) {
    case 'client':
      return row.parent_client_name ?? '';
    case 'contact':
      return row.parent_contact_last_name === null
        ? ''
        : formatContactName({
            firstName: row.parent_contact_first_name,
            lastName: row.parent_contact_last_name,
          });
    case 'opportunity':
      return [row.parent_opportunity_number, row.parent_opportunity_name].filter(Boolean).join(' ');
  }
}

export function toActivity(row: ActivityRow, principal: Principal, today: string): Activity {
  return {
    id: row.id,
    entityType: row.entity_type,
    entityId: row.entity_id,
    entityTitle: entityTitle(row),
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    dueDate: row.due_date,
    status: row.status,
    isOverdue: row.status === 'open' && row.due_date !== null && row.due_date < today,
    completedAt: row.completed_at,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    createdBy: { id: row.created_by, name: row.created_by_name },
    canEdit: canChangeActivity(principal, activityAccessFacts(row)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** The fields the change log follows, as the API names them. */
export const auditedActivityFields = ['kind', 'subject', 'body', 'dueDate', 'status', 'ownerId'] as const;

export function activityAuditSnapshot(activity: Activity): Record<string, unknown> {
  return {
    entityType: activity.entityType,
    entityId: activity.entityId,
    ...Object.fromEntries(auditedActivityFields.map((field) => [field, activity[field]])),
  };
}
