import type { AppConfig } from '../config';
import type { ChecksSummary, runChecks } from './run-checks';

/** The reply hint the alerts carry in the deployed function. */
export const ALERT_COMMAND_HINT =
  'Reply with: genai-finops alert ack|snooze|not-anomaly <id> --store <local mirror>';

/** The scheduled run's request from the config: guardrails, attribution, thresholds, the reply hint. */
export function scheduledChecksRequest(config: AppConfig, at: Date): Parameters<typeof runChecks>[1] {
  return {
    at,
    guardrails: config.guardrails,
    unattributed: config.attribution.unattributed,
    thresholds: config.anomaly.thresholds,
    commandHint: ALERT_COMMAND_HINT,
  };
}

/** One checks run's counts, by the names the function's summary line and metrics use. */
export function checksCounts(s: ChecksSummary): Record<string, number> {
  return {
    IncidentsOpened: s.opened,
    IncidentsEscalated: s.escalated,
    IncidentsClosed: s.closed,
    AlertsSent: s.notified,
    BudgetsCrossed: s.guardrails.budgetsCrossed,
    PolicyViolations: s.guardrails.violations,
    GuardrailMessages: s.guardrails.messages,
    BytesScanned: s.bytesScanned,
  };
}
