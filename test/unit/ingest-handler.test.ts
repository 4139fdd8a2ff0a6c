import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_CONTINUATIONS } from '../../functions/ingest/continuation';
import { createIngestHandler, type IngestHandlerDeps } from '../../functions/ingest/handler';
import { CONFIG_PARAMETER_ENV, loadConfigParameter } from '../../functions/shared/config-parameter';
import type { IngestSummary } from '../../shared/bedrock';
import type { IngestRequest } from '../../shared/bedrock/ingest';
import { ConfigNotFoundError, InvalidConfigError, parseConfig } from '../../shared/config';
import { fixedClock } from '../../shared/ports';

const s3 = mockClient(S3Client);
const lambda = mockClient(LambdaClient);
const ssm = mockClient(SSMClient);

const config = parseConfig({
  ingest: { source: 's3://bedrock-logs/logs', store: 's3://finops-lake/curated', lookbackHours: 1 },
});

/** What the Lambda runtime passes, with a fixed amount of time left. */
function lambdaContext(remainingMs = 600_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'GenAiFinOps-PipelineIngestFunction-a1B2c3D4',
    functionVersion: '$LATEST',
    invokedFunctionArn:
      'arn:aws:lambda:us-east-1:111122223333:function:GenAiFinOps-PipelineIngestFunction-a1B2c3D4',
    memoryLimitInMB: '1024',
    awsRequestId: '3f1c9a52-6d0e-4b7a-9c1d-2e8f5a7b6c40',
    logGroupName: '/aws/lambda/GenAiFinOps-PipelineIngestFunction-a1B2c3D4',
    logStreamName: '2026/03/02/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A summary as the core returns it, for the window it was asked for. */
function summaryFor(request: IngestRequest, overrides: Partial<IngestSummary>): IngestSummary {
  const zero = {
    listRequests: 0,
    getRequests: 0,
    putRequests: 0,
    deleteRequests: 0,
    bytesRead: 0,
    bytesWritten: 0,
  };
  return {
    source: 's3://bedrock-logs/logs',
    store: 's3://finops-lake/curated',
    window: request.window
      ? { from: request.window.from.toISOString(), to: request.window.to.toISOString() }
      : null,
    unitsSeen: 3,
    unitsRead: 2,
    unitsUnchanged: 0,
    unitsFailed: [],
    filesRead: 40,
    filesSkipped: {},
    bytesRead: 123_456,
    bytesDecompressed: 987_654,
    linesRead: 900,
    recordsRead: 900,
    recordsWithoutTokens: 0,
    recordsWritten: 900,
    duplicatesDropped: 0,
    linesRejected: 0,
    rejectReasons: {},
    rejectSamples: [],
    damagedObjects: [],
    partitions: ['2026-03-02'],
    requests: { source: zero, store: zero } as IngestSummary['requests'],
    complete: true,
    seconds: 1.5,
    ...overrides,
    // The core may add counters; the handler passes them through untouched.
  } as IngestSummary;
}

function setup(result: Partial<IngestSummary> | 'real') {
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
  const requests: IngestRequest[] = [];
  const deps: IngestHandlerDeps = {
    config,
    s3: new S3Client({ region: 'us-east-1' }),
    lambda: new LambdaClient({ region: 'us-east-1' }),
    resolver: { resolveApplicationProfile: async () => undefined },
    clock: fixedClock('2026-03-02T10:20:00Z'),
    logger,
    metrics,
    ...(result === 'real'
      ? {}
      : {
          ingest: async (_deps, request) => {
            requests.push(request);
            return summaryFor(request, result);
          },
        }),
  };
  const spies = {
    info: vi.spyOn(logger, 'info'),
    warn: vi.spyOn(logger, 'warn'),
    error: vi.spyOn(logger, 'error'),
    addContext: vi.spyOn(logger, 'addContext'),
    coldStart: vi.spyOn(metrics, 'captureColdStartMetric'),
    publish: vi.spyOn(metrics, 'publishStoredMetrics').mockReturnThis(),
  };
  return { handler: createIngestHandler(deps), requests, spies };
}

function invokedEvents(): Record<string, unknown>[] {
  return lambda
    .commandCalls(InvokeCommand)
    .map((c) => JSON.parse(new TextDecoder().decode(c.args[0].input.Payload as Uint8Array)));
}

beforeEach(() => {
  s3.reset();
  lambda.reset();
  ssm.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202, $metadata: { httpStatusCode: 202 } });
});

