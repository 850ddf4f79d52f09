import { AxeBuilder } from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import {
  acceptRefusalsInConsole,
  callApi,
  daysFromToday,
  demoPassword,
  expect,
  screenshot,
  sessionHeaders,
  signIn,
  signOut,
  test,
  typeInto,
  unique,
} from './support.ts';

/**
 * Issue 10, "pricing" and "details edited in place": a product chosen by keyboard fills the line's
 * description and list price, prices read as money in the deal's currency, computed amounts are
 * text, and the overview's details change where they are read.
 */

const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };

/** Two catalog products whose names read alike (same offering, another type), as an administrator adds them. */
async function addLookalikeProducts(request: APIRequestContext, suffix: string) {
  const login = await request.post('/api/v1/auth/login', {
    data: { email: 'admin@helio.example', password: demoPassword },
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const names = { brand: 'Helio', family: 'Storage', offering: `S200 array ${suffix}` };
  for (const product of [
    { ...names, type: 'hardware', partNumber: `HW-${suffix}`, listPriceMinor: 1_250_000, currency: 'USD' },
    { ...names, type: 'financing', partNumber: `FIN-${suffix}` },
  ]) {
    const response = await request.post('/api/v1/products', {
      headers: { 'x-csrf-token': csrfToken },
      data: product,
    });
    expect(response.status(), await response.text()).toBe(201);
  }
  await request.post('/api/v1/auth/logout', { headers: { 'x-csrf-token': csrfToken } });
}

async function createDeal(page: Page, name: string) {
  const contacts = await callApi<{ items: { id: number; clientId: number }[] }>(
    page,
    'GET',
    '/contacts?q=tessa',
  );
  const contact = contacts.items[0]!;
  return callApi<{ id: number; version: number }>(page, 'POST', '/opportunities', {
    name,
    clientId: contact.clientId,
    primaryContactId: contact.id,
    currency: 'USD',
    stage: 'identify',
    amountMinor: 30_000_00,
    decisionDate: daysFromToday(100),
  });
}

/** axe's serious and critical WCAG 2.1 AA findings on the page as it is now (as accessibility.spec.ts checks). */
async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(serious).toEqual([]);
}

const amountOf = async (page: Page, id: number) =>
  (await callApi<{ amountMinor: number }>(page, 'GET', `/opportunities/${id}`)).amountMinor;

test('a product picked by keyboard fills description and list price; prices are typed and shown as money', async ({
  page,
  request,
  consoleErrors,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize(desktop);
  const suffix = unique();
  await addLookalikeProducts(request, suffix);
  await signIn(page, 'seller@brightpath.example');
  const deal = await createDeal(page, `Pricing deal ${suffix}`);
  await page.goto(`/opportunities/${deal.id}`);
  await page.getByRole('button', { name: 'Add line' }).click();

  // The two products read alike; the picker tells them apart by part number.
  const picker = page.getByRole('combobox', { name: 'Product, line 1' });
  await picker.focus();
  await typeInto(picker, `S200 array ${suffix}`);
  await expect(
    page.getByRole('option', { name: `Helio Storage · S200 array ${suffix} (HW-${suffix})` }),
  ).toBeVisible();
  await expect(
    page.getByRole('option', { name: `Helio Storage · S200 array ${suffix} (FIN-${suffix})` }),
  ).toBeVisible();
  // By keyboard: narrow to the hardware one and press Enter.
  await typeInto(picker, `HW-${suffix}`);
  await expect(page.getByRole('option')).toHaveCount(1);
  await picker.press('Enter');
  await expect(picker).toHaveValue(`Helio Storage · S200 array ${suffix} (HW-${suffix})`);
  await expect(page.getByLabel('Description, line 1')).toHaveValue(`S200 array ${suffix}`);
  await expect(page.getByLabel('Unit price, line 1')).toHaveValue('12,500.00');
  await expect(page.getByRole('columnheader', { name: 'Unit price (USD)' })).toBeVisible();

  // The line's amount is computed: text in its cell, never a field.
  await typeInto(page.getByLabel('Quantity, line 1'), '2');
  const line = page.getByRole('row').filter({ has: page.getByLabel('Quantity, line 1') });
  await expect(line.getByRole('cell', { name: '$25,000.00' })).toBeVisible();
  await expect(line.getByRole('textbox', { name: /amount/i })).toHaveCount(0);

  // A price typed by hand reads as money once the field is left, and is what gets saved.
  await typeInto(page.getByLabel('Unit price, line 1'), '9999.5');
  await page.getByLabel('Unit price, line 1').press('Tab');
  await expect(page.getByLabel('Unit price, line 1')).toHaveValue('9,999.50');
  await expect(line.getByRole('cell', { name: '$19,999.00' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Total $19,999.00' })).toBeVisible();
  await page.getByRole('heading', { name: `Pricing deal ${suffix}` }).click();
  await expect.poll(() => amountOf(page, deal.id)).toBe(1_999_900);

  // What core's parser does not read is marked on the field and not saved ("," is not a decimal mark).
  await typeInto(page.getByLabel('Unit price, line 1'), '12,5');
  await page.getByRole('heading', { name: `Pricing deal ${suffix}` }).click();
  await expect(page.getByText('is not an amount in USD; type it like 1,234.50')).toBeVisible();
  expect(await amountOf(page, deal.id)).toBe(1_999_900);
  await typeInto(page.getByLabel('Unit price, line 1'), '10,000');
  await page.getByRole('heading', { name: `Pricing deal ${suffix}` }).click();
  await expect(page.getByLabel('Unit price, line 1')).toHaveValue('10,000.00');
  await expect(page.getByRole('status').filter({ hasText: 'Total $20,000.00' })).toBeVisible();
  await expect.poll(() => amountOf(page, deal.id)).toBe(2_000_000);
  await expect(page.getByText('is not an amount in USD')).toHaveCount(0);
  await screenshot(page, 'pricing-grid-1440');
  await expectNoSeriousViolations(page);

  // Choosing the same product again keeps the negotiated price; the line reads back as saved.
  await page.reload();
  await expect(page.getByLabel('Unit price, line 1')).toHaveValue('10,000.00');
  await expect(page.getByLabel('Description, line 1')).toHaveValue(`S200 array ${suffix}`);

  // On a phone the lines are cards and the page is no wider than the screen.
  await page.setViewportSize(phone);
  const cards = page.getByRole('list', { name: 'Line items' });
  await expect(cards.getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('table', { name: 'Line items' })).toHaveCount(0);
  await expect(cards.getByLabel('Unit price, line 1')).toHaveValue('10,000.00');
  await expect(cards.getByText('$20,000.00')).toBeVisible();
  const priceBox = await cards.getByLabel('Unit price, line 1').boundingBox();
  expect(priceBox?.height).toBeGreaterThanOrEqual(40);
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(phone.width);
  await cards.scrollIntoViewIfNeeded();
  await screenshot(page, 'pricing-grid-390');
  await expectNoSeriousViolations(page);
  expect(consoleErrors).toEqual([]);
});

test('details are edited in place on the overview: Enter saves, Escape cancels, a conflict is told', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize(desktop);
  const suffix = unique();
  await signIn(page, 'seller@brightpath.example');
  const deal = await createDeal(page, `Inline deal ${suffix}`);
  await page.goto(`/opportunities/${deal.id}`);
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details.getByText('Click a value')).toBeVisible();

  // Next step by mouse: click, type, Enter.
  await details.getByRole('button', { name: /edit Next step$/ }).click();
  const nextStep = details.getByRole('textbox', { name: 'Next step' });
  await expect(nextStep).toBeFocused();
  await typeInto(nextStep, 'Call the CFO on Friday');
  await nextStep.press('Enter');
  await expect(details.getByRole('button', { name: 'Call the CFO on Friday, edit Next step' })).toBeFocused();
  await expect
    .poll(
      async () => (await callApi<{ nextStep: string }>(page, 'GET', `/opportunities/${deal.id}`)).nextStep,
    )
    .toBe('Call the CFO on Friday');

  // Competitor by keyboard, then Escape: nothing changes.
  await details.getByRole('button', { name: /edit Competitor$/ }).focus();
  await page.keyboard.press('Enter');
  const competitor = details.getByRole('textbox', { name: 'Competitor' });
  await typeInto(competitor, 'Initech');
  await competitor.press('Escape');
  await expect(competitor).toHaveCount(0);
  await expect(details.getByRole('button', { name: /edit Competitor$/ })).toBeFocused();
  expect(
    (await callApi<{ competitor: string | null }>(page, 'GET', `/opportunities/${deal.id}`)).competitor,
  ).toBeNull();

  // The estimated amount (no lines yet) is money in the deal's currency, read by core's parser.
  await details.getByRole('button', { name: /edit Estimated amount \(USD\)$/ }).click();
  const amount = details.getByRole('textbox', { name: 'Estimated amount (USD)' });
  await expect(amount).toHaveValue('30,000.00');
  await typeInto(amount, '45000');
  await amount.press('Enter');
  await expect(
    details.getByRole('button', { name: '$45,000.00, edit Estimated amount (USD)' }),
  ).toBeVisible();
  await expect(page.getByText('$45,000.00').first()).toBeVisible();
  expect(await amountOf(page, deal.id)).toBe(4_500_000);

  // A refusal stays on the field and is announced; the name is required.
  await details.getByRole('button', { name: /edit Name$/ }).click();
  const name = details.getByRole('textbox', { name: 'Name' });
  await name.fill('');
  await name.press('Enter');
  await expect(details.getByRole('alert').filter({ hasText: 'is required' })).toBeVisible();
  await name.press('Escape');
  await expect(page.getByRole('heading', { name: `Inline deal ${suffix}` })).toBeVisible();

  // Someone else saves in between: the field says so, the page shows their version, Enter saves on top.
  const current = await callApi<{ version: number }>(page, 'GET', `/opportunities/${deal.id}`);
  const theirs = await page.request.patch(`/api/v1/opportunities/${deal.id}`, {
    headers: await sessionHeaders(page, current.version),
    data: { leadSource: 'Trade fair' },
  });
  expect(theirs.status()).toBe(200);
  await details.getByRole('button', { name: /edit Next step$/ }).click();
  await typeInto(nextStep, 'Send the proposal');
  await nextStep.press('Enter');
  await expect(
    details.getByRole('alert').filter({ hasText: 'Someone else changed this opportunity' }),
  ).toBeVisible();
  await expect(details.getByRole('button', { name: /^Trade fair, edit Lead source$/ })).toBeVisible();
  await expect(nextStep).toHaveValue('Send the proposal');
  await screenshot(page, 'pricing-overview-conflict-1440', { fullPage: false });
  await nextStep.press('Enter');
  await expect(details.getByRole('button', { name: 'Send the proposal, edit Next step' })).toBeVisible();
  const saved = await callApi<{ nextStep: string; leadSource: string }>(
    page,
    'GET',
    `/opportunities/${deal.id}`,
  );
  expect(saved).toMatchObject({ nextStep: 'Send the proposal', leadSource: 'Trade fair' });
  acceptRefusalsInConsole(consoleErrors, 409);
  await screenshot(page, 'pricing-overview-1440');
  await expectNoSeriousViolations(page);

  // On a phone the values stay editable by touch, each a target of at least 40 px.
  await page.setViewportSize(phone);
  const nextStepValue = details.getByRole('button', { name: /edit Next step$/ });
  await nextStepValue.scrollIntoViewIfNeeded();
  expect((await nextStepValue.boundingBox())?.height).toBeGreaterThanOrEqual(40);
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(phone.width);
  await screenshot(page, 'pricing-overview-390');
  await expectNoSeriousViolations(page);

  // A reader (the vendor's reviewer) sees the same values as plain text, with nothing to click.
  await page.setViewportSize(desktop);
  await signOut(page);
  await signIn(page, 'reviewer@helio.example');
  await page.goto(`/opportunities/${deal.id}`);
  const readOnly = page.getByRole('region', { name: 'Details' });
  await expect(readOnly.getByText('Send the proposal')).toBeVisible();
  await expect(readOnly.getByRole('button', { name: /, edit / })).toHaveCount(0);
  await expect(readOnly.getByText('Click a value')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

/** The grid's lines as the server has them: quantity and unit price (minor units), in order. */
const savedLines = (page: Page, dealId: number) =>
  callApi<{ items: { description: string | null; quantity: number; unitPriceMinor: number | null }[] }>(
    page,
    'GET',
    `/opportunities/${dealId}/line-items`,
  ).then((list) => list.items.map((line) => [line.description, line.quantity, line.unitPriceMinor]));

/** Holds every save of a line item (POST and PATCH) for a while, as a slow network does. */
async function slowLineSaves(page: Page, delayMs: number) {
  await page.route(
    (url) => url.pathname.startsWith('/api/v1/') && url.pathname.includes('/line-items'),
    async (route) => {
      if (['POST', 'PATCH'].includes(route.request().method()))
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      await route.continue();
    },
  );
}

test('a new line typed key by key and tabbed through is saved without leaving its row', async ({
  page,
  request,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize(desktop);
  const suffix = unique();
  await addLookalikeProducts(request, suffix);
  await signIn(page, 'seller@brightpath.example');
  const deal = await createDeal(page, `Unsaved line ${suffix}`);
  await page.goto(`/opportunities/${deal.id}`);
  await page.getByRole('button', { name: 'Add line' }).click();

  // From the keyboard only: the product is typed and picked, then Tab from cell to cell.
  const picker = page.getByRole('combobox', { name: 'Product, line 1' });
  await picker.focus();
  await page.keyboard.type(`HW-${suffix}`);
  await expect(page.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Description, line 1')).toBeFocused();
  await expect(page.getByLabel('Description, line 1')).toHaveValue(`S200 array ${suffix}`);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Quantity, line 1')).toBeFocused();
  await page.keyboard.press('Backspace');
  await page.keyboard.type('2');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Unit price, line 1')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('3000.5');
  await page.keyboard.press('Tab');

  // The focus is still in the row: the line is saved all the same, once, with what was typed.
  await expect(page.getByLabel('Discount percent, line 1')).toBeFocused();
  await expect(page.getByLabel('Unit price, line 1')).toHaveValue('3,000.50');
  await expect.poll(() => savedLines(page, deal.id)).toEqual([[`S200 array ${suffix}`, 2, 300_050]]);
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Quantity, line 1')).toHaveValue('2');
  await expect(page.getByLabel('Unit price, line 1')).toHaveValue('3,000.50');
  await expect(page.getByLabel('Quantity, line 2')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Total $6,001.00' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('three lines typed through Add 3 lines on a slow network keep every price', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize(desktop);
  const suffix = unique();
  await signIn(page, 'seller@brightpath.example');
  const deal = await createDeal(page, `Slow lines ${suffix}`);
  await page.goto(`/opportunities/${deal.id}`);
  // Each save takes half a second: a line's first save (which adds it) is still under way while
  // its quantity and price are typed and left.
  await slowLineSaves(page, 500);
  await page.getByRole('button', { name: 'Add 3 lines' }).click();
  const typed: [string, string, string][] = [
    ['Servers', '2', '1500'],
    ['Storage', '1', '999.5'],
    ['Installation', '8', '125'],
  ];
  for (const [index, [description, quantity, price]] of typed.entries()) {
    const line = index + 1;
    await page.getByLabel(`Description, line ${line}`).pressSequentially(description);
    await page.keyboard.press('Tab');
    await expect(page.getByLabel(`Quantity, line ${line}`)).toBeFocused();
    await page.keyboard.type(quantity);
    await page.keyboard.press('Tab');
    await expect(page.getByLabel(`Unit price, line ${line}`)).toBeFocused();
    await page.keyboard.type(price);
    await page.keyboard.press('Tab');
  }
  await expect(page.getByLabel('Discount percent, line 3')).toBeFocused();
  await expect
    .poll(() => savedLines(page, deal.id))
    .toEqual([
      ['Servers', 2, 150_000],
      ['Storage', 1, 99_950],
      ['Installation', 8, 12_500],
    ]);
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Unit price, line 1')).toHaveValue('1,500.00');
  await expect(page.getByLabel('Unit price, line 2')).toHaveValue('999.50');
  await expect(page.getByLabel('Unit price, line 3')).toHaveValue('125.00');
  await expect(page.getByLabel('Quantity, line 3')).toHaveValue('8');
  // 2 × 1,500 + 999.50 + 8 × 125 = 4,999.50
  await expect(page.getByRole('status').filter({ hasText: 'Total $4,999.50' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('a price typed last, with the focus still in its field, is saved after a pause and survives a reload', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize(desktop);
  const suffix = unique();
  await signIn(page, 'seller@brightpath.example');
  const deal = await createDeal(page, `Price typed last ${suffix}`);
  await callApi(page, 'POST', `/opportunities/${deal.id}/line-items`, {
    description: 'Rack servers',
    quantity: 2,
    unitPriceMinor: 1_000_00,
  });
  await page.goto(`/opportunities/${deal.id}`);
  const price = page.getByLabel('Unit price, line 1');
  await expect(price).toHaveValue('1,000.00');
  await price.click();
  await page.keyboard.press('ControlOrMeta+A');
  await price.pressSequentially('12345.67', { delay: 30 });
  // No Tab, no click elsewhere: the pause in typing saves it.
  await expect(price).toBeFocused();
  await expect.poll(() => savedLines(page, deal.id)).toEqual([['Rack servers', 2, 1_234_567]]);
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Unit price, line 1')).toHaveValue('12,345.67');
  await expect(page.getByRole('status').filter({ hasText: 'Total $24,691.34' })).toBeVisible();

  // A new line with a price but neither product nor description cannot be saved: it says so, and
  // leaving the page asks first instead of dropping it silently.
  await page.getByRole('button', { name: 'Add line' }).click();
  await page.getByLabel('Unit price, line 2').pressSequentially('99', { delay: 30 });
  await page.keyboard.press('Tab');
  await expect(page.getByText('Pick a product or type a description to save this line')).toBeVisible();
  await expect(page.getByText('Not saved yet')).toBeVisible();
  const asked = page.waitForEvent('dialog');
  void page.reload().catch(() => undefined);
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  await page.getByLabel('Description, line 2').pressSequentially('Cabling', { delay: 30 });
  await page.keyboard.press('Tab');
  await expect
    .poll(() => savedLines(page, deal.id))
    .toEqual([
      ['Rack servers', 2, 1_234_567],
      ['Cabling', 1, 9_900],
    ]);
  expect(consoleErrors).toEqual([]);
});

test('Add line puts the focus in the new line’s product', async ({ page, consoleErrors }) => {
  await page.setViewportSize(desktop);
  const suffix = unique();
  await signIn(page, 'seller@brightpath.example');
  const deal = await createDeal(page, `Focus line ${suffix}`);
  await callApi(page, 'POST', `/opportunities/${deal.id}/line-items`, { description: 'Existing line' });
  await page.goto(`/opportunities/${deal.id}`);
  await expect(page.getByLabel('Description, line 1')).toHaveValue('Existing line');
  await page.getByRole('button', { name: 'Add line' }).click();
  await expect(page.getByRole('combobox', { name: 'Product, line 2' })).toBeFocused();
  // Typed at once, without a click: the new line, not the button, gets it.
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Description, line 2')).toBeFocused();
  await page.keyboard.type('Typed straight away');
  await page.keyboard.press('Tab');
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  expect((await savedLines(page, deal.id)).map(([description]) => description)).toEqual([
    'Existing line',
    'Typed straight away',
  ]);
  expect(consoleErrors).toEqual([]);
});

test('a line someone else changed meanwhile keeps what was typed and is saved on top of theirs', async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize(desktop);
  const suffix = unique();
  await signIn(page, 'seller@brightpath.example');
  const deal = await createDeal(page, `Conflict line ${suffix}`);
  const line = await callApi<{ id: number; version: number }>(
    page,
    'POST',
    `/opportunities/${deal.id}/line-items`,
    { description: 'Storage array', quantity: 1, unitPriceMinor: 100_000 },
  );
  await page.goto(`/opportunities/${deal.id}`);
  await expect(page.getByLabel('Quantity, line 1')).toHaveValue('1');

  // A colleague renames the line; this page still shows the version before.
  const theirs = await page.request.patch(`/api/v1/line-items/${line.id}`, {
    headers: await sessionHeaders(page, line.version),
    data: { description: 'Storage array (renewed)' },
  });
  expect(theirs.status()).toBe(200);

  await typeInto(page.getByLabel('Quantity, line 1'), '4');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('alert').filter({ hasText: 'The line item was not saved' })).toBeVisible();
  // Nothing typed is lost, and their change shows.
  await expect(page.getByLabel('Description, line 1')).toHaveValue('Storage array (renewed)');
  await expect(page.getByLabel('Quantity, line 1')).toHaveValue('4');
  await expect(page.getByText('Someone else changed line 1 meanwhile')).toBeVisible();
  acceptRefusalsInConsole(consoleErrors, 409);

  // Leaving a field again saves on top of their version.
  await page.keyboard.press('Tab');
  await expect(page.getByText('Someone else changed line 1 meanwhile')).toHaveCount(0);
  await expect.poll(() => savedLines(page, deal.id)).toEqual([['Storage array (renewed)', 4, 100_000]]);
  expect(consoleErrors).toEqual([]);
});
