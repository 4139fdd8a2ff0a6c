import { beforeAll, describe, expect, it } from 'vitest';
import { CHARGEBACK_COLUMNS } from '../../shared/report/chargeback-csv';
import { CHARGE_CATEGORIES, FOCUS_COLUMNS, SERVICE_CATEGORIES } from '../../shared/report/focus-columns';
import { dollars } from '../../shared/report/money';
import { buildFixtureReport, cents, csvRecords, type ReportFixture } from '../support/report-fixture';
import { HOSTILE } from '../support/report-lake';

let fx: ReportFixture;
beforeAll(async () => {
  fx = await buildFixtureReport();
});

/** Sum of a query column of 2-decimal amounts, in cents. */
const sumCents = (rows: Record<string, unknown>[], column: string): bigint =>
  rows.reduce((s, r) => s + (r[column] === null ? 0n : cents(String(r[column]))), 0n);

/** The text of the table row (in the section `id`) whose first cell is `key`. */
function tableRow(html: string, id: string, key: string): string {
  const section = html.slice(html.indexOf(`<section id="${id}">`));
  const body = section.slice(0, section.indexOf('</section>'));
  const row = body.split('<tr>').find((r) => r.startsWith(`<td>${key}</td>`));
  if (!row) throw new Error(`no row ${key} in ${id}`);
  return row;
}

describe('report', () => {
  it('shows the total spend the allocation query returns, and the previous window beside it', () => {
    const html = fx.built.artifacts['report.html'];
    const total = sumCents(fx.input.results.allocation.rows, 'allocated_cost');
    const previous = sumCents(fx.input.results.previousAllocation.rows, 'allocated_cost');
    expect(total).toBeGreaterThan(0n);
    expect(previous).toBeGreaterThan(0n);
    const headline = html.slice(html.indexOf('id="headline"'), html.indexOf('</div>\n<nav'));
    expect(headline).toContain(dollars(total));
    expect(headline).toContain(dollars(previous));
  });

  it('shows each team’s spend as the sum of that team’s allocation rows', () => {
    const html = fx.built.artifacts['report.html'];
    for (const team of ['support', 'research']) {
      const rows = fx.input.results.allocation.rows.filter((r) => r.team === team);
      expect(tableRow(html, 'spend', team)).toContain(`data-v="${sumCents(rows, 'allocated_cost')}"`);
    }
  });

  it('shows the untagged cost and callers of the tag-coverage query', () => {
    const html = fx.built.artifacts['report.html'];
    const days = new Map(fx.input.results.tagCoverage.rows.map((r) => [r.usage_date, r.unattributed_cost]));
    const untagged = [...days.values()].reduce<bigint>((s, v) => s + cents(String(v)), 0n);
    expect(untagged).toBeGreaterThan(0n);
    expect(fx.built.summary.tags.unattributedCents).toBe(untagged);
    expect(html).toContain(dollars(untagged));
    expect(html).toContain('assumed-role/legacy/*');
  });

  it('shows the unit costs of the trends query and the cost per outcome of unit-costs', () => {
    const html = fx.built.artifacts['report.html'];
    const week = fx.input.results.trends.rows.find(
      (r) => r.period === 'week' && r.period_start === '2026-03-09' && r.team === 'support',
    );
    expect(week?.cost_per_inference_change_pct).not.toBeNull();
    expect(html).toContain(`data-v="${Number(week?.cost_per_inference)}"`);
    const outcome = fx.input.results.unitCosts.rows.find((r) => r.cost_per_outcome !== null);
    expect(outcome).toBeDefined();
    expect(html).toContain(`data-v="${Number(outcome?.cost_per_outcome)}"`);
  });

  it('shows the GPU idle cost and flags of the gpu-efficiency query', () => {
    const html = fx.built.artifacts['report.html'];
    const rows = fx.input.results.gpuEfficiency.rows.filter((r) => r.team === 'research');
    const micros = rows.reduce((s, r) => s + BigInt(String(r.idle_cost).replace('.', '')), 0n);
    const idle = (micros + 5000n) / 10000n;
    expect(tableRow(html, 'gpu', 'research')).toContain(`data-v="${idle}"`);
    expect(html).toContain('non-production on a costly instance');
    expect(html).toContain('batch work in peak hours');
  });

  it('marks estimates, and says "none in this period" for incidents, guardrails and recommendations', () => {
    const html = fx.built.artifacts['report.html'];
    expect(html).toContain('<span class="estimate">estimate</span>');
    for (const id of ['anomalies', 'guardrails', 'recommendations']) {
      const s = html.slice(html.indexOf(`<section id="${id}">`));
      expect(s.slice(0, s.indexOf('</section>'))).toContain('None in this period.');
    }
  });

  it('is one page with no network: no external src, href, font or url()', () => {
    const html = fx.built.artifacts['report.html'];
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/@import|@font-face|url\(/);
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(7);
  });

  describe('hostile values', () => {
    it('escapes every value in the page', () => {
      const html = fx.built.artifacts['report.html'];
      expect(html).not.toContain(HOSTILE.team);
      expect(html).not.toContain(HOSTILE.feature);
      expect(html).not.toContain('<svg onload');
      expect(html).toContain('&lt;script&gt;window.__pwned');
      expect(html.match(/<script/g)?.length).toBe(1);
      expect(html).not.toMatch(/href="javascript:/i);
    });

    it('defuses spreadsheet formulas in both CSVs', () => {
      for (const name of ['chargeback.csv', 'focus.csv'] as const) {
        const text = fx.built.artifacts[name];
        expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
        expect(text).toContain(`'=HYPERLINK`);
      }
    });
  });
});

describe('chargeback.csv', () => {
  it('has one row per unit-costs row with the columns finance reads', () => {
    const rows = csvRecords(fx.built.artifacts['chargeback.csv']);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      ...CHARGEBACK_COLUMNS.slice(0, 6).map(([n]) => n),
      'currency',
      ...CHARGEBACK_COLUMNS.slice(6).map(([n]) => n),
    ]);
    expect(rows.length).toBe(fx.input.results.unitCosts.rows.length);
    expect(rows.some((r) => r.estimated === 'true')).toBe(true);
    expect(rows.some((r) => r.estimated === 'false')).toBe(true);
  });

  it('adds up to the allocation to the cent', () => {
    const rows = csvRecords(fx.built.artifacts['chargeback.csv']);
    const total = rows.reduce((s, r) => s + cents(r.billed_cost ?? ''), 0n);
    expect(total).toBe(sumCents(fx.input.results.allocation.rows, 'allocated_cost'));
  });
});

