import type { QueryEngine } from '../../shared/ports';
import { SCOPE_SQL } from '../../shared/sql/finops/compact-sql';

/** Logged token use of one day × Region × model × Region scope: what the demo's bill charges for. */
export interface BillableUsage {
  day: string;
  region: string;
  model: string;
  scope: 'global' | 'geo' | 'in-region';
  inputTokens: bigint;
  outputTokens: bigint;
  cacheReadTokens: bigint;
  cacheWriteTokens: bigint;
}

/**
 * Reads the token sums the bill must charge for from the ingested lake (already checked against the
 * generator's ground truth). Scope is classified with the same SQL the cost queries price by, so the
 * demo bills global and geographic calls at the rates the estimate uses.
 */
export async function readBillableUsage(engine: QueryEngine): Promise<BillableUsage[]> {
  const result = await engine.query(`SELECT
  CAST(dt AS VARCHAR) AS day, region, model, ${SCOPE_SQL} AS scope,
  CAST(SUM(input_tokens) AS VARCHAR) AS input_tokens,
  CAST(SUM(output_tokens) AS VARCHAR) AS output_tokens,
  CAST(SUM(cache_read_tokens) AS VARCHAR) AS cache_read_tokens,
  CAST(SUM(cache_write_tokens) AS VARCHAR) AS cache_write_tokens
FROM bedrock_invocations
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4`);
  return result.rows.map((r) => ({
    day: String(r.day),
    region: String(r.region),
    model: String(r.model),
    scope: String(r.scope) as BillableUsage['scope'],
    inputTokens: BigInt(String(r.input_tokens ?? 0)),
    outputTokens: BigInt(String(r.output_tokens ?? 0)),
    cacheReadTokens: BigInt(String(r.cache_read_tokens ?? 0)),
    cacheWriteTokens: BigInt(String(r.cache_write_tokens ?? 0)),
  }));
}
