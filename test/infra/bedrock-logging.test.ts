import type { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import type { GenAiFinOpsStack } from '../../infra/lib/genai-finops-stack';
import { InvalidConfigError, parseConfig } from '../../shared/config';
import { type Bindings, evaluate, logicalIdOf, onlyResource, synthStack } from './synth';

const LOGS = 'bedrock-logs-bucket';
const DATA = 'lake-bucket';
const CUSTOM_TYPE = 'Custom::BedrockInvocationLogging';
const PROVIDER_PREFIX = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
}

function bindingsOf(stack: GenAiFinOpsStack): Bindings {
  const { bedrockLogsBucket, dataBucket } = stack.pipeline;
  if (!(bedrockLogsBucket instanceof s3.Bucket) || !(dataBucket instanceof s3.Bucket))
    throw new Error('expected created buckets');
  return { refs: { [logicalIdOf(bedrockLogsBucket)]: LOGS, [logicalIdOf(dataBucket)]: DATA } };
}

/** The custom resource's SDK call for `phase`, as the provider will receive it. */
function sdkCall(template: Template, bindings: Bindings, phase: 'Create' | 'Update' | 'Delete') {
  const resource = onlyResource(template, CUSTOM_TYPE);
  return JSON.parse(evaluate(resource.Properties[phase], bindings)) as Record<string, unknown>;
}

/** The provider function (the AwsCustomResource singleton) with its logical id. */
function provider(template: Template) {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) =>
    id.startsWith(PROVIDER_PREFIX),
  );
  if (found.length !== 1) throw new Error(`expected one provider, found ${found.length}`);
  const [id, resource] = found[0] as [string, { Properties: Record<string, unknown> }];
  return { id, Properties: resource.Properties };
}

describe('Bedrock model invocation logging', () => {
  describe('by default', () => {
    const { template } = synthStack({ config: {} });

    it('is left to the account: no custom resource and no provider function', () => {
      template.resourceCountIs(CUSTOM_TYPE, 0);
      expect(
        Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) =>
          id.startsWith(PROVIDER_PREFIX),
        ),
      ).toEqual([]);
    });
  });

  describe('with bedrockLogging.enabled and a key prefix', () => {
    const { stack, template } = synthStack({
      config: { bedrockLogging: { enabled: true, keyPrefix: 'invocations/prod' } },
    });
    const bindings = bindingsOf(stack);
    const logsId = logicalIdOf(stack.pipeline.bedrockLogsBucket);

    it('puts a metadata-only S3 logging configuration to the created bucket and prefix on create and update', () => {
      for (const phase of ['Create', 'Update'] as const) {
        expect(sdkCall(template, bindings, phase)).toMatchObject({
          service: 'bedrock',
          action: 'PutModelInvocationLoggingConfiguration',
          parameters: {
            loggingConfig: {
              s3Config: { bucketName: LOGS, keyPrefix: 'invocations/prod' },
              textDataDeliveryEnabled: false,
              imageDataDeliveryEnabled: false,
              embeddingDataDeliveryEnabled: false,
              videoDataDeliveryEnabled: false,
              audioDataDeliveryEnabled: false,
            },
          },
          physicalResourceId: { id: 'bedrock-model-invocation-logging' },
        });
        const config = (sdkCall(template, bindings, phase).parameters as { loggingConfig: object })
          .loggingConfig;
        expect(Object.keys(config)).not.toContain('cloudWatchConfig');
      }
    });

    it('deletes the logging configuration on delete, and does not log the API response', () => {
      expect(sdkCall(template, bindings, 'Delete')).toEqual({
        service: 'bedrock',
        action: 'DeleteModelInvocationLoggingConfiguration',
        physicalResourceId: { id: 'bedrock-model-invocation-logging' },
        logApiResponseData: false,
      });
      expect(onlyResource(template, CUSTOM_TYPE).Properties.InstallLatestAwsSdk).toBe(false);
    });

    it('is created after the bucket policy that lets Bedrock deliver', () => {
      const policy = onlyResource(template, 'AWS::S3::BucketPolicy', {
        Properties: { Bucket: { Ref: logsId } },
      });
      const [id] = Object.keys(template.findResources(CUSTOM_TYPE));
      expect(template.toJSON().Resources[id as string].DependsOn).toContain(policy.id);
    });

    it('lets only bedrock.amazonaws.com put objects under the prefix, for this account and Region', () => {
      const policy = onlyResource(template, 'AWS::S3::BucketPolicy', {
        Properties: { Bucket: { Ref: logsId } },
      });
      const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      const bedrock = statements.filter((s) => s.Effect === 'Allow');
      expect(bedrock).toHaveLength(1);
      expect(bedrock[0]).toMatchObject({
        Action: 's3:PutObject',
        Principal: { Service: 'bedrock.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      });
      expect(evaluate(bedrock[0]?.Resource, bindings)).toBe(
        `arn:aws:s3:::${LOGS}/invocations/prod/AWSLogs/111122223333/BedrockModelInvocationLogs/*`,
      );
      expect(evaluate(bedrock[0]?.Condition?.ArnLike?.['aws:SourceArn'], bindings)).toBe(
        'arn:aws:bedrock:us-east-1:111122223333:*',
      );
    });

    it('gives the provider a role of its own: its log group and the two Bedrock calls, no managed policy', () => {
      const fn = provider(template);
      const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const role = onlyResource(template, 'AWS::IAM::Role', {
        Properties: {
          Description:
            'GenAI FinOps: turns Amazon Bedrock model invocation logging on (metadata only) and off.',
        },
      });
      expect(role.id).toBe(roleId);
      expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
      const statements = Object.values(
        template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
      ).flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
      const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(statements).toHaveLength(2);
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
        }),
      );
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: [
            'bedrock:DeleteModelInvocationLoggingConfiguration',
            'bedrock:PutModelInvocationLoggingConfiguration',
          ],
          Resource: '*',
        }),
      );
      for (const s of statements) for (const a of [s.Action].flat()) expect(a).not.toContain('*');
    });

    it('runs the provider on Node.js 24, arm64, logging to a group kept 30 days', () => {
      const fn = provider(template);
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
      const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(30);
    });

    it('points the ingest at the same bucket and prefix', () => {
      const parameter = onlyResource(template, 'AWS::SSM::Parameter');
      const deployed = JSON.parse(evaluate(parameter.Properties.Value, bindings)) as {
        ingest: { source: string };
      };
      expect(deployed.ingest.source).toBe(`s3://${LOGS}/invocations/prod`);
    });

    it('has no unacknowledged cdk-nag AwsSolutions or Serverless findings', () => {
      expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
      expect(new ServerlessChecks().validateScope(stack).violations).toEqual([]);
    });
  });

  describe('configuration', () => {
    it('is off by default, at the bucket root', () => {
      expect(parseConfig({}).bedrockLogging).toEqual({ enabled: false, keyPrefix: '' });
    });

    it('rejects a key prefix with a leading or trailing slash, naming the key', () => {
      for (const keyPrefix of ['/logs', 'logs/', 'a//b']) {
        expect(() => parseConfig({ bedrockLogging: { keyPrefix } })).toThrow(/bedrockLogging\.keyPrefix/);
      }
    });

    it('fails synth naming the key when logging is to go to a bucket the stack does not create', () => {
      const synth = () =>
        synthStack({
          config: { bedrockLogging: { enabled: true }, ingest: { source: 's3://existing-logs/bedrock' } },
        });
      expect(synth).toThrow(InvalidConfigError);
      expect(synth).toThrow(/bedrockLogging\.enabled/);
    });
  });
});
