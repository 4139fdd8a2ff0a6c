import type { Clock, ObjectStore } from '../../shared/ports';
import type { Notifier } from '../../shared/ports/notifier';
import { type ApprovalEvent, type ApprovalRecorded, recordApprovalEvent } from './approval-event';
import {
  type ApprovalRequestEvent,
  type ApprovalRequestRecorded,
  recordApprovalRequestEvent,
} from './approval-request-event';
import type { ProductDetailType } from './detail-types';
import type { ProductEvent } from './product-event';
import { type ReleaseEvent, type ReleaseRecorded, recordReleaseEvent } from './release-event';

/** What one event did. */
export type ProductEventResult = ReleaseRecorded | ApprovalRequestRecorded | ApprovalRecorded;

/** One product event recorded: what it did and the counts for the summary line and metrics. */
export interface ProductEventDone {
  result: ProductEventResult;
  counts: Record<string, number>;
}

/** What the recorders talk to: the store (opened per event), the alerts topic and the clock. */
export interface ProductEventDeps {
  objects: () => ObjectStore;
  notifier: Notifier;
  clock: Clock;
}

/** The recorder of each product detail-type. */
export function productEventHandlers(
  deps: ProductEventDeps,
): Record<ProductDetailType, (event: ProductEvent) => Promise<ProductEventDone>> {
  const { objects, notifier, clock } = deps;
  return {
    Release: async (event) => ({
      result: await recordReleaseEvent(objects(), clock, event as ReleaseEvent),
      counts: { ReleasesRecorded: 1 },
    }),
    ApprovalRequest: async (event) => {
      const result = await recordApprovalRequestEvent(
        objects(),
        notifier,
        clock.now(),
        event as ApprovalRequestEvent,
      );
      return {
        result,
        counts: { ApprovalRequestsRecorded: 1, ApprovalRequestsAnnounced: Number(result.notified) },
      };
    },
    Approval: async (event) => ({
      result: await recordApprovalEvent(objects(), clock.now(), event as ApprovalEvent),
      counts: { ApprovalsRecorded: 1 },
    }),
  };
}
