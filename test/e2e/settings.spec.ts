import { addDays } from '../../src/core/defaults.ts';
import {
  acceptRefusalsInConsole,
  chooseOption,
  demoPassword,
  expect,
  screenshot,
  sessionHeaders,
  signIn,
  test,
  typeInto,
  unique,
} from './support.ts';

function localToday(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())).toISOString().slice(0, 10);
}

test('a seller sets defaults and a new opportunity starts with them', async ({
  page,
  request,
  consoleErrors,
}) => {
  // The product for the first line item comes from the catalog, which an administrator keeps.
  const suffix = unique();
  const admin = await request.post('/api/v1/auth/login', {
    data: { email: 'admin@helio.example', password: demoPassword },
  });
  const { csrfToken } = (await admin.json()) as { csrfToken: string };
  const product = await request.post('/api/v1/products', {
    headers: { 'x-csrf-token': csrfToken },
    data: { type: 'services', brand: 'Helio', family: 'Care', offering: `Onboarding ${suffix}` },
  });
  expect(product.status()).toBe(201);

  await signIn(page, 'seller@brightpath.example');
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Set opportunity defaults' }).click();
  await expect(page).toHaveURL(/\/settings\/defaults$/);
  await expect(page.getByRole('heading', { name: 'Set defaults' })).toBeVisible();
  await expect(page.getByText('They never override what you type')).toBeVisible();
  await screenshot(page, 'settings-defaults-empty');

  await chooseOption(page, 'Currency', 'EUR · Euro', { search: 'EUR' });
  await chooseOption(page, 'Initial stage', '03 Qualify (40%)');
  await typeInto(page.getByRole('textbox', { name: 'Decision date, in days from today' }), '45');
  await chooseOption(page, 'Distributor', 'Meridian Distribution');
  await typeInto(page.getByRole('textbox', { name: 'Lead source' }), 'Partner event');
  await chooseOption(page, 'Add a person to the default team', 'Dana Whitfield · Brightpath Solutions', {
    search: 'Dana',
  });
  await chooseOption(page, 'Product for the first line item', `Helio Care · Onboarding ${suffix}`, {
    search: `onboarding ${suffix}`,
  });
  const team = page.getByRole('table', { name: 'Default sales team' });
  await expect(team.getByText('Dana Whitfield')).toBeVisible();
  await chooseOption(page, 'Team role of Dana Whitfield', 'Manager');
  await chooseOption(page, 'Access of Dana Whitfield', 'Edit');
  await page.getByRole('button', { name: 'Save defaults' }).click();
  await expect(page.getByText('Defaults saved')).toBeVisible();
  await screenshot(page, 'settings-defaults');

  // Someone (another tab, an integration) changes the defaults meanwhile: the next save is refused
  // with 409, the form shows what changed and keeps the seller's own edit on top.
  const current = (await (await page.request.get('/api/v1/me/opportunity-defaults')).json()) as Record<
    string,
    unknown
  > & { version: number };
  const { version, ...body } = current;
  const changed = await page.request.put('/api/v1/me/opportunity-defaults', {
    headers: await sessionHeaders(page, version),
    data: { ...body, decisionDateDays: 60 },
  });
  expect(changed.status()).toBe(200);
  await typeInto(page.getByRole('textbox', { name: 'Lead source' }), 'Vendor referral');
  await page.getByRole('button', { name: 'Save defaults' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'changed elsewhere' });
  await expect(conflict).toContainText('Decision date (days from today): 60');
  await expect(page.getByRole('textbox', { name: 'Decision date, in days from today' })).toHaveValue('60');
  await expect(page.getByRole('textbox', { name: 'Lead source' })).toHaveValue('Vendor referral');
  await screenshot(page, 'settings-defaults-conflict');
  await page.getByRole('button', { name: 'Save on top of their version' }).click();
  await expect(conflict).toHaveCount(0);
  acceptRefusalsInConsole(consoleErrors, 409);

  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Currency', exact: true })).toHaveValue('EUR · Euro');
  await expect(page.getByRole('textbox', { name: 'Lead source' })).toHaveValue('Vendor referral');
  await expect(page.getByRole('combobox', { name: 'Product for the first line item' })).toHaveValue(
    `Helio Care · Onboarding ${suffix}`,
  );
  await expect(page.getByRole('table', { name: 'Default sales team' })).toContainText('Dana Whitfield');

  await page.goto('/opportunities/new');
  const form = page.getByRole('form', { name: 'New opportunity' });
  await expect(form.getByRole('combobox', { name: 'Currency', exact: true })).toHaveValue('EUR · Euro');
  await expect(form.getByRole('combobox', { name: 'Stage', exact: true })).toHaveValue('03 Qualify (40%)');
  await expect(form.getByRole('textbox', { name: 'Decision date', exact: true })).toHaveValue(
    addDays(localToday(), 60),
  );
  await expect(form.getByRole('combobox', { name: 'Distributor', exact: true })).toHaveValue(
    'Meridian Distribution',
  );
  await expect(form.getByRole('textbox', { name: 'Lead source' })).toHaveValue('Vendor referral');
  await expect(
    form.getByText('your default sales team and a first line item with your default product'),
  ).toBeVisible();
  await screenshot(page, 'new-opportunity-with-defaults');
});

