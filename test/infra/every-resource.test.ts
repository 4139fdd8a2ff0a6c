import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { onlyResource, synthStack } from './synth';

type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }
>;

/** Every resource of `type`, by logical id. */
function all(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The Node.js major version of a Lambda runtime name (`nodejs24.x` → 24), or NaN for another language. */
function nodeMajor(runtime: unknown): number {
  const match = /^nodejs(\d+)\.x$/.exec(String(runtime));
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * Invariants over every resource of a kind, not one named resource: a function, bucket, queue, topic,
 * alarm or schedule that a later change adds is held to them too.
 */
describe('every resource of the stack', () => {
  const configs = {
    default: {},
    'Bedrock logging by the stack and team e-mail alerts': {
      bedrockLogging: { enabled: true },
      notifications: { teams: { search: ['search-oncall@example.com'] }, reports: ['finance@example.com'] },
    },
  };

  for (const [name, config] of Object.entries(configs)) {
    describe(`with ${name} configuration`, () => {
      const { template } = synthStack({ config });
      const functions = all(template, 'AWS::Lambda::Function');
      const logGroups = all(template, 'AWS::Logs::LogGroup');

      it('runs every Lambda function on Node.js 22 or newer, on arm64', () => {
        expect(Object.keys(functions).length).toBeGreaterThanOrEqual(5);
        for (const [id, fn] of Object.entries(functions)) {
          expect({ id, major: nodeMajor(fn.Properties.Runtime) >= 22 }).toEqual({ id, major: true });
          expect({ id, arch: fn.Properties.Architectures }).toEqual({ id, arch: ['arm64'] });
        }
      });

      it('logs every function to a log group of the stack with a retention', () => {
        for (const [id, fn] of Object.entries(functions)) {
          const ref = (fn.Properties.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup
            ?.Ref;
          expect({ id, group: ref !== undefined && ref in logGroups }).toEqual({ id, group: true });
        }
        for (const [id, group] of Object.entries(logGroups)) {
          expect({ id, days: group.Properties.RetentionInDays }).toEqual({ id, days: 30 });
        }
      });

      it('encrypts every bucket, blocks public access to it and keeps it on stack deletion', () => {
        const buckets = all(template, 'AWS::S3::Bucket');
        expect(Object.keys(buckets).length).toBeGreaterThanOrEqual(3);
        for (const [id, bucket] of Object.entries(buckets)) {
          expect({ id, ...bucket.Properties }).toMatchObject({
            id,
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: {} }] },
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              BlockPublicPolicy: true,
              IgnorePublicAcls: true,
              RestrictPublicBuckets: true,
            },
          });
          expect({ id, policy: bucket.DeletionPolicy }).toEqual({ id, policy: 'Retain' });
        }
      });

      it('encrypts every queue and every topic (topics with a customer managed key)', () => {
        for (const [id, queue] of Object.entries(all(template, 'AWS::SQS::Queue'))) {
          const encrypted =
            queue.Properties.SqsManagedSseEnabled === true || 'KmsMasterKeyId' in queue.Properties;
          expect({ id, encrypted }).toEqual({ id, encrypted: true });
        }
        const keys = all(template, 'AWS::KMS::Key');
        for (const [id, topic] of Object.entries(all(template, 'AWS::SNS::Topic'))) {
          const key = topic.Properties.KmsMasterKeyId as { 'Fn::GetAtt'?: [string, string] } | undefined;
          const keyId = key?.['Fn::GetAtt']?.[0];
          expect({ id, customerKey: keyId !== undefined && keyId in keys }).toEqual({
            id,
            customerKey: true,
          });
        }
      });

      it('sends every alarm to the ops topic', () => {
        const ops = onlyResource(template, 'AWS::SNS::Topic', {
          Properties: { DisplayName: 'GenAI FinOps operations' },
        });
        const alarms = all(template, 'AWS::CloudWatch::Alarm');
        expect(Object.keys(alarms).length).toBeGreaterThanOrEqual(8);
        for (const [id, alarm] of Object.entries(alarms)) {
          expect({ id, actions: alarm.Properties.AlarmActions }).toEqual({ id, actions: [{ Ref: ops.id }] });
        }
      });

      it('gives every schedule a target of the stack, a role, retries and the dead-letter queue', () => {
        const queue = onlyResource(template, 'AWS::SQS::Queue');
        const schedules = all(template, 'AWS::Scheduler::Schedule');
        const machines = all(template, 'AWS::StepFunctions::StateMachine');
        expect(Object.keys(schedules).length).toBeGreaterThanOrEqual(5);
        for (const [id, schedule] of Object.entries(schedules)) {
          const target = schedule.Properties.Target as {
            Arn: { 'Fn::GetAtt'?: [string, string]; Ref?: string };
            RoleArn?: unknown;
            RetryPolicy?: { MaximumRetryAttempts: number };
            DeadLetterConfig?: { Arn: unknown };
          };
          // A function of the stack, or a state machine of the stack (a fanned-out run).
          const fnId = target.Arn['Fn::GetAtt']?.[0];
          const machineId = target.Arn.Ref;
          const ours =
            (fnId !== undefined && fnId in functions) || (machineId !== undefined && machineId in machines);
          expect({ id, target: ours }).toEqual({ id, target: true });
          expect({ id, ...target }).toMatchObject({
            id,
            RoleArn: expect.anything(),
            RetryPolicy: { MaximumRetryAttempts: expect.any(Number) },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue.id, 'Arn'] } },
          });
        }
      });
    });
  }
});
