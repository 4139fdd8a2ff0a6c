import { terminalSafe } from '../../src/cli/safe-text';
import type { OutboundMessage } from '../ports/notifier';
import { dollars, percent, percentChange } from './money';
import type { ReportWindow } from './report-input';
import { changePct, topMovers } from './spend-summary';
import { RECOMMENDATIONS_UNAVAILABLE, type ReportSummary } from './summarize-report';

/** SNS: the subject must stay under 100 characters; the whole message (attributes included) within 256 KB. */
export const SUBJECT_MAX = 99;
export const MESSAGE_MAX_BYTES = 262_144;
/** Teams listed in the mail; the rest are counted and left to the linked report. */
const TEAMS_LISTED = 25;
/** Caller values are cut to this many characters in the mail, so one long tag cannot crowd it. */
const VALUE_MAX = 60;

/** A caller-supplied value as plain mail text: control and escape characters gone, cut short. */
function plain(value: string): string {
  const safe = terminalSafe(value);
  return safe.length > VALUE_MAX ? `${safe.slice(0, VALUE_MAX - 1)}…` : safe;
}

/** What the mail says besides the summary: the period, its kind and the time-limited link. */
export interface ReportEmailContext {
  window: ReportWindow;
  kind: 'weekly' | 'monthly' | 'ad hoc';
  /** Pre-signed URL of report.html. */
  link: string;
  /** When the link stops working (ISO 8601). */
  linkExpiresAt: string;
}

/**
 * The report e-mail for the SNS reports topic: plain text with the headline numbers, the top 5
 * movers, the untagged share and the recommendations' total, and the pre-signed link. Sized for
 * SNS whatever the number of teams: a fixed number of lines, values cut short.
 */
export function reportEmail(summary: ReportSummary, context: ReportEmailContext): OutboundMessage {
  const { spend, tags, gpu } = summary;
  const period = `${context.window.from} to ${context.window.to}`;
  const estimate = spend.estimated ? ' (estimate: part of it is not billed yet)' : '';
  const subjectFull = `GenAI spend ${context.kind} ${period}: ${dollars(spend.totalCents)} (${percentChange(spend.changePct)})`;
  const subject =
    subjectFull.length > SUBJECT_MAX ? `${subjectFull.slice(0, SUBJECT_MAX - 1)}…` : subjectFull;
  const movers = topMovers(spend.byTeam, 5);
  const lines = [
    `GenAI spend, ${period} (UTC days)`,
    '',
    `Total: ${dollars(spend.totalCents)}${estimate}`,
    `Change: ${percentChange(spend.changePct)} against ${dollars(spend.previousTotalCents)} the period before`,
    `Without a team (untagged): ${percent(tags.unattributedPct)}, ${dollars(tags.unattributedCents)}`,
    `Idle GPU cost: ${dollars(gpu.idleCents)} of ${dollars(gpu.costCents)}`,
    `Recommendations: ${summary.recommendationsUnavailable ? RECOMMENDATIONS_UNAVAILABLE : summary.recommendations.length === 0 ? 'none in this period' : `${dollars(summary.recommendationsCents)} estimated saving per month`}`,
    `Anomalies: ${summary.incidents.length === 0 ? 'none in this period' : String(summary.incidents.length)}`,
    '',
    'Top 5 movers (team: this period, change):',
    ...(movers.length === 0
      ? ['  none']
      : movers.map(
          (m) =>
            `  ${plain(m.key)}: ${dollars(m.cents)}, ${m.cents >= m.previousCents ? '+' : '-'}${dollars(m.cents >= m.previousCents ? m.cents - m.previousCents : m.previousCents - m.cents)} (${percentChange(changePct(m.cents, m.previousCents))})`,
        )),
    '',
    `Spend by team (top ${Math.min(TEAMS_LISTED, spend.byTeam.length)} of ${spend.byTeam.length}):`,
    ...spend.byTeam.slice(0, TEAMS_LISTED).map((t) => `  ${plain(t.key)}: ${dollars(t.cents)}`),
    ...(spend.byTeam.length > TEAMS_LISTED
      ? [`  … and ${spend.byTeam.length - TEAMS_LISTED} more teams in the report`]
      : []),
    '',
    `Full report (charts, unit costs, GPU efficiency, estimate vs bill; link valid until ${context.linkExpiresAt}):`,
    context.link,
    '',
    'chargeback.csv and focus.csv (FOCUS 1.3) are next to the report.',
  ];
  const text = `${lines.join('\n')}\n`;
  return {
    subject,
    text,
    json: {
      kind: 'report',
      period: context.window,
      totalCost: dollars(spend.totalCents),
      changePct: spend.changePct,
      unattributedPct: tags.unattributedPct,
      link: context.link,
    },
    attributes: { kind: 'report', period: context.kind },
  };
}
