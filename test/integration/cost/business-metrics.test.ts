import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import { parseBusinessMetricsCsv } from '../../../shared/business/metrics-csv';
import { writeBusinessMetrics } from '../../../shared/business/write-metrics';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';
import { renderQuery } from '../../../shared/sql/queries';
import { writeLake } from '../../support/finops-lake';

describe('business metrics', () => {
  it('reads the CSV exactly and rejects a bad value naming the file, line and field', () => {
    const csv = 'team,date,feature,metric_name,value\r\ndocs,2026-03-02,summaries,summaries_delivered,4\r\n';
    expect(parseBusinessMetricsCsv(csv, 'm.csv')).toEqual([
      {
        team: 'docs',
        day: '2026-03-02',
        feature: 'summaries',
        metricName: 'summaries_delivered',
        value: '4',
      },
    ]);
    expect(() => parseBusinessMetricsCsv(`${csv}docs,2026-03-03,summaries,x,1e3\n`, 'm.csv')).toThrow(
      'm.csv line 3: value "1e3" is not valid',
    );
    expect(() => parseBusinessMetricsCsv('team,value\n', 'm.csv')).toThrow(/header needs/);
  });

  it('gives unit-costs a cost per outcome for the team × feature', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'business-'));
    writeLake({
      dir,
      prices: shippedPriceBook(),
      invocations: [
        {
          day: '2026-03-02',
          model: 'amazon.nova-lite-v1:0',
          team: 'docs',
          feature: 'summaries',
          environment: 'prod',
          output: 1_000_000,
        },
      ],
      costs: [
        {
          day: '2026-03-02',
          service: 'Amazon Bedrock',
          usageType: 'USE1-NovaLite-output-tokens',
          cost: '0.3',
        },
      ],
    });
    const metrics = parseBusinessMetricsCsv(
      'date,team,feature,metric_name,value\n2026-03-02,docs,summaries,summaries_delivered,4\n',
      'm.csv',
    );
    await writeBusinessMetrics(new FolderStore(dir), metrics);
    const engine = await DuckDbEngine.open(dir);
    try {
      const sql = renderQuery('unitCosts', {
        from: '2026-03-02',
        to: '2026-03-02',
        unattributed: 'unattributed',
      });
      const [row] = (await engine.query(sql)).rows;
      // $0.30 for 4 summaries.
      expect([row?.allocated_cost, row?.outcome_metric, row?.outcomes, row?.cost_per_outcome]).toEqual([
        '0.30',
        'summaries_delivered',
        '4.000000000000',
        '0.07500000',
      ]);
    } finally {
      await engine.close();
    }
  });
});
