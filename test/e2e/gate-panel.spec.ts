import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
  callApi,
  chooseOption,
  daysFromToday,
  dragTo,
  expect,
  screenshot,
  signIn,
  test,
  typeInto,
  unique,
} from './support.ts';

// Each test drives several screens and saves; on a busy machine that takes longer than the default minute.
test.describe.configure({ timeout: 120_000 });

/** Serious and critical WCAG 2.1 AA violations on the page as it is now (as test/e2e/accessibility.spec.ts). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

type Created = { id: number; number: string; stage: string; version: number };
type Contact = { id: number; clientId: number; fullName: string };

/** A deal of a client that has BPContacts, without a primary one, with one line item that has no price. */
async function dealLackingContactAndPrice(page: Page, name: string) {
  // A BPContact of a client the seller works with, made for this test so its name is known.
  const someone = (await callApi<{ items: Contact[] }>(page, 'GET', '/contacts?limit=1')).items[0]!;
  const contact = await callApi<Contact>(page, 'POST', '/contacts', {
    clientId: someone.clientId,
    firstName: 'Dana',
    lastName: `Whitfield ${unique()}`,
  });
  const deal = await callApi<Created>(page, 'POST', '/opportunities', {
    name,
    clientId: contact.clientId,
    primaryContactId: null,
    stage: 'identify',
    currency: 'USD',
    decisionDate: daysFromToday(100),
    lineItems: [{ description: 'Storage array', quantity: 2, decisionDate: null }],
  });
  const stageOf = async () => (await callApi<Created>(page, 'GET', `/opportunities/${deal.id}`)).stage;
  return { deal, contact, stageOf };
}

test('the stage bar shows what each gate needs and moves a deal once the panel is filled', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'seller@brightpath.example');
  const name = `Gate panel deal ${Date.now()}`;
  const { deal, contact, stageOf } = await dealLackingContactAndPrice(page, name);
  await page.goto(`/opportunities/${deal.id}`);
  const stages = page.getByRole('list', { name: 'Sales stages' });
  // Without hovering: each gate not yet reachable says what it adds.
  await expect(stages.getByText('needs primary BPContact')).toBeVisible();
  await expect(stages.getByText('needs a priced line item')).toBeVisible();
  await expect(stages.getByText('needs line prices and dates')).toBeVisible();

  await stages.getByRole('button', { name: /^04 Propose/ }).click();
  const panel = page.getByRole('dialog', { name: 'Move to 04 Propose' });
  await expect(panel).toContainText('02 Validate needs a primary BPContact');
  await expect(panel).toContainText('03 Qualify needs at least one line item with an amount');
  await expect(panel).toContainText('04 Propose needs every open line item priced and with a decision date');
  // The keyboard starts on the first missing field, not on the panel's close button.
  await expect(panel.getByRole('combobox', { name: 'Primary BPContact', exact: true })).toBeFocused();
  await screenshot(page, 'gate-panel', { fullPage: false });
  expect(await seriousViolations(page)).toEqual([]);

  // Confirming with nothing filled in names the fields and saves nothing.
  await panel.getByRole('button', { name: 'Save and move to 04 Propose' }).click();
  await expect(panel.getByText('Choose the primary BPContact')).toBeVisible();
  await expect(panel.getByText('Enter a unit price above zero')).toBeVisible();
  expect(await stageOf()).toBe('identify');

  await chooseOption(page, 'Primary BPContact', contact.fullName, {
    search: contact.fullName.slice(0, 12),
    within: panel,
  });
  await typeInto(panel.getByRole('textbox', { name: 'Unit price (USD) of Storage array' }), '12,500');
  // The line has no date: the panel offers the deal's, and takes another typed key by key.
  const date = panel.getByRole('textbox', { name: 'Decision date of Storage array' });
  await expect(date).toHaveValue(daysFromToday(100));
  await date.click();
  await typeInto(date, daysFromToday(80));
  await page.keyboard.press('Tab');
  await expect(date).toHaveValue(daysFromToday(80));
  await panel.getByRole('button', { name: 'Save and move to 04 Propose' }).click();
  await expect(panel).toBeHidden();
  await expect.poll(stageOf).toBe('propose');
  await expect(stages.getByRole('button', { name: /^04 Propose/ })).toHaveAttribute('aria-current', 'step');
  const saved = await callApi<{
    opportunity: { primaryContactId: number };
    lineItems: { unitPriceMinor: number; decisionDate: string; amountMinor: number }[];
  }>(page, 'GET', `/opportunities/${deal.id}/overview`);
  expect(saved.opportunity.primaryContactId).toBe(contact.id);
  expect(saved.lineItems).toMatchObject([
    { unitPriceMinor: 12_500_00, amountMinor: 25_000_00, decisionDate: daysFromToday(80) },
  ]);
});

