import { multiplyDecimal } from './decimal-text';
import type { Charge, PriceRow, Scope, Tier } from './price-row';

/**
 * The price book shipped with the product: a snapshot of list prices (USD, us-east-1 unless noted),
 * each row naming its source as shared/reference/pricing-facts.md records it. Bills (Cost Explorer)
 * always win over these; they serve estimates, allocation weights and the estimate-vs-bill check.
 * Models or token types missing here are reported as unpriced, never as $0.
 */

/** The shipped figures are one snapshot: they apply to every day from this date on. */
export const SHIPPED_EFFECTIVE_DATE = '2024-01-01';

const SRC_A =
  'pricing-facts.md §1 [A] aws/agent-toolkit-for-aws bedrock_pricing.py, re-verified against aws.amazon.com/bedrock/pricing';
const SRC_B =
  'pricing-facts.md §1 [B] AWS Price List AmazonBedrockFoundationModels us-east-1 regional rates (runbook)';
const SRC_C =
  'pricing-facts.md §1 [C] AWS Price List AmazonBedrockFoundationModels us-east-1 (cache multipliers)';
const SRC_D = 'pricing-facts.md §1 [D] third-party price tables, not AWS-verified';
const SRC_E =
  'pricing-facts.md §2 [E] tsaol/aws-gpu all_gpu_instances.js (instances.vantage.sh), us-east-1 Linux on-demand';
const SRC_F = 'pricing-facts.md §2 [F] AWS Price List BoxUsage:p4d.24xlarge us-east-1';

interface TokenPrice {
  item: string;
  names: string[];
  scope: Scope;
  tier?: Tier;
  charges: Partial<Record<Charge, string>>;
  source: string;
  sourceDate: string;
}

/** Claude cache prices follow from input [C]: write 5 min = 1.25×, write 1 h = 2×, read = 0.1×. */
function claude(
  item: string,
  names: string[],
  global: [string, string],
  geo: [string, string],
  source: string,
  sourceDate: string,
): TokenPrice[] {
  const at = (scope: Scope, [input, output]: [string, string]): TokenPrice => ({
    item,
    names,
    scope,
    charges: {
      input,
      output,
      cache_read: multiplyDecimal(input, '0.1'),
      cache_write_5m: multiplyDecimal(input, '1.25'),
      cache_write_1h: multiplyDecimal(input, '2'),
    },
    source: `${source}; cache rates from input per ${SRC_C}`,
    sourceDate,
  });
  // In-Region calls are priced as the geographic profiles [A][B].
  return [at('global', global), at('geo', geo), at('in-region', geo)];
}

const simple = (
  item: string,
  names: string[],
  charges: Partial<Record<Charge, string>>,
  source: string,
  sourceDate: string,
  tier: Tier = 'standard',
): TokenPrice => ({ item, names, scope: 'any', tier, charges, source, sourceDate });

