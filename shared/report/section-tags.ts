import { shareSpec } from './chart-specs';
import { figure, para, section } from './figure';
import { cell, htmlTable } from './html-table';
import { count, dollars, percent } from './money';
import type { TagSummary } from './tag-summary';

/** Tag coverage: the share of spend `unattributed` and the callers behind it (the `tag-coverage` query). */
export async function tagSection(tags: TagSummary, unattributed: string): Promise<string> {
  const chart = await figure(
    shareSpec(
      tags.daily
        .filter((d) => d.unattributedPct !== null)
        .map((d) => ({ day: d.day, pct: d.unattributedPct as number })),
      'Share of spend without a team',
    ),
    tags.daily.some((d) => d.unattributedPct !== null),
    `Per UTC day, the percentage of allocated cost whose team is "${unattributed}".`,
    'No spend in this period.',
  );
  const callers = htmlTable(
    [
      { header: 'caller (IAM identity)' },
      { header: 'invocations', numeric: true },
      { header: 'cost (apportioned)', numeric: true },
    ],
    tags.callers.map((c) => [
      cell(c.caller),
      cell(count(c.invocations), c.invocations),
      cell(dollars(c.cents), c.cents),
    ]),
    'None in this period: every call carried a team tag or matched the identity mapping.',
  );
  return section(
    'tag-coverage',
    'Tag coverage',
    [
      para(
        `${dollars(tags.unattributedCents)} of ${dollars(tags.totalCents)} (${percent(tags.unattributedPct)}) has no team: the callers below sent no team in requestMetadata and match no identity mapping. Tag them or map them.`,
      ),
      chart,
      callers,
    ].join('\n'),
  );
}