describe('createIngestHandler', () => {
  it('runs the real core over an empty source: complete, no continuation, metrics published', async () => {
    s3.on(ListObjectsV2Command).resolves({
      $metadata: { httpStatusCode: 200 },
      IsTruncated: false,
      KeyCount: 0,
      MaxKeys: 1000,
      Name: 'bedrock-logs',
      Prefix: 'logs/',
    });
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }),
    );
    s3.on(PutObjectCommand).resolves({
      $metadata: { httpStatusCode: 200 },
      ETag: '"9b2cf535f27731c974343645a3985328"',
    });
    const { handler, spies } = setup('real');
    const summary = await handler({ time: '2026-03-02T10:05:00Z' }, lambdaContext());
    expect(summary.complete).toBe(true);
    expect(summary.window).toEqual({ from: '2026-03-02T09:00:00.000Z', to: '2026-03-02T11:00:00.000Z' });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(spies.publish).toHaveBeenCalledTimes(1);
  });

  it('adds the Lambda context to the logger, publishes no cold-start metric and logs one summary line', async () => {
    const { handler, spies } = setup({});
    const context = lambdaContext();
    await handler({ time: '2026-03-02T10:05:00Z' }, context);
    expect(spies.addContext).toHaveBeenCalledWith(context);
    expect(spies.coldStart).not.toHaveBeenCalled();
    expect(spies.info).toHaveBeenCalledTimes(1);
    expect(spies.info).toHaveBeenCalledWith(
      'ingest bedrock-logs finished',
      expect.objectContaining({ summary: expect.objectContaining({ recordsRead: 900 }) }),
    );
  });

  describe('a run that stops before the timeout (complete: false)', () => {
    it('invokes its own function once, asynchronously, with the same window and the counter raised', async () => {
      const { handler, requests, spies } = setup({ complete: false });
      const context = lambdaContext();
      const summary = await handler({ time: '2026-03-02T10:05:00Z', force: true }, context);
      const calls = lambda.commandCalls(InvokeCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.args[0].input).toMatchObject({
        FunctionName: context.functionName,
        InvocationType: 'Event',
      });
      expect(invokedEvents()).toEqual([
        { time: '2026-03-02T10:05:00Z', window: summary.window, continuation: 1 },
      ]);
      expect(requests[0]?.force).toBe(true);
      expect(spies.info).toHaveBeenCalledWith(
        expect.stringMatching(/continuing \(1 of at most 20\)/),
        expect.objectContaining({ continuation: { continued: true, continuation: 1 } }),
      );
    });

    it('continues a continuation over exactly the pinned window, even after the clock moved on', async () => {
      const { handler, requests } = setup({ complete: false });
      const window = { from: '2026-03-02T09:00:00.000Z', to: '2026-03-02T11:00:00.000Z' };
      await handler({ window, continuation: 3 }, lambdaContext());
      expect(requests[0]?.window).toEqual({ from: new Date(window.from), to: new Date(window.to) });
      expect(invokedEvents()).toEqual([{ window, continuation: 4 }]);
    });

    it(`stops continuing after ${MAX_CONTINUATIONS} continuations and logs it as an error`, async () => {
      const { handler, spies } = setup({ complete: false });
      const window = { from: '2026-03-02T09:00:00.000Z', to: '2026-03-02T11:00:00.000Z' };
      await handler({ window, continuation: MAX_CONTINUATIONS }, lambdaContext());
      expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
      expect(spies.error).toHaveBeenCalledWith(
        expect.stringMatching(/did not continue: limit reached/),
        expect.anything(),
      );
    });

    it('reports an invoke that fails instead of losing the summary', async () => {
      lambda.on(InvokeCommand).rejects(new Error('Rate exceeded'));
      const { handler, spies } = setup({ complete: false });
      await expect(handler({ time: '2026-03-02T10:05:00Z' }, lambdaContext())).resolves.toMatchObject({
        complete: false,
      });
      expect(spies.error).toHaveBeenCalledWith(
        expect.stringMatching(/invoke failed: Rate exceeded/),
        expect.anything(),
      );
    });
  });

  it('does not continue a complete run', async () => {
    const { handler } = setup({ complete: true });
    await handler({ time: '2026-03-02T10:05:00Z' }, lambdaContext());
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('fails a run with unreadable folders, without continuing it, and still publishes its metrics', async () => {
    const { handler, spies } = setup({
      complete: false,
      unitsFailed: [
        {
          folder: 'AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/03/02/10',
          error: 'AccessDenied',
        },
      ],
    });
    await expect(handler({ time: '2026-03-02T10:05:00Z' }, lambdaContext())).rejects.toThrow(
      /1 source folder\(s\) could not be read/,
    );
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(spies.publish).toHaveBeenCalledTimes(1);
  });

  it('publishes the metrics when the core itself throws', async () => {
    const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
    const publish = vi.spyOn(metrics, 'publishStoredMetrics').mockReturnThis();
    const handler = createIngestHandler({
      config,
      s3: new S3Client({ region: 'us-east-1' }),
      resolver: { resolveApplicationProfile: async () => undefined },
      clock: fixedClock('2026-03-02T10:20:00Z'),
      logger,
      metrics,
      ingest: async () => {
        throw new Error('lease lost');
      },
    });
    await expect(handler({}, lambdaContext())).rejects.toThrow('lease lost');
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('refuses a configuration without ingest.source and ingest.store', () => {
    expect(() => createIngestHandler(depsWithout())).toThrow(InvalidConfigError);
  });
});

function depsWithout(): IngestHandlerDeps {
  return {
    config: parseConfig({}),
    s3: new S3Client({ region: 'us-east-1' }),
    resolver: { resolveApplicationProfile: async () => undefined },
    clock: fixedClock('2026-03-02T10:20:00Z'),
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test' }),
  };
}

describe('loadConfigParameter', () => {
  const name = '/genai-finops/config';
  const parameter = (value: string) => ({
    $metadata: { httpStatusCode: 200 },
    Parameter: {
      Name: name,
      Type: 'String' as const,
      Value: value,
      Version: 3,
      LastModifiedDate: new Date('2026-03-01T08:00:00Z'),
      ARN: `arn:aws:ssm:us-east-1:111122223333:parameter${name}`,
      DataType: 'text',
    },
  });

  it('reads and validates the configuration the stack wrote', async () => {
    ssm.on(GetParameterCommand, { Name: name }).resolves(parameter(JSON.stringify(config)));
    const loaded = await loadConfigParameter(new SSMClient({ region: 'us-east-1' }), name);
    expect(loaded.ingest.store).toBe('s3://finops-lake/curated');
  });

  it('fails naming the bad key and the parameter', async () => {
    ssm.on(GetParameterCommand).resolves(parameter('{"ingest":{"lookbackHours":-1}}'));
    await expect(loadConfigParameter(new SSMClient({ region: 'us-east-1' }), name)).rejects.toThrow(
      /ingest\.lookbackHours: .*SSM parameter \/genai-finops\/config/,
    );
  });

  it('fails naming the environment variable when it is not set, and the parameter when it does not exist', async () => {
    const client = new SSMClient({ region: 'us-east-1' });
    await expect(loadConfigParameter(client, undefined)).rejects.toThrow(CONFIG_PARAMETER_ENV);
    ssm
      .on(GetParameterCommand)
      .rejects(new ParameterNotFound({ message: '', $metadata: { httpStatusCode: 400 } }));
    await expect(loadConfigParameter(client, name)).rejects.toThrow(ConfigNotFoundError);
    await expect(loadConfigParameter(client, name)).rejects.toThrow(/SSM parameter \/genai-finops\/config/);
  });
});
