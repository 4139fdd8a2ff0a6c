import type { Severity } from '../detect/registry';
import type { Direction } from '../detect/verdict';
import type { Contributors } from './contributors';
import type { AlertKind, SamplePeriod, SeriesUnit } from './episode';
import type { Release } from './releases';

/** Why a message goes out: an incident opened, grew past the escalation factor, or ended. */
export type AlertEvent = 'open' | 'escalate' | 'resolved';

/** Everything an alert says, as the JSON form carries it (and the text form words it). */
export interface AlertDetail {
  incidentId: string;
  event: AlertEvent;
  kind: AlertKind;
  severity: Severity;
  title: string;
  summary: string;
  series: { metric: string; unit: SeriesUnit; dimensions: Record<string, string> };
  /** Other metrics of the same series that moved with it. */
  metrics: string[];
  startedAt: string;
  lastAnomalousAt: string;
  closedAt?: string;
  observed: number;
  expected: number;
  /** What observed and expected are per: a quarter hour (early detection), an hour, a day. */
  per?: SamplePeriod;
  direction: Direction;
  detector: string;
  impact: {
    extraCostSoFar: number;
    extraCostPerDay: number;
    currency: 'USD';
    estimate: true;
    /** Set when the dollars are not known (the amounts are then 0 and must not be shown as dollars). */
    unpriced?: string;
  };
  contributors: Contributors;
  release?: Omit<Release, 'at'> & { at: string };
}

/** An incident as the store keeps it (`_state/incidents/<id>.json`). */
export interface IncidentRecord {
  id: string;
  seriesKey: string;
  kind: AlertKind;
  /** `dismissed`: marked not an anomaly. */
  status: 'open' | 'closed' | 'dismissed';
  team: string;
  environment: string;
  startedAt: string;
  openedAt: string;
  closedAt?: string;
  acknowledged?: { at: string; by?: string };
  snoozedUntil?: string;
  /** The deviation last alerted: the incident escalates when it grows past the factor times this. */
  alertedDeviation: number;
  notifications: number;
  lastNotifiedAt?: string;
  /** An alert decided but not yet delivered (a crash between the two): the next run sends it. */
  pending?: AlertEvent;
  alert: AlertDetail;
}

/** Where incidents live in the store. */
export const INCIDENT_ROOT = '_state/incidents';