describe('focus.csv', () => {
  const spec = new Map(FOCUS_COLUMNS.map((c) => [c.name, c]));
  const DATETIME = /^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\dZ$/;
  const DECIMAL = /^-?\d+(\.\d+)?([eE]-?\d+)?$/;

  it('names only FOCUS 1.3 columns or x_ custom columns after them, and every mandatory column', () => {
    const header = Object.keys(csvRecords(fx.built.artifacts['focus.csv'])[0] ?? {});
    const firstCustom = header.findIndex((h) => h.startsWith('x_'));
    for (const [i, name] of header.entries()) {
      if (i >= firstCustom) expect(name).toMatch(/^x_[A-Z][A-Za-z0-9]{0,47}$/);
      else expect(spec.has(name), name).toBe(true);
    }
    for (const c of FOCUS_COLUMNS.filter((c) => c.level === 'M')) expect(header).toContain(c.name);
  });

  it('gives each column a value of its FOCUS type, and null only where allowed', () => {
    const rows = csvRecords(fx.built.artifacts['focus.csv']);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      for (const [name, value] of Object.entries(row)) {
        const c = spec.get(name);
        if (!c) continue;
        if (value === '') {
          expect(c.nullable, `${name} is not nullable`).toBe(true);
          continue;
        }
        if (c.type === 'Decimal') expect(value, name).toMatch(DECIMAL);
        if (c.type === 'Date/Time') expect(value, name).toMatch(DATETIME);
        if (c.type === 'JSON') expect(typeof JSON.parse(value), name).toBe('object');
      }
      expect(CHARGE_CATEGORIES).toContain(row.ChargeCategory);
      expect(SERVICE_CATEGORIES).toContain(row.ServiceCategory);
      expect((row.ChargePeriodEnd ?? '') > (row.ChargePeriodStart ?? '')).toBe(true);
      // Untagged spend is the unallocated remainder: no allocation target.
      if (row.AllocatedResourceId === '') expect(row.AllocatedTags).toBe('');
    }
  });

  it('carries the split as FOCUS 1.3 does: method, target and its tags', () => {
    const rows = csvRecords(fx.built.artifacts['focus.csv']);
    const support = rows.find((r) => r.AllocatedResourceId === 'support/ticket-summary/prod');
    expect(support?.AllocatedMethodId).toBe('genai-finops/price-weighted-tokens');
    expect(JSON.parse(support?.AllocatedTags ?? '{}')).toEqual({
      team: 'support',
      feature: 'ticket-summary',
      environment: 'prod',
    });
  });

  it('reconciles with chargeback.csv to the cent', () => {
    const focus = csvRecords(fx.built.artifacts['focus.csv']);
    const chargeback = csvRecords(fx.built.artifacts['chargeback.csv']);
    const billed = focus.reduce((s, r) => s + cents(r.BilledCost ?? ''), 0n);
    expect(billed).toBe(chargeback.reduce((s, r) => s + cents(r.billed_cost ?? ''), 0n));
    // Day by day too, so two errors cannot cancel out.
    for (const day of new Set(chargeback.map((r) => r.usage_date))) {
      const f = focus
        .filter((r) => r.ChargePeriodStart === `${day}T00:00:00Z`)
        .reduce((s, r) => s + cents(r.BilledCost ?? ''), 0n);
      const c = chargeback
        .filter((r) => r.usage_date === day)
        .reduce((s, r) => s + cents(r.billed_cost ?? ''), 0n);
      expect(f, day).toBe(c);
    }
  });
});
