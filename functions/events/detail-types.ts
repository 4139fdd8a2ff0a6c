/** The `source` of every event the product defines (put on the account's default bus). */
export const PRODUCT_EVENT_SOURCE = 'genai-finops';

/**
 * The product's events, by `detail-type`: a deploy pipeline's `Release` marker, an
 * `ApprovalRequest` from a team, an `Approval` from an approval workflow. The stack's rule forwards
 * these to the events function; nothing here imports an SDK, so the infra reads it too.
 */
export const PRODUCT_DETAIL_TYPES = ['Release', 'ApprovalRequest', 'Approval'] as const;

/** One of {@link PRODUCT_DETAIL_TYPES}. */
export type ProductDetailType = (typeof PRODUCT_DETAIL_TYPES)[number];
