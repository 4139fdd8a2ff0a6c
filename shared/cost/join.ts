import type { CostCell, GroupDim, ParsedResponse } from './cell';
import { dimId } from './cell';
import type { CostRow } from './cost-row';
import { rowIdentity } from './cost-row';
import { CostInputError } from './errors';
import { mergeByShape } from './merge-responses';
import { regionOfUsageType } from './region';
import { splitExactly } from './split';

/** The attribution dimensions of `cost_daily` and the tag keys that carry each, first with a value wins. */
export interface JoinSettings {
  tagKeys: { team: readonly string[]; feature: readonly string[]; environment: readonly string[] };
  unattributed: string;
}

type Dimension = keyof JoinSettings['tagKeys'];
const DIMENSIONS: readonly Dimension[] = ['team', 'feature', 'environment'];

/** A base cell on its way to rows: its grouping values so far and its share of each amount. */
interface Piece {
  cell: CostCell;
  values: Map<string, string>;
  unblended?: bigint;
  amortized?: bigint;
  quantity?: bigint;
}

const isTag = (d: GroupDim) => d.type !== 'DIMENSION';
const dims = (r: ParsedResponse) => r.shape.map(dimId);
const describeShape = (r: ParsedResponse) =>
  r.shape.map((d) => (d.type === 'TAG' ? `TAG ${d.key}` : d.key)).join(' x ') || 'nothing';

/** The response every other one refines: most groupings without tags, SERVICE preferred. */
function chooseBase(responses: ParsedResponse[]): ParsedResponse {
  const score = (r: ParsedResponse) =>
    (r.shape.some(isTag) ? 0 : 100) + (dims(r).includes('DIMENSION:SERVICE') ? 10 : 0) + r.shape.length;
  return [...responses].sort((a, b) => score(b) - score(a))[0] as ParsedResponse;
}

const periodKey = (c: CostCell, joinIdx: number[]) =>
  JSON.stringify([c.start, c.end, joinIdx.map((i) => c.keys[i])]);

/** One refining response, indexed by period and the groupings it shares with the base. */
interface Split {
  attribute: string;
  /** For a second tag key of a dimension: split only what the earlier keys left untagged. */
  onlyUntagged?: string[];
  joinDims: string[];
  byKey: Map<string, { value: string; cell: CostCell }[]>;
}

function indexSplit(base: ParsedResponse, split: ParsedResponse): Omit<Split, 'onlyUntagged'> {
  const baseDims = dims(base);
  const own = dims(split);
  const joinDims = own.filter((d) => baseDims.includes(d));
  const extra = own.filter((d) => !baseDims.includes(d));
  if (joinDims.length === 0 || extra.length !== 1)
    throw new CostInputError(
      split.origin,
      'GroupDefinitions',
      `grouped by ${describeShape(split)}, which cannot be joined to ${base.origin} (grouped by ${describeShape(base)}): save one response grouped by SERVICE and USAGE_TYPE and others grouped by USAGE_TYPE and one tag or LINKED_ACCOUNT`,
    );
  const attribute = extra[0] as string;
  const joinIdx = joinDims.map((d) => own.indexOf(d));
  const attrIdx = own.indexOf(attribute);
  const byKey = new Map<string, { value: string; cell: CostCell }[]>();
  for (const cell of split.cells) {
    const key = periodKey(cell, joinIdx);
    const list = byKey.get(key) ?? [];
    list.push({ value: cell.keys[attrIdx] as string, cell });
    byKey.set(key, list);
  }
  return { attribute, joinDims, byKey };
}

type Metric = 'unblended' | 'amortized' | 'quantity';
const METRICS: readonly Metric[] = ['unblended', 'amortized', 'quantity'];

function applySplit(piece: Piece, split: Split): Piece[] {
  if (split.onlyUntagged?.some((d) => (piece.values.get(d) ?? '') !== '')) return [piece];
  const key = JSON.stringify([
    piece.cell.start,
    piece.cell.end,
    split.joinDims.map((d) => piece.values.get(d)),
  ]);
  const parts = split.byKey.get(key);
  if (!parts || parts.length === 0) return [piece];
  const children: Piece[] = parts.map((p) => ({
    cell: piece.cell,
    values: new Map(piece.values).set(split.attribute, p.value),
  }));
  for (const metric of METRICS) {
    const total = piece[metric];
    if (total === undefined) continue;
    // Shares by the same metric where the split carries it, else by unblended cost.
    let weights = parts.map((p) => p.cell[metric] ?? 0n);
    if (weights.every((w) => w === 0n)) weights = parts.map((p) => p.cell.unblended ?? 0n);
    splitExactly(total, weights).forEach((amount, i) => {
      (children[i] as Piece)[metric] = amount;
    });
  }
  const zero = (p: Piece) => METRICS.every((m) => (p[m] ?? 0n) === 0n);
  const kept = zero(piece) ? children.slice(0, 1) : children.filter((c) => !zero(c));
  return kept;
}

