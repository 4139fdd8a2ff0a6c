import type { QueryResult } from '../ports/query-engine';
import { endpointOfArn } from '../recommend/gpu-low-output-value';
import { unitsToCents } from './money';
import { flag, num, text, units } from './rows';

/** One day of `estimate-vs-bill`, summed over models and token types. */
export interface BillDay {
  day: string;
  estimatedCents: bigint;
  /** Null until the day's bill has arrived. */
  billedCents: bigint | null;
  flagged: number;
}

/** A day × model × token type the query flagged. */
export interface BillGap {
  day: string;
  model: string;
  tokenType: string;
  estimatedCents: bigint | null;
  billedCents: bigint | null;
  gapPct: number | null;
}

/** A SageMaker endpoint called through Bedrock in the period, with the tokens it served. */
export interface HostedEndpoint {
  endpoint: string;
  tokens: number;
}

export interface BillSummary {
  days: BillDay[];
  gaps: BillGap[];
  billArrivedDays: number;
  /** Endpoints billed as SageMaker hosting, most tokens first: no per-token estimate, not unpriced. */
  hostedEndpoints: HostedEndpoint[];
}

const SCALE = 10;

/**
 * Sums the shipped `estimate-vs-bill` rows per day and lists what it flagged, apart from calls to
 * SageMaker endpoints (`billed_as` `sagemaker-hosting`): those are summed per endpoint instead.
 */
export function summarizeBill(result: QueryResult): BillSummary {
  const days = new Map<string, { day: string; estimated: bigint; billed: bigint | null; flagged: number }>();
  const gaps: BillGap[] = [];
  const hosted = new Map<string, number>();
  let billArrivedDays = 0;
  for (const row of result.rows) {
    const sagemakerHosting = text(row, 'billed_as') === 'sagemaker-hosting';
    if (sagemakerHosting) {
      const endpoint = endpointOfArn(text(row, 'model')) ?? text(row, 'model');
      hosted.set(endpoint, (hosted.get(endpoint) ?? 0) + (num(row, 'tokens') ?? 0));
    }
    const day = text(row, 'usage_date');
    let d = days.get(day);
    if (!d) {
      d = { day, estimated: 0n, billed: null, flagged: 0 };
      days.set(day, d);
      if (flag(row, 'bill_arrived')) billArrivedDays++;
    }
    const estimated = units(row, 'estimated_cost', SCALE);
    const billed = units(row, 'billed_cost', SCALE);
    d.estimated += estimated ?? 0n;
    if (billed !== null) d.billed = (d.billed ?? 0n) + billed;
    // The query flags endpoint calls (no Bedrock bill line); the page names them once, not as gaps.
    if (flag(row, 'flagged') && !sagemakerHosting) {
      d.flagged++;
      gaps.push({
        day,
        model: text(row, 'model'),
        tokenType: text(row, 'token_type'),
        estimatedCents: estimated === null ? null : unitsToCents(estimated, SCALE),
        billedCents: billed === null ? null : unitsToCents(billed, SCALE),
        gapPct: num(row, 'gap_pct'),
      });
    }
  }
  return {
    days: [...days.values()].map((d) => ({
      day: d.day,
      estimatedCents: unitsToCents(d.estimated, SCALE),
      billedCents: d.billed === null ? null : unitsToCents(d.billed, SCALE),
      flagged: d.flagged,
    })),
    gaps,
    billArrivedDays,
    hostedEndpoints: [...hosted]
      .map(([endpoint, tokens]) => ({ endpoint, tokens }))
      .sort((a, b) => b.tokens - a.tokens || a.endpoint.localeCompare(b.endpoint)),
  };
}
