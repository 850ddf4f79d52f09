import { callApi, daysFromToday, dragTo, expect, screenshot, signIn, test, typeInto } from './support.ts';

type Created = { id: number; number: string; stage: string; version: number };

test('the board moves a deal whose gates are met and refuses, with what is missing, one whose gates are not', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const contacts = await callApi<{ items: { id: number; clientId: number }[] }>(
    page,
    'GET',
    '/contacts?limit=1',
  );
  const contact = contacts.items[0]!;
  const name = `Board deal ${Date.now()}`;
  const deal = await callApi<Created>(page, 'POST', '/opportunities', {
    name,
    clientId: contact.clientId,
    primaryContactId: contact.id,
    stage: 'identify',
    currency: 'EUR',
    amountMinor: 42_000_00,
    decisionDate: daysFromToday(100),
  });
  const stageOf = async () => (await callApi<Created>(page, 'GET', `/opportunities/${deal.id}`)).stage;

  // The board takes the list's filters from the address: only this deal's card shows.
  await page.goto(`/pipeline?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole('heading', { name: 'Pipeline board' })).toBeVisible();
  await expect(page.getByText('Column totals in USD, the reporting currency')).toBeVisible();
  await expect(page.getByLabel('Search the board')).toHaveValue(name);
  const column = (stage: string) => page.locator(`section[data-stage="${stage}"]`);
  const card = (stage: string) => column(stage).getByRole('article', { name: `${deal.number} ${name}` });
  await expect(card('identify')).toBeVisible();
  await expect(card('identify')).toContainText('€42,000.00');
  await expect(card('identify').getByRole('link', { name })).toHaveAttribute(
    'href',
    `/opportunities/${deal.id}`,
  );
  await expect(column('identify').getByText('1 opportunity', { exact: true })).toBeVisible();
  await screenshot(page, 'pipeline');

  // 02 Validate needs a primary BPContact, which the deal has: the move goes through.
  await dragTo(page, card('identify'), column('validate'));
  await expect(card('validate')).toBeVisible();
  await expect(card('identify')).toHaveCount(0);
  await expect.poll(stageOf).toBe('validate');
  await expect(column('validate').getByText('1 opportunity', { exact: true })).toBeVisible();

  // 04 Propose needs what 03 Qualify needs too: the gate panel names each gate, and cancelling leaves the card.
  await dragTo(page, card('validate'), column('propose'));
  const gate = page.getByRole('dialog', { name: 'Move to 04 Propose' });
  await expect(gate).toContainText('03 Qualify needs at least one line item with an amount');
  await expect(gate).toContainText('04 Propose needs every open line item priced and with a decision date');
  await screenshot(page, 'pipeline-refused');
  await gate.getByRole('button', { name: 'Cancel' }).click();
  await expect(gate).toBeHidden();
  await expect(card('validate')).toBeVisible();
  await expect(card('propose')).toHaveCount(0);
  expect(await stageOf()).toBe('validate');

  // From the keyboard: the grip picks the card up, an arrow key chooses the next stage, Space drops.
  const grip = card('validate').getByRole('button', {
    name: `Move ${deal.number} ${name}, now in 02 Validate`,
  });
  const pickUp = async () => {
    await page.keyboard.press('Space');
    // The card follows the keys once it is picked up (its copy appears).
    await expect(page.locator('article[data-overlay]')).toBeVisible();
  };
  await grip.focus();
  await pickUp();
  await page.keyboard.press('ArrowRight');
  await expect(column('qualify')).toHaveAttribute('data-over', 'true');
  await page.keyboard.press('Space');
  const qualify = page.getByRole('dialog', { name: 'Move to 03 Qualify' });
  await expect(qualify).toContainText('03 Qualify needs at least one line item with an amount');
  await page.keyboard.press('Escape');
  await expect(qualify).toBeHidden();
  await expect(card('validate')).toBeVisible();
  expect(await stageOf()).toBe('validate');

  // Moving back is always allowed, from the keyboard as well.
  await grip.focus();
  await pickUp();
  await page.keyboard.press('ArrowLeft');
  await expect(column('identify')).toHaveAttribute('data-over', 'true');
  await page.keyboard.press('Space');
  await expect(card('identify')).toBeVisible();
  await expect.poll(stageOf).toBe('identify');

  // From 1024 px the page itself stays put; the stages scroll sideways inside the board.
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(card('identify')).toBeVisible();
  const widths = await page.evaluate(() => {
    const board = document.querySelector<HTMLElement>('section[aria-label="Stages"]');
    return {
      page: document.documentElement.scrollWidth,
      board: board?.scrollWidth ?? 0,
      shown: board?.clientWidth ?? 0,
    };
  });
  expect(widths.page).toBe(1024);
  expect(widths.board).toBeGreaterThan(widths.shown);
  await screenshot(page, 'pipeline-1024');
  // The refused moves are 422 answers, which the browser itself logs as failed resources; nothing else may be logged.
  expect(consoleErrors.filter((error) => !error.includes('status of 422'))).toEqual([]);
  consoleErrors.length = 0;
});

test('a closing chosen on the board asks for its competitor and note, then closes the deal', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const contacts = await callApi<{ items: { id: number; clientId: number }[] }>(
    page,
    'GET',
    '/contacts?limit=1',
  );
  const name = `Closing deal ${Date.now()}`;
  const deal = await callApi<Created>(page, 'POST', '/opportunities', {
    name,
    clientId: contacts.items[0]!.clientId,
    stage: 'identify',
    amountMinor: 9_000_00,
    decisionDate: daysFromToday(100),
  });
  await page.goto(`/pipeline?q=${encodeURIComponent(name)}`);
  const card = page
    .locator('section[data-stage="identify"]')
    .getByRole('article', { name: `${deal.number} ${name}` });
  await expect(card).toBeVisible();
  // The closings sit past the last open stage, off to the right: the keyboard walks there, scrolling the board.
  const lost = page.locator('section[data-stage="lost"]');
  await card.getByRole('button', { name: /^Move / }).focus();
  await page.keyboard.press('Space');
  await expect(page.locator('article[data-overlay]')).toBeVisible();
  const completed = page.locator('section[data-stage="completed"]');
  const isOverClosing = async () => (await page.locator('[data-outcome][data-over]').count()) > 0;
  // One key per stage; a key that scrolls the board may take one more press, as a person would see.
  for (let step = 0; step < 10 && !(await isOverClosing()); step += 1)
    await page.keyboard.press('ArrowRight');
  // In the closings, up and down step between the summaries.
  for (let step = 0; step < 4 && (await completed.getAttribute('data-over')) === null; step += 1) {
    await page.keyboard.press('ArrowUp');
  }
  await expect(completed).toHaveAttribute('data-over', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(lost).toHaveAttribute('data-over', 'true');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Close as Lost to competition' });
  await expect(dialog).toContainText(`${deal.number} ${name}`);
  await typeInto(dialog.getByLabel('Competitor who won'), 'Northwind Systems');
  await typeInto(dialog.getByLabel('Note'), 'Lost on price');
  await screenshot(page, 'pipeline-closing');
  await dialog.getByRole('button', { name: 'Close opportunity' }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toHaveCount(0);
  await expect
    .poll(async () => (await callApi<Created>(page, 'GET', `/opportunities/${deal.id}`)).stage)
    .toBe('lost');
  await expect(lost.getByText('1 opportunity', { exact: true })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('a column loads its further cards from its own cursor, keeping the filters', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const contacts = await callApi<{ items: { id: number; clientId: number }[] }>(
    page,
    'GET',
    '/contacts?limit=1',
  );
  const prefix = `Bulk deal ${Date.now()}`;
  for (let index = 1; index <= 23; index += 1) {
    await callApi(page, 'POST', '/opportunities', {
      name: `${prefix} ${String(index).padStart(2, '0')}`,
      clientId: contacts.items[0]!.clientId,
      stage: 'identify',
      amountMinor: index * 1_000_00,
      decisionDate: daysFromToday(100),
    });
  }
  await page.goto(`/pipeline?q=${encodeURIComponent(prefix)}`);
  const identify = page.locator('section[data-stage="identify"]');
  await expect(identify.getByText('23 opportunities', { exact: true })).toBeVisible();
  await expect(identify.getByRole('article')).toHaveCount(20);
  await expect(identify).toContainText('20 of 23 shown');
  await identify.getByRole('button', { name: 'Load more (3 more) in 01 Identify' }).click();
  await expect(identify.getByRole('article')).toHaveCount(23);
  await expect(identify).toContainText('All 23 shown');
  await screenshot(page, 'pipeline-many');
  await expect(identify.getByRole('button', { name: /Load more/ })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
