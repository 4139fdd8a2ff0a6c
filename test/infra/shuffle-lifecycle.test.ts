import { describe, expect, it } from 'vitest';
import { SHUFFLE_NONCURRENT_DAYS } from '../../shared/bedrock/day-groups';
import { SHUFFLE_ROOT } from '../../shared/bedrock/shuffle-day';
import { logicalIdOf, synthStack } from './synth';

describe('the lifecycle of a day rebuild’s bucket objects (what the cost estimate prices)', () => {
  const { stack, template } = synthStack({ config: {} });
  const rules = template.toJSON().Resources[logicalIdOf(stack.pipeline.dataBucket)].Properties
    .LifecycleConfiguration.Rules as {
    Prefix?: string;
    ExpirationInDays?: number;
    NoncurrentVersionExpiration?: { NoncurrentDays: number };
  }[];

  it('keeps their replaced and deleted versions a day, not the week of the rest of curated/', () => {
    const shuffle = rules.find((r) => r.Prefix === `curated/${SHUFFLE_ROOT}/`);
    expect(shuffle?.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: SHUFFLE_NONCURRENT_DAYS });
    // The current objects are removed by the rebuilds themselves, never by a rule.
    expect(shuffle?.ExpirationInDays).toBeUndefined();
    const curated = rules.find((r) => r.Prefix === 'curated/');
    expect(curated?.NoncurrentVersionExpiration?.NoncurrentDays).toBeGreaterThan(SHUFFLE_NONCURRENT_DAYS);
  });
});
