import { test as base, expect, type Locator, type Page } from '@playwright/test';

export const demoPassword = 'partnerline-demo';

/** Every page collects console errors; a test fails if the app logged any. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
});

export { expect };

/**
 * Types into a field key by key, as a person does: one keyboard event and one input event per
 * character, so a form that breaks on the second keystroke fails here too (`fill` sets the whole
 * value in one event and would hide it). A field that already holds text is emptied first.
 */
export async function typeInto(field: Locator, text: string): Promise<void> {
  if ((await field.inputValue()) !== '') await field.fill('');
  await field.pressSequentially(text);
}

export async function signIn(page: Page, email: string, password = demoPassword): Promise<void> {
  await page.goto('/sign-in');
  await typeInto(page.getByLabel('Email', { exact: true }), email);
  await typeInto(page.getByLabel('Password', { exact: true }), password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The app's frame: its header at every width (the main navigation is in a drawer on a phone).
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** A full-page picture of the screen; a dialog is taken as the viewport shows it (`fullPage: false`). */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  // Finished transitions, so a dialog that is opening or closing is not caught half-faded.
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage, animations: 'disabled' });
}

/**
 * Picks an option of a Mantine Select (or picker) by the field's label, within a dialog or form when
 * given; `search` is typed first. The options open in a portal, so they are looked up on the page.
 */
export async function chooseOption(
  page: Page,
  label: string,
  option: string | RegExp,
  { search, within }: { search?: string; within?: Locator } = {},
) {
  const field = (within ?? page).getByRole('combobox', { name: label, exact: true });
  await field.click();
  if (search !== undefined) await typeInto(field, search);
  await page.getByRole('option', { name: option }).first().click();
}

/**
 * An expected refusal (a 400 with field errors, a 409 conflict, a 401 sign-in) is logged by the browser as a failed resource;
 * nothing else may have been logged.
 */
export function acceptRefusalsInConsole(consoleErrors: string[], ...statuses: number[]): void {
  expect(
    consoleErrors.filter((error) => !statuses.some((status) => error.includes(`status of ${status}`))),
  ).toEqual([]);
  consoleErrors.length = 0;
}

/** Headers for a change made through page.request with the browser's session (CSRF token, SPEC §9). */
export async function sessionHeaders(page: Page, ifMatch?: number): Promise<Record<string, string>> {
  const me = (await (await page.request.get('/api/v1/me')).json()) as { csrfToken: string };
  return { 'x-csrf-token': me.csrfToken, ...(ifMatch !== undefined && { 'if-match': `"${ifMatch}"` }) };
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

/** A suffix that keeps names made by one run apart from another's. */
export function unique(): string {
  return Date.now().toString(36).slice(-6);
}

/** The day as the server's dates are written (UTC), e.g. for a decision date in this quarter. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * A day this many days from today. 100 days is always past the end of the current quarter, so
 * deals of other tests stay out of Home's "decisions due this quarter".
 */
export function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Calls the API with the browser's session (`page.request` shares its cookies), so a test creates
 * its own data as the signed-in user, and fails with the server's answer when the call is refused.
 */
export async function callApi<T = Record<string, unknown>>(
  page: Page,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await page.request.fetch(`/api/v1${path}`, {
    method,
    ...(body !== undefined && { data: body }),
  });
  const text = await response.text();
  expect(response.ok(), `${method} ${path} answered ${response.status()}: ${text}`).toBe(true);
  return (text ? JSON.parse(text) : null) as T;
}

/** Drags with the mouse in small steps, as a person does (dnd-kit starts a drag after a few pixels). */
export async function dragTo(
  page: Page,
  source: ReturnType<Page['locator']>,
  target: ReturnType<Page['locator']>,
): Promise<void> {
  await source.scrollIntoViewIfNeeded();
  const from = await source.boundingBox();
  if (!from) throw new Error('the dragged element is not visible');
  const startX = from.x + from.width / 2;
  const startY = from.y + 12;
  await page.mouse.move(startX, startY);
  await page.mouse.down();
  await page.mouse.move(startX + 12, startY + 8, { steps: 4 });
  const to = await target.boundingBox();
  if (!to) throw new Error('the drop target is not visible');
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(to.height / 2, 160), { steps: 16 });
  await page.mouse.up();
}

/**
 * Signs in as a seller made for this test only (by the administrator, in the given firm), so what
 * the screen shows is the test's own data and not the demo's.
 */
export async function signInAsNewSeller(
  page: Page,
  name: string,
  firm = 'Brightpath Solutions',
): Promise<string> {
  await signIn(page, 'admin@helio.example');
  const firms = await callApi<{ items: { id: number; name: string }[] }>(page, 'GET', '/firms');
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${unique()}@test.example`;
  await callApi(page, 'POST', '/users', {
    email,
    name,
    role: 'seller',
    firmId: firms.items.find((each) => each.name === firm)?.id,
    password: 'a fresh password',
  });
  await signOut(page);
  await signIn(page, email, 'a fresh password');
  return email;
}
