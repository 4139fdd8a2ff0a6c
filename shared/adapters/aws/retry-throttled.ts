import type { Clock } from '../../ports';

/** Error names AWS uses for throttling across services. */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

/** True for a throttling or transient (5xx) error worth retrying. */
export function isRetryable(error: unknown): boolean {
  const e = error as {
    name?: string;
    $retryable?: { throttling?: boolean };
    $metadata?: { httpStatusCode?: number };
  };
  const status = e?.$metadata?.httpStatusCode ?? 0;
  return THROTTLING.has(e?.name ?? '') || e?.$retryable !== undefined || status === 429 || status >= 500;
}

/**
 * Calls `call` until it succeeds or fails with a non-retryable error, waiting with exponential
 * backoff and full jitter between attempts (`onRetry` counts them); gives up after `maxAttempts`.
 */
export async function retryThrottled<T>(
  call: () => Promise<T>,
  clock: Clock,
  options: {
    maxAttempts?: number;
    baseMs?: number;
    capMs?: number;
    random?: () => number;
    onRetry?: () => void;
  } = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 8;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
      options.onRetry?.();
      const ceiling = Math.min(options.capMs ?? 20_000, (options.baseMs ?? 200) * 2 ** (attempt - 1));
      await clock.sleep(Math.floor(random() * ceiling) + 1);
    }
  }
}
