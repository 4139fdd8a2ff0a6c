import type { Workload } from './org';
import type { Rng } from './rng';
import type { Operation } from './workloads';

/** Token counts of one call; cache fields are undefined when the record omits them. */
export interface TokenCounts {
  input: number;
  output: number;
  cacheRead: number | undefined;
  cacheWrite: number | undefined;
}

/** How the call ended: answered, rejected with an `errorCode`, or blocked by a guardrail. */
export type Outcome = 'ok' | 'error' | 'guardrail';

/** Plausible wall-clock latency: a fixed overhead plus per-output-token time. */
export function latencyMs(tokens: TokenCounts, rng: Rng): number {
  return Math.round(250 + tokens.output * (8 + 10 * rng.next()) + 400 * rng.next());
}

/** The exception names failed calls carry, with their share of all calls. */
const ERRORS: readonly (readonly [string, number])[] = [
  ['ThrottlingException', 0.008],
  ['ValidationException', 0.003],
  ['ModelTimeoutException', 0.0007],
  ['ServiceUnavailableException', 0.0005],
];

const GUARDRAIL_RATE = 0.004;

/** Draws whether a call failed (and how) or was blocked by its guardrail. */
export function sampleOutcome(
  workload: Workload,
  op: Operation,
  rng: Rng,
): { outcome: Outcome; errorCode: string | undefined } {
  let r = rng.next();
  for (const [code, rate] of ERRORS) {
    if (r < rate) return { outcome: 'error', errorCode: code };
    r -= rate;
  }
  const converse = op === 'Converse' || op === 'ConverseStream';
  if (workload.spec.guardrail && converse && rng.chance(GUARDRAIL_RATE))
    return { outcome: 'guardrail', errorCode: undefined };
  return { outcome: 'ok', errorCode: undefined };
}

function sampleCache(workload: Workload, rng: Rng): Pick<TokenCounts, 'cacheRead' | 'cacheWrite'> {
  const { cache, cachePrefix } = workload.spec;
  if (cache === 'absent') return { cacheRead: undefined, cacheWrite: undefined };
  if (cache === 'zero') return { cacheRead: 0, cacheWrite: 0 };
  const prefix = Math.max(1024, Math.round(rng.lognormal(cachePrefix ?? 2048, 0.25)));
  const r = rng.next();
  // Mostly hits; agents also extend the cached prefix with each turn.
  if (r < 0.72)
    return { cacheRead: prefix, cacheWrite: workload.spec.style === 'agent' ? rng.int(40, 900) : 0 };
  if (r < 0.94) return { cacheRead: 0, cacheWrite: prefix };
  return { cacheRead: 0, cacheWrite: 0 };
}

/** Token counts for one call of a workload: log-normal around its medians, plus prompt-cache use. */
export function sampleTokens(workload: Workload, rng: Rng): TokenCounts {
  const [inMedian, inSigma] = workload.spec.input;
  const [outMedian, outSigma] = workload.spec.output;
  const input = Math.max(1, Math.round(rng.lognormal(inMedian, inSigma)));
  const output = outMedian === 0 ? 0 : Math.max(1, Math.round(rng.lognormal(outMedian, outSigma)));
  return { input, output, ...sampleCache(workload, rng) };
}
