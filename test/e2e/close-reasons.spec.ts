import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
  callApi,
  chooseOption,
  daysFromToday,
  expect,
  screenshot,
  signIn,
  signOut,
  test,
  typeInto,
  unique,
} from './support.ts';

async function seriousViolations(page: Page, include?: string) {
  // As test/e2e/accessibility.spec.ts: WCAG 2.1 AA plus axe's experimental WCAG rules.
  const experimental = ['label-content-name-mismatch', 'p-as-heading', 'table-fake-caption', 'td-has-header'];
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const results = await builder
    .options({ rules: Object.fromEntries(experimental.map((id) => [id, { enabled: true }])) })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

test('an admin adds a close reason and a seller closes a deal with it; win/loss counts it by reason', async ({
  page,
  consoleErrors,
}) => {
  // Two sign-ins, two closings and a report on a shared machine.
  test.setTimeout(240_000);
  const label = `Vendor shortage ${unique()}`;
  await page.setViewportSize({ width: 1440, height: 900 });

  // The admin adds the reason for "Client not pursuing", key by key.
  await signIn(page, 'admin@helio.example');
  await page.goto('/admin/stages');
  await page.getByRole('tab', { name: 'Close reasons' }).click();
  await expect(page).toHaveURL(/\/admin\/close-reasons$/);
  const table = page.getByRole('table', { name: 'Close reasons' });
  await expect(table.getByRole('row', { name: /Budget cut/ })).toContainText('Client not pursuing');
  await expect(table.getByRole('row', { name: /^Other/ })).toContainText('needs a note');
  await page.getByRole('button', { name: 'New close reason' }).click();
  const dialog = page.getByRole('dialog', { name: 'New close reason' });
  await typeInto(dialog.getByRole('textbox', { name: 'Reason' }), label);
  await dialog.getByRole('checkbox', { name: 'Client not pursuing' }).check();
  await screenshot(page, 'admin-close-reason-new', { fullPage: false });
  await dialog.getByRole('button', { name: 'Add reason' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(table.getByRole('row', { name: new RegExp(label) })).toContainText('Offered');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'admin-close-reasons');
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'admin-close-reasons-390');
  await page.setViewportSize({ width: 1440, height: 900 });
  await signOut(page);

  // The seller closes a deal with it.
  await signIn(page, 'seller@brightpath.example');
  const contacts = await callApi<{ items: { id: number; clientId: number }[] }>(
    page,
    'GET',
    '/contacts?limit=1',
  );
  const deal = await callApi<{ id: number }>(page, 'POST', '/opportunities', {
    name: `Close reason deal ${unique()}`,
    clientId: contacts.items[0]!.clientId,
    stage: 'identify',
    amountMinor: 12_000_00,
    decisionDate: daysFromToday(60),
  });
  await page.goto(`/opportunities/${deal.id}`);
  await page.getByRole('button', { name: 'Client not pursuing' }).click();
  const closing = page.getByRole('dialog', { name: 'Close as Client not pursuing' });
  // The keyboard starts on the first question, not on the dialog's close button.
  await expect(closing.getByRole('combobox', { name: 'Reason', exact: true })).toBeFocused();
  // Reasons of other closing stages are not offered.
  await closing.getByRole('combobox', { name: 'Reason', exact: true }).click();
  await expect(page.getByRole('option', { name: 'Budget cut' })).toBeVisible();
  await expect(page.getByRole('option', { name: 'Price', exact: true })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await chooseOption(page, 'Reason', label, { within: closing, search: 'Vendor short' });
  await typeInto(closing.getByLabel('Note'), 'The client could not get the hardware this year');
  expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
  await screenshot(page, 'closing-dialog-reason', { fullPage: false });
  await closing.getByRole('button', { name: 'Close opportunity' }).click();
  await expect(page.getByText('Closed as Client not pursuing')).toBeVisible();
  await expect(closing).toBeHidden();
  await expect(page.getByText(label).first()).toBeVisible();
  const closed = await callApi<{ closeReason: string; closeReasonId: number }>(
    page,
    'GET',
    `/opportunities/${deal.id}`,
  );
  expect(closed.closeReason).toBe(label);

  // Other needs a few words of its own.
  const second = await callApi<{ id: number }>(page, 'POST', '/opportunities', {
    name: `Other reason deal ${unique()}`,
    clientId: contacts.items[0]!.clientId,
    stage: 'identify',
    amountMinor: 3_000_00,
    decisionDate: daysFromToday(60),
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/opportunities/${second.id}`);
  await page.getByRole('button', { name: 'Partner not pursuing' }).click();
  const other = page.getByRole('dialog', { name: 'Close as Partner not pursuing' });
  await chooseOption(page, 'Reason', 'Other', { within: other, search: 'Oth' });
  await typeInto(other.getByLabel('Note'), 'Handed to a specialist');
  await other.getByRole('button', { name: 'Close opportunity' }).click();
  // The browser keeps the dialog open on the empty required field and puts the focus there.
  await expect(other.getByLabel('Describe "Other"')).toBeFocused();
  await expect(other).toBeVisible();
  await typeInto(other.getByLabel('Describe "Other"'), 'Conflict of interest');
  await screenshot(page, 'closing-dialog-other-390', { fullPage: false });
  await other.getByRole('button', { name: 'Close opportunity' }).click();
  await expect(page.getByText('Closed as Partner not pursuing')).toBeVisible();
  await expect(page.getByText('Other: Conflict of interest').first()).toBeVisible();
  await page.setViewportSize({ width: 1440, height: 900 });

  // The win/loss report counts the deal under its reason.
  const report = await callApi<{
    byReason: { reasonId: number | null; reason: string | null; count: number }[];
  }>(page, 'GET', '/reports/win-loss');
  expect(report.byReason.find((row) => row.reasonId === closed.closeReasonId)).toMatchObject({
    reason: label,
    count: 1,
  });
  await page.goto('/reports');
  const byReason = page.getByRole('region', { name: 'Win/loss by close reason' });
  await byReason.getByRole('button', { name: 'Show as table' }).click();
  await expect(byReason.getByRole('row', { name: new RegExp(label) })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