const TOKEN_PRICES: readonly TokenPrice[] = [
  ...claude(
    'anthropic.claude-sonnet-4-5-20250929-v1:0',
    ['claude45sonnet', 'claudesonnet45'],
    ['3', '15'],
    ['3.3', '16.5'],
    `${SRC_B} (global derived as geo / 1.1)`,
    '2026-09-01',
  ),
  ...claude(
    'anthropic.claude-haiku-4-5-20251001-v1:0',
    ['claude45haiku', 'claudehaiku45'],
    ['1', '5'],
    ['1.1', '5.5'],
    SRC_A,
    '2026-10-05',
  ),
  simple(
    'anthropic.claude-3-haiku-20240307-v1:0',
    ['claude3haiku', 'claudehaiku3'],
    { input: '0.25', output: '1.25' },
    SRC_D,
    '2026-01-01',
  ),
  simple(
    'amazon.nova-micro-v1:0',
    ['novamicro'],
    { input: '0.035', output: '0.14', cache_read: '0.00875', cache_write_5m: '0' },
    `${SRC_A}; cache rates ${SRC_C}`,
    '2026-10-05',
  ),
  simple(
    'amazon.nova-micro-v1:0',
    ['novamicro'],
    { input: '0.0175', output: '0.07' },
    `${SRC_D} (batch = 50% of on-demand)`,
    '2026-01-01',
    'batch',
  ),
  simple('amazon.nova-lite-v1:0', ['novalite'], { input: '0.06', output: '0.24' }, SRC_A, '2026-10-05'),
  simple('amazon.nova-pro-v1:0', ['novapro'], { input: '0.8', output: '3.2' }, SRC_A, '2026-10-05'),
  simple('amazon.nova-premier-v1:0', ['novapremier'], { input: '2.5', output: '12.5' }, SRC_D, '2026-01-01'),
  simple(
    'amazon.titan-embed-text-v2:0',
    ['titanembedtextv2', 'titantextembeddingsv2'],
    { input: '0.02', output: '0' },
    `${SRC_D} (several tables agree; embeddings have no output charge)`,
    '2026-01-01',
  ),
  simple(
    'amazon.titan-embed-text-v1',
    ['titanembedtextv1', 'titanembeddingsg1text'],
    { input: '0.1', output: '0' },
    SRC_D,
    '2026-01-01',
  ),
  simple(
    'meta.llama3-1-8b-instruct-v1:0',
    ['llama318b'],
    { input: '0.22', output: '0.22' },
    SRC_D,
    '2026-01-01',
  ),
  simple(
    'meta.llama3-1-70b-instruct-v1:0',
    ['llama3170b'],
    { input: '0.72', output: '0.72' },
    SRC_D,
    '2026-01-01',
  ),
  simple(
    'meta.llama3-3-70b-instruct-v1:0',
    ['llama3370b'],
    { input: '0.72', output: '0.72' },
    SRC_D,
    '2026-01-01',
  ),
  simple(
    'meta.llama4-maverick-17b-instruct-v1:0',
    ['llama4maverick'],
    { input: '0.24', output: '0.97' },
    SRC_D,
    '2026-01-01',
  ),
  simple(
    'meta.llama4-scout-17b-instruct-v1:0',
    ['llama4scout'],
    { input: '0.17', output: '0.66' },
    SRC_D,
    '2026-01-01',
  ),
];

/** GPU and accelerator instances, on-demand Linux $/hour in us-east-1 [E]; p4d cross-checked [F]. */
const INSTANCE_PRICES: readonly [string, string][] = [
  ['g4dn.xlarge', '0.526'],
  ['g5.xlarge', '1.006'],
  ['g5.12xlarge', '5.672'],
  ['g5.48xlarge', '16.288'],
  ['g6.xlarge', '0.8048'],
  ['g6.12xlarge', '4.6016'],
  ['g6e.xlarge', '1.861'],
  ['p4d.24xlarge', '21.957642'],
  ['p4de.24xlarge', '27.44705'],
  ['p5.48xlarge', '55.04'],
  ['p5en.48xlarge', '63.296'],
  ['inf2.xlarge', '0.7582'],
  ['inf2.8xlarge', '1.96786'],
  ['inf2.48xlarge', '12.98127'],
  ['trn1.2xlarge', '1.34375'],
  ['trn1.32xlarge', '21.5'],
];

/** The shipped price book, one row per item × scope × tier × charge, in a stable order. */
export function shippedPriceBook(): PriceRow[] {
  const rows: PriceRow[] = [];
  for (const t of TOKEN_PRICES) {
    for (const [charge, price] of Object.entries(t.charges) as [Charge, string][]) {
      rows.push({
        effectiveDate: SHIPPED_EFFECTIVE_DATE,
        item: t.item,
        itemKind: 'model',
        region: '*',
        scope: t.scope,
        tier: t.tier ?? 'standard',
        charge,
        unit: '1M tokens',
        price,
        currency: 'USD',
        billingNames: t.names,
        source: t.source,
        sourceDate: t.sourceDate,
      });
    }
  }
  for (const [item, price] of INSTANCE_PRICES) {
    rows.push({
      effectiveDate: SHIPPED_EFFECTIVE_DATE,
      item,
      itemKind: 'instance',
      // gpu_hourly carries no Region: the us-east-1 figures stand for any Region until refreshed.
      region: '*',
      scope: 'any',
      tier: 'standard',
      charge: 'instance_hour',
      unit: 'hour',
      price,
      currency: 'USD',
      billingNames: null,
      source: item === 'p4d.24xlarge' ? `${SRC_E}; ${SRC_F}` : SRC_E,
      sourceDate: item === 'p4d.24xlarge' ? '2026-09-01' : '2026-01-21',
    });
  }
  return rows;
}
