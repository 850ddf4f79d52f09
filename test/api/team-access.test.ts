import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso } from '../../src/server/clock.ts';
import { checkConsistency } from '../../src/server/db/consistency.ts';
import { csvOf, importCsv } from '../support/import-helpers.ts';
import {
  type ApiResponse,
  createTestContext,
  engines,
  type TestContext,
  type TestFirm,
  type TestUser,
} from '../support/test-app.ts';

/*
 * The sales team and the private flag, as SPEC §5 words them, beside the access matrix:
 *
 *   Who may be put on a sales team: people of the owning firm, of the distributor or reseller the
 *   opportunity names, and vendor staff. Nobody else, whoever asks.
 *   Partner-private: only the owning firm (owner, or a manager of the owner firm) sets or clears it.
 *   Related records of a visible deal: whoever may see it reads its client and linked BPContacts;
 *   nothing about an invisible deal leaks through its related lists.
 *
 * The expected answers are written here by hand from those sentences. The deal is owned by a seller
 * of A, a distributor firm, and names reseller R (a partner that records A as its distributor, the
 * only kind of reseller A may name) and another distributor D; X is a partner with no part in it.
 */

/** Who changes the team: everyone here may edit the deal (owner, manager, or team member with edit). */
const editors = ['owner', 'manager', 'colleague', 'distributor', 'reseller', 'vendorRep', 'admin'] as const;
type Editor = (typeof editors)[number];

/** Whom they try to add. */
const candidates = ['owningFirm', 'namedDistributor', 'namedReseller', 'vendorStaff', 'rival'] as const;
type Candidate = (typeof candidates)[number];

/** SPEC §5: the deal's firms and vendor staff join; a rival never, whoever asks. */
const mayJoin: Record<Candidate, boolean> = {
  owningFirm: true,
  namedDistributor: true,
  namedReseller: true,
  vendorStaff: true,
  rival: false,
};

/** SPEC §5: the owner or a manager of the owning firm decides partner-private; nobody else. */
const decidesPrivate: Record<Editor, boolean> = {
  owner: true,
  manager: true,
  colleague: false,
  distributor: false,
  reseller: false,
  vendorRep: false,
  admin: false,
};

