import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthStack } from './synth';

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
}

/**
 * Actions that accept no resource but `*` (the service has no resource-level permissions for them),
 * each with the reason. Everything else must name its resources.
 */
const UNSCOPED_ACTIONS: Record<string, string> = {
  'bedrock:PutModelInvocationLoggingConfiguration':
    'an account- and Region-wide setting with no resource type',
  'bedrock:DeleteModelInvocationLoggingConfiguration':
    'an account- and Region-wide setting with no resource type',
  'ce:GetCostAndUsage': 'Cost Explorer has no resource-level permissions',
  'ce:GetDimensionValues': 'Cost Explorer has no resource-level permissions',
  'cloudwatch:GetMetricData': 'CloudWatch metric reads have no resource-level permissions',
  'cloudwatch:ListMetrics': 'CloudWatch metric reads have no resource-level permissions',
  'ec2:DescribeInstances': 'EC2 Describe* actions have no resource-level permissions',
  'tag:GetResources': 'the Resource Groups Tagging API has no resource-level permissions',
};

const actionsOf = (s: Statement): string[] => [s.Action].flat();
const resourcesOf = (s: Statement): unknown[] => [s.Resource].flat();

/** Every statement of every identity-based policy in the template (policies, managed policies, inline role policies). */
function identityStatements(template: Template): { where: string; statement: Statement }[] {
  const out: { where: string; statement: Statement }[] = [];
  const add = (where: string, doc: unknown) => {
    for (const statement of (doc as { Statement: Statement[] }).Statement) out.push({ where, statement });
  };
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, r] of Object.entries(template.findResources(type))) add(id, r.Properties.PolicyDocument);
  }
  for (const [id, r] of Object.entries(template.findResources('AWS::IAM::Role'))) {
    for (const p of (r.Properties.Policies ?? []) as { PolicyDocument: unknown }[]) add(id, p.PolicyDocument);
  }
  return out;
}

/** Every statement of every resource policy (buckets, queues, topics, keys). */
function resourceStatements(template: Template): { where: string; type: string; statement: Statement }[] {
  const sources: [string, string][] = [
    ['AWS::S3::BucketPolicy', 'PolicyDocument'],
    ['AWS::SQS::QueuePolicy', 'PolicyDocument'],
    ['AWS::SNS::TopicPolicy', 'PolicyDocument'],
    ['AWS::KMS::Key', 'KeyPolicy'],
  ];
  return sources.flatMap(([type, key]) =>
    Object.entries(template.findResources(type)).flatMap(([where, r]) =>
      (r.Properties[key] as { Statement: Statement[] }).Statement.map((statement) => ({
        where,
        type,
        statement,
      })),
    ),
  );
}

/** What is wrong with one identity-policy statement, or [] when it is least privilege. */
function identityProblems(statement: Statement): string[] {
  if (statement.Effect !== 'Allow') return [];
  const problems: string[] = [];
  for (const action of actionsOf(statement)) {
    if (action === '*' || action.includes('*')) problems.push(`wildcard action ${action}`);
  }
  if (resourcesOf(statement).includes('*')) {
    for (const action of actionsOf(statement)) {
      if (!(action in UNSCOPED_ACTIONS))
        problems.push(`${action} on * (the service supports resource scoping)`);
    }
  }
  return problems;
}

describe('IAM least privilege', () => {
  const configs = {
    default: {},
    'an existing SSE-KMS log bucket': {
      ingest: {
        source: 's3://existing-logs/bedrock',
        sourceKmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
    },
    'Bedrock logging turned on by the stack': { bedrockLogging: { enabled: true } },
  };

  for (const [name, config] of Object.entries(configs)) {
    describe(`with ${name} configuration`, () => {
      const { template } = synthStack({ config });
      const statements = identityStatements(template);

      it('walks every policy statement of every role', () => {
        expect(statements.length).toBeGreaterThan(10);
        const roles = Object.keys(template.findResources('AWS::IAM::Role'));
        const covered = new Set(
          Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
            (p.Properties.Roles as { Ref: string }[]).map((r) => r.Ref),
          ),
        );
        for (const role of roles)
          expect({ role, covered: covered.has(role) }).toEqual({ role, covered: true });
      });

      it('allows no wildcard action, and * resources only for actions without resource scoping', () => {
        const problems = statements.flatMap(({ where, statement }) =>
          identityProblems(statement).map((p) => `${where} ${statement.Sid ?? ''}: ${p}`),
        );
        expect(problems).toEqual([]);
      });

      it('lets no resource policy allow anyone (*) in, and denies non-TLS requests on every bucket, queue and topic', () => {
        const resourceStmts = resourceStatements(template);
        for (const { where, statement } of resourceStmts) {
          if (statement.Effect !== 'Allow') continue;
          expect({ where, principal: statement.Principal }).not.toEqual({ where, principal: '*' });
          expect({ where, principal: statement.Principal }).not.toEqual({ where, principal: { AWS: '*' } });
        }
        for (const type of ['AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy']) {
          for (const [where, r] of Object.entries(template.findResources(type))) {
            const denies = (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter(
              (s) => s.Effect === 'Deny' && JSON.stringify(s).includes('aws:SecureTransport'),
            );
            expect({ where, tlsOnly: denies.length > 0 }).toEqual({ where, tlsOnly: true });
          }
        }
      });

      it("limits key policies' wildcard actions to the account root (delegating to IAM, as CDK does by default)", () => {
        for (const { where, type, statement } of resourceStatements(template)) {
          if (type !== 'AWS::KMS::Key' || statement.Effect !== 'Allow') continue;
          if (actionsOf(statement).includes('kms:*')) {
            expect({ where, principal: JSON.stringify(statement.Principal) }).toEqual({
              where,
              principal: expect.stringContaining(':root'),
            });
          }
        }
      });
    });
  }

  describe('the check itself', () => {
    it('flags a wildcard action, a wildcard resource on a scopable service, and passes Cost Explorer on *', () => {
      expect(identityProblems({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' })).toEqual([
        'wildcard action s3:*',
      ]);
      expect(identityProblems({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })).toEqual([
        's3:GetObject on * (the service supports resource scoping)',
      ]);
      expect(identityProblems({ Effect: 'Allow', Action: ['ce:GetCostAndUsage'], Resource: '*' })).toEqual(
        [],
      );
      expect(identityProblems({ Effect: 'Deny', Action: '*', Resource: '*' })).toEqual([]);
    });
  });
});
