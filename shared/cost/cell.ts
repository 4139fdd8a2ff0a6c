/** One grouping of a response: `SERVICE`, `USAGE_TYPE`, a tag key, … */
export interface GroupDim {
  type: 'DIMENSION' | 'TAG' | 'COST_CATEGORY';
  key: string;
}

/** DAILY (one day) or MONTHLY (a whole or partial calendar month). */
export type Granularity = 'DAILY' | 'MONTHLY';

/** One group of one period of a response, amounts as unscaled integers at `AMOUNT_SCALE`. */
export interface CostCell {
  start: string;
  /** Exclusive. */
  end: string;
  granularity: Granularity;
  estimated: boolean;
  /** One value per grouping of the response (tag values without their `key$` prefix). */
  keys: string[];
  unblended?: bigint;
  amortized?: bigint;
  quantity?: bigint;
  quantityUnit?: string;
  currency?: string;
}

/** The cells of one response (all pages), with the groupings they share. */
export interface ParsedResponse {
  origin: string;
  shape: GroupDim[];
  cells: CostCell[];
}

/** `TAG:team`, `DIMENSION:SERVICE`: one text per grouping, for comparisons. */
export const dimId = (d: GroupDim): string => `${d.type}:${d.key}`;
