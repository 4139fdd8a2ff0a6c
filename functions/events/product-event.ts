import { createHash } from 'node:crypto';
import { PRODUCT_DETAIL_TYPES, PRODUCT_EVENT_SOURCE, type ProductDetailType } from './detail-types';
import { ProductEventError } from './errors';

/** An EventBridge event the product defines, as Lambda receives it. */
export interface ProductEvent<T extends ProductDetailType = ProductDetailType> {
  source: typeof PRODUCT_EVENT_SOURCE;
  'detail-type': T;
  /** EventBridge's event id: the same on every redelivery of one event. */
  id?: string;
  /** When EventBridge received the event (ISO 8601). */
  time: string;
  detail: Record<string, unknown>;
}

/** The event's detail-type when it is one of the product's events; throws naming what is wrong otherwise. */
export function productDetailType(event: unknown): ProductDetailType {
  const e = event as Partial<ProductEvent> | undefined;
  if (e?.source !== PRODUCT_EVENT_SOURCE)
    throw new ProductEventError(`not a product event: source must be '${PRODUCT_EVENT_SOURCE}'`);
  const type = e['detail-type'];
  if (!PRODUCT_DETAIL_TYPES.includes(type as ProductDetailType))
    throw new ProductEventError(
      `unknown detail-type '${String(type)}' (expected ${PRODUCT_DETAIL_TYPES.join(', ')})`,
    );
  return type as ProductDetailType;
}

/**
 * A short id stable across redeliveries of one event: `<prefix>-` and 8 hex digits of a hash of
 * EventBridge's event id (of the event's content when it has none, e.g. a local test).
 */
export function eventDerivedId(prefix: string, event: ProductEvent): string {
  const basis = event.id ?? JSON.stringify([event['detail-type'], event.time, event.detail]);
  return `${prefix}-${createHash('sha256').update(basis).digest('hex').slice(0, 8)}`;
}
