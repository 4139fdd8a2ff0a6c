import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { BYTES_SCANNED_CUTOFF_PER_QUERY } from '../../infra/lib/athena-workgroup';
import type { GenAiFinOpsStack } from '../../infra/lib/genai-finops-stack';
import { CONFIG_PARAMETER_ENV } from '../../infra/lib/ingest-function';
import { InvalidConfigError, parseConfig } from '../../shared/config';
import { PROJECTION_RANGE } from '../../shared/lake/accepted-dates';
import { curatedTables } from '../../shared/lake/tables';
import {
  type Bindings,
  evaluate,
  FUNCTION_KINDS,
  type FunctionKind,
  functionOf,
  logicalIdOf,
  onlyResource,
  SCHEDULED_KINDS,
  synthStack,
} from './synth';

const DATA = 'lake-bucket';
const LOGS = 'bedrock-logs-bucket';

/** Binds the created buckets' logical ids to recognisable names. */
function bindingsOf(stack: GenAiFinOpsStack): Bindings {
  const refs: Record<string, string> = {};
  const { dataBucket, bedrockLogsBucket } = stack.pipeline;
  if (dataBucket instanceof s3.Bucket) refs[logicalIdOf(dataBucket)] = DATA;
  if (bedrockLogsBucket instanceof s3.Bucket) refs[logicalIdOf(bedrockLogsBucket)] = LOGS;
  return { refs };
}

function ingestFunction(template: Template) {
  return functionOf(template, 'bedrock');
}

/** The deployed configuration, as the function will read it from the parameter its environment names. */
function deployedConfig(stack: GenAiFinOpsStack, template: Template): unknown {
  const env = (ingestFunction(template).Properties.Environment as { Variables: Record<string, unknown> })
    .Variables;
  const parameter = onlyResource(template, 'AWS::SSM::Parameter');
  expect(env[CONFIG_PARAMETER_ENV]).toEqual({ Ref: parameter.id });
  return JSON.parse(evaluate(parameter.Properties.Value, bindingsOf(stack)));
}

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
}

/** The statements of every policy attached to the Bedrock ingest function's role. */
function ingestStatements(template: Template): Statement[] {
  return statementsOf(template, 'bedrock');
}

/** The statements of every policy attached to one function's role. */
function statementsOf(template: Template, kind: FunctionKind): Statement[] {
  const role = functionOf(template, kind).Properties.Role as { 'Fn::GetAtt': [string, string] };
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role['Fn::GetAtt'][0] }] } }),
  );
  return policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

function statement(template: Template, sid: string): Statement {
  const found = ingestStatements(template).find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
}

/** `n` identity rules of about 90 bytes each. */
function identities(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    match: `arn:aws:sts::111122223333:assumed-role/service-role-number-${i}/*`,
    team: `team-${i}`,
  }));
}

