import type { ThresholdConfig } from '../config/anomaly-schema';
import type { GuardrailsConfig } from '../config/guardrails-schema';
import { type GuardrailRun, runGuardrails } from '../guardrails/run-guardrails';
import type { Clock, ObjectStore, QueryEngine } from '../ports';
import type { IamEnforcer } from '../ports/iam-enforcer';
import type { Notifier } from '../ports/notifier';
import type { PriceRow } from '../pricing/price-row';
import { type DetectionSummary, runDetection } from './run-detection';
import type { SlowReads } from './slow-families';

/** What one run of the checks did: the detection summary and the guardrails' counts. */
export interface ChecksSummary extends DetectionSummary {
  guardrails: {
    budgetsCrossed: number;
    violations: number;
    enforcement: Pick<GuardrailRun['actions'][number], 'roleName' | 'action'>[];
    messages: number;
  };
}

/**
 * The checks that follow each ingest: anomaly detection, then the guardrails (budgets, model
 * policy, enforcement), over one engine and store, the run's queries and bytes counted together.
 */
export async function runChecks(
  deps: {
    store: ObjectStore;
    engine: QueryEngine;
    notifier: Notifier;
    clock: Clock;
    priceBook: readonly PriceRow[];
    enforcer: IamEnforcer;
  },
  request: {
    at: Date;
    guardrails: GuardrailsConfig;
    unattributed: string;
    commandHint?: string;
    /** Static thresholds (`anomaly.thresholds`). */
    thresholds?: readonly ThresholdConfig[];
    /** When detection reads the GPU and billed-cost series (default `hourly`: the schedule runs every 15 minutes). */
    slowReads?: SlowReads;
  },
): Promise<ChecksSummary> {
  const { store, engine, notifier, clock, priceBook } = deps;
  const detection = await runDetection(
    { store, engine, notifier, clock, priceBook },
    {
      at: request.at,
      ...(request.commandHint ? { commandHint: request.commandHint } : {}),
      ...(request.thresholds ? { thresholds: request.thresholds } : {}),
      slowReads: request.slowReads ?? 'hourly',
    },
  );
  const guardrails = await runGuardrails(
    { store, engine, priceBook, notifier, enforcer: deps.enforcer },
    { config: request.guardrails, at: request.at, unattributed: request.unattributed },
  );
  return {
    ...detection,
    queries: detection.queries + guardrails.queries,
    bytesScanned: detection.bytesScanned + guardrails.bytesScanned,
    guardrails: {
      budgetsCrossed: guardrails.crossings.filter((c) => c.newlyCrossed.length > 0).length,
      violations: guardrails.violations.length,
      enforcement: guardrails.actions.map((a) => ({ roleName: a.roleName, action: a.action })),
      messages: guardrails.messages.length,
    },
  };
}
