import type { Page, Request } from '@playwright/test';
import { callApi, expect, screenshot, signIn, test } from './support.ts';

async function acmeCorporation(page: Page): Promise<{ id: number; name: string }> {
  const clients = await callApi<{ items: { id: number; name: string }[] }>(page, 'GET', '/clients?q=acme');
  const acme = clients.items.find((client) => client.name === 'Acme Corporation');
  if (!acme) throw new Error('the demo data has no Acme Corporation');
  return acme;
}

const isReport = (request: Request) =>
  request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/client-errors';

test('a screen that fails shows a friendly message inside the app, reports it, and offers a way back', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const acme = await acmeCorporation(page);
  // The change log answers with a timestamp that is not one: the client's screen cannot draw it.
  const changes = `**/api/v1/clients/${acme.id}/changes?**`;
  await page.route(changes, (route) =>
    route.fulfill({
      json: {
        items: [
          {
            id: 1,
            entityType: 'client',
            entityId: acme.id,
            action: 'update',
            field: 'phone',
            oldValue: '+1 555 0100',
            newValue: '+1 555 0199',
            changedAt: 'yesterday at noon',
            changedBy: { id: 1, name: 'Marco Lindgren' },
            label: 'Phone',
            oldText: '+1 555 0100',
            newText: '+1 555 0199',
            summary: 'changed phone: +1 555 0100 → +1 555 0199',
          },
        ],
        nextCursor: null,
      },
    }),
  );
  const report = page.waitForRequest(isReport);
  await page.goto(`/clients/${acme.id}?open=changes`);

  await expect(page.getByRole('heading', { name: 'Something went wrong on this screen' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Invalid time value');
  // The rest of the app is still there.
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Account menu/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to Home' })).toBeVisible();
  // The error went to the server's log.
  const sent = await report;
  expect(sent.postDataJSON()).toMatchObject({
    message: 'RangeError: Invalid time value',
    stack: expect.stringContaining('RangeError'),
    url: expect.stringContaining(`/clients/${acme.id}?open=changes`),
    userAgent: expect.stringContaining('Chrome'),
  });
  expect((await sent.response())?.status()).toBe(204);
  await screenshot(page, 'screen-error');

  // Home works, and the navigation leads elsewhere.
  await page.getByRole('link', { name: 'Go to Home' }).click();
  await expect(page.getByRole('heading', { name: /Good to see you/ })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
  await expect(page.getByRole('heading', { name: 'Clients' })).toBeVisible();

  // Once the server answers properly again, "Try again" brings the screen back.
  await page.goBack();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Something went wrong on this screen' })).toBeVisible();
  await page.unroute(changes);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: acme.name })).toBeVisible();
  await expect(page.getByRole('button', { name: /Change log/ })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('heading', { name: 'Something went wrong on this screen' })).toHaveCount(0);

  // The browser logged the error it caught, and nothing else.
  expect(consoleErrors.filter((error) => !error.includes('Invalid time value'))).toEqual([]);
  consoleErrors.length = 0;
});

test('a screen whose code cannot be loaded shows the same message, and "Try again" loads it', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const acme = await acmeCorporation(page);
  // The network drops the client screen's code, as it may right after the app was updated.
  const code = '**/assets/ClientOverviewPage-*.js';
  await page.route(code, (route) => route.abort('connectionreset'));
  const report = page.waitForRequest(isReport);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
  await page.getByRole('row', { name: /Acme Corporation/ }).click();

  await expect(page.getByRole('heading', { name: 'Something went wrong on this screen' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  expect((await report).postDataJSON()).toMatchObject({
    url: expect.stringContaining(`/clients/${acme.id}`),
  });

  await page.unroute(code);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: acme.name })).toBeVisible();
  expect(
    consoleErrors.filter((error) => !/ERR_CONNECTION_RESET|dynamically imported module/.test(error)),
  ).toEqual([]);
  consoleErrors.length = 0;
});
