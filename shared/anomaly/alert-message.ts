import type { OutboundMessage } from '../ports/notifier';
import type { AlertDetail } from './incident';
import { clip, clipBytes, oneLine } from './safe-text';

/** SNS subjects must be under 100 characters. */
export const MAX_SUBJECT_CHARS = 99;
/** SNS's limit is 262,144 bytes with the attributes; the rest leaves room for them and the subject. */
export const MAX_BODY_BYTES = 250_000;

const usd = (n: number) => `${n < 0 ? '-' : ''}$${Math.abs(n).toFixed(Math.abs(n) >= 100 ? 0 : 2)}`;
const time = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function amount(value: number, unit: AlertDetail['series']['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'USD':
      return usd(value);
    case 'ratio':
      return `${(value * 100).toFixed(1)}%`;
    case 'percent':
      return `${value.toFixed(1)}%`;
    default:
      return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
  }
}

/** What the series is, in one line: its dimensions joined (team / feature / environment / model). */
export function seriesName(a: Pick<AlertDetail, 'series'>): string {
  return oneLine(Object.values(a.series.dimensions).join(' / '));
}

function change(a: AlertDetail): string {
  if (a.kind === 'gpu-idle') return `idle (${amount(a.observed, 'percent')} GPU)`;
  if (!(a.expected > 0)) return a.direction === 'up' ? 'up from 0' : 'down';
  if (a.observed === 0) return 'dropped to 0';
  const r = a.observed / a.expected;
  return r >= 1 ? `up ${r.toFixed(1)}x` : `down ${Math.round((1 - r) * 100)}%`;
}

/** The e-mail subject: severity, series, what changed and the dollars a day, < 100 characters. */
export function alertSubject(a: AlertDetail): string {
  const verb = a.event === 'resolved' ? 'resolved' : a.event === 'escalate' ? 'grew' : a.kind;
  const perDay =
    a.event !== 'resolved' && a.impact.extraCostPerDay > 0.005
      ? `, ~${usd(a.impact.extraCostPerDay)}/day`
      : '';
  const tail = ` ${a.series.metric.replace(/_/g, ' ')} ${change(a)}${perDay}`;
  const head = `[${a.severity}] ${verb}: `;
  const room = MAX_SUBJECT_CHARS - head.length - tail.length - 1;
  return oneLine(`${head}${clip(seriesName(a), Math.max(12, room))}:${tail}`).slice(0, MAX_SUBJECT_CHARS);
}

/** The plain-text body, a few short lines an e-mail shows well. */
export function alertText(a: AlertDetail, commandHint: string, detailUri?: string): string {
  const dims = Object.entries(a.series.dimensions)
    .map(([k, v]) => `${k}=${oneLine(v)}`)
    .join(', ');
  const lines = [
    `${oneLine(a.title)}: ${seriesName(a)}`,
    `What:      ${a.kind} ${a.series.metric} (${dims})${a.metrics.length > 1 ? `; also ${a.metrics.filter((m) => m !== a.series.metric).join(', ')}` : ''}`,
    `Started:   ${time(a.startedAt)}${a.closedAt ? `, ended ${time(a.closedAt)}` : ', ongoing'}`,
    `Observed:  ${amount(a.observed, a.series.unit)} per ${a.per ?? (a.kind === 'billed-cost' ? 'day' : 'hour')}, expected ${amount(a.expected, a.series.unit)} (${change(a)})`,
    a.impact.unpriced
      ? `Dollars:   not priced (${oneLine(a.impact.unpriced)})`
      : `Dollars:   ${a.impact.extraCostSoFar >= 0 ? 'extra' : 'unseen'} ${usd(Math.abs(a.impact.extraCostSoFar))} so far, ${usd(a.impact.extraCostPerDay)} per day if it continues (estimate)`,
  ];
  const who = [
    a.contributors.model ? `model ${oneLine(a.contributors.model)}` : '',
    a.contributors.feature ? `feature ${oneLine(a.contributors.feature)}` : '',
    ...a.contributors.identities.map((i) => `${oneLine(i.identity)} (${Math.round(i.share * 100)}%)`),
  ].filter(Boolean);
  if (who.length > 0) lines.push(`Drivers:   ${who.join('; ')}`);
  lines.push(
    a.release
      ? `Release:   ${oneLine(a.release.team)}${a.release.feature ? `/${oneLine(a.release.feature)}` : ''} ${oneLine(a.release.version)} at ${time(a.release.at)}${a.release.note ? ` — ${oneLine(a.release.note)}` : ''}`
      : 'Release:   none recorded in the 48 h before',
  );
  lines.push(`Severity:  ${a.severity}. ${oneLine(a.summary)}`);
  lines.push(`Incident:  ${a.incidentId} (${a.event}). ${commandHint}`);
  if (detailUri) lines.push(`Detail:    ${detailUri}`);
  return `${lines.join('\n')}\n`;
}

/** Message attributes subscribers filter on: team, environment, severity, kind (all String). */
export function alertAttributes(a: AlertDetail): Record<string, string> {
  const clean = (v: string | undefined, fallback: string) => clip(oneLine(v ?? '') || fallback, 256);
  return {
    team: clean(a.series.dimensions.team, 'all'),
    environment: clean(a.series.dimensions.environment, 'all'),
    severity: a.severity,
    kind: a.event === 'resolved' ? 'resolved' : a.kind,
  };
}

/**
 * The message for an alert: subject, text and JSON form. A body over the size cap is cut, with
 * the store location of the full detail (written by the caller at `detailKey`) at its end.
 */
export function alertMessage(
  a: AlertDetail,
  options: { commandHint: string; detailKey: string; detailUri: string; maxBodyBytes?: number },
): OutboundMessage {
  const max = options.maxBodyBytes ?? MAX_BODY_BYTES;
  let text = alertText(a, options.commandHint, options.detailUri);
  if (Buffer.byteLength(text, 'utf8') > max) {
    const note = `\n… truncated; the full detail is at ${options.detailUri}\n`;
    text = clipBytes(text, max - Buffer.byteLength(note, 'utf8')) + note;
  }
  return {
    subject: alertSubject(a),
    text,
    json: a,
    attributes: alertAttributes(a),
    detailKey: options.detailKey,
  };
}
