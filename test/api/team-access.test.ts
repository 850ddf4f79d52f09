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
  async function twoTierDeal(
    options: { isPrivate?: boolean; clientId?: number; contactId?: number } = {},
  ): Promise<number> {
    const created = await people.owner.post('/api/v1/opportunities', {
      name: `Two-tier ${randomBytes(4).toString('hex')}`,
      clientId: options.clientId ?? clientId,
      primaryContactId: options.contactId ?? contactId,
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
      // The buyer of this deal alone: the shared contact above is on open deals vendor staff may see.
      const buyer = await people.owner.post('/api/v1/contacts', {
        clientId,
        firstName: 'Priya',
        lastName: `Private${randomBytes(3).toString('hex')}`,
        phone: '+1 555 010 2031',
      });
      expect(buyer.statusCode, buyer.body).toBe(201);
      const contactId = buyer.data.id;
      const id = await twoTierDeal({ isPrivate: true, contactId });
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
      const buyerRead = await people.vendorRep.get(`/api/v1/contacts/${contactId}`);
      expect(buyerRead.statusCode, buyerRead.body).toBe(200);
      expect(buyerRead.data).toMatchObject({ phone: '+1 555 010 2031', canEdit: false, canDelete: false });
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

  /*
   * SPEC §5, related records of a visible deal: whoever may see an opportunity may open (read) its
   * client and the BPContacts linked to it, even another firm's; not edit them, and not the client's
   * other deals or contacts. Here the client and every contact are partner A's own.
   */
  describe('the client and BPContacts of a visible deal', () => {
    type Site = {
      clientId: number;
      clientName: string;
      parentName: string;
      buyerId: number;
      engineerId: number;
      otherId: number;
      dealId: number;
      otherDealId: number;
    };

    /** A's own client (with A's own parent), three A contacts, a deal with D and R on it linking two. */
    async function partnerSite(options: { isPrivate?: boolean } = {}): Promise<Site> {
      const token = randomBytes(4).toString('hex');
      const parent = await people.owner.post('/api/v1/clients', { name: `Holding ${token}` });
      expect(parent.statusCode, parent.body).toBe(201);
      const client = await people.owner.post('/api/v1/clients', {
        name: `Relwerk ${token}`,
        addressLine1: '12 Quay Street',
        city: 'Bristol',
        parentClientId: parent.data.id,
      });
      expect(client.statusCode, client.body).toBe(201);
      const contact = async (lastName: string, phone: string) => {
        const created = await people.owner.post('/api/v1/contacts', {
          clientId: client.data.id,
          firstName: 'Ada',
          lastName: `${lastName}${token}`,
          phone,
        });
        expect(created.statusCode, created.body).toBe(201);
        return created.data.id as number;
      };
      const buyerId = await contact('Buyer', '+44 117 000 0001');
      const engineerId = await contact('Engineer', '+44 117 000 0002');
      const otherId = await contact('Other', '+44 117 000 0003');
      const dealId = await twoTierDeal({
        clientId: client.data.id,
        contactId: buyerId,
        ...(options.isPrivate && { isPrivate: true }),
      });
      const links = await people.owner.put(`/api/v1/opportunities/${dealId}/contacts`, [
        { contactId: buyerId, role: 'Buyer', isPrimary: true },
        { contactId: engineerId, role: 'Technical' },
      ]);
      expect(links.statusCode, links.body).toBe(200);
      // A's other deal on the same client, with nobody else on it (private too when the first is).
      const otherDeal = await people.owner.post('/api/v1/opportunities', {
        name: `Other deal ${token}`,
        clientId: client.data.id,
        primaryContactId: otherId,
        ...(options.isPrivate && { partnerPrivate: true }),
      });
      expect(otherDeal.statusCode, otherDeal.body).toBe(201);
      // A's own note on the client, A's alone (SPEC §5, activities).
      const note = await people.owner.post('/api/v1/activities', {
        entityType: 'client',
        entityId: client.data.id,
        kind: 'note',
        subject: 'Budget approved by the board',
      });
      expect(note.statusCode, note.body).toBe(201);
      return {
        clientId: client.data.id,
        clientName: client.data.name,
        parentName: parent.data.name,
        buyerId,
        engineerId,
        otherId,
        dealId,
        otherDealId: otherDeal.data.id,
      };
    }

    const idsOf = (response: ApiResponse): number[] => {
      expect(response.statusCode, response.body).toBe(200);
      return response.data.items.map((item: { id: number }) => item.id);
    };

    it('lets a distributor on the team read the client and the linked BPContacts, and nothing more', async () => {
      const site = await partnerSite();
      const reader = people.distributor;

      const client = await reader.get(`/api/v1/clients/${site.clientId}`);
      expect(client.statusCode, client.body).toBe(200);
      expect(client.data).toMatchObject({
        name: site.clientName,
        addressLine1: '12 Quay Street',
        city: 'Bristol',
        canEdit: false,
        canDelete: false,
        isOpenThroughDeal: true,
        // The parent is another of A's clients: its name is not the reader's to learn.
        parentClientId: null,
        parentClientName: null,
      });
      const own = await people.owner.get(`/api/v1/clients/${site.clientId}`);
      expect(own.data).toMatchObject({ isOpenThroughDeal: false, parentClientName: site.parentName });
      for (const [id, phone] of [
        [site.buyerId, '+44 117 000 0001'],
        [site.engineerId, '+44 117 000 0002'],
      ] as const) {
        const contact = await reader.get(`/api/v1/contacts/${id}`);
        expect(contact.statusCode, contact.body).toBe(200);
        expect(contact.data).toMatchObject({
          phone,
          clientName: site.clientName,
          canEdit: false,
          canDelete: false,
          isOpenThroughDeal: true,
        });
      }
      // Not the client's other contacts, deals, subsidiaries' parent, history or notes.
      expect((await reader.get(`/api/v1/contacts/${site.otherId}`)).statusCode).toBe(404);
      expect((await reader.get(`/api/v1/opportunities/${site.otherDealId}`)).statusCode).toBe(404);
      expect((await reader.get(`/api/v1/clients/${own.data.parentClientId}`)).statusCode).toBe(404);
      expect((await reader.get(`/api/v1/clients/${site.clientId}/changes`)).statusCode).toBe(403);
      expect((await reader.get(`/api/v1/contacts/${site.buyerId}/changes`)).statusCode).toBe(403);
      const notes = await reader.get(`/api/v1/activities?entityType=client&entityId=${site.clientId}`);
      expect(idsOf(notes)).toEqual([]);

      // Reading is not editing: 403 on what is now visible, and nothing written.
      const before = {
        client: (await people.owner.get(`/api/v1/clients/${site.clientId}`)).data,
        buyer: (await people.owner.get(`/api/v1/contacts/${site.buyerId}`)).data,
      };
      const refusals = [
        await reader.patch(`/api/v1/clients/${site.clientId}`, { phone: '+44 000' }),
        await reader.delete(`/api/v1/clients/${site.clientId}`),
        await reader.patch(`/api/v1/contacts/${site.buyerId}`, { phone: '+44 000' }),
        await reader.delete(`/api/v1/contacts/${site.buyerId}`),
        await reader.post('/api/v1/contacts', { clientId: site.clientId, lastName: 'Planted' }),
        await reader.post('/api/v1/activities', {
          entityType: 'client',
          entityId: site.clientId,
          kind: 'note',
          subject: 'Called them',
        }),
        await reader.post('/api/v1/activities', {
          entityType: 'contact',
          entityId: site.buyerId,
          kind: 'note',
          subject: 'Called them',
        }),
      ];
      // A new contact names its client as a field: one the reader may not add to is refused by field.
      expect(refusals.map((response) => response.statusCode)).toEqual([403, 403, 403, 403, 400, 403, 403]);
      expect(refusals[4]!.data.error.details.fields[0].field).toBe('clientId');
      expect((await people.owner.get(`/api/v1/clients/${site.clientId}`)).data).toEqual(before.client);
      expect((await people.owner.get(`/api/v1/contacts/${site.buyerId}`)).data).toEqual(before.buyer);

      // Lists, search, counts and exports keep to what the reader may otherwise see.
      expect(idsOf(await reader.get(`/api/v1/clients?q=${encodeURIComponent(site.clientName)}`))).toEqual([]);
      expect(idsOf(await reader.get(`/api/v1/contacts?clientId=${site.clientId}&limit=200`))).toEqual([]);
      expect(idsOf(await reader.get(`/api/v1/opportunities?clientId=${site.clientId}&limit=200`))).toEqual([
        site.dealId,
      ]);
      const search = await reader.get(`/api/v1/search?q=${encodeURIComponent(site.clientName)}`);
      expect(search.statusCode, search.body).toBe(200);
      expect(search.data.items.filter((hit: { type: string }) => hit.type !== 'opportunity')).toEqual([]);
      const exported = await reader.get(`/api/v1/clients/export?q=${encodeURIComponent(site.clientName)}`);
      expect(exported.statusCode, exported.body).toBe(200);
      expect(exported.body).not.toContain(site.clientName);

      // What the reader opened may be starred and is remembered, like any record they may open.
      expect((await reader.put(`/api/v1/favorites/client/${site.clientId}`)).statusCode).toBe(204);
      expect((await reader.put(`/api/v1/favorites/contact/${site.buyerId}`)).statusCode).toBe(204);
      expect((await reader.put(`/api/v1/favorites/contact/${site.otherId}`)).statusCode).toBe(404);
      const viewed = await reader.post('/api/v1/recent-views', { type: 'contact', id: site.buyerId });
      expect(viewed.statusCode, viewed.body).toBe(204);
      const favorites = await reader.get('/api/v1/favorites');
      expect(favorites.statusCode, favorites.body).toBe(200);
      const starred = favorites.data.items.map(
        (item: { type: string; id: number }) => `${item.type}:${item.id}`,
      );
      expect(starred).toEqual(expect.arrayContaining([`client:${site.clientId}`, `contact:${site.buyerId}`]));

      // Partners outside the deal get nothing: a distributor on other deals, a rival's seller and manager.
      for (const outsider of [stranger.distributor, stranger.seller, stranger.manager]) {
        expect((await outsider.get(`/api/v1/clients/${site.clientId}`)).statusCode).toBe(404);
        expect((await outsider.get(`/api/v1/contacts/${site.buyerId}`)).statusCode).toBe(404);
        expect((await outsider.patch(`/api/v1/clients/${site.clientId}`, { phone: '1' })).statusCode).toBe(
          404,
        );
      }
    });

    it('ends with the seat: off the team, or with the deal deleted, the records are not found again', async () => {
      const site = await partnerSite();
      const reader = people.distributor;
      expect((await reader.put(`/api/v1/favorites/client/${site.clientId}`)).statusCode).toBe(204);
      const rest = (await teamOf(site.dealId)).filter((member) => member.userId !== reader.id);
      expect((await people.owner.put(`/api/v1/opportunities/${site.dealId}/team`, rest)).statusCode).toBe(
        200,
      );
      expect((await reader.get(`/api/v1/opportunities/${site.dealId}`)).statusCode).toBe(404);
      expect((await reader.get(`/api/v1/clients/${site.clientId}`)).statusCode).toBe(404);
      expect((await reader.get(`/api/v1/contacts/${site.buyerId}`)).statusCode).toBe(404);
      expect((await reader.get(`/api/v1/contacts/${site.engineerId}`)).statusCode).toBe(404);
      expect((await reader.patch(`/api/v1/clients/${site.clientId}`, { phone: '1' })).statusCode).toBe(404);
      expect((await reader.delete(`/api/v1/contacts/${site.buyerId}`)).statusCode).toBe(404);
      const favorites = await reader.get('/api/v1/favorites');
      expect(favorites.data.items.map((item: { id: number }) => item.id)).not.toContain(site.clientId);

      // The reseller still sits on the deal, until the owner deletes it.
      expect((await people.reseller.get(`/api/v1/clients/${site.clientId}`)).statusCode).toBe(200);
      expect((await people.owner.delete(`/api/v1/opportunities/${site.dealId}`)).statusCode).toBe(204);
      expect((await people.reseller.get(`/api/v1/clients/${site.clientId}`)).statusCode).toBe(404);
      expect((await people.reseller.get(`/api/v1/contacts/${site.buyerId}`)).statusCode).toBe(404);
    });

    it('gives vendor staff nothing through a partner-private deal, and read-only access once it is open', async () => {
      const site = await partnerSite({ isPrivate: true });
      const rest = (await teamOf(site.dealId)).filter((member) => member.userId !== people.vendorRep.id);
      expect((await people.owner.put(`/api/v1/opportunities/${site.dealId}/team`, rest)).statusCode).toBe(
        200,
      );
      for (const user of [people.vendorRep, stranger.reviewer]) {
        expect((await user.get(`/api/v1/clients/${site.clientId}`)).statusCode).toBe(404);
        expect((await user.get(`/api/v1/contacts/${site.buyerId}`)).statusCode).toBe(404);
        expect((await user.patch(`/api/v1/contacts/${site.buyerId}`, { phone: '1' })).statusCode).toBe(404);
      }
      expect((await people.distributor.get(`/api/v1/clients/${site.clientId}`)).statusCode).toBe(200);
      const cleared = await people.owner.patch(`/api/v1/opportunities/${site.dealId}`, {
        partnerPrivate: false,
      });
      expect(cleared.statusCode, cleared.body).toBe(200);
      for (const user of [people.vendorRep, stranger.reviewer]) {
        const client = await user.get(`/api/v1/clients/${site.clientId}`);
        expect(client.statusCode, client.body).toBe(200);
        expect(client.data).toMatchObject({ canEdit: false, canDelete: false, isOpenThroughDeal: true });
        expect((await user.get(`/api/v1/contacts/${site.engineerId}`)).statusCode).toBe(200);
        expect((await user.get(`/api/v1/contacts/${site.otherId}`)).statusCode).toBe(404);
        expect((await user.patch(`/api/v1/contacts/${site.buyerId}`, { phone: '1' })).statusCode).toBe(403);
      }
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