/** The splits in the order they apply: linked account and region first, then each dimension's tag keys in order. */
function orderSplits(
  base: ParsedResponse,
  others: ParsedResponse[],
  settings: JoinSettings,
): { splits: Split[]; ignored: string[] } {
  const indexed = others.map((r) => indexSplit(base, r));
  const splits: Split[] = indexed.filter(
    (s) => !s.attribute.startsWith('TAG:') && !s.attribute.startsWith('COST_CATEGORY:'),
  );
  const used = new Set<string>(splits.map((s) => s.attribute));
  for (const dimension of DIMENSIONS) {
    const earlier: string[] = [];
    for (const tagKey of settings.tagKeys[dimension]) {
      const id = `TAG:${tagKey}`;
      const split = indexed.find((s) => s.attribute === id);
      if (split && !used.has(id)) {
        splits.push({ ...split, ...(earlier.length ? { onlyUntagged: [...earlier] } : {}) });
        used.add(id);
      }
      earlier.push(id);
    }
  }
  const ignored = indexed.filter((s) => !used.has(s.attribute)).map((s) => s.attribute);
  return { splits, ignored };
}

function rowOf(piece: Piece, settings: JoinSettings, currency: string): CostRow {
  const { cell, values } = piece;
  const tag = (dimension: Dimension) => {
    for (const key of settings.tagKeys[dimension]) {
      const value = values.get(`TAG:${key}`);
      if (value) return value;
    }
    return settings.unattributed;
  };
  const usageType = values.get('DIMENSION:USAGE_TYPE') ?? null;
  return {
    usageDate: cell.start,
    service: values.get('DIMENSION:SERVICE') ?? null,
    usageType,
    region: values.get('DIMENSION:REGION') ?? (usageType ? (regionOfUsageType(usageType) ?? null) : null),
    linkedAccount: values.get('DIMENSION:LINKED_ACCOUNT') ?? null,
    team: tag('team'),
    feature: tag('feature'),
    environment: tag('environment'),
    unblendedCost: piece.unblended ?? null,
    amortizedCost: piece.amortized ?? null,
    usageQuantity: piece.quantity ?? null,
    usageUnit: piece.quantity === undefined ? null : (cell.quantityUnit ?? null),
    currency: cell.currency ?? currency,
    estimated: cell.estimated,
    periodStart: cell.start,
    periodEnd: cell.end,
    granularity: cell.granularity,
  };
}

const addNullable = (a: bigint | null, b: bigint | null) => (a === null ? b : b === null ? a : a + b);

/** Rows that only differ in groupings the table has no column for (INSTANCE_TYPE, …) are one row. */
function combine(rows: CostRow[]): CostRow[] {
  const byId = new Map<string, CostRow>();
  for (const row of rows) {
    const id = rowIdentity(row);
    const before = byId.get(id);
    if (!before) byId.set(id, { ...row });
    else {
      before.unblendedCost = addNullable(before.unblendedCost, row.unblendedCost);
      before.amortizedCost = addNullable(before.amortizedCost, row.amortizedCost);
      before.usageQuantity = addNullable(before.usageQuantity, row.usageQuantity);
      before.estimated ||= row.estimated;
    }
  }
  return [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/** What joining gave: the rows, and tag keys of the input that no dimension reads. */
export interface JoinResult {
  rows: CostRow[];
  ignoredGroupings: string[];
}

/**
 * Joins responses of different groupings (Cost Explorer allows two per request) into rows.
 * The base response (SERVICE x USAGE_TYPE) fixes every amount: rows of one base group always add
 * up to it exactly. Each other response (USAGE_TYPE x one tag key or LINKED_ACCOUNT) splits those
 * amounts across its values in its own proportions for that day and usage type, in exact integer
 * cents-of-cents; a group with no match stays untagged. With one base cell per usage type and one
 * split the result is exactly Cost Explorer's; combinations of several tag keys, which Cost
 * Explorer cannot return together, are proportional.
 */
export function joinResponses(
  responses: readonly ParsedResponse[],
  settings: JoinSettings,
  currency: string,
): JoinResult {
  const merged = mergeByShape(responses);
  if (merged.length === 0) return { rows: [], ignoredGroupings: [] };
  const base = chooseBase(merged);
  const { splits, ignored } = orderSplits(
    base,
    merged.filter((r) => r !== base),
    settings,
  );
  const baseDims = dims(base);
  const rows: CostRow[] = [];
  for (const cell of base.cells) {
    let pieces: Piece[] = [
      {
        cell,
        values: new Map(baseDims.map((d, i) => [d, cell.keys[i] as string])),
        ...(cell.unblended !== undefined ? { unblended: cell.unblended } : {}),
        ...(cell.amortized !== undefined ? { amortized: cell.amortized } : {}),
        ...(cell.quantity !== undefined ? { quantity: cell.quantity } : {}),
      },
    ];
    for (const split of splits) pieces = pieces.flatMap((p) => applySplit(p, split));
    for (const piece of pieces) rows.push(rowOf(piece, settings, currency));
  }
  const knownTags = new Set(DIMENSIONS.flatMap((d) => settings.tagKeys[d].map((k) => `TAG:${k}`)));
  const baseIgnored = baseDims.filter(
    (d) => d.startsWith('COST_CATEGORY:') || (d.startsWith('TAG:') && !knownTags.has(d)),
  );
  return { rows: combine(rows), ignoredGroupings: [...ignored, ...baseIgnored] };
}
