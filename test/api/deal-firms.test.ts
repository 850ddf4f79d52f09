import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiResponse,
  createTestContext,
  engines,
  type TestContext,
  type TestFirm,
  type TestUser,
} from '../support/test-app.ts';

/*
 * Who names a deal's distributor and reseller, and which firms may be named (SPEC §1, §5):
 *
 *   Who may be put on a sales team: people of the owning firm, of the distributor or reseller the
 *   opportunity names, and vendor staff. Nobody else, whoever asks: a team member never brings in
 *   a firm the owning firm does not work with on that deal.
 *
 * Naming a firm is what lets its people onto the team (and lists them to whoever staffs the deal),
 * so only the owning firm names them (its owner or a manager), and only firms it works with: any
 * distributor but itself; as reseller, only a partner that records the owning distributor.
 *
 * Firms: reseller R records distributor D; X is a partner with no part in their deals.
 */

describe.each(engines)('the firms a deal names on %s', (engine) => {
  let t: TestContext;
  const firms = {} as Record<'vendor' | 'D' | 'R' | 'X', TestFirm>;
  const people = {} as Record<
    'rSeller' | 'rManager' | 'rColleague' | 'dSeller' | 'dManager' | 'xSeller' | 'xManager' | 'rep' | 'admin',
    TestUser
  >;
  let clientId: number;
  let xClientId: number;

  beforeAll(async () => {
    t = await createTestContext(engine);
    firms.vendor = await t.firm({ kind: 'vendor' });
    firms.D = await t.firm({ isDistributor: true });
    firms.R = await t.firm({ distributorFirmId: firms.D.id });
    firms.X = await t.firm();
    people.rSeller = await t.user({ firm: firms.R, role: 'seller' });
    people.rManager = await t.user({ firm: firms.R, role: 'manager' });
    people.rColleague = await t.user({ firm: firms.R, role: 'seller' });
    people.dSeller = await t.user({ firm: firms.D, role: 'seller' });
    people.dManager = await t.user({ firm: firms.D, role: 'manager' });
    people.xSeller = await t.user({ firm: firms.X, role: 'seller' });
    people.xManager = await t.user({ firm: firms.X, role: 'manager' });
    people.rep = await t.user({ firm: firms.vendor, role: 'vendor-rep' });
    people.admin = await t.user({ firm: firms.vendor, role: 'admin' });
    const client = await people.rep.post('/api/v1/clients', { name: 'Deal Firms Industries' });
    expect(client.statusCode, client.body).toBe(201);
    clientId = client.data.id;
    const own = await people.xSeller.post('/api/v1/clients', { name: 'Rival Own Client' });
    expect(own.statusCode, own.body).toBe(201);
    xClientId = own.data.id;
  });
  afterAll(() => t?.close());

  function fieldsOf(response: ApiResponse): { field: string; message: string }[] {
    return response.data.error.details.fields;
  }

  /** R's private deal naming D, with D's seller on the team with edit access (the replayed case). */
  async function resellersPrivateDeal(): Promise<number> {
    const created = await people.rSeller.post('/api/v1/opportunities', {
      name: `Private two-tier ${randomBytes(4).toString('hex')}`,
      clientId,
      distributorFirmId: firms.D.id,
      partnerPrivate: true,
      team: [{ userId: people.dSeller.id, access: 'edit' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.data.id;
  }

  describe('only the owning firm names the distributor and reseller', () => {
    it('refuses a distributor on the team renaming the reseller, so it cannot bring in a rival', async () => {
      const id = await resellersPrivateDeal();
      const renamed = await people.dSeller.patch(`/api/v1/opportunities/${id}`, {
        resellerFirmId: firms.X.id,
      });
      expect(renamed.statusCode, renamed.body).toBe(403);
      expect(fieldsOf(renamed).map((each) => each.field)).toEqual(['resellerFirmId']);
      const redistributed = await people.dSeller.patch(`/api/v1/opportunities/${id}`, {
        distributorFirmId: null,
      });
      expect(redistributed.statusCode, redistributed.body).toBe(403);
      expect(fieldsOf(redistributed).map((each) => each.field)).toEqual(['distributorFirmId']);
      // Sending what the deal already names is no change, and the rest of the edit goes through.
      const same = await people.dSeller.patch(`/api/v1/opportunities/${id}`, {
        distributorFirmId: firms.D.id,
        nextStep: 'Quote from the distributor',
      });
      expect(same.statusCode, same.body).toBe(200);

      const deal = await people.rSeller.get(`/api/v1/opportunities/${id}`);
      expect(deal.data).toMatchObject({ distributorFirmId: firms.D.id, resellerFirmId: null });
      const team = await people.dSeller.put(`/api/v1/opportunities/${id}/team`, [
        { userId: people.dSeller.id, access: 'edit' },
        { userId: people.xSeller.id, access: 'edit' },
      ]);
      expect(team.statusCode, team.body).toBe(422);
      expect((await people.xSeller.get(`/api/v1/opportunities/${id}`)).statusCode).toBe(404);
      expect((await people.xSeller.get(`/api/v1/clients/${clientId}`)).statusCode).toBe(200); // vendor's client
      expect((await people.xSeller.get(`/api/v1/opportunities/${id}/contacts`)).statusCode).toBe(404);
      expect(
        (await people.xSeller.patch(`/api/v1/opportunities/${id}`, { name: 'hijacked' })).statusCode,
      ).toBe(404);
    });

    it('tells the UI who may choose the firms, and lets only them', async () => {
      const expected: [keyof typeof people, boolean][] = [
        ['rSeller', true],
        ['rManager', true],
        ['rColleague', false],
        ['dSeller', false],
        ['rep', false],
        ['admin', false],
      ];
      for (const [key, decides] of expected) {
        const id = await resellersPrivateDeal();
        if (key === 'rColleague' || key === 'rep') {
          const team = await people.rSeller.put(`/api/v1/opportunities/${id}/team`, [
            { userId: people.dSeller.id, access: 'edit' },
            { userId: people[key].id, access: 'edit' },
          ]);
          expect(team.statusCode, team.body).toBe(200);
        }
        const read = await people[key].get(`/api/v1/opportunities/${id}`);
        expect(read.statusCode, read.body).toBe(200);
        expect(read.data.canEdit, key).toBe(true);
        expect(read.data.canSetDealFirms, key).toBe(decides);
        // D's seller is on the team, so the distributor stays; clearing it is refused either way,
        // but a non-decider learns only that it is not theirs to choose.
        const other = await t.firm({ isDistributor: true });
        const changed = await people[key].patch(`/api/v1/opportunities/${id}`, {
          distributorFirmId: other.id,
        });
        expect(changed.statusCode, `${key}: ${changed.body}`).toBe(decides ? 422 : 403);
        expect(fieldsOf(changed).map((each) => each.field)).toEqual(['distributorFirmId']);
      }
    });
  });

  describe('which firms a deal may name', () => {
    it('refuses a rival naming another firm as reseller, so it cannot list or add that firm’s people', async () => {
      const refusals: ApiResponse[] = [];
      // The victim, the vendor, itself, a distributor, a firm that does not exist: one answer.
      for (const resellerFirmId of [firms.R.id, firms.vendor.id, firms.X.id, firms.D.id, 987_654]) {
        const created = await people.xSeller.post('/api/v1/opportunities', {
          name: `Rival naming ${resellerFirmId}`,
          clientId: xClientId,
          resellerFirmId,
        });
        expect(created.statusCode, created.body).toBe(422);
        refusals.push(created);
      }
      const answers = refusals.map((response) => JSON.stringify(response.data.error));
      expect(new Set(answers).size, answers.join('\n')).toBe(1);
      expect(fieldsOf(refusals[0]!)).toEqual([{ field: 'resellerFirmId', message: expect.any(String) }]);

      // Its own deal lists its own people and vendor staff, never the victim's.
      const own = await people.xSeller.post('/api/v1/opportunities', {
        name: 'Rival own',
        clientId: xClientId,
      });
      expect(own.statusCode, own.body).toBe(201);
      const pickable = await people.xSeller.get(`/api/v1/users?opportunityId=${own.data.id}&limit=200`);
      expect(pickable.statusCode, pickable.body).toBe(200);
      const firmIds = new Set(pickable.data.items.map((user: { firmId: number }) => user.firmId));
      expect([...firmIds].sort()).toEqual([firms.vendor.id, firms.X.id].sort());
      const add = await people.xSeller.put(`/api/v1/opportunities/${own.data.id}/team`, [
        { userId: people.rManager.id, access: 'read' },
      ]);
      expect(add.statusCode, add.body).toBe(422);
      // Nor by renaming its own deal later, nor through its defaults.
      const renamed = await people.xSeller.patch(`/api/v1/opportunities/${own.data.id}`, {
        resellerFirmId: firms.R.id,
      });
      expect(renamed.statusCode, renamed.body).toBe(422);
      expect(JSON.stringify(renamed.data.error.details)).toBe(
        JSON.stringify(refusals[0]!.data.error.details),
      );
      const defaults = await people.xSeller.request('PUT', '/api/v1/me/opportunity-defaults', {
        resellerFirmId: firms.R.id,
      });
      expect(defaults.statusCode, defaults.body).toBe(422);
      expect(fieldsOf(defaults)).toEqual(fieldsOf(refusals[0]!));
    });

    it('answers an unknown and a refused distributor alike, and never the owning firm itself', async () => {
      const answers: string[] = [];
      for (const distributorFirmId of [firms.R.id, firms.vendor.id, 987_654]) {
        const created = await people.xSeller.post('/api/v1/opportunities', {
          name: `Rival distributor ${distributorFirmId}`,
          clientId: xClientId,
          distributorFirmId,
        });
        expect(created.statusCode, created.body).toBe(422);
        expect(fieldsOf(created).map((each) => each.field)).toEqual(['distributorFirmId']);
        answers.push(JSON.stringify(created.data.error));
      }
      expect(new Set(answers).size, answers.join('\n')).toBe(1);
      const itself = await people.dSeller.post('/api/v1/opportunities', {
        name: 'Distributor naming itself',
        clientId,
        distributorFirmId: firms.D.id,
      });
      expect(itself.statusCode, itself.body).toBe(422);
      expect(JSON.stringify(itself.data.error)).toBe(answers[0]);
    });

    it('lets a distributor name the resellers that work with it, and staff the deal with them', async () => {
      const created = await people.dSeller.post('/api/v1/opportunities', {
        name: 'Distributor deal with its reseller',
        clientId,
        resellerFirmId: firms.R.id,
        team: [{ userId: people.rSeller.id, access: 'edit' }],
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.data).toMatchObject({ resellerFirmId: firms.R.id, canSetDealFirms: true });
      const pickable = await people.dSeller.get(`/api/v1/users?opportunityId=${created.data.id}&limit=200`);
      const firmIds = new Set(pickable.data.items.map((user: { firmId: number }) => user.firmId));
      expect([...firmIds].sort()).toEqual([firms.vendor.id, firms.D.id, firms.R.id].sort());
      // The reseller on its team cannot swap itself for a rival.
      const swapped = await people.rSeller.patch(`/api/v1/opportunities/${created.data.id}`, {
        resellerFirmId: firms.X.id,
      });
      expect(swapped.statusCode, swapped.body).toBe(403);
      // A partner that does not record the distributor is not its reseller.
      const other = await people.dManager.post('/api/v1/opportunities', {
        name: 'Distributor naming a stranger',
        clientId,
        resellerFirmId: firms.X.id,
      });
      expect(other.statusCode, other.body).toBe(422);
      expect(fieldsOf(other).map((each) => each.field)).toEqual(['resellerFirmId']);
    });

    it('does not pass a vendor lead to the distributor it names', async () => {
      const lead = await people.rep.post('/api/v1/opportunities', {
        name: 'Vendor lead via distributor',
        clientId,
        distributorFirmId: firms.D.id,
      });
      expect(lead.statusCode, lead.body).toBe(201);
      const toDistributor = await people.rep.post(`/api/v1/opportunities/${lead.data.id}/pass`, {
        firmId: firms.D.id,
      });
      expect(toDistributor.statusCode, toDistributor.body).toBe(422);
      expect(fieldsOf(toDistributor).map((each) => each.field)).toEqual(['distributorFirmId']);
      const toReseller = await people.rep.post(`/api/v1/opportunities/${lead.data.id}/pass`, {
        firmId: firms.R.id,
      });
      expect(toReseller.statusCode, toReseller.body).toBe(200);
      // The vendor names no reseller: only a distributor does.
      const withReseller = await people.rep.post('/api/v1/opportunities', {
        name: 'Vendor lead naming a reseller',
        clientId,
        resellerFirmId: firms.R.id,
      });
      expect(withReseller.statusCode, withReseller.body).toBe(422);
    });
  });
});
