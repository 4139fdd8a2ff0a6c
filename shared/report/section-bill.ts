import type { BillSummary } from './bill-summary';
import { estimateVsBillSpec } from './chart-specs';
import { figure, para, section } from './figure';
import { cell, ESTIMATE, htmlTable } from './html-table';
import { count, dollars, percentChange } from './money';

const toDollars = (cents: bigint): number => Number(cents) / 100;
/** How a call to a SageMaker endpoint is billed: neither an unpriced model nor $0. */
const SAGEMAKER_HOSTING = 'billed as SageMaker hosting';
/** Endpoints named in the note; the rest are counted. */
const ENDPOINTS_LISTED = 10;

/** The note on endpoints called through Bedrock, or nothing when there were none. */
function hostedNote(bill: BillSummary): string {
  const all = bill.hostedEndpoints;
  if (all.length === 0) return '';
  const listed = all
    .slice(0, ENDPOINTS_LISTED)
    .map((e) => `${e.endpoint} (${count(e.tokens)} tokens)`)
    .join(', ');
  const more = all.length > ENDPOINTS_LISTED ? ` and ${all.length - ENDPOINTS_LISTED} more` : '';
  return para(
    `Calls to SageMaker endpoints through Bedrock — ${listed}${more} — are ${SAGEMAKER_HOSTING}, not per token: their cost is the endpoints' instance hours (GPU efficiency), so they have no token estimate here; they are not unpriced models.`,
  );
}

/** Estimate vs bill: tokens × list prices against Cost Explorer, per day (the `estimate-vs-bill` query). */
export async function billSection(bill: BillSummary): Promise<string> {
  const values = bill.days.flatMap((d) => [
    { day: d.day, kind: 'estimate (list price)', dollars: toDollars(d.estimatedCents) },
    ...(d.billedCents === null ? [] : [{ day: d.day, kind: 'bill', dollars: toDollars(d.billedCents) }]),
  ]);
  const chart = await figure(
    estimateVsBillSpec(values, 'Estimate against the bill, per day'),
    values.length > 0,
    'Tokens × list prices (estimate) against the billed Bedrock cost; days without a bar for the bill have no bill yet.',
    'No Bedrock usage or bill in this period.',
  );
  const days = htmlTable(
    [
      { header: 'day' },
      { header: 'estimate', numeric: true },
      { header: 'bill', numeric: true },
      { header: 'flagged lines', numeric: true },
    ],
    bill.days.map((d) => [
      cell(d.day),
      cell(dollars(d.estimatedCents), d.estimatedCents, ESTIMATE),
      cell(d.billedCents === null ? 'not billed yet' : dollars(d.billedCents), d.billedCents ?? ''),
      cell(String(d.flagged), d.flagged),
    ]),
    'No Bedrock usage or bill in this period.',
  );
  const gaps = htmlTable(
    [
      { header: 'day' },
      { header: 'model' },
      { header: 'token type' },
      { header: 'estimate', numeric: true },
      { header: 'bill', numeric: true },
      { header: 'gap', numeric: true },
    ],
    bill.gaps.map((g) => [
      cell(g.day),
      cell(g.model),
      cell(g.tokenType),
      cell(g.estimatedCents === null ? '—' : dollars(g.estimatedCents), g.estimatedCents ?? '', ESTIMATE),
      cell(g.billedCents === null ? '—' : dollars(g.billedCents), g.billedCents ?? ''),
      cell(percentChange(g.gapPct), g.gapPct ?? ''),
    ]),
    'None in this period: every billed day is within the configured gap of its estimate.',
  );
  return section(
    'estimate-vs-bill',
    'Estimate vs bill',
    [
      para(
        bill.billArrivedDays === 0
          ? 'No bill has arrived for these days yet: every amount in this report is an estimate at list prices.'
          : `The bill has arrived for ${bill.billArrivedDays} of ${bill.days.length} days.`,
      ),
      chart,
      days,
      hostedNote(bill),
      '<h3>Gaps larger than the configured threshold</h3>',
      gaps,
    ].join('\n'),
  );
}
