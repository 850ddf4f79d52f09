import { expect } from 'vitest';
import type { TestContext, TestFirm, TestUser } from './test-app.ts';

/**
 * Small factories for the report tests: a partner firm with its people, and deals built through
 * the public API. Expected reporting-currency figures are computed here from the starting rates
 * (USD per unit) with exact integer arithmetic, independently of the server's conversion code.
 */

const usdPerUnit: Record<string, readonly [bigint, bigint]> = {
  USD: [1n, 1n],
  EUR: [108n, 100n],
  JPY: [67n, 10_000n],
  CHF: [113n, 100n],
};
const minorDigits: Record<string, number> = { USD: 2, EUR: 2, JPY: 0, CHF: 2 };

function roundHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

/** An amount in minor units of `currency` as US cents, at the starting rate. */
export function usdCents(amountMinor: number, currency: string): number {
  const [usd, per] = usdPerUnit[currency]!;
  return roundHalfUp(BigInt(amountMinor) * usd * 100n, per * 10n ** BigInt(minorDigits[currency]!));
}

export function weightedCents(cents: number, probability: number): number {
  return roundHalfUp(BigInt(cents) * BigInt(probability), 100n);
}

/** US cents shown in another currency at its starting rate. */
export function fromUsdCents(cents: number, currency: string): number {
  const [usd, per] = usdPerUnit[currency]!;
  return roundHalfUp(BigInt(cents) * per * 10n ** BigInt(minorDigits[currency]!), usd * 100n);
}

export type PartnerTeam = {
  firm: TestFirm;
  seller: TestUser;
  colleague: TestUser;
  manager: TestUser;
  contactId: number;
};

export async function createPartnerTeam(
  t: TestContext,
  clientId: number,
  name?: string,
): Promise<PartnerTeam> {
  const firm = await t.firm(name ? { name } : {});
  const seller = await t.user({ firm, role: 'seller' });
  const colleague = await t.user({ firm, role: 'seller' });
  const manager = await t.user({ firm, role: 'manager' });
  const contact = await seller.post('/api/v1/contacts', { clientId, firstName: 'Dana', lastName: 'Decider' });
  expect(contact.statusCode, contact.body).toBe(201);
  return { firm, seller, colleague, manager, contactId: contact.data.id };
}

export type DealInput = {
  name?: string;
  clientId: number;
  contactId?: number;
  stage?: string;
  currency?: string;
  decisionDate?: string;
  /** One priced and dated line (so every gate up to Propose can pass). */
  unitPriceMinor?: number;
  quantity?: number;
  /** An estimate without line items. */
  amountMinor?: number;
  partnerPrivate?: boolean;
  /** The distributor the deal names: its people may then be on the team (SPEC §5). */
  distributorFirmId?: number;
  team?: { userId: number; access?: 'read' | 'edit' }[];
};

let dealCounter = 0;

export async function createDeal(user: TestUser, input: DealInput) {
  dealCounter += 1;
  const decisionDate = input.decisionDate ?? '2027-03-15';
  const body: Record<string, unknown> = {
    name: input.name ?? `Deal ${dealCounter}`,
    clientId: input.clientId,
    stage: input.stage ?? 'identify',
    currency: input.currency ?? 'USD',
    decisionDate,
  };
  if (input.contactId !== undefined) body.primaryContactId = input.contactId;
  if (input.partnerPrivate !== undefined) body.partnerPrivate = input.partnerPrivate;
  if (input.distributorFirmId !== undefined) body.distributorFirmId = input.distributorFirmId;
  if (input.team) body.team = input.team;
  if (input.amountMinor !== undefined) body.amountMinor = input.amountMinor;
  if (input.unitPriceMinor !== undefined) {
    body.lineItems = [
      {
        description: 'Servers and services',
        quantity: input.quantity ?? 1,
        unitPriceMinor: input.unitPriceMinor,
        decisionDate,
      },
    ];
  }
  const response = await user.post('/api/v1/opportunities', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.data;
}

export async function moveDeal(
  user: TestUser,
  id: number,
  stage: string,
  extra: { note?: string; reason?: string; competitor?: string } = {},
) {
  const response = await user.post(`/api/v1/opportunities/${id}/stage`, { stage, ...extra });
  expect(response.statusCode, response.body).toBe(200);
  return response.data;
}