test('a client without BPContacts: the panel starts on First name and adds the one typed', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'seller@brightpath.example');
  const client = await callApi<{ id: number; name: string }>(page, 'POST', '/clients', {
    name: `Fjordline Logistics ${unique()}`,
  });
  const deal = await callApi<Created>(page, 'POST', '/opportunities', {
    name: `No contact yet ${unique()}`,
    clientId: client.id,
    stage: 'identify',
    amountMinor: 5_000_00,
    decisionDate: daysFromToday(90),
  });
  await page.goto(`/opportunities/${deal.id}`);
  await page
    .getByRole('list', { name: 'Sales stages' })
    .getByRole('button', { name: /^02 Validate/ })
    .click();
  const panel = page.getByRole('dialog', { name: 'Move to 02 Validate' });
  await expect(panel).toContainText(`${client.name} has no BPContact yet`);
  // The keyboard starts on First name once the panel knows a new BPContact is needed.
  const firstName = panel.getByRole('textbox', { name: 'First name' });
  await expect(firstName).toBeFocused();
  await page.keyboard.type('Sigrid', { delay: 20 });
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('textbox', { name: 'Last name' })).toBeFocused();
  await page.keyboard.type('Aasen', { delay: 20 });
  await panel.getByRole('button', { name: 'Save and move to 02 Validate' }).click();
  await expect(panel).toBeHidden();
  const moved = await callApi<Created & { primaryContactName: string }>(
    page,
    'GET',
    `/opportunities/${deal.id}`,
  );
  expect(moved).toMatchObject({ stage: 'validate', primaryContactName: 'Sigrid Aasen' });
});

test('on a phone the panel takes the whole width and moves the deal', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'seller@brightpath.example');
  const name = `Phone gate deal ${Date.now()}`;
  const { deal, contact, stageOf } = await dealLackingContactAndPrice(page, name);
  await page.goto(`/opportunities/${deal.id}`);
  const stages = page.getByRole('list', { name: 'Sales stages' });
  await expect(stages.getByText('needs primary BPContact')).toBeVisible();
  await stages.getByRole('button', { name: /^02 Validate/ }).click();
  const panel = page.getByRole('dialog', { name: 'Move to 02 Validate' });
  await expect(panel).toContainText('02 Validate needs a primary BPContact');
  // Exactly what is missing: the line's price is not asked for on the way to 02 Validate.
  await expect(panel.getByRole('textbox', { name: /Unit price/ })).toHaveCount(0);
  const box = await panel.boundingBox();
  expect(box?.width).toBe(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
  await screenshot(page, 'gate-panel-390', { fullPage: false });
  await chooseOption(page, 'Primary BPContact', contact.fullName, {
    search: contact.fullName.slice(0, 12),
    within: panel,
  });
  await panel.getByRole('button', { name: 'Save and move to 02 Validate' }).click();
  await expect(panel).toBeHidden();
  await expect.poll(stageOf).toBe('validate');
});

