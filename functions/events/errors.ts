/**
 * Why a product event could not be recorded: a field missing or malformed (the message names it).
 * The invocation fails, so after its retries the event lands in the dead-letter queue.
 */
export class ProductEventError extends Error {
  override name = 'ProductEventError';
}

/** A `Release` event that cannot be recorded. */
export class ReleaseEventError extends ProductEventError {
  override name = 'ReleaseEventError';
}
