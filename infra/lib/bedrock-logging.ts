import { CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { InvalidConfigError } from '../../shared/config';
import type { BedrockLoggingConfig } from '../../shared/config/bedrock-logging-schema';
import { createBedrockLogsBucket } from './buckets';
import { INGEST_RUNTIME } from './ingest-function';
import { wildcardResourceFinding } from './nag-findings';

/** Props of {@link BedrockInvocationLogging}. */
export interface BedrockInvocationLoggingProps {
  /** The bucket Bedrock delivers to: same account and Region, with the delivery bucket policy already on it. */
  bucket: s3.Bucket;
  /** Key prefix above `AWSLogs/` (`''` for the bucket root). */
  keyPrefix: string;
}

/** The two account-level Bedrock actions the custom resource calls; neither has a resource type to scope to. */
export const BEDROCK_LOGGING_ACTIONS = [
  'bedrock:PutModelInvocationLoggingConfiguration',
  'bedrock:DeleteModelInvocationLoggingConfiguration',
] as const;

/**
 * The `loggingConfig` of `PutModelInvocationLoggingConfiguration`: S3 delivery only, metadata only
 * (token counts, model, caller, request metadata), never a prompt, completion, image, embedding,
 * video or audio body (bedrock-invocation-logs.md §1).
 */
export function metadataOnlyLoggingConfig(bucketName: string, keyPrefix: string): Record<string, unknown> {
  return {
    s3Config: { bucketName, ...(keyPrefix ? { keyPrefix } : {}) },
    textDataDeliveryEnabled: false,
    imageDataDeliveryEnabled: false,
    embeddingDataDeliveryEnabled: false,
    videoDataDeliveryEnabled: false,
    audioDataDeliveryEnabled: false,
  };
}

/**
 * Turns on Amazon Bedrock model invocation logging for the stack's account and Region, to `bucket`
 * (a CloudFormation custom resource: `PutModelInvocationLoggingConfiguration` on create and update,
 * `DeleteModelInvocationLoggingConfiguration` on delete). Logging is one setting per account and
 * Region: this replaces whatever configuration the Region had, and removing it switches logging off.
 */
export class BedrockInvocationLogging extends Construct {
  /** The custom resource. */
  readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: BedrockInvocationLoggingProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    // An explicit role instead of the provider's default (AWSLambdaBasicExecutionRole): its log group and the two calls.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'GenAI FinOps: turns Amazon Bedrock model invocation logging on (metadata only) and off.',
    });
    logGroup.grantWrite(role);

    const call = (
      action: 'PutModelInvocationLoggingConfiguration' | 'DeleteModelInvocationLoggingConfiguration',
    ) => ({
      service: 'bedrock',
      action,
      ...(action === 'PutModelInvocationLoggingConfiguration'
        ? {
            parameters: {
              loggingConfig: metadataOnlyLoggingConfig(props.bucket.bucketName, props.keyPrefix),
            },
          }
        : {}),
      // One configuration per account and Region: the same id on every update, so CloudFormation never
      // creates a second one and deletes the first.
      physicalResourceId: cr.PhysicalResourceId.of('bedrock-model-invocation-logging'),
      logging: cr.Logging.withDataHidden(),
    });
    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::BedrockInvocationLogging',
      onCreate: call('PutModelInvocationLoggingConfiguration'),
      onUpdate: call('PutModelInvocationLoggingConfiguration'),
      onDelete: call('DeleteModelInvocationLoggingConfiguration'),
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          sid: 'ModelInvocationLogging',
          actions: [...BEDROCK_LOGGING_ACTIONS],
          resources: ['*'],
        }),
      ]),
      role,
      logGroup,
      // One small SDK call per deployment; room for loading the runtime's SDK client.
      memorySize: 256,
      installLatestAwsSdk: false,
    });
    // Bedrock checks that it may write to the bucket when the configuration is put: the policy comes first.
    if (props.bucket.policy) this.resource.node.addDependency(props.bucket.policy);
    this.armProvider();
  }

  /**
   * The provider is a stack-wide singleton function: run it on arm64 and the runtime the pipeline
   * uses (its handler is plain JavaScript), and acknowledge what cdk-nag says about it, with reasons.
   */
  private armProvider(): void {
    const provider = Stack.of(this).node.tryFindChild(
      `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
    ) as lambda.Function | undefined;
    const cfn = provider?.node.defaultChild as lambda.CfnFunction | undefined;
    if (cfn) {
      cfn.architectures = [lambda.Architecture.ARM_64.name];
      cfn.runtime = INGEST_RUNTIME.name;
    }
    // The policy is a child of the custom resource, not of the role.
    Validations.of(this).acknowledge({
      id: wildcardResourceFinding(this, '*'),
      reason:
        'PutModelInvocationLoggingConfiguration and DeleteModelInvocationLoggingConfiguration act on the account and Region; Bedrock defines no resource type for them.',
    });
    if (!provider) return;
    Validations.of(provider).acknowledge(
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'CloudFormation invokes the custom resource provider synchronously and reports its failure on the stack; there is no asynchronous event to dead-letter.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason:
          'The provider makes one Bedrock call per stack create, update or delete; its log group records the call, X-Ray would add nothing.',
      },
    );
  }
}

/**
 * The Bedrock log bucket the stack creates (`BedrockLogsBucket`, under `bedrockLogging.keyPrefix`),
 * its output, and with `bedrockLogging.enabled` the logging configuration pointing at it.
 */
export function createBedrockLogSource(
  scope: Construct,
  accessLogs: s3.IBucket,
  logging: BedrockLoggingConfig,
): s3.Bucket {
  const bucket = createBedrockLogsBucket(scope, 'BedrockLogsBucket', accessLogs, logging.keyPrefix);
  const prefix = logging.keyPrefix ? `key prefix ${logging.keyPrefix}` : 'no key prefix';
  new CfnOutput(scope, 'BedrockLogsBucketName', {
    value: bucket.bucketName,
    description: logging.enabled
      ? `Amazon Bedrock model invocation logging delivers here (metadata only, ${prefix}), as configured by this stack.`
      : `Point Amazon Bedrock model invocation logging (Bedrock console > Settings, S3 destination, ${prefix}) at this bucket, in this Region, or set bedrockLogging.enabled.`,
  });
  if (logging.enabled) {
    new BedrockInvocationLogging(scope, 'BedrockInvocationLogging', { bucket, keyPrefix: logging.keyPrefix });
  }
  return bucket;
}

/** `bedrockLogging.enabled` with a log bucket the stack does not create: it cannot add the delivery policy there. */
export function loggingTargetError(): InvalidConfigError {
  return new InvalidConfigError(
    'bedrockLogging.enabled',
    'the stack turns logging on only to the bucket it creates; remove ingest.source (and the bedrockLogsBucket prop), or configure logging to your bucket yourself',
  );
}
