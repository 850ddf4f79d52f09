import {
  acceptRefusalsInConsole,
  callApi,
  chooseOption,
  expect,
  screenshot,
  sessionHeaders,
  signIn,
  signOut,
  test,
  typeInto,
  unique,
} from './support.ts';

test('a new seller follows the best-practice flow: client → contact → Opportunities + → saved with defaults', async ({
  page,
  consoleErrors,
}) => {
  // A fresh account, made by the administrator, with defaults of its own.
  await signIn(page, 'admin@helio.example');
  const firms = await callApi<{ items: { id: number; name: string }[] }>(page, 'GET', '/firms');
  const brightpath = firms.items.find((firm) => firm.name === 'Brightpath Solutions');
  const email = `new.seller.${unique()}@brightpath.example`;
  await callApi(page, 'POST', '/users', {
    email,
    name: 'Nora Newcomer',
    role: 'seller',
    firmId: brightpath?.id,
    password: 'a fresh password',
  });
  await signOut(page);
  await signIn(page, email, 'a fresh password');
  await page.request.put('/api/v1/me/opportunity-defaults', {
    data: { currency: 'EUR', stage: 'identify', decisionDateDays: 60, leadSource: 'Partner summit' },
    headers: await sessionHeaders(page),
  });

  // Search the client, open it.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
  await typeInto(page.getByLabel('Search clients'), 'acme');
  // The client's name in the list is a link to its overview.
  await page
    .getByRole('table', { name: 'Clients' })
    .getByRole('link', { name: 'Acme Corporation', exact: true })
    .click();
  await expect(page.getByRole('heading', { name: 'Acme Corporation' })).toBeVisible();
  await screenshot(page, 'flow-1-client');

  // The Contacts panel → the contact.
  const contacts = page.getByRole('table', { name: 'BPContacts at Acme Corporation' });
  await contacts.getByRole('link', { name: 'Tessa Kim' }).click();
  await expect(page.getByRole('heading', { name: 'Tessa Kim' })).toBeVisible();
  await screenshot(page, 'flow-2-contact');

  // The Opportunities panel's +: client and contact filled, defaults applied.
  await page.getByRole('button', { name: 'New opportunity with Tessa Kim' }).click();
  await expect(page.getByRole('form', { name: 'New opportunity' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: /^Client/ })).toHaveValue('Acme Corporation');
  await expect(page.getByRole('combobox', { name: /^Primary BPContact/ })).toHaveValue('Tessa Kim');
  await expect(page.getByRole('combobox', { name: /^Currency/ })).toHaveValue(/EUR/);
  await expect(page.getByRole('textbox', { name: /^Lead source/ })).toHaveValue('Partner summit');
  const expectedDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  await expect(page.getByRole('textbox', { name: /^Decision date/ })).toHaveValue(expectedDate);
  await typeInto(page.getByLabel('Opportunity name'), 'Acme storage refresh');
  await screenshot(page, 'flow-3-new-opportunity');
  await page.getByRole('button', { name: 'Save opportunity' }).click();

  // The overview, with Line items and Sales team drawers open.
  await expect(page.getByRole('heading', { name: 'Acme storage refresh' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Line items/ })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('button', { name: /Sales team/ })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('table', { name: 'Sales team' })).toContainText('Nora Newcomer');
  await screenshot(page, 'flow-4-overview');
  expect(consoleErrors).toEqual([]);
});

test('adds three line items in the grid and sees the total and how it was computed', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const contacts = await callApi<{ items: { id: number; fullName: string }[] }>(
    page,
    'GET',
    '/contacts?q=tessa',
  );
  const created = await callApi<{ id: number }>(page, 'POST', '/opportunities', {
    name: `Grid deal ${unique()}`,
    contactId: contacts.items[0]?.id,
    currency: 'USD',
  });
  await page.goto(`/opportunities/${created.id}?open=lines`);
  await page.getByRole('button', { name: 'Add 3 lines' }).click();
  const rows: [string, string, string, string][] = [
    ['Servers', '2', '1500', '0'],
    ['Storage', '1', '999.50', '10'],
    ['Installation', '8', '125', '0'],
  ];
  for (const [index, [description, quantity, price, discount]] of rows.entries()) {
    await typeInto(page.getByLabel(`Description, line ${index + 1}`), description);
    await typeInto(page.getByLabel(`Quantity, line ${index + 1}`), quantity);
    await typeInto(page.getByLabel(`Unit price, line ${index + 1}`), price);
    await typeInto(page.getByLabel(`Discount percent, line ${index + 1}`), discount);
  }
  await page.getByRole('heading', { name: /Grid deal/ }).click();
  // 2 × 1,500 + 999.50 × 0.9 + 8 × 125 = 4,899.55
  await expect(page.getByText('Total $4,899.55')).toBeVisible();
  await expect(page.getByText('3 lines counted')).toBeVisible();
  await expect
    .poll(
      async () =>
        (await callApi<{ amountMinor: number }>(page, 'GET', `/opportunities/${created.id}`)).amountMinor,
    )
    .toBe(489955);
  await screenshot(page, 'line-items-grid');

  // A lost line drops out of the total, and the grid says so.
  await chooseOption(page, 'Outcome, line 2', 'Lost');
  await page.getByRole('heading', { name: /Grid deal/ }).click();
  await expect(page.getByText('Total $4,000.00')).toBeVisible();
  await expect(page.getByText(/1 lost line \(\$899\.55\) excluded/)).toBeVisible();
  await expect
    .poll(
      async () =>
        (await callApi<{ amountMinor: number }>(page, 'GET', `/opportunities/${created.id}`)).amountMinor,
    )
    .toBe(400000);
  expect(consoleErrors).toEqual([]);
});

test('closes an opportunity as lost with a competitor and a note, and it turns read-only', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const contacts = await callApi<{ items: { id: number }[] }>(page, 'GET', '/contacts?q=tessa');
  const created = await callApi<{ id: number; name: string }>(page, 'POST', '/opportunities', {
    name: `Lost deal ${unique()}`,
    contactId: contacts.items[0]?.id,
    lineItems: [{ description: 'Servers', unitPriceMinor: 250000 }],
  });
  await page.goto(`/opportunities/${created.id}`);
  await page.getByRole('button', { name: 'Lost to competition' }).click();
  const dialog = page.getByRole('dialog', { name: /Close as Lost to competition/ });
  await typeInto(dialog.getByLabel('Competitor who won'), 'Globex');
  await typeInto(dialog.getByLabel('Note'), 'Globex undercut us by 15%');
  await screenshot(page, 'close-lost-dialog', { fullPage: false });
  await dialog.getByRole('button', { name: 'Close opportunity' }).click();
  await expect(page.getByText('Closed as Lost to competition')).toBeVisible();
  const closed = await callApi<{ stage: string; competitor: string; closeNote: string; isClosed: boolean }>(
    page,
    'GET',
    `/opportunities/${created.id}`,
  );
  expect(closed).toMatchObject({
    stage: 'lost',
    competitor: 'Globex',
    closeNote: 'Globex undercut us by 15%',
    isClosed: true,
  });
  await expect(page.getByRole('button', { name: 'Edit details' })).toHaveCount(0);
  // The Line items drawer is open by default (clicking it would close it).
  await expect(page.getByRole('button', { name: /Line items/ })).toHaveAttribute('aria-expanded', 'true');
  await expect(
    page.getByText('The opportunity is closed; reopen it to change its line items.'),
  ).toBeVisible();
  await screenshot(page, 'closed-lost');
  acceptRefusalsInConsole(consoleErrors);
});