describe('GenAiFinOpsStack', () => {
  describe('with the default configuration', () => {
    const { stack, template } = synthStack({ config: {} });
    const bindings = bindingsOf(stack);

    it('creates the three buckets, five functions (four scheduled) with a log group each, and one of the shared resources', () => {
      template.resourceCountIs('AWS::S3::Bucket', 3);
      // Bedrock, Cost Explorer and GPU ingest, the report, and the anomaly function the Bedrock ingest runs on success.
      template.resourceCountIs('AWS::Lambda::Function', FUNCTION_KINDS.length);
      for (const kind of FUNCTION_KINDS) functionOf(template, kind);
      // One schedule per ingest, a weekly and a monthly one for the report; none for the anomaly function.
      template.resourceCountIs('AWS::Scheduler::Schedule', 5);
      const targets = Object.values(template.findResources('AWS::Scheduler::Schedule')).map(
        (s) => (s.Properties.Target as { Arn: { 'Fn::GetAtt': [string, string] } }).Arn['Fn::GetAtt'][0],
      );
      expect(targets.sort()).toEqual(
        [...SCHEDULED_KINDS, 'report' as const].map((kind) => functionOf(template, kind).id).sort(),
      );
      template.resourceCountIs('AWS::SSM::Parameter', 1);
      template.resourceCountIs('AWS::SQS::Queue', 1);
      // Ops, alerts and reports.
      template.resourceCountIs('AWS::SNS::Topic', 3);
      // An errors alarm per function, one on the shared dead-letter queue, one for no data ingested,
      // one for detection that did not run.
      template.resourceCountIs('AWS::CloudWatch::Alarm', FUNCTION_KINDS.length + 3);
      template.resourceCountIs('AWS::Glue::Database', 1);
      template.resourceCountIs('AWS::Glue::Table', curatedTables.length);
      template.resourceCountIs('AWS::Athena::WorkGroup', 1);
      template.resourceCountIs('AWS::Logs::LogGroup', FUNCTION_KINDS.length);
    });

    it('runs the anomaly function one at a time on Node.js 24, arm64, 1 GB, 5 minutes, knowing the alerts topic', () => {
      const anomaly = functionOf(template, 'anomaly').Properties;
      expect(anomaly).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 1024,
        ReservedConcurrentExecutions: 1,
        Timeout: 300,
      });
      const alerts = onlyResource(template, 'AWS::SNS::Topic', {
        Properties: { DisplayName: 'GenAI FinOps alerts' },
      });
      expect((anomaly.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        GENAI_FINOPS_ALERTS_TOPIC_ARN: { Ref: alerts.id },
        POWERTOOLS_SERVICE_NAME: 'genai-finops-anomaly',
        POWERTOOLS_METRICS_NAMESPACE: 'GenAiFinOps',
      });
    });

    it('runs the report on Node.js 24, arm64, 1 GB, 10 minutes, knowing the reports topic', () => {
      const report = functionOf(template, 'report').Properties;
      expect(report).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 1024,
        Timeout: 600,
      });
      expect(report).not.toHaveProperty('ReservedConcurrentExecutions');
      expect((report.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        GENAI_FINOPS_REPORTS_TOPIC_ARN: { Ref: logicalIdOf(stack.pipeline.reportsTopic) },
        POWERTOOLS_SERVICE_NAME: 'genai-finops-report',
      });
    });

    it('schedules Cost Explorer daily and GPU metrics hourly, each with the scheduled time', () => {
      for (const [kind, expression] of [
        ['cost', 'cron(0 7 * * ? *)'],
        ['gpu', 'rate(1 hour)'],
      ] as const) {
        template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: expression,
          State: 'ENABLED',
          Target: Match.objectLike({
            Arn: { 'Fn::GetAtt': [functionOf(template, kind).id, 'Arn'] },
            Input: JSON.stringify({ time: '<aws.scheduler.scheduled-time>' }),
          }),
        });
      }
    });

    it('runs the Cost Explorer and GPU functions on Node.js 24, arm64, 512 MB, 5 minutes', () => {
      for (const kind of ['cost', 'gpu'] as const) {
        expect(functionOf(template, kind).Properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          MemorySize: 512,
          Timeout: 300,
        });
      }
    });

    it('grants Cost Explorer only GetCostAndUsage and GetDimensionValues, its own table and kept discovery', () => {
      const statements = statementsOf(template, 'cost');
      expect(statements.find((s) => s.Sid === 'ReadCostExplorer')).toMatchObject({
        Action: ['ce:GetCostAndUsage', 'ce:GetDimensionValues'],
        Resource: '*',
      });
      const rw = statements.find((s) => s.Sid === 'ReadWriteCostDaily');
      expect(
        [rw?.Resource]
          .flat()
          .map((r) => evaluate(r, bindings))
          .sort(),
      ).toEqual([
        `arn:aws:s3:::${DATA}/curated/_state/cost-explorer/selection.json`,
        `arn:aws:s3:::${DATA}/curated/_state/leases/cost_daily/*`,
        `arn:aws:s3:::${DATA}/curated/cost_daily/*`,
      ]);
    });

    it('grants the GPU ingest the CloudWatch, EC2 and SageMaker reads it makes, its own table and kept memory totals', () => {
      const statements = statementsOf(template, 'gpu');
      const actions = (sid: string) => statements.find((s) => s.Sid === sid)?.Action;
      expect(actions('ReadGpuMetrics')).toEqual(['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics']);
      expect(actions('DescribeGpuInstances')).toBe('ec2:DescribeInstances');
      expect(actions('DescribeSageMakerEndpoints')).toEqual([
        'sagemaker:DescribeEndpoint',
        'sagemaker:DescribeEndpointConfig',
        'sagemaker:ListTags',
      ]);
      const rw = statements.find((s) => s.Sid === 'ReadWriteGpuHourly');
      expect(
        [rw?.Resource]
          .flat()
          .map((r) => evaluate(r, bindings))
          .sort(),
      ).toEqual([
        `arn:aws:s3:::${DATA}/curated/_state/gpu/memory-totals.json`,
        `arn:aws:s3:::${DATA}/curated/_state/leases/gpu_hourly/*`,
        `arn:aws:s3:::${DATA}/curated/gpu_hourly/*`,
      ]);
    });

    it('schedules the ingest function with EventBridge Scheduler, passing the scheduled time', () => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(15 minutes)',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [ingestFunction(template).id, 'Arn'] },
          Input: JSON.stringify({ time: '<aws.scheduler.scheduled-time>' }),
        }),
      });
    });

    it('runs the ingest on Node.js 24, arm64, 1 GB, 15 minutes, one run at a time', () => {
      const fn = ingestFunction(template).Properties;
      expect(fn).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 1024,
        ReservedConcurrentExecutions: 1,
        Timeout: 900,
      });
      expect((fn.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'genai-finops-ingest',
        POWERTOOLS_METRICS_NAMESPACE: 'GenAiFinOps',
        NODE_OPTIONS: '--enable-source-maps',
      });
    });

    it('gives the function only the name of its configuration parameter', () => {
      const env = (ingestFunction(template).Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(Object.keys(env).sort()).toEqual([
        CONFIG_PARAMETER_ENV,
        'NODE_OPTIONS',
        'POWERTOOLS_METRICS_NAMESPACE',
        'POWERTOOLS_SERVICE_NAME',
      ]);
      template.hasResourceProperties('AWS::SSM::Parameter', { Type: 'String', Tier: 'Standard' });
    });

    it('logs each function to its own log group kept for 30 days', () => {
      const groups = template.findResources('AWS::Logs::LogGroup');
      const used = Object.values(template.findResources('AWS::Lambda::Function')).map(
        (fn) => (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref,
      );
      expect(new Set(used).size).toBe(used.length);
      expect(used.sort()).toEqual(Object.keys(groups).sort());
      for (const group of Object.values(groups)) expect(group.Properties.RetentionInDays).toBe(30);
    });

    it('passes a configuration that validates, with source and store pointing at the buckets', () => {
      const config = parseConfig(deployedConfig(stack, template));
      expect(config.ingest.source).toBe(`s3://${LOGS}`);
      expect(config.ingest.store).toBe(`s3://${DATA}/curated`);
      expect(config.ingest.lookbackHours).toBe(2);
      expect(config.athena).toEqual({
        workgroup: 'genai-finops',
        database: 'genai_finops',
        catalog: 'AwsDataCatalog',
      });
    });

    it('creates the Glue database named in the configuration', () => {
      template.hasResourceProperties('AWS::Glue::Database', {
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseInput: Match.objectLike({ Name: 'genai_finops' }),
      });
    });

    it('registers bedrock_invocations as Parquet with dt date projection and a literal dt placeholder in the location template', () => {
      const table = onlyResource(template, 'AWS::Glue::Table', {
        Properties: { TableInput: Match.objectLike({ Name: 'bedrock_invocations' }) },
      });
      const input = table.Properties.TableInput as Record<string, Record<string, unknown>>;
      expect(table.Properties.DatabaseName).toBe('genai_finops');
      expect(input.Parameters).toMatchObject({
        classification: 'parquet',
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd',
        'projection.dt.range': PROJECTION_RANGE,
        'projection.dt.interval': '1',
        'projection.dt.interval.unit': 'DAYS',
      });
      const template_ = evaluate(input.Parameters?.['storage.location.template'], bindings);
      expect(template_).toBe(`s3://${DATA}/curated/bedrock_invocations/dt=\${dt}/`);
      expect(input.PartitionKeys).toEqual([expect.objectContaining({ Name: 'dt', Type: 'string' })]);
      const sd = input.StorageDescriptor as Record<string, unknown>;
      expect(evaluate(sd.Location, bindings)).toBe(`s3://${DATA}/curated/bedrock_invocations/`);
      expect(sd).toMatchObject({
        InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
      });
      // Fn::Sub would treat ${dt} as a CloudFormation variable and fail the deployment.
      expect(JSON.stringify(table.Properties)).not.toContain('Fn::Sub');
    });

    it('lists the columns in contract order with their descriptions', () => {
      for (const def of curatedTables) {
        const table = onlyResource(template, 'AWS::Glue::Table', {
          Properties: { TableInput: Match.objectLike({ Name: def.name }) },
        });
        const sd = (table.Properties.TableInput as { StorageDescriptor: { Columns: unknown[] } })
          .StorageDescriptor;
        expect(sd.Columns).toEqual(
          def.columns.map((c) => ({ Name: c.name, Type: c.type, Comment: c.description })),
        );
      }
    });

    it('creates the Athena workgroup on engine v3 with enforced settings and a scan cutoff', () => {
      const wg = onlyResource(template, 'AWS::Athena::WorkGroup').Properties;
      expect(wg).toMatchObject({
        Name: 'genai-finops',
        RecursiveDeleteOption: true,
        WorkGroupConfiguration: {
          EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          BytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF_PER_QUERY,
          ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
        },
      });
      expect(BYTES_SCANNED_CUTOFF_PER_QUERY).toBe(10_000_000_000);
      const results = (wg.WorkGroupConfiguration as { ResultConfiguration: { OutputLocation: unknown } })
        .ResultConfiguration.OutputLocation;
      expect(evaluate(results, bindings)).toBe(`s3://${DATA}/athena-results/`);
    });

    it('keeps the data bucket private, encrypted, versioned and retained, with lifecycle rules for results and staging', () => {
      const data = template.toJSON().Resources[logicalIdOf(stack.pipeline.dataBucket)];
      expect(data.DeletionPolicy).toBe('Retain');
      expect(data.Properties).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: expect.objectContaining({ DestinationBucketName: expect.anything() }),
      });
      const rules = data.Properties.LifecycleConfiguration.Rules;
      expect(rules).toContainEqual(
        expect.objectContaining({
          Prefix: 'athena-results/',
          ExpirationInDays: 30,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          Status: 'Enabled',
        }),
      );
      expect(rules).toContainEqual(
        expect.objectContaining({
          Prefix: 'curated/_stage/',
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          Status: 'Enabled',
        }),
      );
      // Staging is durable (late arrivals recompact from it): only old versions expire, never the current one.
      const staging = rules.find((r: { Prefix?: string }) => r.Prefix === 'curated/_stage/');
      expect(staging).not.toHaveProperty('ExpirationInDays');
      expect(rules).toContainEqual(
        expect.objectContaining({ Prefix: 'curated/', NoncurrentVersionExpiration: { NoncurrentDays: 7 } }),
      );
      expect(rules).toContainEqual(
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }),
      );
    });

    it('registers every curated table with date partition projection on dt and its contract columns', () => {
      for (const def of curatedTables) {
        const input = onlyResource(template, 'AWS::Glue::Table', {
          Properties: { TableInput: Match.objectLike({ Name: def.name }) },
        }).Properties.TableInput as {
          Parameters: Record<string, unknown>;
          PartitionKeys: unknown[];
          StorageDescriptor: { Columns: { Name: string; Type: string }[] };
        };
        expect({ table: def.name, ...input.Parameters }).toMatchObject({
          table: def.name,
          'projection.enabled': 'true',
          [`projection.${def.partitionKey}.type`]: 'date',
          [`projection.${def.partitionKey}.format`]: 'yyyy-MM-dd',
          [`projection.${def.partitionKey}.range`]: PROJECTION_RANGE,
        });
        expect(evaluate(input.Parameters['storage.location.template'], bindings)).toBe(
          `s3://${DATA}/curated/${def.name}/${def.partitionKey}=\${${def.partitionKey}}/`,
        );
        expect(input.PartitionKeys).toEqual([
          expect.objectContaining({ Name: def.partitionKey, Type: 'string' }),
        ]);
        expect(input.StorageDescriptor.Columns.map((c) => [c.Name, c.Type])).toEqual(
          def.columns.map((c) => [c.name, c.type]),
        );
      }
    });

    it('denies non-TLS access to every bucket', () => {
      const policies = template.findResources('AWS::S3::BucketPolicy');
      expect(Object.keys(policies)).toHaveLength(3);
      for (const policy of Object.values(policies)) {
        expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        );
      }
    });

    it('lets Amazon Bedrock write invocation logs to the created logs bucket, for this account only', () => {
      const logsId = logicalIdOf(stack.pipeline.bedrockLogsBucket);
      const policy = onlyResource(template, 'AWS::S3::BucketPolicy', {
        Properties: { Bucket: { Ref: logsId } },
      });
      const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      const bedrock = statements.find((s) => JSON.stringify(s.Principal).includes('bedrock.amazonaws.com'));
      expect(bedrock).toMatchObject({
        Effect: 'Allow',
        Action: 's3:PutObject',
        Principal: { Service: 'bedrock.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        },
      });
      expect(evaluate(bedrock?.Resource, bindings)).toBe(
        `arn:aws:s3:::${LOGS}/AWSLogs/111122223333/BedrockModelInvocationLogs/*`,
      );
      expect(evaluate(bedrock?.Condition?.ArnLike?.['aws:SourceArn'], bindings)).toBe(
        'arn:aws:bedrock:us-east-1:111122223333:*',
      );
      template.hasOutput('*', {
        Value: { Ref: logsId },
        Description: Match.stringLikeRegexp('model invocation logging'),
      });
    });

    it('grants the ingest read on the logs, read/write/delete on curated/ only, and GetInferenceProfile', () => {
      const res = (sid: string) =>
        [statement(template, sid).Resource].flat().map((r) => evaluate(r, bindings));
      expect(statement(template, 'ReadBedrockLogs').Action).toBe('s3:GetObject');
      expect(res('ReadBedrockLogs')).toEqual([`arn:aws:s3:::${LOGS}/*`]);
      expect(res('ReadWriteCuratedLake')).toEqual([`arn:aws:s3:::${DATA}/curated/*`]);
      expect(statement(template, 'ReadWriteCuratedLake').Action).toEqual([
        's3:AbortMultipartUpload',
        's3:DeleteObject',
        's3:GetObject',
        's3:PutObject',
      ]);
      expect(statement(template, 'ListCuratedLake').Condition).toEqual({
        StringLike: { 's3:prefix': 'curated/*' },
      });
      expect(res('ResolveApplicationInferenceProfiles')).toEqual([
        'arn:aws:bedrock:*:111122223333:application-inference-profile/*',
      ]);
      for (const s of ingestStatements(template)) {
        expect([s.Action].flat().some((a) => a.endsWith(':*') || a === '*')).toBe(false);
        expect(s.Resource).not.toBe('*');
      }
    });

    it('has no unacknowledged cdk-nag AwsSolutions findings', () => {
      expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    });
  });

  describe('configuration', () => {
    it('uses the configured schedule, database and workgroup names', () => {
      const { template } = synthStack({
        config: {
          ingest: { schedule: 'cron(5 * * * ? *)' },
          athena: { database: 'finops_lake', workgroup: 'finops' },
        },
      });
      template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(5 * * * ? *)' });
      template.hasResourceProperties('AWS::Glue::Database', {
        DatabaseInput: Match.objectLike({ Name: 'finops_lake' }),
      });
      template.hasResourceProperties('AWS::Glue::Table', { DatabaseName: 'finops_lake' });
      template.hasResourceProperties('AWS::Athena::WorkGroup', { Name: 'finops' });
    });

    it('fails synth naming the key of an invalid value', () => {
      const synth = () => synthStack({ config: { ingest: { lookbackHours: -1 } } });
      expect(synth).toThrow(InvalidConfigError);
      expect(synth).toThrow(/ingest\.lookbackHours/);
    });

    it('stores a configuration larger than 4 KB in an Advanced parameter', () => {
      // 40 identities (~3.7 KB) on top of the defaults (~2.6 KB): over 4 KB, with room below 8 KB as keys are added.
      const { template } = synthStack({ config: { attribution: { identities: identities(40) } } });
      template.hasResourceProperties('AWS::SSM::Parameter', { Tier: 'Advanced' });
    });

    it('fails synth naming the keys to shorten when the configuration exceeds 8 KB', () => {
      expect(() => synthStack({ config: { attribution: { identities: identities(160) } } })).toThrow(
        /at most 8192.*attribution\.identities/,
      );
    });

    it('overrides a local store with the data bucket and ignores a local source', () => {
      const { stack, template } = synthStack({ config: { ingest: { source: './logs', store: './lake' } } });
      const config = parseConfig(deployedConfig(stack, template));
      expect(config.ingest.source).toBe(`s3://${LOGS}`);
      expect(config.ingest.store).toBe(`s3://${DATA}/curated`);
    });
  });

  describe('with ingest.source naming an existing bucket', () => {
    const { stack, template } = synthStack({ config: { ingest: { source: 's3://existing-logs/bedrock/' } } });

    it('imports that bucket instead of creating a logs bucket', () => {
      template.resourceCountIs('AWS::S3::Bucket', 2);
      const policies = JSON.stringify(template.findResources('AWS::S3::BucketPolicy'));
      expect(policies).not.toContain('bedrock.amazonaws.com');
      expect(
        Object.keys(template.findOutputs('*')).filter((k) => k.includes('BedrockLogsBucketName')),
      ).toEqual([]);
      expect(JSON.stringify(template.toJSON().Outputs)).not.toContain('model invocation logging');
    });

    it('passes the source prefix to the function', () => {
      const config = parseConfig(deployedConfig(stack, template));
      expect(config.ingest.source).toBe('s3://existing-logs/bedrock');
    });

    it('scopes reading and listing to the bedrock/ prefix', () => {
      const bindings = bindingsOf(stack);
      const read = statement(template, 'ReadBedrockLogs');
      expect(evaluate(read.Resource, bindings)).toBe('arn:aws:s3:::existing-logs/bedrock/*');
      const list = statement(template, 'ListBedrockLogs');
      expect(list.Action).toBe('s3:ListBucket');
      expect(evaluate(list.Resource, bindings)).toBe('arn:aws:s3:::existing-logs');
      expect(list.Condition).toEqual({ StringLike: { 's3:prefix': 'bedrock/*' } });
    });

    it('has no unacknowledged cdk-nag AwsSolutions findings', () => {
      expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    });

    it('grants KMS use only to the functions that publish to the encrypted topics, for that topic key only', () => {
      // No logs key is configured: the only key any function may use is the alerts and reports topics' key.
      const key = onlyResource(template, 'AWS::KMS::Key', {
        Properties: { Description: 'GenAI FinOps topics (operations, alerts, reports)' },
      });
      for (const name of ['GenAI FinOps alerts', 'GenAI FinOps reports']) {
        template.hasResourceProperties('AWS::SNS::Topic', {
          DisplayName: name,
          KmsMasterKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] },
        });
      }
      const roleOf = (kind: FunctionKind) =>
        (functionOf(template, kind).Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const kmsByRole = new Map<string, Statement[]>();
      for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
        const kms = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter((s) =>
          [s.Action].flat().some((a) => a.startsWith('kms:') || a === '*'),
        );
        if (kms.length === 0) continue;
        for (const role of policy.Properties.Roles as { Ref: string }[]) {
          kmsByRole.set(role.Ref, [...(kmsByRole.get(role.Ref) ?? []), ...kms]);
        }
      }
      expect([...kmsByRole.keys()].sort()).toEqual(
        [roleOf('anomaly'), roleOf('report'), roleOf('events')].sort(),
      );
      for (const statements of kmsByRole.values()) {
        expect(statements).toEqual([
          expect.objectContaining({
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: { 'Fn::GetAtt': [key.id, 'Arn'] },
          }),
        ]);
      }
    });
  });

  describe('with ingest.reservedConcurrency null', () => {
    const { template } = synthStack({ config: { ingest: { reservedConcurrency: null } } });

    it('reserves no concurrency (accounts limited to 10)', () => {
      expect(ingestFunction(template).Properties).not.toHaveProperty('ReservedConcurrentExecutions');
    });
  });

  describe('with an SSE-KMS logs bucket', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { template } = synthStack({
      config: { ingest: { source: 's3://existing-logs/bedrock', sourceKmsKeyArn: key } },
    });

    it('lets the ingest decrypt with that key only', () => {
      const decrypt = statement(template, 'DecryptBedrockLogs');
      expect(decrypt.Action).toBe('kms:Decrypt');
      expect(decrypt.Resource).toBe(key);
    });
  });

  describe('with given buckets', () => {
    const { stack, template } = synthStack((shared) => ({
      config: {},
      dataBucket: s3.Bucket.fromBucketName(shared, 'Data', 'my-lake'),
      bedrockLogsBucket: s3.Bucket.fromBucketName(shared, 'Logs', 'my-bedrock-logs'),
    }));

    it('creates no bucket at all', () => {
      template.resourceCountIs('AWS::S3::Bucket', 0);
      template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    });

    it('points the function, the tables and the workgroup at them', () => {
      const config = parseConfig(deployedConfig(stack, template));
      expect(config.ingest.source).toBe('s3://my-bedrock-logs');
      expect(config.ingest.store).toBe('s3://my-lake/curated');
      const wg = onlyResource(template, 'AWS::Athena::WorkGroup').Properties as {
        WorkGroupConfiguration: { ResultConfiguration: { OutputLocation: unknown } };
      };
      expect(evaluate(wg.WorkGroupConfiguration.ResultConfiguration.OutputLocation, { refs: {} })).toBe(
        's3://my-lake/athena-results/',
      );
      const read = statement(template, 'ReadBedrockLogs');
      expect(evaluate(read.Resource, { refs: {} })).toBe('arn:aws:s3:::my-bedrock-logs/*');
      expect(statement(template, 'ListBedrockLogs')).not.toHaveProperty('Condition');
    });

    it('has no unacknowledged cdk-nag AwsSolutions findings', () => {
      expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    });
  });

  describe('with a data bucket created in another stack', () => {
    const { stack, template } = synthStack((shared) => ({
      config: {},
      dataBucket: new s3.Bucket(shared, 'Lake', { enforceSSL: true, serverAccessLogsPrefix: 'access/' }),
    }));

    it('creates only the Bedrock logs and access-log buckets', () => {
      template.resourceCountIs('AWS::S3::Bucket', 2);
    });

    it('has no unacknowledged cdk-nag AwsSolutions findings once cross-stack references are resolved', () => {
      expect(JSON.stringify(template.toJSON())).toMatch(/Fn::GetStackOutput|Fn::ImportValue/);
      expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    });
  });
});
