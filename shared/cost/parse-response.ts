import { AMOUNT_SCALE, parseAmount } from './amount';
import type { CostCell, GroupDim, ParsedResponse } from './cell';
import { CostInputError } from './errors';
import { granularityOf, periodDay } from './period';

/** What every amount is checked against. */
export interface AmountRules {
  currency: string;
  /** Negative costs are rejected unless 'keep'. */
  negativeCost: 'reject' | 'keep';
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Units that say "these usage amounts had different units and were added up": no quantity. */
const MIXED_UNITS = new Set(['NA', 'N/A', '']);
const CURRENCY = /^[A-Z]{3}$/;

function groupDims(value: unknown, origin: string): GroupDim[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new CostInputError(origin, 'GroupDefinitions', 'expected an array');
  return value.map((d, i) => {
    const field = `GroupDefinitions[${i}]`;
    if (!isObject(d) || typeof d.Key !== 'string' || d.Key === '')
      throw new CostInputError(origin, field, 'expected { Type, Key }');
    const type = d.Type ?? 'DIMENSION';
    if (type !== 'DIMENSION' && type !== 'TAG' && type !== 'COST_CATEGORY')
      throw new CostInputError(origin, `${field}.Type`, `unknown group type ${JSON.stringify(type)}`);
    return { type, key: d.Key };
  });
}

/** A group key's value: tag and cost-category keys are `name$value`, split at the first `$`. */
function keyValue(raw: unknown, dim: GroupDim, origin: string, field: string): string {
  if (typeof raw !== 'string') throw new CostInputError(origin, field, 'expected a string');
  if (dim.type === 'DIMENSION') return raw;
  const dollar = raw.indexOf('$');
  return dollar === -1 ? raw : raw.slice(dollar + 1);
}

function readMetrics(
  metrics: unknown,
  cell: CostCell,
  rules: AmountRules,
  origin: string,
  field: string,
): void {
  if (!isObject(metrics)) throw new CostInputError(origin, field, 'expected an object of metrics');
  for (const [name, value] of Object.entries(metrics)) {
    if (name !== 'UnblendedCost' && name !== 'AmortizedCost' && name !== 'UsageQuantity') continue;
    const at = `${field}.${name}`;
    if (!isObject(value)) throw new CostInputError(origin, at, 'expected { Amount, Unit }');
    let amount: bigint;
    try {
      amount = parseAmount(value.Amount);
    } catch (error) {
      throw new CostInputError(origin, `${at}.Amount`, (error as Error).message, { cause: error });
    }
    const unit = value.Unit;
    if (typeof unit !== 'string') throw new CostInputError(origin, `${at}.Unit`, 'expected a string');
    if (name === 'UsageQuantity') {
      if (amount < 0n) throw new CostInputError(origin, `${at}.Amount`, `negative usage ${value.Amount}`);
      if (MIXED_UNITS.has(unit)) continue;
      cell.quantity = amount;
      cell.quantityUnit = unit;
      continue;
    }
    if (!CURRENCY.test(unit))
      throw new CostInputError(origin, `${at}.Unit`, `unknown unit ${JSON.stringify(unit)}`);
    if (unit !== rules.currency)
      throw new CostInputError(
        origin,
        `${at}.Unit`,
        `currency ${unit} is not the configured ${rules.currency}`,
      );
    if (amount < 0n && rules.negativeCost === 'reject')
      throw new CostInputError(
        origin,
        `${at}.Amount`,
        `negative cost ${value.Amount} (credits and refunds are excluded; set costExplorer.negativeCost to "keep" to keep them)`,
      );
    cell.currency = unit;
    if (name === 'UnblendedCost') cell.unblended = amount;
    else cell.amortized = amount;
  }
}

/**
 * Reads one GetCostAndUsage page (SDK output or `aws ce get-cost-and-usage` JSON) into cells,
 * checking every field; throws `CostInputError` naming `origin` and the field. Keys the parser
 * does not need (`ResponseMetadata`, `DimensionValueAttributes`, `NextPageToken`) are ignored.
 */
export function parseCostPage(page: unknown, origin: string, rules: AmountRules): ParsedResponse {
  if (!isObject(page))
    throw new CostInputError(origin, '(root)', 'expected a GetCostAndUsage response object');
  if (!Array.isArray(page.ResultsByTime))
    throw new CostInputError(origin, 'ResultsByTime', 'missing: not a GetCostAndUsage response');
  const shape = groupDims(page.GroupDefinitions, origin);
  const cells: CostCell[] = [];
  page.ResultsByTime.forEach((result, r) => {
    const at = `ResultsByTime[${r}]`;
    if (!isObject(result)) throw new CostInputError(origin, at, 'expected an object');
    const period = result.TimePeriod;
    if (!isObject(period)) throw new CostInputError(origin, `${at}.TimePeriod`, 'missing');
    const start = periodDay(period.Start, origin, `${at}.TimePeriod.Start`);
    const end = periodDay(period.End, origin, `${at}.TimePeriod.End`);
    const granularity = granularityOf(start, end, origin, `${at}.TimePeriod`);
    const estimated = result.Estimated === true;
    const base = { start, end, granularity, estimated };
    const groups = result.Groups ?? [];
    if (!Array.isArray(groups)) throw new CostInputError(origin, `${at}.Groups`, 'expected an array');
    groups.forEach((group, g) => {
      const gat = `${at}.Groups[${g}]`;
      if (!isObject(group) || !Array.isArray(group.Keys))
        throw new CostInputError(origin, gat, 'expected { Keys, Metrics }');
      if (group.Keys.length !== shape.length)
        throw new CostInputError(
          origin,
          `${gat}.Keys`,
          `${group.Keys.length} keys but GroupDefinitions has ${shape.length}`,
        );
      const keys = group.Keys.map((k, i) => keyValue(k, shape[i] as GroupDim, origin, `${gat}.Keys[${i}]`));
      const cell: CostCell = { ...base, keys };
      readMetrics(group.Metrics, cell, rules, origin, `${gat}.Metrics`);
      cells.push(cell);
    });
    // Ungrouped responses carry their amounts in Total (empty when grouped).
    if (groups.length === 0 && isObject(result.Total) && Object.keys(result.Total).length > 0) {
      if (shape.length > 0)
        throw new CostInputError(origin, `${at}.Total`, 'a grouped response with amounts only in Total');
      const cell: CostCell = { ...base, keys: [] };
      readMetrics(result.Total, cell, rules, origin, `${at}.Total`);
      cells.push(cell);
    }
  });
  return { origin, shape, cells };
}

export { AMOUNT_SCALE };
