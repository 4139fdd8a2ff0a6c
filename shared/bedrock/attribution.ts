import type { AttributionConfig, IdentityRule } from '../config';

/** The showback dimensions of one invocation. */
export interface Attribution {
  team: string;
  feature: string;
  environment: string;
}

const DIMENSIONS = ['team', 'feature', 'environment'] as const;

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** `arn:aws:sts::1:assumed-role/R/s` → `arn:aws:iam::1:role/R`, so rules may name the role itself. */
function roleArnOf(identityArn: string): string | undefined {
  const m = /^arn:(aws[a-z-]*):sts::(\d+):assumed-role\/([^/]+)\/.+$/.exec(identityArn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

/**
 * Builds the attribution function: each dimension comes from the first configured
 * requestMetadata key present, else from the first identity rule that sets it,
 * else the `unattributed` value. A team is never guessed from a role name.
 */
export function createAttributor(
  config: AttributionConfig,
): (metadata: Record<string, unknown> | undefined, identityArn: string | null) => Attribution {
  const rules = config.identities.map((rule: IdentityRule) => ({ rule, pattern: globToRegExp(rule.match) }));
  const cache = new Map<string, IdentityRule[]>();
  const rulesFor = (arn: string | null): IdentityRule[] => {
    if (!arn || rules.length === 0) return [];
    let hit = cache.get(arn);
    if (!hit) {
      const role = roleArnOf(arn);
      hit = rules
        .filter(({ pattern }) => pattern.test(arn) || (role !== undefined && pattern.test(role)))
        .map(({ rule }) => rule);
      cache.set(arn, hit);
    }
    return hit;
  };

  return (metadata, identityArn) => {
    const out: Attribution = {
      team: config.unattributed,
      feature: config.unattributed,
      environment: config.unattributed,
    };
    let matched: IdentityRule[] | undefined;
    for (const dim of DIMENSIONS) {
      let value: string | undefined;
      if (metadata) {
        for (const key of config.tagKeys[dim]) {
          const v = metadata[key];
          if (typeof v === 'string' && v.trim() !== '') {
            value = v.trim();
            break;
          }
        }
      }
      if (value === undefined) {
        matched ??= rulesFor(identityArn);
        value = matched.find((r) => r[dim] !== undefined)?.[dim];
      }
      if (value !== undefined) out[dim] = value;
    }
    return out;
  };
}