describe.each(engines)('sales team and partner-private on %s', (engine) => {
  let t: TestContext;
  const firms = {} as Record<'vendor' | 'A' | 'D' | 'R' | 'X', TestFirm>;
  let people: Record<Editor, TestUser>;
  let added: Record<Candidate, TestUser>;
  let stranger: { distributor: TestUser; seller: TestUser; manager: TestUser; reviewer: TestUser };
  let clientId: number;
  let contactId: number;

  beforeAll(async () => {
    t = await createTestContext(engine);
    firms.vendor = await t.firm({ kind: 'vendor' });
    firms.A = await t.firm({ isDistributor: true });
    firms.D = await t.firm({ isDistributor: true });
    firms.R = await t.firm({ distributorFirmId: firms.A.id });
    firms.X = await t.firm();
    people = {
      owner: await t.user({ firm: firms.A, role: 'seller' }),
      manager: await t.user({ firm: firms.A, role: 'manager' }),
      colleague: await t.user({ firm: firms.A, role: 'seller' }),
      distributor: await t.user({ firm: firms.D, role: 'seller' }),
      reseller: await t.user({ firm: firms.R, role: 'seller' }),
      vendorRep: await t.user({ firm: firms.vendor, role: 'vendor-rep' }),
      admin: await t.user({ firm: firms.vendor, role: 'admin' }),
    };
    added = {
      owningFirm: await t.user({ firm: firms.A, role: 'seller' }),
      namedDistributor: await t.user({ firm: firms.D, role: 'manager' }),
      namedReseller: await t.user({ firm: firms.R, role: 'manager' }),
      vendorStaff: await t.user({ firm: firms.vendor, role: 'vendor-reviewer' }),
      rival: await t.user({ firm: firms.X, role: 'seller' }),
    };
    stranger = {
      // A distributor with no part in the deal, and people of the rival firm.
      distributor: await t.user({ firm: await t.firm({ isDistributor: true }), role: 'seller' }),
      seller: added.rival,
      manager: await t.user({ firm: firms.X, role: 'manager' }),
      reviewer: await t.user({ firm: firms.vendor, role: 'vendor-reviewer' }),
    };
    const client = await people.vendorRep.post('/api/v1/clients', { name: 'Team Rules Manufacturing' });
    expect(client.statusCode, client.body).toBe(201);
    clientId = client.data.id;
    // The buyer is partner A's own BPContact: nobody outside the deal may read it.
    const contact = await people.owner.post('/api/v1/contacts', {
      clientId,
      firstName: 'Priya',
      lastName: `Private${randomBytes(3).toString('hex')}`,
      phone: '+1 555 010 2030',
    });
    expect(contact.statusCode, contact.body).toBe(201);
    contactId = contact.data.id;
  });
  afterAll(() => t?.close());

  /** A deal of A's owner naming D and R, with every editor on its team (edit access). */
  async function twoTierDeal(options: { isPrivate?: boolean } = {}): Promise<number> {
    const created = await people.owner.post('/api/v1/opportunities', {
      name: `Two-tier ${randomBytes(4).toString('hex')}`,
      clientId,
      primaryContactId: contactId,
      distributorFirmId: firms.D.id,
      resellerFirmId: firms.R.id,
      ...(options.isPrivate && { partnerPrivate: true }),
    });
    expect(created.statusCode, created.body).toBe(201);
    // Staffed by an administrator, so that the rule under test is not also the fixture's.
    const team = await people.admin.put(
      `/api/v1/opportunities/${created.data.id}/team`,
      (['colleague', 'distributor', 'reseller', 'vendorRep'] as const).map((key) => ({
        userId: people[key].id,
        access: 'edit',
      })),
    );
    expect(team.statusCode, team.body).toBe(200);
    return created.data.id;
  }

  async function teamOf(id: number): Promise<{ userId: number; access: string }[]> {
    const team = await people.owner.get(`/api/v1/opportunities/${id}/team`);
    expect(team.statusCode, team.body).toBe(200);
    return team.data.items.map((member: { userId: number; access: string; role: string | null }) => ({
      userId: member.userId,
      access: member.access,
      role: member.role,
    }));
  }

  function expectFieldRefusal(response: ApiResponse, field: string) {
    expect(response.statusCode, response.body).toBe(422);
    expect(
      response.data.error.details.fields.map((each: { field: string }) => each.field),
      response.body,
    ).toContain(field);
  }

  describe('who may be put on the team', () => {
    const cells = editors.flatMap((editor) => candidates.map((candidate) => [editor, candidate] as const));

    it.each(cells)('%s adds a person of %s', async (editor, candidate) => {
      const id = await twoTierDeal();
      const before = await teamOf(id);
      const members = [
        ...before.map((member) => ({ userId: member.userId, access: member.access })),
        { userId: added[candidate].id, access: 'edit' },
      ];
      const response = await people[editor].put(`/api/v1/opportunities/${id}/team`, { items: members });
      if (mayJoin[candidate]) {
        expect(response.statusCode, response.body).toBe(200);
        expect(response.data.items.map((member: { userId: number }) => member.userId)).toContain(
          added[candidate].id,
        );
        return;
      }
      expectFieldRefusal(response, `items.${members.length - 1}.userId`);
      expect(await teamOf(id), 'a refused team writes nothing').toEqual(before);
      // And the rival, never added, still cannot read or change the deal.
      expect((await added.rival.get(`/api/v1/opportunities/${id}`)).statusCode).toBe(404);
      expect(
        (await added.rival.patch(`/api/v1/opportunities/${id}`, { nextStep: 'Mine now' })).statusCode,
      ).toBe(404);
    });

    it('refuses a rival, or the people of a firm the deal does not name, when the deal is created', async () => {
      const base = { name: 'Created with a team', clientId };
      const rival = await people.owner.post('/api/v1/opportunities', {
        ...base,
        team: [{ userId: added.rival.id, access: 'read' }],
      });
      expectFieldRefusal(rival, 'team.0.userId');
      const unnamed = await people.owner.post('/api/v1/opportunities', {
        ...base,
        team: [
          { userId: added.vendorStaff.id, access: 'read' },
          { userId: added.namedDistributor.id, access: 'read' },
        ],
      });
      expectFieldRefusal(unnamed, 'team.1.userId');
      const named = await people.owner.post('/api/v1/opportunities', {
        ...base,
        distributorFirmId: firms.D.id,
        team: [
          { userId: added.vendorStaff.id, access: 'read' },
          { userId: added.namedDistributor.id, access: 'read' },
        ],
      });
      expect(named.statusCode, named.body).toBe(201);
      // An unknown person is refused exactly like a rival: the answer says nothing about who exists.
      const unknown = await people.owner.post('/api/v1/opportunities', {
        ...base,
        team: [{ userId: 987_654, access: 'read' }],
      });
      expectFieldRefusal(unknown, 'team.0.userId');
      expect(unknown.data.error.details.fields[0].message).toBe(rival.data.error.details.fields[0].message);
    });

    it('keeps a rival out of the defaults, and out of deals made from defaults saved before the rule', async () => {
      const refused = await people.distributor.request('PUT', '/api/v1/me/opportunity-defaults', {
        team: [{ userId: added.rival.id, access: 'edit' }],
      });
      expectFieldRefusal(refused, 'team.0.userId');
      // A distributor's defaults may name a reseller that works with it, whose people then fit its deals.
      const named = await people.owner.request('PUT', '/api/v1/me/opportunity-defaults', {
        resellerFirmId: firms.R.id,
        team: [{ userId: added.namedReseller.id, access: 'read' }],
      });
      expect(named.statusCode, named.body).toBe(200);

      const user = people.colleague;
      await t.database.db
        .insertInto('opportunity_defaults')
        .values({
          user_id: user.id,
          currency: null,
          stage: null,
          decision_date_days: null,
          is_private: null,
          distributor_firm_id: null,
          reseller_firm_id: null,
          lead_source: null,
          product_id: null,
          team: JSON.stringify([{ userId: added.rival.id, role: null, access: 'edit' }]),
          updated_at: new Date().toISOString(),
          version: 1,
        })
        .execute();
      const created = await user.post('/api/v1/opportunities', { name: 'From old defaults', clientId });
      expectFieldRefusal(created, 'team.0.userId');
      const unknownMessage = created.data.error.details.fields[0].message;
      const clientName = (await user.get(`/api/v1/clients/${clientId}`)).data.name;
      const job = await importCsv(
        user,
        'opportunities',
        csvOf([
          ['name', 'client', 'stage'],
          ['Imported with old defaults', clientName, 'identify'],
        ]),
      );
      expect(job.data.status, job.body).toBe('failed');
      expect(
        job.data.report.errors.map((error: { field: string; message: string }) => [
          error.field,
          error.message,
        ]),
      ).toEqual([['team (from your opportunity defaults)', unknownMessage]]);
      const listed = await added.rival.get('/api/v1/opportunities?q=old%20defaults');
      expect(listed.data.items).toEqual([]);
    });

    it('refuses to change the distributor or reseller while people of the old one are on the team', async () => {
      const id = await twoTierDeal();
      const otherDistributor = await t.firm({ isDistributor: true });
      const moved = await people.owner.patch(`/api/v1/opportunities/${id}`, {
        distributorFirmId: otherDistributor.id,
      });
      expectFieldRefusal(moved, 'distributorFirmId');
      const dropped = await people.owner.patch(`/api/v1/opportunities/${id}`, { resellerFirmId: null });
      expectFieldRefusal(dropped, 'resellerFirmId');
      expect((await people.owner.get(`/api/v1/opportunities/${id}`)).data).toMatchObject({
        distributorFirmId: firms.D.id,
        resellerFirmId: firms.R.id,
      });
      // Off the team first, then the firm can change; the distributor no longer sees the deal.
      const team = (await teamOf(id)).filter((member) => member.userId !== people.distributor.id);
      expect((await people.owner.put(`/api/v1/opportunities/${id}/team`, team)).statusCode).toBe(200);
      const changed = await people.owner.patch(`/api/v1/opportunities/${id}`, {
        distributorFirmId: otherDistributor.id,
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect((await people.distributor.get(`/api/v1/opportunities/${id}`)).statusCode).toBe(404);
      // A new owner comes from the owning firm, and stays on the team with the old one.
      const owner = await people.owner.patch(`/api/v1/opportunities/${id}`, { ownerId: people.colleague.id });
      expect(owner.statusCode, owner.body).toBe(200);
      expect((await teamOf(id)).map((member) => member.userId)).toEqual(
        expect.arrayContaining([people.owner.id, people.colleague.id]),
      );
      const rivalOwner = await people.colleague.patch(`/api/v1/opportunities/${id}`, {
        ownerId: added.rival.id,
      });
      expect(rivalOwner.statusCode, rivalOwner.body).toBe(400);
    });

    it('takes the declining firm’s people off a passed deal when it returns to the vendor', async () => {
      const lead = await people.vendorRep.post('/api/v1/opportunities', { name: 'Vendor lead', clientId });
      expect(lead.statusCode, lead.body).toBe(201);
      const id = lead.data.id;
      expect(
        (await people.vendorRep.post(`/api/v1/opportunities/${id}/pass`, { firmId: firms.A.id })).statusCode,
      ).toBe(200);
      // Waiting in A's inbox, the deal is A's: the rep may bring A's people in.
      const team = await people.vendorRep.put(`/api/v1/opportunities/${id}/team`, [
        { userId: people.colleague.id, access: 'read' },
      ]);
      expect(team.statusCode, team.body).toBe(200);
      const declined = await people.manager.post(`/api/v1/opportunities/${id}/decline`, {
        reason: 'Not our territory',
      });
      expect(declined.statusCode, declined.body).toBe(200);
      const after = await people.vendorRep.get(`/api/v1/opportunities/${id}/team`);
      expect(after.data.items.map((member: { userId: number }) => member.userId)).toEqual([
        people.vendorRep.id,
      ]);
      expect((await people.colleague.get(`/api/v1/opportunities/${id}`)).statusCode).toBe(404);
    });
  });

  describe('partner-private', () => {
    it.each(editors)('%s sets and clears it only when SPEC says so', async (editor) => {
      const user = people[editor];
      const privateDeal = await twoTierDeal({ isPrivate: true });
      const read = await user.get(`/api/v1/opportunities/${privateDeal}`);
      expect(read.statusCode, read.body).toBe(200);
      expect(read.data.canSetPartnerPrivate, 'what the UI is told').toBe(decidesPrivate[editor]);
      const cleared = await user.patch(`/api/v1/opportunities/${privateDeal}`, { partnerPrivate: false });
      expect(cleared.statusCode, cleared.body).toBe(decidesPrivate[editor] ? 200 : 403);
      expect((await people.owner.get(`/api/v1/opportunities/${privateDeal}`)).data.partnerPrivate).toBe(
        !decidesPrivate[editor],
      );

      const openDeal = await twoTierDeal();
      const open = await user.get(`/api/v1/opportunities/${openDeal}`);
      expect(open.data.canSetPartnerPrivate, 'what the UI is told').toBe(decidesPrivate[editor]);
      const set = await user.patch(`/api/v1/opportunities/${openDeal}`, { partnerPrivate: true });
      expect(set.statusCode, set.body).toBe(decidesPrivate[editor] ? 200 : 403);
      expect((await people.owner.get(`/api/v1/opportunities/${openDeal}`)).data.partnerPrivate).toBe(
        decidesPrivate[editor],
      );
    });

    it('stays private, hiding the deal and its related lists from vendor staff, when a distributor tries to clear it', async () => {
      const id = await twoTierDeal({ isPrivate: true });
      const withoutRep = (await teamOf(id)).filter((member) => member.userId !== people.vendorRep.id);
      expect((await people.owner.put(`/api/v1/opportunities/${id}/team`, withoutRep)).statusCode).toBe(200);
      const attempt = await people.distributor.patch(`/api/v1/opportunities/${id}`, {
        partnerPrivate: false,
      });
      expect(attempt.statusCode, attempt.body).toBe(403);
      for (const user of [people.vendorRep, stranger.reviewer]) {
        expect((await user.get(`/api/v1/opportunities/${id}/contacts`)).statusCode).toBe(404);
      }
    });
  });

  describe('related records and people', () => {
    const relatedLists = ['', '/contacts', '/team', '/line-items', '/history', '/changes', '/overview'];

    it('answers 404 on every related list of a private deal to vendor staff and outsiders', async () => {
      const id = await twoTierDeal({ isPrivate: true });
      const withoutRep = (await teamOf(id)).filter((member) => member.userId !== people.vendorRep.id);
      expect((await people.owner.put(`/api/v1/opportunities/${id}/team`, withoutRep)).statusCode).toBe(200);
      const note = await people.owner.post('/api/v1/activities', {
        entityType: 'opportunity',
        entityId: id,
        kind: 'note',
        subject: 'Buyer phone is +1 555 010 2030',
      });
      expect(note.statusCode, note.body).toBe(201);
      for (const user of [people.vendorRep, stranger.reviewer, stranger.distributor, stranger.seller]) {
        for (const path of relatedLists) {
          const response = await user.get(`/api/v1/opportunities/${id}${path}`);
          expect(response.statusCode, `${user.role} ${path}: ${response.body}`).toBe(404);
        }
        const activities = await user.get(`/api/v1/activities?entityType=opportunity&entityId=${id}`);
        expect(activities.statusCode, activities.body).toBe(404);
        expect((await user.get(`/api/v1/activities/${note.data.id}`)).statusCode).toBe(404);
        expect((await user.get(`/api/v1/contacts/${contactId}`)).statusCode).toBe(404);
        // The contact's other, visible deals may be listed (SPEC §5); never this one.
        const byContact = await user.get(`/api/v1/opportunities?contactId=${contactId}&limit=200`);
        expect(byContact.data.items.map((item: { id: number }) => item.id)).not.toContain(id);
        const search = await user.get(`/api/v1/search?q=${encodeURIComponent('Priya')}`);
        expect(search.data.items.filter((hit: { type: string }) => hit.type === 'contact')).toEqual([]);
      }
      // Put back on the team, the rep reads the deal's BPContacts (SPEC §5, related records).
      const back = await people.owner.put(`/api/v1/opportunities/${id}/team`, [
        ...withoutRep,
        { userId: people.vendorRep.id, access: 'read' },
      ]);
      expect(back.statusCode, back.body).toBe(200);
      const contacts = await people.vendorRep.get(`/api/v1/opportunities/${id}/contacts`);
      expect(contacts.statusCode, contacts.body).toBe(200);
      expect(contacts.data.items.map((item: { contactId: number }) => item.contactId)).toEqual([contactId]);
    });

    it('lists people only of firms the caller works with', async () => {
      const firmIdsOf = (response: ApiResponse) => {
        expect(response.statusCode, response.body).toBe(200);
        return [...new Set(response.data.items.map((user: { firmId: number }) => user.firmId))].sort();
      };
      const sorted = (...ids: number[]) => [...ids].sort();
      // A distributor asking for a partner it has no deal with: nobody.
      for (const firm of [firms.X, firms.A, firms.R]) {
        expect(firmIdsOf(await people.distributor.get(`/api/v1/users?firmId=${firm.id}&limit=200`))).toEqual(
          [],
        );
        expect(
          firmIdsOf(await stranger.distributor.get(`/api/v1/users?firmId=${firm.id}&limit=200`)),
        ).toEqual([]);
      }
      expect((await people.distributor.get(`/api/v1/users/${added.rival.id}`)).statusCode).toBe(404);
      // Without a deal: its own firm and vendor staff.
      expect(firmIdsOf(await people.distributor.get('/api/v1/users?limit=200'))).toEqual(
        sorted(firms.D.id, firms.vendor.id),
      );
      // A partner that records the distributor as the one it works with (SPEC §1): both see each other.
      const partner = await t.firm();
      const partnerSeller = await t.user({ firm: partner, role: 'seller' });
      expect(firmIdsOf(await people.distributor.get(`/api/v1/users?firmId=${partner.id}`))).toEqual([]);
      const linked = await people.admin.patch(`/api/v1/firms/${partner.id}`, {
        distributorFirmId: firms.D.id,
      });
      expect(linked.statusCode, linked.body).toBe(200);
      expect(firmIdsOf(await people.distributor.get(`/api/v1/users?firmId=${partner.id}`))).toEqual([
        partner.id,
      ]);
      expect(firmIdsOf(await partnerSeller.get('/api/v1/users?limit=200'))).toEqual(
        sorted(partner.id, firms.D.id, firms.vendor.id),
      );
      expect(firmIdsOf(await stranger.distributor.get(`/api/v1/users?firmId=${partner.id}`))).toEqual([]);
      // For a deal it may edit: the people who may join its team, and only them.
      const id = await twoTierDeal();
      const pickable = await people.distributor.get(`/api/v1/users?opportunityId=${id}&limit=200`);
      expect(firmIdsOf(pickable)).toEqual(sorted(firms.A.id, firms.D.id, firms.R.id, firms.vendor.id));
      expect(
        firmIdsOf(await people.distributor.get(`/api/v1/users?opportunityId=${id}&firmId=${firms.X.id}`)),
      ).toEqual([]);
      expect(
        firmIdsOf(await people.distributor.get(`/api/v1/users?opportunityId=${id}&firmId=${firms.A.id}`)),
      ).toEqual([firms.A.id]);
      // A deal the caller cannot see is not found; one it may only read is not its to staff.
      expect((await stranger.distributor.get(`/api/v1/users?opportunityId=${id}`)).statusCode).toBe(404);
      expect((await stranger.manager.get(`/api/v1/users?opportunityId=${id}`)).statusCode).toBe(404);
      expect((await stranger.reviewer.get(`/api/v1/users?opportunityId=${id}`)).statusCode).toBe(403);
      // People on a deal the caller sees can be opened one by one (the team list shows them anyway).
      expect((await people.distributor.get(`/api/v1/users/${people.owner.id}`)).statusCode).toBe(200);
      expect((await stranger.distributor.get(`/api/v1/users/${people.owner.id}`)).statusCode).toBe(404);
    });
  });

  describe('partnerline check', () => {
    it('finds every team as the rule allows, and reports a rival put on a team behind the API', async () => {
      const id = await twoTierDeal();
      expect(await checkConsistency(t.database.db)).toEqual([]);
      await t.database.db
        .insertInto('sales_team_members')
        .values({
          opportunity_id: id,
          user_id: added.rival.id,
          role: null,
          access: 'read',
          added_at: nowIso(),
        })
        .execute();
      expect(await checkConsistency(t.database.db)).toEqual([
        {
          check: 'sales-team member of a firm the opportunity does not work with',
          record: 'opportunity',
          count: 1,
          sample: [id],
        },
      ]);
      await t.database.db
        .deleteFrom('sales_team_members')
        .where('opportunity_id', '=', id)
        .where('user_id', '=', added.rival.id)
        .execute();
    });
  });
});
