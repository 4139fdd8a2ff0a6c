import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../shared/ports/query-engine';
import { MESSAGE_MAX_BYTES, reportEmail, SUBJECT_MAX } from '../../shared/report/report-email';
import { summarizeReport } from '../../shared/report/summarize-report';

const empty = (columns: string[] = []): QueryResult => ({
  columns: columns.map((name) => ({ name, type: 'varchar' })),
  rows: [],
  bytesScanned: 0,
  engine: 'duckdb',
});

/** `allocation` rows for `teams` teams with long, hostile names. */
function allocation(teams: number, scale: number): QueryResult {
  const rows = Array.from({ length: teams }, (_, i) => ({
    usage_date: '2026-03-09',
    model: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    team: `team-${String(i).padStart(3, '0')}-${'x'.repeat(200)}\u001b[31m<script>`,
    feature: 'f',
    environment: 'prod',
    allocated_cost: `${(i + 1) * scale}.37`,
    estimated: i % 2 === 0,
    unpriced: false,
    list_cost: '1.000000',
    invocations: 10,
  }));
  return { ...empty(), rows };
}

function email(teams: number) {
  const summary = summarizeReport({
    window: { from: '2026-03-09', to: '2026-03-15' },
    previousWindow: { from: '2026-03-02', to: '2026-03-08' },
    generatedAt: '2026-03-16T06:00:00Z',
    unattributed: 'unattributed',
    currency: 'USD',
    results: {
      allocation: allocation(teams, 1000),
      previousAllocation: allocation(teams, 700),
      unitCosts: empty(),
      trends: empty(),
      gpuEfficiency: empty(),
      estimateVsBill: empty(),
      tagCoverage: empty(),
    },
  });
  return reportEmail(summary, {
    window: { from: '2026-03-09', to: '2026-03-15' },
    kind: 'monthly',
    link: `https://bucket.s3.amazonaws.com/reports/2026-03-09/report.html?X-Amz-Signature=${'a'.repeat(1500)}`,
    linkExpiresAt: '2026-03-23T06:00:00Z',
  });
}

describe('reportEmail', () => {
  it('fits SNS for 500 teams: subject under 100 characters, message and attributes within 256 KB', () => {
    const m = email(500);
    expect(m.subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none
    expect(m.subject).not.toMatch(/[\u0000-\u001f\u007f]/);
    const attributes = Object.entries(m.attributes).reduce(
      (n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v) + 6,
      0,
    );
    expect(Buffer.byteLength(m.text) + attributes).toBeLessThan(MESSAGE_MAX_BYTES);
    expect(m.text).toContain('… and 475 more teams in the report');
  });

  it('lists the top 5 movers, the untagged share, the recommendations and the link', () => {
    const m = email(500);
    const movers = m.text.slice(m.text.indexOf('Top 5 movers'), m.text.indexOf('Spend by team'));
    expect(movers.trim().split('\n')).toHaveLength(6);
    // The largest team grew most: 500×1000.37 − 500×700.37 = $150,000.00.
    expect(movers).toContain('+$150,000.00');
    expect(m.text).toContain('Without a team (untagged):');
    expect(m.text).toContain('Recommendations: none in this period');
    expect(m.text).toContain('X-Amz-Signature=');
  });

  it('strips escape sequences from caller values and cuts them short', () => {
    const m = email(3);
    expect(m.text).not.toContain('\u001b');
    for (const line of m.text.split('\n').filter((l) => l.startsWith('  team-')))
      expect(line.length).toBeLessThan(120);
  });
});
