import { App, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { GenAiFinOpsStack } from '../../infra/lib/genai-finops-stack';
import { noBundling, synthStack } from './synth';

/** Every acknowledgement recorded on `scope` and below: rule id → reason. */
function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id: id.replace(/^Annotation::/, ''),
          reason,
        })),
      ),
  );
}

describe('cdk-nag', () => {
  const { stack } = synthStack({ config: {} });

  it('finds no unacknowledged AwsSolutions error or warning', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });

  it('finds no unacknowledged Serverless error or warning', () => {
    expect(new ServerlessChecks().validateScope(stack).violations).toEqual([]);
  });

  it('gives every acknowledgement a specific reason', () => {
    const acks = acknowledgements(stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect({ ...ack, long: ack.reason.length >= 60 }).toEqual({ ...ack, long: true });
      expect(ack.reason).not.toMatch(/^(todo|tbd|n\/a|ok|suppress)/i);
    }
  });

  it('acknowledges only rules of the two packs', () => {
    for (const { id } of acknowledgements(stack)) expect(id).toMatch(/^(AwsSolutions|Serverless)-/);
  });

  it('reports a finding nobody acknowledged (the checks can fail)', () => {
    const app = new App({ context: noBundling, builtinCloudFormationValidation: false });
    const unchecked = new GenAiFinOpsStack(app, 'Unchecked', { config: {} });
    new sqs.Queue(unchecked, 'PlainQueue');
    const ids = (pack: AwsSolutionsChecks | ServerlessChecks) =>
      pack.validateScope(unchecked).violations.map((v) => v.ruleName);
    expect(ids(new AwsSolutionsChecks())).toContain('AwsSolutions-SQS4');
    expect(ids(new ServerlessChecks())).toContain('Serverless-SQSRedrivePolicy');
  });
});
