import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** Lambda's transient errors and throttles: retried soon and often, with jitter. */
const TRANSIENT = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
];

/**
 * A Distributed Map that states `ToleratedFailureCount: 0` (CDK leaves a zero out): one piece that
 * fails all its retries fails the Map Run, and so the run, before any day is rebuilt.
 */
export class NoFailureDistributedMap extends sfn.DistributedMap {
  override toStateJson(queryLanguage?: sfn.QueryLanguage): object {
    return { ...super.toStateJson(queryLanguage), ToleratedFailureCount: 0 };
  }
}

/**
 * One step: the ingest function with `payload`, its result reduced to `result`, retried on failure;
 * errors named in `caughtNotRetried` are not retried (a catch handles them at once).
 */
export function step(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  payload: Record<string, unknown>,
  result: Pick<sfn.TaskStateBaseProps, 'resultSelector' | 'resultPath' | 'outputPath'>,
  caughtNotRetried: string[] = [],
): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    payload: sfn.TaskInput.fromObject(payload),
    retryOnServiceExceptions: false,
    ...result,
  });
  task.addRetry({
    errors: TRANSIENT,
    interval: Duration.seconds(2),
    maxAttempts: 6,
    backoffRate: 2,
    jitterStrategy: sfn.JitterType.FULL,
  });
  // Retriers apply in order: these reach the step's catch before `States.ALL` could retry them.
  if (caughtNotRetried.length > 0) task.addRetry({ errors: caughtNotRetried, maxAttempts: 0 });
  // A failed step (a store error, a day's lease held by another run): the step is idempotent, run it again.
  task.addRetry({
    errors: ['States.ALL'],
    interval: Duration.seconds(20),
    maxAttempts: 2,
    backoffRate: 3,
    jitterStrategy: sfn.JitterType.FULL,
  });
  return task;
}
