import { expect, screenshot, signIn, test, typeInto } from './support.ts';

test('a seller signs in, sees the signed-in frame, and signs out', async ({ page, consoleErrors }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await screenshot(page, 'sign-in');
  await signIn(page, 'seller@brightpath.example');
  await expect(page.getByRole('heading', { name: /Good to see you, Marco/ })).toBeVisible();
  await expect(page.getByText('Seller at Brightpath Solutions')).toBeVisible();
  await screenshot(page, 'home');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
  await expect(page.getByRole('table', { name: 'Clients' }).getByText('Acme Corporation')).toBeVisible();
  await typeInto(page.getByLabel('Search clients'), 'sonron');
  await expect(page).toHaveURL(/q=sonron/);
  await expect(page.getByRole('table', { name: 'Clients' }).getByRole('row')).toHaveCount(2);
  await screenshot(page, 'clients');

  await page.reload();
  await expect(page.getByLabel('Search clients')).toHaveValue('sonron');

  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/clients');
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(consoleErrors).toEqual([]);
});

test('a wrong password is refused with a message', async ({ page, consoleErrors }) => {
  await page.goto('/sign-in');
  await typeInto(page.getByLabel('Email', { exact: true }), 'seller@brightpath.example');
  await typeInto(page.getByLabel('Password', { exact: true }), 'not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The email or password is not right');
  // The refused sign-in is a 401, which the browser itself logs as a failed resource; nothing else may be logged.
  expect(consoleErrors.filter((error) => !error.includes('status of 401'))).toEqual([]);
  consoleErrors.length = 0;
});
