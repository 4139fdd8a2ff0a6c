import { CfnOutput, Stack } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { AppConfig, AppConfigInput } from '../../shared/config';
import { InvalidConfigError, parseConfig } from '../../shared/config';
import { curatedTables } from '../../shared/lake/tables';
import { createWorkGroup } from './athena-workgroup';
import { CURATED_PREFIX, createAccessLogsBucket, createBedrockLogsBucket, createDataBucket } from './buckets';
import { CuratedGlueTables } from './glue-tables';
import { CONFIG_ENV, IngestFunction } from './ingest-function';
import { isS3Uri, parseS3Uri, s3Uri } from './s3-location';

/** Props of {@link GenAiFinOps}. */
export interface GenAiFinOpsProps {
  /**
   * The pipeline configuration (same file as the CLI's), validated at synth: an invalid
   * value fails synth naming the key. For deployment `ingest.store` is always the data
   * bucket's `curated/` prefix, and a local (non-`s3://`) `ingest.source` is ignored.
   */
  config: AppConfigInput;
  /** Use this bucket for the curated lake and Athena results instead of creating one. */
  dataBucket?: s3.IBucket;
  /** Read Bedrock invocation logs from this bucket (root prefix) unless `config.ingest.source` is an s3:// URI. */
  bedrockLogsBucket?: s3.IBucket;
}

/** Lambda's limit on all environment variables of a function together. */
const LAMBDA_ENV_LIMIT_BYTES = 4096;
/** Longest possible S3 bucket name, for sizing the environment before tokens resolve. */
const MAX_BUCKET_NAME = 'b'.repeat(63);

/**
 * The GenAI FinOps pipeline, embeddable in any stack: lake bucket, Bedrock log source,
 * scheduled ingest Lambda, Glue tables (partition projection) and the Athena workgroup.
 */
export class GenAiFinOps extends Construct {
  /** The validated configuration as deployed (`ingest.source`/`store` point at the buckets). */
  readonly config: AppConfig;
  /** The lake bucket: `curated/<table>/dt=…/` and `athena-results/`. */
  readonly dataBucket: s3.IBucket;
  /** Where Amazon Bedrock delivers invocation logs. */
  readonly bedrockLogsBucket: s3.IBucket;
  /** Key prefix above `AWSLogs/` in {@link bedrockLogsBucket} (`''` for the bucket root). */
  readonly bedrockLogsPrefix: string;
  /** The scheduled ingest function. */
  readonly ingestFunction: lambda.Function;
  /** The EventBridge rule that runs {@link ingestFunction} on `ingest.schedule`. */
  readonly ingestSchedule: events.Rule;
  /** Glue database name. */
  readonly databaseName: string;
  /** Athena workgroup name. */
  readonly workGroupName: string;
  /** Glue tables by curated table name. */
  readonly tables: ReadonlyMap<string, glue.CfnTable>;

  constructor(scope: Construct, id: string, props: GenAiFinOpsProps) {
    super(scope, id);
    const config = parseConfig(props.config);
    const stack = Stack.of(this);

    let accessLogs: s3.Bucket | undefined;
    const accessLogsBucket = (): s3.Bucket => {
      accessLogs ??= createAccessLogsBucket(this, 'AccessLogsBucket');
      return accessLogs;
    };

    this.dataBucket = props.dataBucket ?? createDataBucket(this, 'DataBucket', accessLogsBucket());

    const source = config.ingest.source;
    if (isS3Uri(source)) {
      const { bucket, prefix } = parseS3Uri(source);
      this.bedrockLogsBucket = s3.Bucket.fromBucketName(this, 'BedrockLogsSource', bucket);
      this.bedrockLogsPrefix = prefix;
    } else if (props.bedrockLogsBucket) {
      this.bedrockLogsBucket = props.bedrockLogsBucket;
      this.bedrockLogsPrefix = '';
    } else {
      const created = createBedrockLogsBucket(this, 'BedrockLogsBucket', accessLogsBucket());
      this.bedrockLogsBucket = created;
      this.bedrockLogsPrefix = '';
      new CfnOutput(this, 'BedrockLogsBucketName', {
        value: created.bucketName,
        description:
          'Point Amazon Bedrock model invocation logging (Bedrock console > Settings, S3 destination, no key prefix) at this bucket, in this Region.',
      });
    }

    this.config = {
      ...config,
      ingest: {
        ...config.ingest,
        source: s3Uri(this.bedrockLogsBucket.bucketName, this.bedrockLogsPrefix),
        store: s3Uri(this.dataBucket.bucketName, CURATED_PREFIX),
      },
    };
    assertEnvironmentFits(this.config, this.bedrockLogsPrefix);

    const ingest = new IngestFunction(this, 'Ingest', {
      configJson: stack.toJsonString(this.config),
      logsBucket: this.bedrockLogsBucket,
      logsPrefix: this.bedrockLogsPrefix,
      logsKmsKeyArn: config.ingest.sourceKmsKeyArn,
      dataBucket: this.dataBucket,
      schedule: config.ingest.schedule,
      reservedConcurrency: config.ingest.reservedConcurrency,
    });
    this.ingestFunction = ingest.function;
    this.ingestSchedule = ingest.rule;

    this.databaseName = config.athena.database;
    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: {
        name: this.databaseName,
        description: 'GenAI FinOps curated lake (Parquet, partitioned by dt, partition projection).',
      },
    });
    this.tables = new CuratedGlueTables(this, 'Tables', {
      database,
      databaseName: this.databaseName,
      bucketName: this.dataBucket.bucketName,
      tables: curatedTables,
    }).tables;

    this.workGroupName = config.athena.workgroup;
    createWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      resultsBucketName: this.dataBucket.bucketName,
    });

    new CfnOutput(this, 'DataBucketName', {
      value: this.dataBucket.bucketName,
      description: 'The curated lake.',
    });
    new CfnOutput(this, 'IngestFunctionName', { value: ingest.function.functionName });
    new CfnOutput(this, 'AthenaWorkGroup', { value: this.workGroupName });
    new CfnOutput(this, 'GlueDatabase', { value: this.databaseName });
  }
}

/** Fails synth, not deploy, when the configuration cannot fit Lambda's 4 KB of environment. */
function assertEnvironmentFits(config: AppConfig, logsPrefix: string): void {
  const worstCase = {
    ...config,
    ingest: {
      ...config.ingest,
      source: s3Uri(MAX_BUCKET_NAME, logsPrefix),
      store: s3Uri(MAX_BUCKET_NAME, CURATED_PREFIX),
    },
  };
  // The other variables (service name, namespace, NODE_OPTIONS) take well under 200 bytes.
  const size = CONFIG_ENV.length + Buffer.byteLength(JSON.stringify(worstCase)) + 200;
  if (size > LAMBDA_ENV_LIMIT_BYTES) {
    throw new InvalidConfigError(
      '',
      `the configuration needs about ${size} bytes of Lambda environment; the limit is ${LAMBDA_ENV_LIMIT_BYTES}. Shorten attribution.identities or ingest.inferenceProfiles.`,
    );
  }
}
