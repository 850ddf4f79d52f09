import { callApi, chooseOption, expect, screenshot, signIn, test, typeInto, unique } from './support.ts';

test('stars an opportunity in the list and finds it in Home’s favorites', async ({ page, consoleErrors }) => {
  await signIn(page, 'seller@brightpath.example');
  const name = `Starred deal ${unique()}`;
  const contacts = await callApi<{ items: { id: number }[] }>(page, 'GET', '/contacts?q=tessa');
  await callApi(page, 'POST', '/opportunities', { name, contactId: contacts.items[0]?.id });
  await page.goto(`/opportunities?q=${encodeURIComponent(name)}`);
  await page.getByRole('button', { name: new RegExp(`Add OPP-\\d{4}-\\d{6} ${name} to favorites`) }).click();
  await expect(
    page.getByRole('button', { name: new RegExp(`Remove OPP-\\d{4}-\\d{6} ${name} from favorites`) }),
  ).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('link', { name: new RegExp(name) }).first()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('saves an advanced search and reopens it, and its URL, with the same view', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'manager@brightpath.example');
  await page.goto('/opportunities');
  await page.getByRole('button', { name: 'Advanced search' }).click();
  await chooseOption(page, 'Status', 'Won');
  await expect(page).toHaveURL(/status=won/);
  // The box follows the address, which changes a moment after the click.
  await page.getByRole('checkbox', { name: 'My items' }).click();
  await expect(page).not.toHaveURL(/mine=true/);
  await expect(page.getByRole('checkbox', { name: 'My items' })).not.toBeChecked();
  await page
    .getByRole('columnheader', { name: /Amount/ })
    .getByRole('button')
    .click();
  await page
    .getByRole('columnheader', { name: /Amount/ })
    .getByRole('button')
    .click();
  await expect(page).toHaveURL(/status=won/);
  await expect(page).toHaveURL(/sort=-amount/);
  const firstRow = page.getByRole('row').nth(1);
  await expect(firstRow).toContainText('Completed');
  const url = page.url();
  const name = `Big wins ${unique()}`;
  await page.getByRole('button', { name: 'Saved searches' }).click();
  await page.getByRole('menuitem', { name: 'Save this view…' }).click();
  await typeInto(page.getByRole('dialog').getByLabel('Name'), name);
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await screenshot(page, 'saved-search');

  await page.goto('/opportunities');
  await expect(page).not.toHaveURL(/status=won/);
  await page.getByRole('button', { name: 'Saved searches' }).click();
  await page.getByRole('menuitem', { name }).click();
  await expect(page).toHaveURL(/status=won/);
  await expect(page).toHaveURL(/sort=-amount/);
  const reopenedFirst = await page.getByRole('row').nth(1).textContent();

  await page.goto(url);
  await expect(page.getByRole('row').nth(1)).toHaveText(reopenedFirst ?? '');
  expect(consoleErrors).toEqual([]);
});

test('imports a CSV of clients after a dry run that shows a bad row', async ({ page, consoleErrors }) => {
  await signIn(page, 'seller@brightpath.example');
  const tag = unique();
  const bad = `Company,Country,Web\nNordlicht ${tag},Norway,www.nordlicht.example\n,Sweden,nowhere\n`;
  await page.goto('/import');
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await expect(page.getByRole('table', { name: 'Column mapping' })).toBeVisible();
  await chooseOption(page, 'Field for the column Company', /^Name/);
  await chooseOption(page, 'Field for the column Web', /^Website/);
  await page.getByRole('button', { name: 'Check with a dry run' }).click();
  await expect(page.getByRole('table', { name: 'Rows with problems' })).toContainText('3');
  await screenshot(page, 'import-dry-run');

  const good = `Company,Country,Web\nNordlicht ${tag},Norway,www.nordlicht.example\nSüdwind ${tag},Germany,www.suedwind.example\n`;
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await chooseOption(page, 'Field for the column Company', /^Name/);
  await chooseOption(page, 'Field for the column Web', /^Website/);
  await page.getByRole('button', { name: 'Import 2 rows' }).click();
  await expect(page.getByText('done')).toBeVisible();
  await screenshot(page, 'import-done');
  const clients = await callApi<{ items: { name: string }[] }>(page, 'GET', `/clients?q=${tag}`);
  expect(clients.items.map((client) => client.name).sort()).toEqual([`Nordlicht ${tag}`, `Südwind ${tag}`]);
  expect(consoleErrors).toEqual([]);
});

test('a record’s name in every list is a link to its overview, and a plain click opens it in the app', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const name = `Linked deal ${unique()}`;
  const contacts = await callApi<{ items: { id: number; fullName: string; clientId: number }[] }>(
    page,
    'GET',
    '/contacts?q=tessa',
  );
  const contact = contacts.items[0]!;
  const deal = await callApi<{ id: number }>(page, 'POST', '/opportunities', {
    name,
    contactId: contact.id,
  });
  const marked = () => page.evaluate(() => (window as unknown as { inAppMark?: boolean }).inAppMark === true);
  const mark = () =>
    page.evaluate(() => {
      (window as unknown as { inAppMark: boolean }).inAppMark = true;
    });

  // Opportunities: the name, the client and the primary contact (a column to choose) are links.
  await page.goto(`/opportunities?q=${encodeURIComponent(name)}&cols=star,number,name,client,contact,stage`);
  const opportunities = page.getByRole('table', { name: 'Opportunities' });
  const dealLink = opportunities.getByRole('link', { name });
  await expect(dealLink).toHaveAttribute('href', `/opportunities/${deal.id}`);
  await expect(opportunities.getByRole('link', { name: 'Acme Corporation' })).toHaveAttribute(
    'href',
    `/clients/${contact.clientId}`,
  );
  await expect(opportunities.getByRole('link', { name: contact.fullName })).toHaveAttribute(
    'href',
    `/contacts/${contact.id}`,
  );
  await mark();
  await dealLink.click();
  await expect(page).toHaveURL(new RegExp(`/opportunities/${deal.id}$`));
  await expect(page.getByRole('heading', { name })).toBeVisible();
  expect(await marked()).toBe(true);

  // Clients and BPContacts: the name is the link.
  await page.goto('/clients?q=acme');
  const clientLink = page
    .getByRole('table', { name: 'Clients' })
    .getByRole('link', { name: 'Acme Corporation', exact: true });
  await expect(clientLink).toHaveAttribute('href', `/clients/${contact.clientId}`);
  await mark();
  await clientLink.click();
  await expect(page.getByRole('heading', { name: 'Acme Corporation' })).toBeVisible();
  expect(await marked()).toBe(true);

  await page.goto('/contacts?q=tessa');
  const contactLink = page
    .getByRole('table', { name: 'BPContacts' })
    .getByRole('link', { name: contact.fullName });
  await expect(contactLink).toHaveAttribute('href', `/contacts/${contact.id}`);
  await mark();
  await contactLink.click();
  await expect(page.getByRole('heading', { name: contact.fullName })).toBeVisible();
  expect(await marked()).toBe(true);

  // Elsewhere on the row still opens the record (once: Back returns to the list).
  await page.goto(`/opportunities?q=${encodeURIComponent(name)}`);
  await opportunities
    .getByRole('row', { name: new RegExp(name) })
    .getByRole('cell', { name: /^OPP-/ })
    .click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/opportunities\?q=/);
  expect(consoleErrors).toEqual([]);
});
