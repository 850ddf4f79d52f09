import type { Kysely } from 'kysely';
import type { ActivityCreate } from '../../core/contract/activities.ts';
import type { Principal } from '../../core/principal.ts';
import { recordAccess } from '../access/visible-record.ts';
import { createActivity } from '../activities/activity.service.ts';
import type { Database } from '../db/schema.ts';

const dayMs = 86_400_000;

function dateIn(days: number): string {
  return new Date(Date.now() + days * dayMs).toISOString().slice(0, 10);
}

/** One of a demo person's own deals: its id, whether it is still open, its client and primary contact. */
export type DemoActivityDeal = {
  opportunityId: number;
  open: boolean;
  clientId: number;
  contactId: number | null;
};

type Planned = Omit<ActivityCreate, 'entityType' | 'entityId'>;

/** What a working book has on an open deal, in turn: calls made, meetings ahead, tasks due and late. */
const onOpenDeal: readonly Planned[][] = [
  [
    { kind: 'call', subject: 'Discovery call: current setup and pain points', status: 'done' },
    { kind: 'task', subject: 'Send the sizing questionnaire', dueDate: dateIn(3) },
    {
      kind: 'note',
      subject: 'Budget approved for this fiscal year',
      body: 'The CFO signed off; procurement wants two quotes.',
    },
  ],
  [
    { kind: 'meeting', subject: 'Solution workshop with the IT team', dueDate: dateIn(6) },
    { kind: 'task', subject: 'Follow up on the reference customer request', dueDate: dateIn(-4) },
  ],
  [
    { kind: 'task', subject: 'Prepare the proposal draft', status: 'done' },
    { kind: 'call', subject: 'Check in on the evaluation', dueDate: dateIn(0) },
  ],
  [{ kind: 'task', subject: 'Confirm the decision timeline', dueDate: dateIn(-1) }],
];

/** A closed deal keeps its story: how it ended. */
const onClosedDeal: Planned = {
  kind: 'note',
  subject: 'Closing debrief',
  body: 'What worked, what did not, and who to call next year.',
};

/** Account-level work, on the client and its primary BPContact where the person's firm may add it. */
const onClient: Planned = {
  kind: 'note',
  subject: 'Account background',
  body: 'Head office moved last year; IT is run centrally from there.',
};
const onContact: readonly Planned[] = [
  { kind: 'call', subject: 'Introductory call', status: 'done' },
  { kind: 'meeting', subject: 'Quarterly business review', dueDate: dateIn(14) },
];

/**
 * The demo people's calls, meetings, tasks and notes (SPEC §8), written through the activity service
 * so its rules hold: on each of their own deals, and on the clients and BPContacts of their first
 * deals where their firm may add notes (a record they only read through a deal takes none). Some
 * tasks are due ahead, some overdue, some done, so every timeline and Activities panel has a story.
 */
export async function seedDemoActivities(
  db: Kysely<Database>,
  books: readonly { principal: Principal; deals: readonly DemoActivityDeal[] }[],
): Promise<void> {
  for (const { principal, deals } of books) {
    const add = (entityType: ActivityCreate['entityType'], entityId: number, planned: Planned) =>
      createActivity(db, principal, { entityType, entityId, ...planned });
    let openIndex = 0;
    const accountsDone = new Set<number>();
    for (const deal of deals) {
      if (!deal.open) {
        await add('opportunity', deal.opportunityId, onClosedDeal);
        continue;
      }
      for (const planned of onOpenDeal[openIndex % onOpenDeal.length] ?? []) {
        await add('opportunity', deal.opportunityId, planned);
      }
      if (openIndex < 2 && !accountsDone.has(deal.clientId)) {
        accountsDone.add(deal.clientId);
        if ((await recordAccess(db, principal, 'client', deal.clientId)) === 'full') {
          await add('client', deal.clientId, onClient);
        }
        if (
          deal.contactId !== null &&
          (await recordAccess(db, principal, 'contact', deal.contactId)) === 'full'
        ) {
          for (const planned of onContact) await add('contact', deal.contactId, planned);
        }
      }
      openIndex += 1;
    }
  }
}
