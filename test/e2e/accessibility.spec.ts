import { mkdirSync, writeFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { callApi, expect, signIn, test } from './support.ts';

/**
 * WCAG 2.1 AA, checked by axe on every screen at a desktop width and at a phone's: no serious or
 * critical violation anywhere. axe's WCAG rules that it still calls experimental are switched on as
 * well, among them the one for a control whose accessible name does not contain its visible label.
 */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const experimentalWcagRules = [
  'label-content-name-mismatch',
  'css-orientation-lock',
  'p-as-heading',
  'table-fake-caption',
  'td-has-header',
];

type Violation = { screen: string; id: string; impact: string; help: string; targets: string[] };

/** The serious and critical violations on the page as it is now, one line per rule and node. */
async function seriousViolations(page: Page, screen: string): Promise<Violation[]> {
  // `options` replaces the whole options object, so it comes before `withTags`, which adds to it.
  const results = await new AxeBuilder({ page })
    .options({ rules: Object.fromEntries(experimentalWcagRules.map((id) => [id, { enabled: true }])) })
    .withTags(wcagTags)
    .analyze();
  // Every violation in full (the nodes' HTML, the colors measured), for whoever fixes them.
  mkdirSync('test-results/axe', { recursive: true });
  writeFileSync(
    `test-results/axe/${screen.replace(/[^a-z0-9]+/gi, '-')}.json`,
    JSON.stringify(results.violations, null, 2),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      screen,
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

function listed(violations: Violation[]): string {
  return violations
    .map(
      (each) =>
        `${each.screen}: ${each.id} (${each.impact}) ${each.help}\n${each.targets.map((target) => `    ${target}`).join('\n')}`,
    )
    .join('\n');
}

/** The screen has drawn its data: no loader, no skeleton left. */
async function settled(page: Page) {
  await expect(
    page.locator('.mantine-Loader-root, .mantine-Skeleton-root[data-visible]').filter({ visible: true }),
  ).toHaveCount(0);
  // The last fade-in of Mantine's transitions.
  await page.waitForTimeout(250);
}

type Screen = { name: string; open: (page: Page) => Promise<void> };

async function visit(page: Page, path: string, heading: string | RegExp) {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  await settled(page);
}

async function firstId(page: Page, path: string): Promise<number> {
  const list = await callApi<{ items: { id: number }[] }>(page, 'GET', path);
  const first = list.items[0];
  if (!first) throw new Error(`${path} listed nothing`);
  return first.id;
}

const sellerScreens: Screen[] = [
  { name: 'home', open: (page) => visit(page, '/', /Good to see you/) },
  { name: 'opportunities list', open: (page) => visit(page, '/opportunities', 'Opportunities') },
  { name: 'clients list', open: (page) => visit(page, '/clients', 'Clients') },
  { name: 'contacts list', open: (page) => visit(page, '/contacts', 'BPContacts') },
  {
    name: 'opportunity overview',
    open: async (page) => {
      const id = await firstId(page, '/opportunities?limit=1');
      await page.goto(`/opportunities/${id}`);
      await expect(page.getByRole('list', { name: 'Sales stages' })).toBeVisible();
      await settled(page);
    },
  },
  {
    name: 'client overview',
    open: async (page) => {
      const id = await firstId(page, '/clients?limit=1');
      await page.goto(`/clients/${id}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await settled(page);
    },
  },
  {
    name: 'contact overview',
    open: async (page) => {
      const id = await firstId(page, '/contacts?limit=1');
      await page.goto(`/contacts/${id}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await settled(page);
    },
  },
  { name: 'new opportunity form', open: (page) => visit(page, '/opportunities/new', 'New opportunity') },
  {
    name: 'new client dialog',
    open: async (page) => {
      await visit(page, '/clients', 'Clients');
      await page.getByRole('button', { name: 'New client' }).click();
      await expect(page.getByRole('dialog', { name: 'New client' })).toBeVisible();
      await settled(page);
    },
  },
  { name: 'pipeline board', open: (page) => visit(page, '/pipeline', 'Pipeline board') },
  { name: 'reports', open: (page) => visit(page, '/reports', 'Reports') },
  { name: 'settings defaults', open: (page) => visit(page, '/settings/defaults', /defaults/i) },
  { name: 'API tokens', open: (page) => visit(page, '/settings/tokens', 'API tokens') },
  { name: 'import', open: (page) => visit(page, '/import', /Import/) },
];

const adminScreens: Screen[] = ['users', 'firms', 'stages', 'products', 'currencies'].map((tab) => ({
  name: `admin ${tab}`,
  open: async (page) => {
    await visit(page, `/admin/${tab}`, 'Administration');
    await expect(page.getByRole('tabpanel')).toBeVisible();
    await settled(page);
  },
}));

async function check(page: Page, screens: Screen[], width: number): Promise<Violation[]> {
  const found: Violation[] = [];
  for (const screen of screens) {
    await screen.open(page);
    found.push(...(await seriousViolations(page, `${screen.name} at ${width} px`)));
  }
  return found;
}

for (const width of [1280, 390]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width > 800 ? 800 : 844 } });

    test('sign-in has no serious or critical WCAG 2.1 AA violation', async ({ page, consoleErrors }) => {
      await page.goto('/sign-in');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      const found = await seriousViolations(page, `sign-in at ${width} px`);
      expect(found, listed(found)).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });

    test('a seller’s screens have no serious or critical WCAG 2.1 AA violation', async ({
      page,
      consoleErrors,
    }) => {
      test.setTimeout(240_000);
      await signIn(page, 'seller@brightpath.example');
      const found = await check(page, sellerScreens, width);
      expect(found, listed(found)).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });

    test('the administration screens have no serious or critical WCAG 2.1 AA violation', async ({
      page,
      consoleErrors,
    }) => {
      test.setTimeout(120_000);
      await signIn(page, 'admin@helio.example');
      const found = await check(page, adminScreens, width);
      expect(found, listed(found)).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });
  });
}
