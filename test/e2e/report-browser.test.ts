import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureReport } from '../support/report-fixture';

/** Debian's chromium; `.ci/run` installs it. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SECTIONS = [
  'headline',
  'spend',
  'unit-costs',
  'tag-coverage',
  'gpu',
  'estimate-vs-bill',
  'anomalies',
  'guardrails',
  'recommendations',
];

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'report-browser-'));

/** Opens a report in a fresh page, collecting console errors, page errors and network requests. */
async function open(
  html: string,
  name: string,
): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const path = join(dir, name);
  writeFileSync(path, html);
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  return { page, errors, requests };
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(async () => {
  await browser?.close();
});

describe('report.html in Chromium', () => {
  it('renders every section and chart, with no console error and no network request', async () => {
    const { built } = await buildFixtureReport({ hostile: false });
    const { page, errors, requests } = await open(built.artifacts['report.html'], 'report.html');
    for (const id of SECTIONS) expect(await page.locator(`#${id}`).isVisible(), id).toBe(true);
    const sizes = await page.$$eval('figure.chart svg', (svgs) =>
      svgs.map((s) => {
        const r = s.getBoundingClientRect();
        return { w: r.width, h: r.height, marks: s.querySelectorAll('path, rect, line').length };
      }),
    );
    expect(sizes.length).toBeGreaterThanOrEqual(7);
    for (const s of sizes) {
      expect(s.w).toBeGreaterThan(0);
      expect(s.h).toBeGreaterThan(0);
      expect(s.marks).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.screenshot({ path: resolve('docs/report-screenshot.png') });
    await page.close();
  });

  it('sorts a table by a click on its header, without network', async () => {
    const { built } = await buildFixtureReport({ hostile: false });
    const { page, errors } = await open(built.artifacts['report.html'], 'sort.html');
    const table = page.locator('#spend table').first();
    const values = () =>
      table
        .locator('tbody tr td:nth-child(2)')
        .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-v'))));
    await table.locator('thead th:nth-child(2) button').click();
    const descending = await values();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await table.locator('thead th:nth-child(2) button').click();
    const ascending = await values();
    expect(ascending).toEqual([...descending].reverse());
    expect(errors).toEqual([]);
    await page.close();
  });

  describe('hostile request metadata', () => {
    it('shows <script>, <img onerror> and javascript: values as text and runs none of them', async () => {
      const { built } = await buildFixtureReport();
      const { page, errors, requests } = await open(built.artifacts['report.html'], 'hostile.html');
      await page.locator('#spend table button').first().click();
      await page.waitForTimeout(200);
      expect(await page.evaluate('typeof globalThis.__pwned')).toBe('undefined');
      expect(await page.locator('script').count()).toBe(1);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('[onerror], [onload]').count()).toBe(0);
      expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
      const text = await page.locator('#spend').textContent();
      expect(text).toContain('<script>window.__pwned');
      expect(text).toContain('javascript:window.__pwned');
      expect(await page.locator('#tag-coverage').textContent()).toContain('<svg onload=');
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    });
  });
});
