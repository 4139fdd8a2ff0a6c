import { describe, expect, it } from 'vitest';
import { MEASURED } from '../../shared/estimate';
import { synthStack } from './synth';

describe("the stack's priced resources", () => {
  const { template } = synthStack({ config: {} });

  it('has the keys, alarms and dashboard the cost estimate prices', () => {
    template.resourceCountIs('AWS::KMS::Key', MEASURED.kmsKeys);
    template.resourceCountIs('AWS::CloudWatch::Alarm', MEASURED.alarms);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    // Within the always-free 10 alarms: the estimate prices them at $0 after free tiers.
    expect(MEASURED.alarms).toBeLessThanOrEqual(10);
  });
});
