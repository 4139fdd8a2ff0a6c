import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import type { AppConfig } from '../../shared/config';
import type { QueryEngine } from '../../shared/ports';
import { systemClock } from '../../shared/ports';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { writePriceBook } from '../../shared/pricing/write-prices';
import { toReportRecommendations } from '../../shared/recommend/collect-recommendations';
import { type BuiltReport, buildReport, type ReportArtifacts } from '../../shared/report/build-report';
import { collectReport } from '../../shared/report/collect-report';
import type { ReportWindow } from '../../shared/report/report-input';
import { previousWindow } from '../../shared/report/report-window';
import { type UsageDaysOf, usageDaysOf } from '../../shared/sql/finops/usage-days';
import { recommendationsOf } from './recommendations';

/** A local store without a price book gets the shipped one, so estimates have prices; true when it was written. */
export async function ensurePriceBook(path: string): Promise<boolean> {
  const present = await stat(join(path, 'prices')).then(
    () => true,
    () => false,
  );
  if (!present) await writePriceBook(new FolderStore(path), shippedPriceBook());
  return !present;
}

/**
 * Runs the shipped queries on `engine` for `window` and writes report.html, chargeback.csv and
 * focus.csv into `out`. Shared by `report` and `demo`. `usageDays` (the lake's listing) lets the
 * usage queries read identity_daily where a day has it.
 */
export async function writeReport(
  engine: QueryEngine,
  config: AppConfig,
  window: ReportWindow,
  out: string,
  billingAccountId = 'unknown',
  usageDays?: UsageDaysOf,
): Promise<BuiltReport & { files: string[] }> {
  const collected = await collectReport(engine, window, {
    ...(usageDays ? { usageDays } : {}),
    unattributed: config.attribution.unattributed,
    gapPct: config.pricing.estimateGapPct,
    costlyRate: config.pricing.costlyInstanceRate,
    peakStart: config.pricing.peakHoursUtc.start,
    peakEnd: config.pricing.peakHoursUtc.end,
  });
  const built = await buildReport(
    {
      window,
      previousWindow: previousWindow(window),
      generatedAt: systemClock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      unattributed: config.attribution.unattributed,
      currency: 'USD',
      results: collected.results,
      recommendations: toReportRecommendations(
        (await recommendationsOf(engine, config, window, usageDays)).recommendations,
      ),
    },
    billingAccountId,
  );
  await mkdir(out, { recursive: true });
  const files: string[] = [];
  for (const [name, body] of Object.entries(built.artifacts) as [keyof ReportArtifacts, string][]) {
    const path = join(out, name);
    await writeFile(path, body);
    files.push(path);
  }
  return { ...built, files };
}

/**
 * The report of a local lake folder (the shipped price book added if it has none), written to
 * `out`; returns the path of report.html. What `demo` calls at its end.
 */
export async function writeLocalReport(
  storeDir: string,
  config: AppConfig,
  window: ReportWindow,
  out: string,
): Promise<string> {
  await ensurePriceBook(storeDir);
  const engine = await DuckDbEngine.open(storeDir, { access: 'lake' });
  try {
    await writeReport(engine, config, window, out, undefined, usageDaysOf(new FolderStore(storeDir)));
  } finally {
    await engine.close();
  }
  return join(out, 'report.html');
}
