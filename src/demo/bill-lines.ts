import { fromScaled, toScaled } from '../../shared/pricing/decimal-text';
import type { PriceRow, Scope } from '../../shared/pricing/price-row';
import { endpointOfArn } from '../../shared/recommend/gpu-low-output-value';
import { billName, type TokenCharge } from './bill-names';
import type { BillableUsage } from './bill-usage';
import { SyntheticOrgError } from './errors';

/** One Cost Explorer group of one day: amounts are exact counts of 1e-12 USD (the lake's scale). */
export interface BillLine {
  day: string;
  service: string;
  usageType: string;
  /** The `team` cost allocation tag value; '' is untagged. */
  team: string;
  unblended: bigint;
  /** Usage quantity, also in 1e-12 units. */
  quantity: bigint;
  unit: string;
}

/**
 * Models the shipped price book does not list, at their public list prices (USD per 1M tokens), so
 * the demo bill charges for them as AWS would while the estimate reports them as unpriced.
 */
const UNLISTED_PRICES: Readonly<Record<string, Partial<Record<TokenCharge, string>>>> = {
  // Anthropic's Claude 3.5 Haiku list price; cache rates from input as for the other Claude models.
  'anthropic.claude-3-5-haiku-20241022-v1:0': {
    input: '0.8',
    output: '4',
    cache_read: '0.08',
    cache_write_5m: '1',
  },
};

/**
 * The deliberate estimate-vs-bill gap: this model's bill has 12% more input and output tokens than
 * its logs (a caller in an account without invocation logging), so the check has something to flag.
 */
export const UNLOGGED_TRAFFIC = { model: 'meta.llama3-3-70b-instruct-v1:0', extraPercent: 12n } as const;

const CHARGES: readonly [TokenCharge, keyof BillableUsage][] = [
  ['input', 'inputTokens'],
  ['output', 'outputTokens'],
  ['cache_read', 'cacheReadTokens'],
  ['cache_write_5m', 'cacheWriteTokens'],
];

/** The book's standard-tier price of `model`'s `charge` at `scope` (falling back to `any`), or undefined. */
function bookPrice(book: readonly PriceRow[], model: string, scope: Scope, charge: TokenCharge) {
  const rows = book.filter(
    (r) => r.itemKind === 'model' && r.item === model && r.tier === 'standard' && r.charge === charge,
  );
  return (rows.find((r) => r.scope === scope) ?? rows.find((r) => r.scope === 'any'))?.price;
}

/** `tokens × price per 1M` in 1e-12 USD, exactly (prices have at most 6 decimals). */
function tokenCost(tokens: bigint, price: string, what: string): bigint {
  const product = tokens * toScaled(price);
  if (product % 1_000_000n !== 0n) throw new SyntheticOrgError(`${what}: price ${price} is not exact`);
  return product / 1_000_000n;
}

/**
 * The Bedrock bill lines of the logged usage: every token type of every model, day and Region at
 * the shipped price of its scope (the demo's unlisted-model prices where the book has none), with
 * the deliberate gap of `UNLOGGED_TRAFFIC`. Lines of one day and usage type are summed.
 */
export function bedrockBillLines(usage: readonly BillableUsage[], book: readonly PriceRow[]): BillLine[] {
  const lines = new Map<string, BillLine>();
  for (const u of usage) {
    // A SageMaker endpoint called through Bedrock bills as endpoint hosting (the GPU bill), not per token.
    if (endpointOfArn(u.model)) continue;
    for (const [charge, field] of CHARGES) {
      let tokens = u[field] as bigint;
      if (u.model === UNLOGGED_TRAFFIC.model && (charge === 'input' || charge === 'output'))
        tokens += (tokens * UNLOGGED_TRAFFIC.extraPercent) / 100n;
      if (tokens === 0n) continue;
      const price = bookPrice(book, u.model, u.scope, charge) ?? UNLISTED_PRICES[u.model]?.[charge];
      if (price === undefined) throw new SyntheticOrgError(`no demo price for ${u.model} ${charge}`);
      const name = billName(u.model, u.region, u.scope === 'global', charge);
      const quantity =
        name.unit === '1K tokens' ? toScaled(String(tokens)) / 1000n : toScaled(String(tokens));
      add(lines, {
        day: u.day,
        ...name,
        team: '',
        unblended: tokenCost(tokens, price, `${u.model} ${charge}`),
        quantity,
      });
    }
  }
  return [...lines.values()];
}

/** Adds `line` to the line of the same day, service, usage type and team. */
export function add(lines: Map<string, BillLine>, line: BillLine): void {
  const key = [line.day, line.service, line.usageType, line.team].join('\u0000');
  const before = lines.get(key);
  if (!before) lines.set(key, { ...line });
  else {
    before.unblended += line.unblended;
    before.quantity += line.quantity;
  }
}

/** Decimal text of an amount in 1e-12 units, with at least 10 decimals as Cost Explorer prints them. */
export function amountText(value: bigint): string {
  const text = fromScaled(value);
  const [whole, frac = ''] = text.split('.');
  return `${whole}.${frac.padEnd(10, '0')}`;
}
