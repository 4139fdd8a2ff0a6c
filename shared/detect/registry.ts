import type { DetectorResult } from './verdict';

/** How urgent a finding is; alerts carry it as the `severity` message attribute. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** Every detector the product runs, by id. */
export type DetectorId =
  | 'seasonal-baseline'
  | 'level-shift'
  | 'drop-to-zero'
  | 'missing-data'
  | 'static-threshold'
  | 'idle-gpu';

interface DetectorEntry {
  title: string;
  /** Severity from the score (and the detector's nature). */
  severity: (result: DetectorResult) => Severity;
  /** One sentence, for the alert body. */
  wording: (result: DetectorResult, observed: number) => string;
}

const byScore = (result: DetectorResult): Severity =>
  result.score >= 0.97 ? 'critical' : result.score >= 0.85 ? 'high' : result.score >= 0.6 ? 'medium' : 'low';

const fmt = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n) ? 'unknown' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3);

/** Severity and wording per detector, as cdk-nag rule packs attach level and explanation to rules. */
export const DETECTORS: Readonly<Record<DetectorId, DetectorEntry>> = {
  'seasonal-baseline': {
    title: 'Unusual value for this time of day and week',
    severity: byScore,
    wording: (r, x) =>
      `Observed ${fmt(x)} where the same hour in recent days/weeks gives ${fmt(r.expected)} (band ${fmt(r.lower)} to ${fmt(r.upper)}); ${r.direction === 'down' ? 'a dip' : 'a spike'}.`,
  },
  'level-shift': {
    title: 'Sustained change of level',
    severity: (r) => (byScore(r) === 'critical' ? 'high' : 'medium'),
    wording: (r, x) =>
      `The series has stayed ${r.direction === 'down' ? 'below' : 'above'} its baseline for a while: now ${fmt(x)}, before ${fmt(r.expected)}.`,
  },
  'drop-to-zero': {
    title: 'Dropped to zero',
    severity: () => 'high',
    wording: (r) =>
      `The series reads 0 where ${fmt(r.expected)} was expected: an outage, a stopped exporter or lost logs.`,
  },
  'missing-data': {
    title: 'Data stopped arriving',
    severity: () => 'high',
    wording: () => 'Several consecutive runs without data: a logging or ingest outage is an incident too.',
  },
  'static-threshold': {
    title: 'Configured limit exceeded',
    severity: (r) => (r.score >= 0.85 ? 'critical' : 'high'),
    wording: (r, x) =>
      `Observed ${fmt(x)} against a configured ${r.direction === 'down' ? `minimum of ${fmt(r.lower)}` : `maximum of ${fmt(r.upper)}`}.`,
  },
  'idle-gpu': {
    title: 'Paid GPU idle',
    severity: () => 'medium',
    wording: (_r, x) =>
      `A billed GPU resource has averaged ${fmt(x)}% utilization, under its floor, for the configured hours.`,
  },
};

/** A detector's finding, worded for people. */
export interface Finding {
  detector: DetectorId;
  title: string;
  severity: Severity;
  summary: string;
}

/** Attaches severity and wording to an anomalous result. */
export function describeFinding(detector: DetectorId, result: DetectorResult, observed: number): Finding {
  const entry = DETECTORS[detector];
  return {
    detector,
    title: entry.title,
    severity: entry.severity(result),
    summary: entry.wording(result, observed),
  };
}
