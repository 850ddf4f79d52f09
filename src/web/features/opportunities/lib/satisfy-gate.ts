import { contactSchema } from '../../../../core/contract/contacts.ts';
import { lineItemSchema } from '../../../../core/contract/line-items.ts';
import { type Opportunity, opportunitySchema } from '../../../../core/contract/opportunities.ts';
import { api } from '../../../api/client.ts';

/** What the gate panel asks the server to save before it moves the deal. */
export type GateAnswers = {
  opportunityId: number;
  /** The version the panel was filled against: a change by someone else meanwhile is refused (409). */
  version: number;
  stage: string;
  primaryContact:
    | { id: number; name: string }
    | { newContact: { firstName: string; lastName: string } }
    | null;
  clientId: number;
  decisionDate: string | null;
  lines: { id: number; version: number; label: string; unitPriceMinor?: number; decisionDate?: string }[];
  newLine: {
    description: string;
    quantity: number;
    unitPriceMinor: number;
    decisionDate: string | null;
  } | null;
};

/** Raised when a step fails: what was saved before it, so the panel can say so (nothing half-written silently). */
export class GateSaveError extends Error {
  readonly saved: string[];
  readonly step: string;
  override readonly cause: unknown;

  constructor(step: string, saved: string[], cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'GateSaveError';
    this.step = step;
    this.saved = saved;
    this.cause = cause;
  }
}

/**
 * Saves what the panel filled in, through the same endpoints as the overview's own forms (so every
 * rule and audit entry applies), then asks for the stage move, which the server checks against the
 * gates (SPEC §3). Steps run in order; a failure stops there and reports what had been saved.
 */
export async function saveAnswersAndMove(answers: GateAnswers): Promise<Opportunity> {
  const saved: string[] = [];
  let step = '';
  try {
    let version = answers.version;
    const details: { primaryContactId?: number; decisionDate?: string } = {};
    let contactName: string | null = null;
    if (answers.primaryContact && 'newContact' in answers.primaryContact) {
      step = 'the new BPContact';
      const { firstName, lastName } = answers.primaryContact.newContact;
      const contact = await api.post('/contacts', contactSchema, {
        clientId: answers.clientId,
        lastName,
        ...(firstName && { firstName }),
      });
      saved.push(`new BPContact ${contact.fullName}`);
      details.primaryContactId = contact.id;
      contactName = contact.fullName;
    } else if (answers.primaryContact) {
      details.primaryContactId = answers.primaryContact.id;
      contactName = answers.primaryContact.name;
    }
    if (answers.decisionDate) details.decisionDate = answers.decisionDate;
    if (Object.keys(details).length > 0) {
      step = contactName ? 'the primary BPContact' : 'the decision date';
      const opportunity = await api.patch(
        `/opportunities/${answers.opportunityId}`,
        opportunitySchema,
        details,
        {
          ifMatch: version,
        },
      );
      version = opportunity.version;
      if (contactName) saved.push(`primary BPContact ${contactName}`);
      if (details.decisionDate) saved.push(`decision date ${details.decisionDate}`);
    }
    for (const line of answers.lines) {
      step = `line “${line.label}”`;
      const body = {
        ...(line.unitPriceMinor !== undefined && { unitPriceMinor: line.unitPriceMinor }),
        ...(line.decisionDate !== undefined && { decisionDate: line.decisionDate }),
      };
      await api.patch(`/line-items/${line.id}`, lineItemSchema, body, { ifMatch: line.version });
      saved.push(`line “${line.label}”`);
    }
    if (answers.newLine) {
      step = `new line “${answers.newLine.description}”`;
      await api.post(`/opportunities/${answers.opportunityId}/line-items`, lineItemSchema, {
        description: answers.newLine.description,
        quantity: answers.newLine.quantity,
        unitPriceMinor: answers.newLine.unitPriceMinor,
        ...(answers.newLine.decisionDate && { decisionDate: answers.newLine.decisionDate }),
      });
      saved.push(`new line “${answers.newLine.description}”`);
    }
    if (answers.lines.length > 0 || answers.newLine) {
      // Line items roll up into the deal and so change its version: read the one they left.
      version = (await api.get(`/opportunities/${answers.opportunityId}`, opportunitySchema)).version;
    }
    step = 'the stage';
    return await api.post(
      `/opportunities/${answers.opportunityId}/stage`,
      opportunitySchema,
      { stage: answers.stage },
      { ifMatch: version },
    );
  } catch (error) {
    throw new GateSaveError(step, saved, error);
  }
}
