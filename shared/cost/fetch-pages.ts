import type { Clock, CostAndUsagePage, CostSource } from '../ports';
import { CostSourceError } from '../ports';
import { CostRequestError } from './errors';

/** Requests made so far, by API: each page is one billed request ($0.01). */
export interface RequestCounts {
  getCostAndUsage: number;
  getDimensionValues: number;
  /** Throttled attempts sent again (each attempt is also counted above, as it was sent). */
  retries: number;
  /** Times paging started over after InvalidNextToken/RequestChanged. */
  restarts: number;
}

export const emptyRequestCounts = (): RequestCounts => ({
  getCostAndUsage: 0,
  getDimensionValues: 0,
  retries: 0,
  restarts: 0,
});

/** How hard to try: exponential backoff with full jitter, `random` in [0, 1) injected. */
export interface RetryPolicy {
  clock: Clock;
  random: () => number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxRestarts?: number;
}

const DEFAULTS = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 20_000, maxRestarts: 2 };

class RestartPaging extends Error {}

/**
 * Calls `send` until it succeeds: throttling (LimitExceededException, ThrottlingException) is retried
 * after a jittered exponential wait on `clock.sleep`; a stale page token asks the caller to restart
 * paging; anything else fails with `CostRequestError` naming the request.
 */
async function withRetries<T>(
  name: string,
  policy: RetryPolicy,
  counts: RequestCounts,
  count: () => void,
  send: () => Promise<T>,
): Promise<T> {
  const p = { ...DEFAULTS, ...policy };
  for (let attempt = 1; ; attempt++) {
    count();
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof CostSourceError))
        throw new CostRequestError(name, 'Error', String((error as Error)?.message ?? error), {
          cause: error,
        });
      if (error.kind === 'restart-paging') throw new RestartPaging(error.code);
      if (error.kind !== 'throttled')
        throw new CostRequestError(name, error.code, error.message, { cause: error });
      if (attempt >= p.maxAttempts)
        throw new CostRequestError(name, error.code, `still throttled after ${attempt} attempts`, {
          cause: error,
        });
      counts.retries++;
      const ceiling = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));
      await p.clock.sleep(Math.floor(ceiling / 2 + (p.random() * ceiling) / 2));
    }
  }
}

/** Every page of one paginated call: follows the token to the end, restarting on a stale token. */
async function allPages<P>(
  name: string,
  policy: RetryPolicy,
  counts: RequestCounts,
  count: () => void,
  fetch: (token?: string) => Promise<P>,
  tokenOf: (page: P) => string | undefined,
): Promise<P[]> {
  const maxRestarts = policy.maxRestarts ?? DEFAULTS.maxRestarts;
  for (let restart = 0; ; restart++) {
    const pages: P[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await withRetries(`${name} (page ${pages.length + 1})`, policy, counts, count, () =>
          fetch(token),
        );
        pages.push(page);
        token = tokenOf(page);
      } while (token);
      return pages;
    } catch (error) {
      if (!(error instanceof RestartPaging)) throw error;
      if (restart >= maxRestarts)
        throw new CostRequestError(name, error.message, `paging restarted ${restart} times and still failed`);
      counts.restarts++;
    }
  }
}

/** All pages of one GetCostAndUsage request. */
export function costAndUsagePages(
  source: CostSource,
  planned: { name: string; request: Parameters<CostSource['getCostAndUsage']>[0] },
  policy: RetryPolicy,
  counts: RequestCounts,
): Promise<CostAndUsagePage[]> {
  return allPages(
    planned.name,
    policy,
    counts,
    () => counts.getCostAndUsage++,
    (token) => source.getCostAndUsage(planned.request, token),
    (page) =>
      typeof page.NextPageToken === 'string' && page.NextPageToken !== '' ? page.NextPageToken : undefined,
  );
}

/** Every value of one GetDimensionValues request. */
export async function dimensionValues(
  source: CostSource,
  name: string,
  request: Parameters<CostSource['getDimensionValues']>[0],
  policy: RetryPolicy,
  counts: RequestCounts,
): Promise<string[]> {
  const pages = await allPages(
    name,
    policy,
    counts,
    () => counts.getDimensionValues++,
    (token) => source.getDimensionValues(request, token),
    (page) => page.nextPageToken || undefined,
  );
  return pages.flatMap((p) => p.values);
}
