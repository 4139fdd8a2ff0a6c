import { para, section } from './figure';
import { cell, htmlTable } from './html-table';
import { dollars } from './money';
import { RECOMMENDATIONS_UNAVAILABLE, type ReportSummary } from './summarize-report';

/** The period's anomaly incidents, guardrail events and recommendations; "none in this period" when empty. */
export function eventSections(summary: ReportSummary): string {
  const incidents = htmlTable(
    [
      { header: 'opened' },
      { header: 'closed' },
      { header: 'team' },
      { header: 'series' },
      { header: 'severity' },
      { header: 'what happened' },
    ],
    summary.incidents.map((i) => [
      cell(i.openedAt),
      cell(i.closedAt ?? 'open'),
      cell(i.team ?? '—'),
      cell(i.series),
      cell(i.severity),
      cell(i.summary),
    ]),
    'None in this period.',
  );
  const guardrails = htmlTable(
    [{ header: 'when' }, { header: 'team' }, { header: 'action' }, { header: 'what happened' }],
    summary.guardrailEvents.map((g) => [cell(g.at), cell(g.team ?? '—'), cell(g.action), cell(g.summary)]),
    'None in this period.',
  );
  const recommendations = htmlTable(
    [{ header: 'recommendation' }, { header: 'team' }, { header: 'saving per month', numeric: true }],
    summary.recommendations.map((r) => [
      cell(r.title),
      cell(r.team ?? '—'),
      cell(dollars(r.savingCents), r.savingCents, 'estimate'),
    ]),
    summary.recommendationsUnavailable
      ? `Recommendations are ${RECOMMENDATIONS_UNAVAILABLE}.`
      : 'None in this period.',
  );
  return [
    section('anomalies', 'Anomalies', incidents),
    section('guardrails', 'Guardrail events', guardrails),
    section(
      'recommendations',
      'Recommendations',
      `${summary.recommendations.length > 0 ? para(`Estimated savings: ${dollars(summary.recommendationsCents)} per month.`) : ''}${recommendations}`,
    ),
  ].join('\n');
}
