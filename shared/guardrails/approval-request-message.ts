import { clip, oneLine } from '../anomaly/safe-text';
import type { OutboundMessage } from '../ports/notifier';
import type { ApprovalRequest } from './approval-requests';

/** SNS subjects must be under 100 characters. */
const MAX_SUBJECT = 99;

/**
 * An approval request as the alert its team's approvers receive (kind `approval-request`): who
 * asks for which model, until when and why, and the command that grants it. The values come from
 * the event's sender: the subject is one clipped line, the body is plain text.
 */
export function approvalRequestMessage(r: ApprovalRequest): OutboundMessage {
  const scope = `team ${r.team}${r.feature ? `, feature ${r.feature}` : ''}`;
  const subject = clip(
    oneLine(`genai-finops approval request: ${r.model} for ${r.team}${r.feature ? `/${r.feature}` : ''}`),
    MAX_SUBJECT,
  );
  return {
    subject,
    text: [
      `${r.requestedBy} asks to use ${r.model} (${scope}${r.environment ? `, in ${r.environment}` : ''}) until ${r.until}.`,
      `Reason: ${r.reason}`,
      `Request ${r.id}, received ${r.requestedAt}.`,
      `Grant with: genai-finops approve --request ${r.id} --by NAME [--reason WHY]`,
      `or put an Approval event with "requestId": "${r.id}" on the default bus (source genai-finops).`,
    ].join('\n'),
    json: {
      kind: 'approval-request',
      requestId: r.id,
      team: r.team,
      feature: r.feature ?? null,
      model: r.model,
      until: r.until,
      environment: r.environment ?? null,
      requestedBy: r.requestedBy,
      reason: r.reason,
      requestedAt: r.requestedAt,
    },
    attributes: {
      kind: 'approval-request',
      severity: 'low',
      team: r.team,
      ...(r.environment ? { environment: r.environment } : {}),
    },
  };
}
