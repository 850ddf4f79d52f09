import type { Page } from '@playwright/test';
import { callApi, expect, screenshot, signIn, signOut, test, unique } from './support.ts';

/** The value shown under a label of an overview's details. */
function detail(page: Page, label: string) {
  return page.locator(`xpath=//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);
}

/*
 * SPEC §5, related records of a visible deal: the distributor co-selling a reseller's deal opens the
 * deal's client and its BPContacts, the reseller's own, to read them (the address, the buyer's phone).
 */
test('a distributor on a reseller’s deal opens its client and BPContact from the overview, read-only', async ({
  page,
  consoleErrors,
}) => {
  const suffix = unique();
  const clientName = `Okafor Cold Storage ${suffix}`;

  // The reseller's seller registers the client and the buyer, and brings the distributor onto the deal.
  await signIn(page, 'seller@brightpath.example');
  const firms = await callApi<{ items: { id: number; name: string }[] }>(page, 'GET', '/firms');
  const meridian = firms.items.find((firm) => firm.name === 'Meridian Distribution');
  expect(meridian, 'the demo distributor').toBeDefined();
  const client = await callApi<{ id: number }>(page, 'POST', '/clients', {
    name: clientName,
    addressLine1: '4 Harbour Road',
    city: 'Lagos',
    country: 'Nigeria',
    phone: '+234 1 555 0140',
  });
  const buyer = await callApi<{ id: number }>(page, 'POST', '/contacts', {
    clientId: client.id,
    firstName: 'Chioma',
    lastName: `Okafor ${suffix}`,
    title: 'Head of Procurement',
    phone: '+234 803 555 0199',
    email: 'chioma.okafor@okafor.example',
  });
  const deal = await callApi<{ id: number; name: string }>(page, 'POST', '/opportunities', {
    name: `Cold store racks ${suffix}`,
    clientId: client.id,
    primaryContactId: buyer.id,
    distributorFirmId: meridian!.id,
  });
  const pickable = await callApi<{ items: { id: number; email: string }[] }>(
    page,
    'GET',
    `/users?opportunityId=${deal.id}&firmId=${meridian!.id}&limit=200`,
  );
  const distributor = pickable.items.find((user) => user.email === 'seller@meridian.example');
  expect(distributor, 'the demo distributor seller').toBeDefined();
  const team = await callApi<{ items: { userId: number; access: string }[] }>(
    page,
    'GET',
    `/opportunities/${deal.id}/team`,
  );
  await callApi(page, 'PUT', `/opportunities/${deal.id}/team`, [
    ...team.items.map((member) => ({ userId: member.userId, access: member.access })),
    { userId: distributor!.id, access: 'edit' },
  ]);
  await signOut(page);

  // The distributor opens the deal, then its client from the header.
  await signIn(page, 'seller@meridian.example');
  await page.goto(`/opportunities/${deal.id}`);
  await expect(page.getByRole('heading', { name: deal.name })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: clientName }).first().click();
  await expect(page).toHaveURL(new RegExp(`/clients/${client.id}`));
  await expect(page.getByRole('heading', { name: clientName })).toBeVisible();
  await expect(page.getByText('Page not found')).toHaveCount(0);
  await expect(detail(page, 'Address')).toHaveText('4 Harbour Road, Lagos, Nigeria');
  await expect(detail(page, 'Phone')).toHaveText('+234 1 555 0140');
  await expect(
    page.getByText('You see this client because you work on one of its opportunities'),
  ).toBeVisible();
  const main = page.getByRole('main');
  await expect(main.getByRole('button', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(main.getByRole('button', { name: 'New opportunity' })).toHaveCount(0);
  await expect(main.getByRole('button', { name: `Add a BPContact at ${clientName}` })).toHaveCount(0);
  await expect(main.getByRole('button', { name: /Change log/ })).toHaveCount(0);
  await expect(main.getByRole('button', { name: /Activities/ })).toHaveCount(0);
  // The client's opportunities are those the distributor sees anyway: this deal.
  await expect(main.getByRole('link', { name: new RegExp(deal.name) })).toBeVisible();
  await screenshot(page, 'related-client-read-only');

  // Back on the deal, the buyer's name leads to the BPContact.
  await page.goBack();
  await expect(page.getByRole('heading', { name: deal.name })).toBeVisible();
  await page
    .getByRole('main')
    .getByRole('link', { name: `Chioma Okafor ${suffix}` })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${buyer.id}`));
  await expect(page.getByRole('heading', { name: `Chioma Okafor ${suffix}` })).toBeVisible();
  await expect(detail(page, 'Phone')).toHaveText('+234 803 555 0199');
  await expect(detail(page, 'Email')).toHaveText('chioma.okafor@okafor.example');
  await expect(detail(page, 'Client')).toHaveText(clientName);
  await expect(
    page.getByText('You see this BPContact because you work on an opportunity with them'),
  ).toBeVisible();
  await expect(main.getByRole('button', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(main.getByRole('button', { name: 'New opportunity' })).toHaveCount(0);
  await expect(main.getByRole('button', { name: /Change log/ })).toHaveCount(0);
  await screenshot(page, 'related-contact-read-only');
  expect(consoleErrors).toEqual([]);
});
