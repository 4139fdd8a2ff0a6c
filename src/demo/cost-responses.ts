import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays, daysBetween } from '../../shared/lake/utc';
import { amountText, type BillLine } from './bill-lines';

/** What was written: the files in the order to ingest them, and the days they cover. */
export interface CostResponseFiles {
  files: string[];
  pages: number;
  from: string;
  to: string;
}

/** Options of `writeCostResponses`. */
export interface CostResponseOptions {
  /** Days from this one on are `Estimated: true` (Cost Explorer's figures for recent days are not final). */
  estimatedFrom: string;
  /** Days per page of the SERVICE × USAGE_TYPE response, to save a multi-page response as real ones come. */
  daysPerPage?: number;
}

const metrics = (l: BillLine) => ({
  AmortizedCost: { Amount: amountText(l.unblended), Unit: 'USD' },
  UnblendedCost: { Amount: amountText(l.unblended), Unit: 'USD' },
  UsageQuantity: { Amount: amountText(l.quantity), Unit: l.unit },
});

const byKeys = (a: { Keys: string[] }, b: { Keys: string[] }) => {
  const x = a.Keys.join('\u0000');
  const y = b.Keys.join('\u0000');
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Lines summed per key (Cost Explorer returns one group per distinct key). */
function sumBy(lines: readonly BillLine[], key: (l: BillLine) => string[]): BillLine[] {
  const out = new Map<string, BillLine>();
  for (const l of lines) {
    const k = key(l).join('\u0000');
    const before = out.get(k);
    out.set(
      k,
      before
        ? { ...before, unblended: before.unblended + l.unblended, quantity: before.quantity + l.quantity }
        : l,
    );
  }
  return [...out.values()];
}

/** A page token looking like Cost Explorer's (opaque base64), deterministic for a rerun. */
const pageToken = (n: number) =>
  Buffer.from(`genai-finops-demo-page-${n}-of-service-usage-type`).toString('base64');

/**
 * Writes `lines` as saved `aws ce get-cost-and-usage` output (DAILY; UnblendedCost, AmortizedCost,
 * UsageQuantity; `Total: {}` when grouped, as the CLI prints it): the SERVICE × USAGE_TYPE response
 * as several pages, one file each, chained by `NextPageToken`, and one USAGE_TYPE × TAG `team`
 * response (`team$` = untagged). These are the files `ingest cost-explorer --from-file` reads.
 */
export async function writeCostResponses(
  dir: string,
  lines: readonly BillLine[],
  options: CostResponseOptions,
): Promise<CostResponseFiles> {
  await mkdir(dir, { recursive: true });
  const days = [...new Set(lines.map((l) => l.day))].sort();
  const from = days[0] ?? options.estimatedFrom;
  const to = days[days.length - 1] ?? from;
  const period = (day: string) => ({ Start: day, End: addDays(day, 1) });
  const periods = daysBetween(from, to).map((day) => {
    const own = lines.filter((l) => l.day === day);
    const base = sumBy(own, (l) => [l.service, l.usageType]);
    const team = sumBy(own, (l) => [l.usageType, l.team]);
    const estimated = day >= options.estimatedFrom;
    return {
      base: {
        TimePeriod: period(day),
        Total: {},
        Groups: base.map((l) => ({ Keys: [l.service, l.usageType], Metrics: metrics(l) })).sort(byKeys),
        Estimated: estimated,
      },
      team: {
        TimePeriod: period(day),
        Total: {},
        Groups: team
          .map((l) => ({ Keys: [l.usageType, `team$${l.team}`], Metrics: metrics(l) }))
          .sort(byKeys),
        Estimated: estimated,
      },
    };
  });
  const perPage = options.daysPerPage ?? 3;
  const files: string[] = [];
  const write = async (name: string, body: unknown) => {
    const path = join(dir, name);
    await writeFile(path, `${JSON.stringify(body, null, 4)}\n`);
    files.push(path);
  };
  const pages = Math.max(1, Math.ceil(periods.length / perPage));
  for (let page = 0; page < pages; page++) {
    await write(`service-usage-type.page-${page + 1}.json`, {
      GroupDefinitions: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
      ],
      ResultsByTime: periods.slice(page * perPage, (page + 1) * perPage).map((p) => p.base),
      DimensionValueAttributes: [],
      ...(page + 1 < pages ? { NextPageToken: pageToken(page + 1) } : {}),
    });
  }
  await write('usage-type-team.json', {
    GroupDefinitions: [
      { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
      { Type: 'TAG', Key: 'team' },
    ],
    ResultsByTime: periods.map((p) => p.team),
    DimensionValueAttributes: [],
  });
  return { files, pages, from, to };
}
