import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { type FunctionKind, functionOf, synthStack } from './synth';

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of every policy attached to `kind`'s role. */
function statementsOf(template: Template, kind: FunctionKind): Statement[] {
  const role = (functionOf(template, kind).Properties.Role as { 'Fn::GetAtt': [string, string] })[
    'Fn::GetAtt'
  ][0];
  return Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }),
  ).flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const iamStatements = (template: Template) =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => [s.Action].flat().some((a) => a.startsWith('iam:')));

const ROLES = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/*']],
};

describe('guardrail access', () => {
  describe('with enforcement off (the default)', () => {
    const { stack, template } = synthStack({ config: {} });

    it('grants no IAM action to any role', () => {
      expect(iamStatements(template)).toEqual([]);
    });

    it('lets the anomaly function write the guardrails state folder only', () => {
      const state = statementsOf(template, 'anomaly').find((s) => s.Sid === 'WriteGuardrailState');
      expect(state?.Action).toBe('s3:PutObject');
      expect(JSON.stringify(state?.Resource)).toContain('/curated/_state/guardrails/*');
    });

    it('has no unacknowledged cdk-nag AwsSolutions findings', () => {
      expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    });
  });

  describe('with enforcement enabled and a custom role tag', () => {
    const { stack, template } = synthStack({
      config: {
        guardrails: {
          enforcement: {
            enabled: true,
            environments: ['dev'],
            roleTag: { key: 'cost:enforce', value: 'yes' },
          },
        },
      },
    });

    it('lets the anomaly function write the deny policy only on roles carrying that tag, and read role tags', () => {
      const statements = statementsOf(template, 'anomaly');
      expect(statements.find((s) => s.Sid === 'EnforceOnTaggedRoles')).toEqual({
        Sid: 'EnforceOnTaggedRoles',
        Effect: 'Allow',
        Action: ['iam:DeleteRolePolicy', 'iam:GetRolePolicy', 'iam:PutRolePolicy'],
        Resource: ROLES,
        Condition: { StringEquals: { 'aws:ResourceTag/cost:enforce': 'yes' } },
      });
      expect(statements.find((s) => s.Sid === 'ReadRoleTags')).toMatchObject({
        Action: 'iam:ListRoleTags',
        Resource: ROLES,
      });
    });

    it('grants IAM actions to no other role, and no write without the tag condition', () => {
      const anomaly = statementsOf(template, 'anomaly');
      const all = iamStatements(template);
      expect(all).toHaveLength(2);
      for (const s of all) expect(anomaly).toContainEqual(s);
      for (const s of all.filter((x) => x.Sid !== 'ReadRoleTags')) expect(s.Condition).toBeDefined();
    });

    it('has no unacknowledged cdk-nag AwsSolutions findings', () => {
      expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    });
  });
});
