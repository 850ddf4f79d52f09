import type { OpportunityDefaults } from './contract/defaults.ts';
import type { OpportunityCreate } from './contract/opportunities.ts';

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

/**
 * SPEC §7: a new opportunity decides in about a quarter unless told otherwise (our choice): when
 * neither the caller nor the user's defaults give a decision date, it is this many days after creation.
 */
export const defaultDecisionDays = 90;

/** The decision date a new opportunity created on `today` gets: the user's default days, else 90. */
export function defaultDecisionDate(
  today: string,
  defaults: Pick<OpportunityDefaults, 'decisionDateDays'> | null | undefined,
): string {
  return addDays(today, defaults?.decisionDateDays ?? defaultDecisionDays);
}

export type DefaultContext = {
  today: string;
  /** The distributor recorded on the caller's firm, offered when the user has no default of their own (SPEC §1). */
  firmDistributorId: number | null;
};

/**
 * SPEC §7: prefill a new opportunity from the user's defaults. A default fills a field only when the
 * caller left it out; anything sent, null included, stands. The decision date is always filled
 * (`defaultDecisionDate`). The server applies it to what is posted, the new-opportunity form to an
 * empty form, so the form shows what the server would do.
 */
export function applyOpportunityDefaults(
  input: OpportunityCreate,
  defaults: OpportunityDefaults | null,
  context: DefaultContext,
): OpportunityCreate & { decisionDate: string } {
  const result = {
    ...input,
    decisionDate: input.decisionDate ?? defaultDecisionDate(context.today, defaults),
  };
  if (result.currency === undefined && defaults?.currency) result.currency = defaults.currency;
  if (result.stage === undefined && defaults?.stage) result.stage = defaults.stage;
  if (result.partnerPrivate === undefined && defaults?.partnerPrivate != null)
    result.partnerPrivate = defaults.partnerPrivate;
  if (result.distributorFirmId === undefined) {
    const distributor = defaults?.distributorFirmId ?? context.firmDistributorId;
    if (distributor != null) result.distributorFirmId = distributor;
  }
  if (result.resellerFirmId === undefined && defaults?.resellerFirmId != null)
    result.resellerFirmId = defaults.resellerFirmId;
  if (result.leadSource === undefined && defaults?.leadSource) result.leadSource = defaults.leadSource;
  if (result.team === undefined && defaults && defaults.team.length > 0) {
    result.team = defaults.team.map((member) => ({
      userId: member.userId,
      role: member.role,
      access: member.access,
    }));
  }
  if (defaults?.productId != null) {
    // An explicit amount is an estimate without line items: the default product must not turn it into one.
    if (result.lineItems === undefined && result.amountMinor === undefined) {
      result.lineItems = [{ productId: defaults.productId }];
    } else if (
      result.lineItems &&
      result.lineItems.length > 0 &&
      result.lineItems[0]?.productId === undefined
    ) {
      const [first, ...rest] = result.lineItems;
      result.lineItems = [{ ...first, productId: defaults.productId }, ...rest];
    }
  }
  return result;
}
