import type { Kysely } from 'kysely';
import type { Principal } from '../../core/principal.ts';
import { mayOwnOpportunities } from '../../core/roles.ts';
import { findVisibleClient } from '../clients/client.repository.ts';
import { findVisibleContact, lockContactRow } from '../contacts/contact.repository.ts';
import { cachedRead, type ReadCache } from '../db/read-cache.ts';
import type { Database } from '../db/schema.ts';
import { validationError } from '../http/app-error.ts';
import { findUserById } from '../users/user.repository.ts';

/*
 * The checks creating and changing an opportunity share: its client, its BPContacts, its owner.
 */

/**
 * The client and primary contact of a new opportunity: from `contactId` (its client, and it as the
 * primary contact unless one is given) or from `clientId`; both must be the caller's to see.
 */
export async function resolveClientAndContact(
  db: Kysely<Database>,
  principal: Principal,
  input: {
    clientId?: number | undefined;
    contactId?: number | undefined;
    primaryContactId?: number | null | undefined;
  },
  cache?: ReadCache,
): Promise<{ clientId: number; primaryContactId: number | null }> {
  let clientId = input.clientId;
  let primaryContactId = input.primaryContactId ?? null;
  if (input.contactId !== undefined) {
    const contactId = input.contactId;
    const contact = await cachedRead(cache, `contact:${contactId}`, () =>
      findVisibleContact(db, principal, contactId),
    );
    if (!contact) throw validationError([{ field: 'contactId', message: 'must be a BPContact you can see' }]);
    if (clientId !== undefined && clientId !== contact.client_id) {
      throw validationError([
        { field: 'clientId', message: 'must be the client of the contact given as contactId' },
      ]);
    }
    clientId = contact.client_id;
    if (input.primaryContactId === undefined) primaryContactId = contact.id;
  }
  if (clientId === undefined)
    throw validationError([{ field: 'clientId', message: 'is required (or give contactId)' }]);
  const visibleClientId = clientId;
  const client = await cachedRead(cache, `client:${visibleClientId}`, () =>
    findVisibleClient(db, principal, visibleClientId),
  );
  if (!client) {
    throw validationError([{ field: 'clientId', message: 'must be a client you can see' }]);
  }
  if (primaryContactId !== null)
    await checkContactOfClient(db, principal, primaryContactId, clientId, 'primaryContactId', cache);
  return { clientId, primaryContactId };
}

/** The BPContact must be one of the client's that the caller sees, and still there (locked for the link). */
export async function checkContactOfClient(
  db: Kysely<Database>,
  principal: Principal,
  contactId: number,
  clientId: number,
  field: string,
  cache?: ReadCache,
) {
  const contact = await cachedRead(cache, `contact:${contactId}`, () =>
    findVisibleContact(db, principal, contactId),
  );
  if (!contact || contact.client_id !== clientId || !(await lockContactRow(db, contactId, 'link'))) {
    throw validationError([
      { field, message: 'must be a BPContact of the opportunity’s client that you can see' },
    ]);
  }
}

/** Owners come from the owning firm; a seller or manager of a partner, a rep of the vendor. */
export async function checkOwner(
  db: Kysely<Database>,
  ownerId: number,
  ownerFirmId: number,
  field = 'ownerId',
  cache?: ReadCache,
) {
  const user = await cachedRead(cache, `owner:${ownerId}`, () => findUserById(db, ownerId));
  if (!user?.is_active || user.firm_id !== ownerFirmId || !mayOwnOpportunities(user.role)) {
    throw validationError([
      { field, message: 'must be an active seller, manager or vendor rep of the owning firm' },
    ]);
  }
}
