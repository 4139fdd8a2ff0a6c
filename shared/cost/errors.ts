/** Base class of the Cost Explorer source's errors. */
export class CostIngestError extends Error {
  override name = 'CostIngestError';
}

/** A saved or received response that cannot be read; names where (file, page) and the field. */
export class CostInputError extends CostIngestError {
  override name = 'CostInputError';
  constructor(
    readonly origin: string,
    readonly field: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${origin}: ${field}: ${problem}`, options);
  }
}

/** A Cost Explorer request that failed for good (not throttling, or throttled past the retries). */
export class CostRequestError extends CostIngestError {
  override name = 'CostRequestError';
  constructor(
    readonly request: string,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${request} failed: ${code}: ${message}`, options);
  }
}