test('a user creates an API token, sees it once, uses it and revokes it', async ({
  page,
  request,
  consoleErrors,
}) => {
  await signIn(page, 'manager@brightpath.example');
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'API tokens' }).click();
  await expect(page).toHaveURL(/\/settings\/tokens$/);
  await expect(page.getByText('You have no API tokens')).toBeVisible();
  await screenshot(page, 'settings-tokens-empty');

  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText('must not be empty')).toBeVisible();
  acceptRefusalsInConsole(consoleErrors, 400);

  await typeInto(page.getByRole('textbox', { name: 'Name' }), 'Nightly CRM sync');
  await typeInto(page.getByRole('textbox', { name: 'Expires after (days)' }), '30');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secretBox = page.getByRole('textbox', { name: 'New API token' });
  await expect(secretBox).toBeVisible();
  await expect(page.getByText('This is the only time Partnerline shows it')).toBeVisible();
  const secret = await secretBox.inputValue();
  expect(secret).toMatch(/^pl_/);
  const tokens = page.getByRole('table', { name: 'API tokens' });
  const row = tokens.getByRole('row', { name: /Nightly CRM sync/ });
  await expect(row).toContainText(secret.slice(0, 10));
  await expect(row).toContainText('Active');
  await screenshot(page, 'settings-token-created');

  const asToken = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } });
  expect(asToken.status()).toBe(200);
  expect(((await asToken.json()) as { email: string }).email).toBe('manager@brightpath.example');

  await page.getByRole('button', { name: 'I have stored it' }).click();
  await expect(secretBox).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
  // It was used a moment ago, so "Last used" is no longer "Never" (and it has an expiry date).
  await expect(row).not.toContainText('Never');

  await row.getByRole('button', { name: 'Revoke Nightly CRM sync' }).click();
  const dialog = page.getByRole('dialog', { name: /Revoke “Nightly CRM sync”/ });
  await expect(dialog).toContainText('stops working at once');
  await screenshot(page, 'settings-token-revoke', { fullPage: false });
  await dialog.getByRole('button', { name: 'Revoke token' }).click();
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button', { name: /Revoke/ })).toHaveCount(0);
  await screenshot(page, 'settings-tokens');

  const afterRevoke = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } });
  expect(afterRevoke.status()).toBe(401);
});

test('someone who is not an administrator is told so at /admin', async ({ page, consoleErrors }) => {
  await signIn(page, 'seller@brightpath.example');
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }),
  ).toHaveCount(0);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByText('Only administrators can open this page')).toBeVisible();
  await expect(page.getByRole('tab')).toHaveCount(0);
  await screenshot(page, 'admin-not-allowed');
  expect(consoleErrors).toEqual([]);
});
