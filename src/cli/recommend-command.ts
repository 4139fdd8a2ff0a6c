import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseLocation } from '../../shared/adapters/open-store';
import type { AppConfig } from '../../shared/config';
import type { QueryEngine, QueryResult } from '../../shared/ports';
import {
  collectRecommendations,
  type RecommendationSet,
} from '../../shared/recommend/collect-recommendations';
import { dollarsText } from '../../shared/recommend/micros';
import type { ReportWindow } from '../../shared/report/report-input';
import { isValidWindow } from '../../shared/report/report-window';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { toCsv, toTable } from './format';
import { openEngine } from './open-engine';

const FORMATS = ['table', 'json', 'csv'] as const;

/** The recommendations of `window` on `engine`, with the configuration's thresholds. */
export function recommendationsOf(
  engine: QueryEngine,
  config: AppConfig,
  window: ReportWindow,
): Promise<RecommendationSet> {
  return collectRecommendations(engine, {
    ...window,
    unattributed: config.attribution.unattributed,
    costlyRate: config.pricing.costlyInstanceRate,
    peakStart: config.pricing.peakHoursUtc.start,
    peakEnd: config.pricing.peakHoursUtc.end,
    recommend: config.recommend,
  });
}

/** The recommendations as a result the shared formatters print; the saving as exact decimal text. */
export function recommendationTable(set: RecommendationSet, withEvidence: boolean): QueryResult {
  const columns = [
    { name: 'kind', type: 'varchar' },
    { name: 'team', type: 'varchar' },
    { name: 'feature', type: 'varchar' },
    { name: 'environment', type: 'varchar' },
    { name: 'resource', type: 'varchar' },
    { name: 'estimated_monthly_saving', type: 'decimal(20,2)' },
    { name: 'confidence', type: 'varchar' },
    ...(withEvidence ? [{ name: 'evidence', type: 'varchar' }] : []),
    { name: 'action', type: 'varchar' },
  ];
  const rows = set.recommendations.map((r) => ({
    kind: r.kind,
    team: r.team,
    feature: r.feature,
    environment: r.environment,
    resource: r.resource,
    estimated_monthly_saving: dollarsText(r.monthlySavingMicros),
    confidence: r.confidence,
    ...(withEvidence
      ? {
          evidence: Object.entries(r.evidence)
            .map(([k, v]) => `${k}=${v}`)
            .join('; '),
        }
      : {}),
    action: r.action,
  }));
  return { columns, rows, bytesScanned: 0, engine: 'duckdb' };
}

/** `genai-finops recommend`. */
export function registerRecommend(program: Command): void {
  program
    .command('recommend')
    .description(
      'Recommendations that save money, each with its evidence and an estimated monthly saving: right-size models, quality vs cost, cost per outcome, GPU idle/scale-down/off-peak/non-production, saturated GPU endpoints serving few tokens, prompt caching, commitments.',
    )
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix of the curated tables (default: ingest.store)',
    )
    .requiredOption('--from <day>', 'first UTC day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last UTC day, YYYY-MM-DD (inclusive)')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--engine <engine>', 'duckdb or athena (default: duckdb; athena for s3:// stores)')
    .option('--config <file>', 'configuration file (recommend.*, pricing.*, attribution.unattributed)')
    .action(
      async (opts: {
        store?: string;
        from: string;
        to: string;
        format: string;
        engine?: string;
        config?: string;
      }) => {
        const window = { from: opts.from, to: opts.to };
        if (!isValidWindow(window))
          throw new UsageError(
            `--from/--to must be YYYY-MM-DD days in order, got ${opts.from} .. ${opts.to}`,
          );
        if (!(FORMATS as readonly string[]).includes(opts.format))
          throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${opts.format}'`);
        const config = loadConfig(opts.config);
        const location = opts.store ?? config.ingest.store;
        if (!location) throw new UsageError('--store is required (or set ingest.store in the config)');
        const where = parseLocation(location);
        if (where.kind === 'local' && !(await stat(where.path).catch(() => undefined))?.isDirectory())
          throw new UsageError(`--store ${location}: no such folder`);
        const engine = await openEngine(
          location,
          opts.engine ?? (location.startsWith('s3://') ? 'athena' : 'duckdb'),
          opts.config,
          'lake',
        );
        try {
          const set = await recommendationsOf(engine, config, window);
          if (opts.format === 'json') {
            const recommendations = set.recommendations.map(({ monthlySavingMicros, ...r }) => ({
              ...r,
              estimatedMonthlySaving: dollarsText(monthlySavingMicros),
              estimate: true,
            }));
            const total = dollarsText(set.totalMicros);
            process.stdout.write(
              `${JSON.stringify({ estimatedMonthlySavingTotal: total, recommendations }, null, 2)}\n`,
            );
          } else {
            const table = recommendationTable(set, opts.format === 'csv');
            process.stdout.write(opts.format === 'csv' ? toCsv(table) : toTable(table));
            if (opts.format === 'table')
              process.stdout.write(
                `Estimated total: $${dollarsText(set.totalMicros)} per month (estimates; evidence: --format csv or json)\n`,
              );
          }
        } finally {
          await engine.close();
        }
      },
    );
}
