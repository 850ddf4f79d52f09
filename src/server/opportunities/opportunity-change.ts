import type { Kysely } from 'kysely';
import { assertNever } from '../../core/assert.ts';
import {
  canAnswerPass,
  canEditOpportunity,
  canPassOpportunity,
  canReopenOpportunity,
} from '../../core/opportunity-access.ts';
import type { Principal } from '../../core/principal.ts';
import type { Database } from '../db/schema.ts';
import { AppError, assertVersion, forbidden, notFound } from '../http/app-error.ts';
import { opportunityAccessFacts, toOpportunity } from './opportunity.mapper.ts';
import { findVisibleOpportunityForChange, type OpportunityRow } from './opportunity.repository.ts';
import { mapContext, type OpportunityEnvironment } from './opportunity-state.ts';

/** A part of an open opportunity its editors change (the 403 and 422 name it). */
export type OpportunityPart = 'details' | 'line items' | 'sales team' | 'BPContacts';

/** What a change does to an opportunity: each has its access rule and its answer to a stale version. */
export type OpportunityAction =
  | OpportunityPart
  | 'delete'
  | 'move'
  | 'reopen'
  | 'pass'
  | 'accept'
  | 'decline';

/** Editors change an open opportunity's parts: 403 for the caller who may only see it, 422 once closed. */
export function requireEditable(principal: Principal, row: OpportunityRow, what: OpportunityPart): void {
  if (!canEditOpportunity(principal, opportunityAccessFacts(row))) {
    throw forbidden(`You may see this opportunity but not change its ${what}`);
  }
  if (row.outcome !== 'open') {
    throw new AppError('UNPROCESSABLE', `The opportunity is closed; reopen it to change its ${what}`);
  }
}

function requireAllowed(principal: Principal, row: OpportunityRow, action: OpportunityAction): void {
  switch (action) {
    case 'details':
    case 'line items':
    case 'sales team':
    case 'BPContacts':
      requireEditable(principal, row, action);
      return;
    case 'delete': {
      const mayDelete =
        principal.role === 'admin' ||
        // A pass waiting in the firm's inbox is accepted or declined there, not deleted.
        (principal.role === 'manager' &&
          row.owner_firm_id === principal.firmId &&
          row.pass_status !== 'pending') ||
        (row.owner_id === principal.userId && row.outcome === 'open' && row.pass_status === null);
      if (!mayDelete) {
        throw forbidden(
          'Only the owner (while open) or a manager of the owning firm can delete this opportunity',
        );
      }
      return;
    }
    case 'move':
    case 'reopen': {
      const facts = opportunityAccessFacts(row);
      if (
        action === 'reopen' ? !canReopenOpportunity(principal, facts) : !canEditOpportunity(principal, facts)
      ) {
        throw forbidden(
          action === 'reopen'
            ? 'Only the owner or a manager of the owning firm can reopen this opportunity'
            : 'You may see this opportunity but not move it',
        );
      }
      if (row.pass_status === 'pending' && principal.firmKind !== 'vendor') {
        throw forbidden('Accept the passed opportunity before working on it');
      }
      return;
    }
    case 'pass':
      if (!canPassOpportunity(principal, opportunityAccessFacts(row))) {
        throw forbidden(
          row.pass_status === 'pending' || row.pass_status === 'accepted'
            ? 'This opportunity has already been passed'
            : 'Only a vendor rep working on this opportunity can pass it',
        );
      }
      return;
    case 'accept':
    case 'decline':
      if (!canAnswerPass(principal, opportunityAccessFacts(row))) {
        throw forbidden(
          row.pass_status === 'pending'
            ? `Only a manager of the receiving firm can ${action} this opportunity`
            : 'This opportunity is not waiting to be accepted',
        );
      }
      return;
    default:
      assertNever(action, 'opportunity action');
  }
}

/**
 * What a caller whose version of the deal is stale is told, by action (SPEC §9.1). Line items are
 * checked against the line's own version (loadLineItemForChange); the BPContacts of a deal answer
 * a stale If-Match with their own 400 (replaceContactsOfOpportunity).
 */
const conflictAnswers: Record<OpportunityAction, { message: string; withCurrent: boolean }> = {
  details: {
    message:
      'The opportunity was changed by someone else since you loaded it; nothing was saved. Reload to see the change.',
    withCurrent: true,
  },
  'line items': {
    message: 'The opportunity was changed by someone else; reload and try again',
    withCurrent: true,
  },
  'sales team': {
    message: 'The opportunity was changed by someone else; reload and try again',
    withCurrent: false,
  },
  BPContacts: {
    message: 'The opportunity was changed by someone else; reload and try again',
    withCurrent: true,
  },
  delete: { message: 'The opportunity was changed by someone else; nothing was deleted', withCurrent: false },
  move: { message: 'The opportunity was changed by someone else; reload and try again', withCurrent: true },
  reopen: { message: 'The opportunity was changed by someone else; reload and try again', withCurrent: true },
  // A pass and its answer take no If-Match today (expectedVersion undefined): the same as a move.
  pass: { message: 'The opportunity was changed by someone else; reload and try again', withCurrent: true },
  accept: { message: 'The opportunity was changed by someone else; reload and try again', withCurrent: true },
  decline: {
    message: 'The opportunity was changed by someone else; reload and try again',
    withCurrent: true,
  },
};

export const opportunityDeletedConflict = conflictAnswers.delete.message;

/**
 * "Load it, check access, check the version" for every change to an opportunity: locks the deal
 * (PostgreSQL) and reads it as the caller sees it (404 when they may not), refuses the action the
 * caller may not take (403, or 422 for a closed deal's parts), then compares `expectedVersion`
 * (If-Match) with the deal's version (409). `action` may be decided from the locked row (a stage
 * move that reopens); it runs after the 404 and before the access check.
 */
export async function loadOpportunityForChange(options: {
  trx: Kysely<Database>;
  principal: Principal;
  id: number;
  expectedVersion: number | undefined;
  action: OpportunityAction | ((row: OpportunityRow) => OpportunityAction);
  environment: OpportunityEnvironment;
}): Promise<OpportunityRow> {
  const { trx, principal, id, expectedVersion, environment } = options;
  const row = await findVisibleOpportunityForChange(trx, principal, id);
  if (!row) throw notFound('Opportunity');
  const action = typeof options.action === 'function' ? options.action(row) : options.action;
  requireAllowed(principal, row, action);
  const answer = conflictAnswers[action];
  assertVersion(row, expectedVersion, {
    message: answer.message,
    ...(answer.withCurrent && { current: () => toOpportunity(row, mapContext(principal, environment)) }),
  });
  return row;
}
