import type { Page } from '@playwright/test';
import { expect, screenshot, signIn, test, typeInto, unique } from './support.ts';

/** The value shown under a label of an overview's details. */
function detail(page: Page, label: string) {
  return page.locator(`xpath=//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);
}

test('a seller types a new client and a new BPContact key by key, edits both, and sees what they saved', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const name = `Lindqvist Robotics ${unique()}`;

  // New client, typed as a person types.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
  await page.getByRole('button', { name: 'New client' }).click();
  const newClient = page.getByRole('dialog', { name: 'New client' });
  await typeInto(newClient.getByRole('textbox', { name: 'Name' }), name);
  await typeInto(newClient.getByRole('textbox', { name: 'Industry' }), 'Industrial automation');
  await typeInto(newClient.getByRole('textbox', { name: 'Website' }), 'www.lindqvist-robotics.example');
  await typeInto(newClient.getByRole('textbox', { name: 'Phone' }), '+46 18 555 0100');
  await typeInto(newClient.getByRole('textbox', { name: 'Employees' }), '240');
  await typeInto(newClient.getByRole('textbox', { name: 'City' }), 'Uppsala');
  await typeInto(newClient.getByRole('textbox', { name: 'Country' }), 'Sweden');
  await typeInto(newClient.getByRole('textbox', { name: 'Description' }), 'Met at the Nordic partner day');
  await expect(newClient.getByRole('textbox', { name: 'Name' })).toHaveValue(name);
  await expect(newClient.getByRole('textbox', { name: 'Description' })).toHaveValue(
    'Met at the Nordic partner day',
  );
  await screenshot(page, 'client-new-typing', { fullPage: false });
  await newClient.getByRole('button', { name: 'Create client' }).click();

  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(detail(page, 'Industry')).toHaveText('Industrial automation');
  await expect(detail(page, 'Website')).toHaveText('www.lindqvist-robotics.example');
  await expect(detail(page, 'Phone')).toHaveText('+46 18 555 0100');
  await expect(detail(page, 'Employees')).toHaveText('240');
  await expect(detail(page, 'Address')).toHaveText('Uppsala, Sweden');
  await expect(detail(page, 'Description')).toHaveText('Met at the Nordic partner day');

  // Edit the client: replace a value, add another.
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const editClient = page.getByRole('dialog', { name: `Edit ${name}` });
  await typeInto(editClient.getByRole('textbox', { name: 'Phone' }), '+46 18 555 0199');
  await typeInto(editClient.getByRole('textbox', { name: 'Address', exact: true }), 'Kungsgatan 12');
  await typeInto(editClient.getByRole('textbox', { name: 'City' }), 'Stockholm');
  await editClient.getByRole('button', { name: 'Save' }).click();
  await expect(editClient).toHaveCount(0);
  await expect(detail(page, 'Phone')).toHaveText('+46 18 555 0199');
  await expect(detail(page, 'Address')).toHaveText('Kungsgatan 12, Stockholm, Sweden');
  await expect(detail(page, 'Industry')).toHaveText('Industrial automation');

  // A new BPContact at this client, from the BPContacts panel's +.
  await page.getByRole('button', { name: `Add a BPContact at ${name}` }).click();
  const newContact = page.getByRole('dialog', { name: `New BPContact at ${name}` });
  await typeInto(newContact.getByRole('textbox', { name: 'First name' }), 'Ingrid');
  await typeInto(newContact.getByRole('textbox', { name: 'Last name' }), 'Sjöberg');
  await typeInto(newContact.getByRole('textbox', { name: 'Title' }), 'Head of IT');
  await typeInto(newContact.getByRole('textbox', { name: 'Department' }), 'Operations');
  await typeInto(newContact.getByRole('textbox', { name: 'Email' }), 'ingrid.sjoberg@lindqvist.example');
  await typeInto(newContact.getByRole('textbox', { name: 'Phone' }), '+46 18 555 0110');
  await typeInto(newContact.getByRole('textbox', { name: 'Notes' }), 'Decides on the storage budget');
  await expect(newContact.getByRole('textbox', { name: 'Last name' })).toHaveValue('Sjöberg');
  await screenshot(page, 'contact-new-typing', { fullPage: false });
  await newContact.getByRole('button', { name: 'Create BPContact' }).click();

  await expect(page.getByRole('heading', { name: 'Ingrid Sjöberg' })).toBeVisible();
  await expect(detail(page, 'Client')).toHaveText(name);
  await expect(detail(page, 'Title')).toHaveText('Head of IT');
  await expect(detail(page, 'Department')).toHaveText('Operations');
  await expect(detail(page, 'Email')).toHaveText('ingrid.sjoberg@lindqvist.example');
  await expect(detail(page, 'Phone')).toHaveText('+46 18 555 0110');
  await expect(detail(page, 'Notes')).toHaveText('Decides on the storage budget');

  // Edit the BPContact.
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const editContact = page.getByRole('dialog', { name: 'Edit Ingrid Sjöberg' });
  await typeInto(editContact.getByRole('textbox', { name: 'Title' }), 'CIO');
  await typeInto(editContact.getByRole('textbox', { name: 'Mobile' }), '+46 70 555 0123');
  await editContact.getByRole('button', { name: 'Save' }).click();
  await expect(editContact).toHaveCount(0);
  await expect(detail(page, 'Title')).toHaveText('CIO');
  await expect(detail(page, 'Mobile')).toHaveText('+46 70 555 0123');
  await expect(detail(page, 'Department')).toHaveText('Operations');

  // The client's overview lists her as she is now.
  await detail(page, 'Client').getByRole('link', { name }).click();
  const contacts = page.getByRole('table', { name: `BPContacts at ${name}` });
  await expect(contacts.getByRole('row', { name: /Ingrid Sjöberg/ })).toContainText('CIO');
  await expect(contacts.getByRole('row', { name: /Ingrid Sjöberg/ })).toContainText(
    'ingrid.sjoberg@lindqvist.example',
  );
  expect(consoleErrors).toEqual([]);
});
