/**
 * Event-level scoring of alerts against labelled anomaly windows:
 * - an anomaly is detected (true positive) when at least one alert falls in its window
 *   [start, windowEnd]; further alerts in the same window are neither credited nor penalised;
 * - an alert outside every window is a false positive;
 * - the detection delay is the number of samples (runs) from the anomaly's start to its first alert.
 * Precision = TP / (TP + FP), recall = TP / anomalies, F1 their harmonic mean.
 * Every method is scored from SCORED_FROM on (week 3, when anomalies may start and the static
 * baseline has its three training weeks); earlier alerts are counted apart as warm-up alerts.
 */
import type { LabelledSeries } from './detect-series-gen';

export interface Tally {
  anomalies: number;
  detected: number;
  falseAlerts: number;
  delays: number[];
  /** Samples covered by the series scored (for false alerts per 30 days). */
  hours: number;
  /** Alerts before SCORED_FROM (not scored). */
  warmUpAlerts: number;
}

/** First scored sample: three weeks of hourly history. */
export const SCORED_FROM = 3 * 168;

export const emptyTally = (): Tally => ({
  anomalies: 0,
  detected: 0,
  falseAlerts: 0,
  delays: [],
  hours: 0,
  warmUpAlerts: 0,
});

/** Adds one series' alerts (sample indices) to a tally. */
export function scoreSeries(
  series: LabelledSeries,
  alerts: readonly number[],
  into: Tally,
  hours: number,
): void {
  into.anomalies += series.anomalies.length;
  into.hours += hours;
  const hit = new Set<number>();
  for (const a of alerts) {
    if (a < SCORED_FROM) {
      into.warmUpAlerts++;
      continue;
    }
    const k = series.anomalies.findIndex((w) => a >= w.start && a <= w.windowEnd);
    if (k < 0) into.falseAlerts++;
    else if (!hit.has(k)) {
      hit.add(k);
      into.delays.push(a - (series.anomalies[k] as { start: number }).start);
    }
  }
  into.detected += hit.size;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Precision, recall and F1 of a tally. */
export function rates(t: Tally): { precision: number; recall: number; f1: number } {
  const precision = t.detected + t.falseAlerts === 0 ? 0 : t.detected / (t.detected + t.falseAlerts);
  const recall = t.anomalies === 0 ? 0 : t.detected / t.anomalies;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
