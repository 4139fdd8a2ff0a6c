import type { AppConfig } from '../config';
import type { LinkSigner } from '../ports/link-signer';
import type { Notifier } from '../ports/notifier';
import type { ObjectStore } from '../ports/object-store';
import type { QueryEngine } from '../ports/query-engine';
import { ARTIFACT_TYPES, buildReport, type ReportArtifacts } from '../report/build-report';
import { collectReport } from '../report/collect-report';
import { reportEmail } from '../report/report-email';
import type { ReportWindow } from '../report/report-input';
import { previousWindow } from '../report/report-window';
import { usageDaysOf } from '../sql/finops/usage-days';
import { emfRecords } from './emf';
import { lastFullPeriod, type ReportPeriod, reportPrefix } from './last-period';
import { QueryLedger } from './query-ledger';
import { type RunRecommendations, reportRecommendations } from './report-recommendations';
import { unitMetrics } from './unit-metrics';

/** What a scheduled report run talks to; all injected. */
export interface ReportRunDeps {
  engine: QueryEngine;
  /** The data bucket (keys `reports/…`), where the files go. */
  store: ObjectStore;
  /**
   * The lake the engine queries (`ingest.store`): listed for the days each table holds, so the
   * queries read `identity_daily` where a day has it. Absent, they read every day's invocations.
   */
  lake?: ObjectStore;
  /** Signs links to keys of the same bucket. */
  signer: LinkSigner;
  notifier: Notifier;
  config: AppConfig;
  /** The scheduled time of the run. */
  at: Date;
  /** When the report was made, for its header. */
  now: Date;
  billingAccountId: string;
  /** Writes one EMF record (a log line in Lambda). */
  emit: (record: string) => void;
}

/** One run's summary line. */
export interface ReportRunSummary {
  period: ReportPeriod;
  window: ReportWindow;
  keys: string[];
  /** Queries sent to the engine (Athena bills each at least 10 MB), and those answered again from this run. */
  queries: { sent: number; reused: number };
  /** Bytes the sent queries scanned, the recommendations' included. */
  bytesScanned: number;
  /** The recommendations' count and estimated monthly saving, or the error that left them out. */
  recommendations: { count: number; estimatedMonthlySaving: string } | { error: string };
  linkExpiresAt: string;
  messageId?: string;
  metricRecords: number;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The scheduled report: the last full week or month in `report.timeZone`, from the shipped queries;
 * report.html, chargeback.csv and focus.csv under `reports/<period>/<from>_<to>/`; the e-mail with a
 * time-limited link published to the reports topic. The recommendations over the same window come
 * from `recommend`'s queries (those the report already ran are not sent again); when they fail the
 * report still goes out, saying they are unavailable. The weekly run also emits the period's daily
 * unit-cost metrics (the monthly one would only repeat them, and CloudWatch refuses points older
 * than two weeks).
 */
export async function runScheduledReport(
  deps: ReportRunDeps,
  period: ReportPeriod,
): Promise<ReportRunSummary> {
  const { config } = deps;
  const window = lastFullPeriod(period, deps.at, config.report.timeZone);
  const engine = new QueryLedger(deps.engine);
  const usageDays = deps.lake ? usageDaysOf(deps.lake) : undefined;
  const collected = await collectReport(engine, window, {
    ...(usageDays ? { usageDays } : {}),
    unattributed: config.attribution.unattributed,
    gapPct: config.pricing.estimateGapPct,
    costlyRate: config.pricing.costlyInstanceRate,
    peakStart: config.pricing.peakHoursUtc.start,
    peakEnd: config.pricing.peakHoursUtc.end,
  });
  const recs: RunRecommendations = await reportRecommendations(engine, config, window, usageDays);
  const built = await buildReport(
    {
      window,
      previousWindow: previousWindow(window),
      generatedAt: iso(deps.now),
      unattributed: config.attribution.unattributed,
      currency: 'USD',
      results: collected.results,
      ...('error' in recs ? { recommendationsUnavailable: true } : { recommendations: recs.recommendations }),
    },
    deps.billingAccountId,
  );
  const prefix = reportPrefix(period, window);
  const keys: string[] = [];
  for (const [name, body] of Object.entries(built.artifacts) as [keyof ReportArtifacts, string][]) {
    const key = `${prefix}/${name}`;
    await deps.store.put(key, Buffer.from(body), { contentType: ARTIFACT_TYPES[name] });
    keys.push(key);
  }
  const link = await deps.signer.sign(`${prefix}/report.html`, config.report.linkExpiryHours * 3600);
  const delivery = await deps.notifier.publish(
    reportEmail(built.summary, {
      window,
      kind: period === 'week' ? 'weekly' : 'monthly',
      link: link.url,
      linkExpiresAt: iso(link.expiresAt),
    }),
  );
  const records =
    period === 'week'
      ? emfRecords(
          unitMetrics(collected.results, {
            topN: config.report.metricsTopN,
            unattributed: config.attribution.unattributed,
          }),
        )
      : [];
  for (const record of records) deps.emit(record);
  return {
    period,
    window,
    keys,
    queries: { sent: engine.sent, reused: engine.reused },
    bytesScanned: engine.bytesScanned,
    recommendations:
      'error' in recs
        ? { error: recs.error }
        : { count: recs.recommendations.length, estimatedMonthlySaving: recs.estimatedMonthlySaving },
    linkExpiresAt: iso(link.expiresAt),
    ...(delivery.messageId ? { messageId: delivery.messageId } : {}),
    metricRecords: records.length,
  };
}
