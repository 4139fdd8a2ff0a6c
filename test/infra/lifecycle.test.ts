import { describe, expect, it } from 'vitest';
import {
  CURATED_RETENTION_DAYS,
  RAW_LOG_RETENTION_DAYS,
  REWRITTEN_NONCURRENT_DAYS,
  STAGING_COLD_AFTER_DAYS,
} from '../../shared/lake/retention';
import { logicalIdOf, synthStack } from './synth';

interface Rule {
  Id?: string;
  Prefix?: string;
  ExpirationInDays?: number;
  NoncurrentVersionExpiration?: { NoncurrentDays: number; NewerNoncurrentVersions?: number };
  Transitions?: { StorageClass: string; TransitionInDays: number }[];
  ObjectSizeGreaterThan?: number;
  Status: string;
}

describe('storage lifecycle (what the cost estimate prices)', () => {
  const { stack, template } = synthStack({ config: {} });
  const rulesOf = (id: string): Rule[] =>
    template.toJSON().Resources[id].Properties.LifecycleConfiguration.Rules as Rule[];
  const data = rulesOf(logicalIdOf(stack.pipeline.dataBucket));

  it('expires the tables that grow with invocations, and their staged extracts, after the retention', () => {
    for (const table of ['bedrock_invocations', 'usage_hourly', 'identity_daily']) {
      expect(data).toContainEqual(
        expect.objectContaining({
          Prefix: `curated/${table}/`,
          ExpirationInDays: CURATED_RETENTION_DAYS,
          NoncurrentVersionExpiration: { NoncurrentDays: REWRITTEN_NONCURRENT_DAYS },
          Status: 'Enabled',
        }),
      );
    }
    expect(data).toContainEqual(
      expect.objectContaining({
        Prefix: 'curated/_stage/bedrock_invocations/dt=',
        ExpirationInDays: CURATED_RETENTION_DAYS,
        Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: STAGING_COLD_AFTER_DAYS }],
        ObjectSizeGreaterThan: 128 * 1024,
      }),
    );
  });

  it('never expires the current version of the other tables, the unit manifests or the state', () => {
    const expiring = data.filter((r) => r.ExpirationInDays !== undefined).map((r) => r.Prefix);
    expect(expiring.sort()).toEqual(
      [
        'athena-results/',
        'curated/_stage/bedrock_invocations/dt=',
        'curated/bedrock_invocations/',
        'curated/identity_daily/',
        'curated/usage_hourly/',
      ].sort(),
    );
  });

  it('expires raw invocation logs in the log bucket the stack creates', () => {
    const logs = rulesOf(logicalIdOf(stack.pipeline.bedrockLogsBucket as never));
    expect(logs).toContainEqual(
      expect.objectContaining({ ExpirationInDays: RAW_LOG_RETENTION_DAYS, Status: 'Enabled' }),
    );
  });
});