test('dragging a card by keyboard shows which stages it may drop on, and the panel moves it', async ({
  page,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const name = `Board gate deal ${Date.now()}`;
  const { deal, contact, stageOf } = await dealLackingContactAndPrice(page, name);
  await page.goto(`/pipeline?q=${encodeURIComponent(name)}`);
  const column = (stage: string) => page.locator(`section[data-stage="${stage}"]`);
  const card = (stage: string) => column(stage).getByRole('article', { name: `${deal.number} ${name}` });
  // The first read of the board may be slow on a busy machine.
  await expect(card('identify')).toBeVisible({ timeout: 30_000 });

  await card('identify')
    .getByRole('button', { name: /^Move / })
    .focus();
  await page.keyboard.press('Space');
  await expect(page.locator('article[data-overlay]')).toBeVisible();
  // During the drag, every stage says whether the card may drop there.
  await expect(column('identify')).toContainText('Its stage now');
  await expect(column('validate')).toContainText('Needs primary BPContact');
  await expect(column('qualify')).toContainText('Needs primary BPContact, a priced line item');
  await expect(column('lost')).toContainText('Drop to close');
  await page.keyboard.press('ArrowRight');
  await expect(column('validate')).toHaveAttribute('data-over', 'true');
  // Screen readers hear the same through the drag's announcements.
  await expect(page.locator('[id^="DndLiveRegion"]')).toContainText('needs a primary BPContact');
  await page.keyboard.press('ArrowRight');
  await expect(column('qualify')).toHaveAttribute('data-over', 'true');
  await screenshot(page, 'board-drag-hints', { fullPage: false });
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Space');

  const panel = page.getByRole('dialog', { name: 'Move to 03 Qualify' });
  await expect(panel).toContainText(`${deal.number} ${name}`);
  await expect(panel).toContainText('02 Validate needs a primary BPContact');
  await expect(panel).toContainText('03 Qualify needs at least one line item with an amount');
  // 03 Qualify asks for a price, not yet a date.
  await expect(panel.getByRole('textbox', { name: /Decision date of/ })).toHaveCount(0);
  expect(await stageOf()).toBe('identify');
  await screenshot(page, 'board-gate-panel', { fullPage: false });

  const contactField = panel.getByRole('combobox', { name: 'Primary BPContact', exact: true });
  await expect(contactField).toBeFocused();
  await typeInto(contactField, contact.fullName);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(contactField).toHaveValue(contact.fullName);
  await typeInto(panel.getByRole('textbox', { name: 'Unit price (USD) of Storage array' }), '900');
  await page.keyboard.press('Enter');
  await expect(panel).toBeHidden();
  await expect(card('qualify')).toBeVisible();
  await expect(card('identify')).toHaveCount(0);
  await expect.poll(stageOf).toBe('qualify');
  // The keyboard is back on the moved card's grip, not on the page.
  await expect(card('qualify').getByRole('button', { name: /^Move / })).toBeFocused();

  // A pointer drag back is always allowed, and says so on the way.
  await dragTo(page, card('qualify'), column('identify'));
  await expect(card('identify')).toBeVisible();
  await expect.poll(stageOf).toBe('identify');
});

test('at 390 px the stage bar keeps its needs visible, and at 1440 the board hints fit', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'seller@brightpath.example');
  const name = `Wide gate deal ${Date.now()}`;
  const { deal } = await dealLackingContactAndPrice(page, name);
  await page.goto(`/opportunities/${deal.id}`);
  await expect(
    page.getByRole('list', { name: 'Sales stages' }).getByText('needs primary BPContact'),
  ).toBeVisible();
  await screenshot(page, 'gate-stage-bar-1440', { fullPage: false });
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(
    page.getByRole('list', { name: 'Sales stages' }).getByText('needs primary BPContact'),
  ).toBeVisible();
  // The phone layout replaces the desktop one once the app sees the new width.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
  await screenshot(page, 'gate-stage-bar-390', { fullPage: false });
  expect(await seriousViolations(page)).toEqual([]);
});
