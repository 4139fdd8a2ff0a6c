import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { functionOf, onlyResource, synthStack } from './synth';

interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  Retry?: { ErrorEquals: string[]; MaxAttempts: number; BackoffRate: number; IntervalSeconds: number }[];
  ItemReader?: {
    Resource: string;
    ReaderConfig: Record<string, unknown>;
    Parameters: Record<string, unknown>;
  };
  ItemProcessor?: {
    ProcessorConfig: Record<string, unknown>;
    StartAt: string;
    States: Record<string, State>;
  };
  ItemSelector?: Record<string, unknown>;
  ItemsPath?: string;
  MaxConcurrency?: number;
  ToleratedFailureCount?: number;
}

/** The state machine's definition, with every intrinsic replaced by `<logical id>` (or `<pseudo>`). */
function definitionOf(props: Record<string, unknown>): { StartAt: string; States: Record<string, State> } {
  const [, parts] = (props.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const text = parts
    .map((p) => {
      if (typeof p === 'string') return p;
      const o = p as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      return `<${o.Ref ?? o['Fn::GetAtt']?.[0]}>`;
    })
    .join('');
  return JSON.parse(text) as { StartAt: string; States: Record<string, State> };
}

/** The states in the order the run goes through them. */
function path(definition: { StartAt: string; States: Record<string, State> }): string[] {
  const out: string[] = [];
  for (let at: string | undefined = definition.StartAt; at !== undefined; at = definition.States[at]?.Next)
    out.push(at);
  return out;
}

describe('the fanned-out ingest (ingest.fanOut.enabled)', () => {
  const { stack, template } = synthStack({
    config: { ingest: { fanOut: { enabled: true, maxConcurrency: 25, compactConcurrency: 4 } } },
  });
  const machine = onlyResource(template, 'AWS::StepFunctions::StateMachine');
  const definition = definitionOf(machine.Properties);
  const ingest = functionOf(template, 'bedrock');
  const anomaly = functionOf(template, 'anomaly');

  it('is a Standard state machine: plan, stage pieces, changed days, rebuild days, commit, detect', () => {
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(path(definition)).toEqual([
      'Plan',
      'StagePieces',
      'ChangedDays',
      'CompactDays',
      'Commit',
      'Detect',
    ]);
    expect(definition.States.Detect?.End).toBe(true);
    for (const [name, action] of [
      ['Plan', 'plan'],
      ['ChangedDays', 'days'],
      ['Commit', 'commit'],
    ] as const) {
      expect(definition.States[name]?.Parameters).toMatchObject({
        FunctionName: `<${ingest.id}>`,
        Payload: { action, 'runId.$': '$$.Execution.Name' },
      });
    }
    expect(definition.States.Plan?.Parameters).toMatchObject({ Payload: { 'request.$': '$' } });
  });

  it('stages the pieces in a Distributed Map reading the plan from S3, 25 at once, no failure tolerated', () => {
    const map = definition.States.StagePieces as State;
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor?.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.MaxConcurrency).toBe(25);
    expect(map.ToleratedFailureCount).toBe(0);
    expect(map.ItemReader).toEqual({
      Resource: 'arn:<AWS::Partition>:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSON' },
      Parameters: { 'Bucket.$': '$.plan.itemsBucket', 'Key.$': '$.plan.itemsKey' },
    });
    const stage = map.ItemProcessor?.States.StagePiece as State;
    expect(stage.Parameters).toMatchObject({
      FunctionName: `<${ingest.id}>`,
      Payload: { action: 'stage', 'runId.$': '$.runId', 'piece.$': '$.piece' },
    });
  });

  it('retries every step with backoff: throttles and Lambda errors, then any failure', () => {
    const steps = [
      definition.States.Plan,
      definition.States.StagePieces?.ItemProcessor?.States.StagePiece,
      definition.States.ChangedDays,
      definition.States.CompactDays?.ItemProcessor?.States.CompactDay,
      definition.States.Commit,
    ];
    for (const s of steps) {
      const [transient, any] = s?.Retry ?? [];
      expect(transient?.ErrorEquals).toContain('Lambda.TooManyRequestsException');
      expect(transient?.BackoffRate).toBeGreaterThan(1);
      expect(any?.ErrorEquals).toEqual(['States.ALL']);
      expect(any?.MaxAttempts).toBeGreaterThanOrEqual(1);
      expect(any?.BackoffRate).toBeGreaterThan(1);
    }
  });

  it('rebuilds the changed days in an inline Map, 4 at once', () => {
    const map = definition.States.CompactDays as State;
    expect(map.ItemProcessor?.ProcessorConfig).toEqual({ Mode: 'INLINE' });
    expect(map.ItemsPath).toBe('$.changed.days');
    expect(map.MaxConcurrency).toBe(4);
    expect(map.ItemProcessor?.States.CompactDay?.Parameters).toMatchObject({
      Payload: { action: 'day', 'dt.$': '$.dt' },
    });
  });

  it('rebuilds a large day as shuffle steps, then merge steps, then its finish; a day re-staged meanwhile is planned again', () => {
    const states = (definition.States.CompactDays as State).ItemProcessor?.States ?? {};
    const choice = states.LargeDay as unknown as {
      Choices: { Variable: string; IsPresent: boolean; Next: string }[];
      Default: string;
    };
    expect(states.CompactDay?.Next).toBe('LargeDay');
    expect(choice.Choices[0]).toMatchObject({
      Variable: '$.build.mergeSteps[0]',
      IsPresent: true,
      Next: 'ShuffleDay',
    });
    expect(choice.Default).toBe('DayDone');
    const shuffle = states.ShuffleDay as State & { Next?: string };
    const merge = states.MergeDay as State & { Next?: string };
    expect(shuffle.ItemsPath).toBe('$.build.shuffleSteps');
    expect(shuffle.ItemProcessor?.States.ShuffleDayStep?.Parameters).toMatchObject({
      Payload: { action: 'shuffle', 'step.$': '$.step' },
    });
    expect(shuffle.Next).toBe('MergeDay');
    expect(merge.ItemsPath).toBe('$.build.mergeSteps');
    expect(merge.ItemProcessor?.States.MergeDayStep?.Parameters).toMatchObject({
      Payload: { action: 'merge', 'step.$': '$.step' },
    });
    expect(merge.Next).toBe('FinishDay');
    const finish = states.FinishDay as unknown as {
      Parameters: unknown;
      Catch: { ErrorEquals: string[]; Next: string }[];
      Retry: unknown[];
    };
    expect(finish.Parameters).toMatchObject({ Payload: { action: 'finish', 'dt.$': '$.dt' } });
    expect(finish.Catch).toEqual([
      expect.objectContaining({ ErrorEquals: ['StaleDayError'], Next: 'CompactDay' }),
    ]);
    // A stale day goes straight to its catch (planned again), not through the generic retries first.
    const retriers = finish.Retry as { ErrorEquals: string[]; MaxAttempts?: number }[];
    const stale = retriers.findIndex((r) => r.ErrorEquals.includes('StaleDayError'));
    const all = retriers.findIndex((r) => r.ErrorEquals.includes('States.ALL'));
    expect(stale).toBeGreaterThanOrEqual(0);
    expect(retriers[stale]?.MaxAttempts).toBe(0);
    expect(stale).toBeLessThan(all);
    expect(retriers.length).toBe(3);
  });

  it('starts detection asynchronously once the run is committed (no on-success chain needed)', () => {
    expect(definition.States.Detect?.Parameters).toEqual({
      FunctionName: `<${anomaly.id}>`,
      Payload: {},
      InvocationType: 'Event',
    });
  });

  it('is what the 15-minute schedule starts; the function has no schedule and no reserved concurrency', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      Target: Match.objectLike({
        Arn: { Ref: machine.id },
        Input: JSON.stringify({ time: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      }),
    });
    const targets = Object.values(template.findResources('AWS::Scheduler::Schedule')).map((s) =>
      JSON.stringify(s.Properties.Target.Arn),
    );
    expect(targets.filter((t) => t.includes(ingest.id))).toEqual([]);
    expect(ingest.Properties.ReservedConcurrentExecutions).toBeUndefined();
    // Each step is CPU-bound on one thread: one whole vCPU.
    expect(ingest.Properties.MemorySize).toBe(1769);
  });

  it('alarms the ops topic on failed, timed-out and aborted executions', () => {
    const alarm = onlyResource(template, 'AWS::CloudWatch::Alarm', {
      Properties: { AlarmDescription: Match.stringLikeRegexp('fanned-out') },
    });
    expect(alarm.Properties.Threshold).toBe(0);
    const metrics = (alarm.Properties.Metrics as { MetricStat?: { Metric: { MetricName: string } } }[])
      .flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : []))
      .sort();
    expect(metrics).toEqual(['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']);
    const ops = onlyResource(template, 'AWS::SNS::Topic', {
      Properties: { DisplayName: 'GenAI FinOps operations' },
    });
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: ops.id }]);
  });

  it('lets the state machine invoke only the two functions and read only the run state', () => {
    const role = (machine.Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(role))
      .flatMap(
        (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      );
    const actions = statements.flatMap((s) => [s.Action].flat()).sort();
    expect(actions).toEqual([
      'lambda:InvokeFunction',
      's3:GetObject',
      'states:DescribeExecution',
      'states:RedriveExecution',
      'states:StartExecution',
      'states:StopExecution',
    ]);
    for (const s of statements) {
      expect([s.Action].flat().some((a) => a.includes('*'))).toBe(false);
      expect([s.Resource].flat()).not.toContain('*');
    }
    const read = statements.find((s) => s.Action === 's3:GetObject');
    expect(JSON.stringify(read?.Resource)).toContain('/curated/_state/fanout/bedrock_invocations/*');
    const invoked = JSON.stringify(statements.find((s) => s.Action === 'lambda:InvokeFunction')?.Resource);
    expect(invoked).toContain(ingest.id);
    expect(invoked).toContain(anomaly.id);
  });

  it('passes the cdk-nag AwsSolutions and Serverless packs with no unacknowledged finding', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    expect(new ServerlessChecks().validateScope(stack).violations).toEqual([]);
  });

  describe('when disabled (the default)', () => {
    const plain = synthStack({ config: {} }).template;
    it('has no state machine; the schedule runs the function', () => {
      plain.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
      plain.hasResourceProperties('AWS::Scheduler::Schedule', {
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [functionOf(plain, 'bedrock').id, 'Arn'] } }),
      });
    });
  });
});
