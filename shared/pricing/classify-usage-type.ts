import type { Charge, Scope, Tier } from './price-row';

/** What a Bedrock Price List usage type charges for, or why it is not a text-token price. */
export type UsageTypeClass =
  | { kind: 'token'; charge: Exclude<Charge, 'instance_hour'>; tier: Tier; scopes: Scope[] }
  | { kind: 'excluded'; reason: string }
  | { kind: 'unclassified' };

const EXCLUDED: readonly [RegExp, string][] = [
  [/speech|audio|voice|sonic/, 'speech or audio'],
  [/image|video|canvas|reel/, 'image or video'],
  [
    /customi[sz]ation|training|finetun|fine-tun|storage|modelunit|provisioned/,
    'customization, storage or provisioned throughput',
  ],
  [/longcontext|long-context/, 'long-context premium'],
];

/**
 * Classifies a usage type by substrings, as shared/reference/cost-explorer.md advises (never a list of
 * known names: AWS adds grammars with new model generations): direction (input, output, cache read,
 * cache write 5 min / 1 h), tier (batch, flex, priority, latency-optimized, else standard) and routing
 * (`global` → global; otherwise the regional rate, which in-Region calls and geographic profiles share).
 */
export function classifyUsageType(usageType: string): UsageTypeClass {
  const text = usageType.toLowerCase();
  const compact = text.replace(/[^a-z0-9-]/g, '');
  for (const [pattern, reason] of EXCLUDED) if (pattern.test(compact)) return { kind: 'excluded', reason };
  const flat = compact.replace(/-/g, '');
  let charge: Exclude<Charge, 'instance_hour'> | undefined;
  if (flat.includes('cacheread')) charge = 'cache_read';
  else if (flat.includes('cachewrite')) charge = flat.includes('1h') ? 'cache_write_1h' : 'cache_write_5m';
  else if (flat.includes('input')) charge = 'input';
  else if (flat.includes('output')) charge = 'output';
  if (!charge) return { kind: 'unclassified' };
  const tier: Tier = flat.includes('batch')
    ? 'batch'
    : flat.includes('flex')
      ? 'flex'
      : flat.includes('priority')
        ? 'priority'
        : flat.includes('latencyoptimized')
          ? 'latency-optimized'
          : 'standard';
  const scopes: Scope[] = flat.includes('global') ? ['global'] : ['in-region', 'geo'];
  return { kind: 'token', charge, tier, scopes };
}
