import type { Notification } from '../../core/contract/notifications.ts';
import type { NotificationRow } from './notification.repository.ts';

export function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    message: row.message,
    opportunityId: row.opportunity_id,
    opportunityNumber: row.opportunity_number,
    opportunityName: row.opportunity_name,
    isRead: row.read_at !== null,
    readAt: row.read_at,
    createdAt: row.created_at,
  };
}
