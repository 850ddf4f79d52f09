import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
  callApi,
  chooseOption,
  daysFromToday,
  expect,
  screenshot,
  signIn,
  test,
  typeInto,
  unique,
} from './support.ts';

// Each test pictures and checks (axe) two screens at two widths: more than the default minute on a busy machine.
test.describe.configure({ timeout: 240_000 });

/** The screen at a desktop and a phone width: never wider than the viewport, pictured for people to look at. */
async function atWidths(page: Page, name: string, show: () => Promise<void>) {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await show();
    // From the top, so the sticky header is not pictured over the middle of a full-page shot.
    await page.evaluate(() => window.scrollTo(0, 0));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} at ${width} px is no wider than the viewport`).toBeLessThanOrEqual(0);
    await screenshot(page, `${name}-${width}`);
    const results = await new AxeBuilder({ page })
      .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      );
    expect(serious, `${name} at ${width} px: no serious or critical axe violation`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('a deal’s change log reads as sentences: stage labels, money in its currency, lines by name', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const suffix = unique();
  const client = await callApi<{ id: number }>(page, 'POST', '/clients', { name: `Ledger Works ${suffix}` });
  const contact = await callApi<{ id: number }>(page, 'POST', '/contacts', {
    clientId: client.id,
    firstName: 'Tara',
    lastName: `Buyer ${suffix}`,
  });
  const name = `Array refresh ${suffix}`;
  const deal = await callApi<{ id: number }>(page, 'POST', '/opportunities', {
    name,
    clientId: client.id,
    primaryContactId: contact.id,
    currency: 'USD',
    decisionDate: daysFromToday(100),
  });
  await callApi(page, 'POST', `/opportunities/${deal.id}/line-items`, {
    description: 'Storage array',
    quantity: 2,
    unitPriceMinor: 1_250_000,
  });

  // A seller changes the line in the grid and moves the stage on the stage bar.
  await page.goto(`/opportunities/${deal.id}?open=lines`);
  await typeInto(page.getByLabel('Quantity, line 1'), '3');
  await page.getByRole('heading', { name }).click();
  await expect
    .poll(
      async () =>
        (await callApi<{ amountMinor: number }>(page, 'GET', `/opportunities/${deal.id}`)).amountMinor,
    )
    .toBe(3_750_000);
  await page
    .getByRole('list', { name: 'Sales stages' })
    .getByRole('button', { name: /^02 Validate/ })
    .click();
  await expect
    .poll(async () => (await callApi<{ stage: string }>(page, 'GET', `/opportunities/${deal.id}`)).stage)
    .toBe('validate');

  await page.getByRole('button', { name: /Change log/ }).click();
  const log = page.getByRole('list', { name: 'Change log' });
  await expect(log).toContainText('Changed sales stage: 01 Identify → 02 Validate');
  await expect(log).toContainText('Added line: 2 × Storage array at $12,500.00');
  await expect(log).toContainText('Changed line Storage array: quantity 2 → 3');
  await expect(log).toContainText('Changed amount: $25,000.00 → $37,500.00');
  await expect(log).toContainText('Created the opportunity');
  await expect(log).toContainText(`Primary BPContact: Tara Buyer ${suffix}`);
  // No column names, codes or raw minor units.
  await expect(log).not.toContainText('amountMinor');
  await expect(log).not.toContainText('3750000');
  await atWidths(page, 'change-log', async () => {
    await log.scrollIntoViewIfNeeded();
  });
  expect(consoleErrors).toEqual([]);
});

test('a client’s timeline brings its deals’ and contacts’ activities together, with links and filters', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const suffix = unique();
  const clientName = `Timeline Foods ${suffix}`;
  const client = await callApi<{ id: number }>(page, 'POST', '/clients', { name: clientName });
  const contact = await callApi<{ id: number }>(page, 'POST', '/contacts', {
    clientId: client.id,
    firstName: 'Omar',
    lastName: `Planner ${suffix}`,
  });
  const dealName = `Cold chain ${suffix}`;
  const deal = await callApi<{ id: number; number: string }>(page, 'POST', '/opportunities', {
    name: dealName,
    clientId: client.id,
  });
  const add = (entityType: string, entityId: number, kind: string, subject: string) =>
    callApi(page, 'POST', '/activities', { entityType, entityId, kind, subject });
  await add('client', client.id, 'note', 'Met the facilities team');
  await add('contact', contact.id, 'call', 'Called Omar about the pilot');
  await add('opportunity', deal.id, 'meeting', 'Sizing workshop');
  await add('opportunity', deal.id, 'note', 'Budget approved in principle');

  await page.goto(`/clients/${client.id}?open=activities`);
  await expect(page.getByRole('heading', { name: clientName })).toBeVisible();
  const timeline = page.getByRole('list', { name: 'Client timeline' });
  const entries = timeline.getByTestId('timeline-entry');
  await expect(entries).toHaveCount(4);
  await expect(entries.nth(0)).toContainText('Budget approved in principle');
  await expect(entries.nth(3)).toContainText('Met the facilities team');
  await expect(entries.nth(3)).toContainText('on this client');
  await expect(timeline.getByRole('link', { name: `Omar Planner ${suffix}` })).toHaveAttribute(
    'href',
    `/contacts/${contact.id}`,
  );
  await atWidths(page, 'client-timeline', async () => {
    await timeline.scrollIntoViewIfNeeded();
  });

  // Only the deals' activities, then only their notes.
  await page.getByRole('radiogroup', { name: 'From' }).getByText('Opportunities').click();
  await expect(entries).toHaveCount(2);
  await expect(timeline).not.toContainText('Called Omar');
  await chooseOption(page, 'Kind of activity', 'Notes');
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText('Budget approved in principle');

  // Each entry leads to its deal.
  await timeline.getByRole('link', { name: `${deal.number} ${dealName}` }).click();
  await expect(page).toHaveURL(new RegExp(`/opportunities/${deal.id}`));
  await expect(page.getByRole('heading', { name: dealName })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
