import { recordApprovalRequestEvent } from '../../functions/events/approval-request-event';
import { grantApprovalRequest } from '../../shared/guardrails/approval-requests';
import type { ObjectStore } from '../../shared/ports';
import type { Notifier } from '../../shared/ports/notifier';

const DAY_MS = 86_400_000;

/**
 * The demo's approval: the research notebooks ask for Sonnet in dev with an `ApprovalRequest` event
 * (handled as the events function handles it: recorded pending, announced to the team), and an
 * approver grants it as `genai-finops approve --request` does, three days before the detection run.
 * Returns the demo's line.
 */
export async function demoApprovalRequest(store: ObjectStore, notifier: Notifier, at: Date): Promise<string> {
  const grantedAt = new Date(at.getTime() - 3 * DAY_MS);
  const requestedAt = new Date(grantedAt.getTime() - 2 * 3_600_000);
  const { request } = await recordApprovalRequestEvent(store, notifier, requestedAt, {
    source: 'genai-finops',
    'detail-type': 'ApprovalRequest',
    id: 'demo-approval-request',
    time: requestedAt.toISOString(),
    detail: {
      team: 'research',
      feature: 'notebooks',
      model: 'anthropic.claude-sonnet-*',
      until: new Date(at.getTime() + 30 * DAY_MS).toISOString().slice(0, 10),
      environment: 'dev',
      requestedBy: 'lee.chen',
      reason: 'long-context evaluation',
    },
  });
  const { approval } = await grantApprovalRequest(store, request.id, 'maria.gomez', undefined, grantedAt);
  return `   approval request ${request.id} (ApprovalRequest event): research/notebooks asks for ${request.model} in dev, announced to the team; granted by ${approval.by} (approve --request ${request.id})`;
}
