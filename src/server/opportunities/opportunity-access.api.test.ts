import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

/**
 * SPEC §5 written once as a table, independent of the code under test: for each person and each
 * kind of opportunity, whether they see it (read) and may change it (edit). Every action's expected
 * answer follows from it: unseen → 404, seen but not editable → 403, editable but closed → 422.
 */
type Access = 'none' | 'read' | 'edit';
const cases = ['own', 'teamRead', 'teamEdit', 'private', 'privateTeam', 'pendingPass', 'closed'] as const;
type Case = (typeof cases)[number];
const actors = [
  'owner',
  'colleague',
  'manager',
  'otherSeller',
  'otherManager',
  'distributorSeller',
  'vendorRep',
  'reviewer',
  'admin',
] as const;
type Actor = (typeof actors)[number];

const N: Access = 'none';
const R: Access = 'read';
const E: Access = 'edit';
//                         own teamRead teamEdit private privateTeam pendingPass closed
const expected: Record<Actor, Record<Case, Access>> = {
  owner: row(E, E, E, E, E, N, E),
  colleague: row(N, N, N, N, N, N, N),
  manager: row(E, E, E, E, E, R, E),
  otherSeller: row(N, N, N, N, N, N, N),
  otherManager: row(N, N, N, N, N, N, N),
  distributorSeller: row(N, R, E, N, N, N, N),
  vendorRep: row(R, R, E, N, R, E, R),
  reviewer: row(R, R, R, N, N, R, R),
  admin: row(E, E, E, E, E, E, E),
};

function row(...access: Access[]): Record<Case, Access> {
  return Object.fromEntries(cases.map((each, index) => [each, access[index]])) as Record<Case, Access>;
}

describe.each(engines)('opportunity access matrix on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;
  const ids = {} as Record<Case, number>;
  const names = {} as Record<Case, string>;
  let people: Record<Actor, TestUser>;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
    people = {
      owner: w.seller,
      colleague: w.colleague,
      manager: w.manager,
      otherSeller: w.otherSeller,
      otherManager: w.otherManager,
      distributorSeller: w.distributorSeller,
      vendorRep: w.vendorRep,
      reviewer: w.reviewer,
      admin: w.admin,
    };
    const make = async (key: Case, extra: Record<string, unknown>, by: TestUser = w.seller) => {
      names[key] = `Matrix ${key} deal`;
      const start = by === w.vendorRep ? { clientId: w.clientId } : { contactId: w.contactId };
      const response = await by.post('/api/v1/opportunities', { name: names[key], ...start, ...extra });
      expect(response.statusCode, response.body).toBe(201);
      ids[key] = response.data.id;
    };
    await make('own', {});
    await make('teamRead', {
      distributorFirmId: w.distributor.id,
      team: [
        { userId: w.distributorSeller.id, access: 'read' },
        { userId: w.vendorRep.id, access: 'read' },
      ],
    });
    await make('teamEdit', {
      distributorFirmId: w.distributor.id,
      team: [
        { userId: w.distributorSeller.id, access: 'edit' },
        { userId: w.vendorRep.id, access: 'edit' },
        { userId: w.reviewer.id, access: 'edit' },
      ],
    });
    await make('private', { partnerPrivate: true });
    await make('privateTeam', { partnerPrivate: true, team: [{ userId: w.vendorRep.id, access: 'read' }] });
    await make('pendingPass', {}, w.vendorRep);
    expect(
      (await w.vendorRep.post(`/api/v1/opportunities/${ids.pendingPass}/pass`, { firmId: w.partner.id }))
        .statusCode,
    ).toBe(200);
    await make('closed', {});
    const closed = await w.seller.post(`/api/v1/opportunities/${ids.closed}/stage`, {
      stage: 'lost',
      competitor: 'Globex',
      note: 'lost',
    });
    expect(closed.statusCode).toBe(200);
  });
  afterAll(() => t.close());

  const combinations = actors.flatMap((actor) => cases.map((each) => [actor, each] as const));

  it.each(combinations)('%s and the %s opportunity', async (actor, each) => {
    const user = people[actor];
    const access = expected[actor][each];
    const id = ids[each];
    const readStatus = access === 'none' ? 404 : 200;
    const changeStatus = access === 'none' ? 404 : access === 'read' ? 403 : each === 'closed' ? 422 : 200;

    expect((await user.get(`/api/v1/opportunities/${id}`)).statusCode, 'read').toBe(readStatus);
    expect((await user.get(`/api/v1/opportunities/${id}/history`)).statusCode, 'history').toBe(readStatus);
    expect((await user.get(`/api/v1/opportunities/${id}/line-items`)).statusCode, 'line items').toBe(
      readStatus,
    );
    expect((await user.get(`/api/v1/opportunities/${id}/team`)).statusCode, 'team').toBe(readStatus);

    const listed = await user.get(`/api/v1/opportunities?q=${encodeURIComponent(names[each])}&limit=200`);
    expect(
      listed.data.items.some((item: { id: number }) => item.id === id),
      'list',
    ).toBe(access !== 'none');
    const searched = await user.get(`/api/v1/search?q=${encodeURIComponent(names[each])}&types=opportunity`);
    if (searched.data.items.length > 0 || access === 'none') {
      expect(
        searched.data.items.some((item: { id: number }) => item.id === id),
        'search',
      ).toBe(access !== 'none');
    }

    const patch = await user.patch(`/api/v1/opportunities/${id}`, { nextStep: `by ${actor}` });
    expect(patch.statusCode, 'edit').toBe(changeStatus);
    const line = await user.post(`/api/v1/opportunities/${id}/line-items`, {
      description: `line by ${actor}`,
      amountMinor: 100,
    });
    expect(line.statusCode, 'line item').toBe(changeStatus === 200 ? 201 : changeStatus);
    const team = await user.get(`/api/v1/opportunities/${id}/team`);
    if (access !== 'none') {
      const members = team.data.items.map(
        (member: { userId: number; role: string | null; access: string }) => ({
          userId: member.userId,
          role: member.role,
          access: member.access,
        }),
      );
      expect((await user.put(`/api/v1/opportunities/${id}/team`, members)).statusCode, 'team change').toBe(
        changeStatus,
      );
    }
    expect((await user.put(`/api/v1/favorites/opportunity/${id}`)).statusCode, 'favorite').toBe(
      access === 'none' ? 404 : 204,
    );
  });

  it('answers 401 to anonymous callers and to a revoked token, for every opportunity', async () => {
    const revoked = await t.user({ firm: w.partner, role: 'manager' });
    const token = await revoked.post('/api/v1/me/tokens', { name: 'soon revoked' });
    await revoked.delete(`/api/v1/me/tokens/${token.data.id}`);
    for (const each of cases) {
      expect((await t.request({ method: 'GET', url: `/api/v1/opportunities/${ids[each]}` })).statusCode).toBe(
        401,
      );
      const withRevoked = await t.request({
        method: 'GET',
        url: `/api/v1/opportunities/${ids[each]}`,
        headers: { authorization: `Bearer ${token.data.token}` },
      });
      expect(withRevoked.statusCode).toBe(401);
    }
  });
});
