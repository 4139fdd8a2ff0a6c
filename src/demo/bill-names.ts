import type { Charge } from '../../shared/pricing/price-row';
import { SyntheticOrgError } from './errors';

/** A token charge a bill line is for. */
export type TokenCharge = Extract<Charge, 'input' | 'output' | 'cache_read' | 'cache_write_5m'>;

/** How one model's token use appears on a bill: its service and the name inside its usage types. */
interface Billing {
  /** `bedrock`: `Amazon Bedrock`, model in the usage type; `marketplace`: its own "(Amazon Bedrock Edition)" service. */
  family: 'bedrock' | 'marketplace';
  /** Bedrock: the usage-type model name (`NovaLite`); Marketplace: the service name. */
  name: string;
}

/**
 * The demo org's models as Cost Explorer bills them (shared/reference/cost-explorer.md §4). The
 * names must contain the price book's billing names once compacted (`NovaLite` → `novalite`), as
 * the allocation matches bill lines to models that way.
 */
const BILLING: Readonly<Record<string, Billing>> = {
  'anthropic.claude-sonnet-4-5-20250929-v1:0': {
    family: 'marketplace',
    name: 'Claude Sonnet 4.5 (Amazon Bedrock Edition)',
  },
  'anthropic.claude-haiku-4-5-20251001-v1:0': {
    family: 'marketplace',
    name: 'Claude Haiku 4.5 (Amazon Bedrock Edition)',
  },
  'anthropic.claude-3-5-haiku-20241022-v1:0': {
    family: 'marketplace',
    name: 'Claude 3.5 Haiku (Amazon Bedrock Edition)',
  },
  'amazon.nova-pro-v1:0': { family: 'bedrock', name: 'NovaPro' },
  'amazon.nova-lite-v1:0': { family: 'bedrock', name: 'NovaLite' },
  'amazon.nova-micro-v1:0': { family: 'bedrock', name: 'NovaMicro' },
  'amazon.titan-embed-text-v2:0': { family: 'bedrock', name: 'TitanTextEmbeddingsV2' },
  'meta.llama3-3-70b-instruct-v1:0': { family: 'bedrock', name: 'Llama3.3-70B' },
};

/** Bedrock usage-type prefixes of the Regions the demo org calls from. */
const PREFIX: Readonly<Record<string, string>> = {
  'us-east-1': 'USE1',
  'us-east-2': 'USE2',
  'us-west-2': 'USW2',
  'eu-west-1': 'EUW1',
  'eu-central-1': 'EUC1',
  'eu-west-3': 'EUW3',
  'eu-north-1': 'EUN1',
  'ap-northeast-1': 'APN1',
};

const BEDROCK_SUFFIX: Record<TokenCharge, string> = {
  input: 'input-tokens',
  output: 'output-tokens',
  cache_read: 'cache-read-input-token-count',
  cache_write_5m: 'cache-write-input-token-count',
};

const MARKETPLACE_COUNTER: Record<TokenCharge, string> = {
  input: 'InputTokenCount',
  output: 'OutputTokenCount',
  cache_read: 'CacheReadInputTokenCount',
  cache_write_5m: 'CacheWriteInputTokenCount',
};

/** Where one charge of one model in one Region is billed: service, usage type and quantity unit. */
export interface BillName {
  service: string;
  usageType: string;
  /** `1K tokens` for Bedrock, `Units` (tokens) for Marketplace, as the saved responses show them. */
  unit: '1K tokens' | 'Units';
}

/** The bill line `model`'s `charge` in `region` lands on; global-profile calls bill as `…Global`. */
export function billName(model: string, region: string, global: boolean, charge: TokenCharge): BillName {
  const billing = BILLING[model];
  const p = PREFIX[region];
  if (!billing || !p) throw new SyntheticOrgError(`no demo bill name for ${model} in ${region}`);
  if (billing.family === 'bedrock') {
    const suffix = `${BEDROCK_SUFFIX[charge]}${global ? '-cross-region-global' : ''}`;
    return { service: 'Amazon Bedrock', usageType: `${p}-${billing.name}-${suffix}`, unit: '1K tokens' };
  }
  const usageType = `${p}-MP:${p}_${MARKETPLACE_COUNTER[charge]}${global ? '_Global' : ''}-Units`;
  return { service: billing.name, usageType, unit: 'Units' };
}
