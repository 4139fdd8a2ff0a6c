import { Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * Acknowledges the two cdk-nag Serverless findings every scheduled function of the pipeline
 * raises by design, each with its reason. Call it only for a function that is invoked
 * asynchronously with an SQS failure destination (`onFailure`), which is what the reasons say.
 */
export function acknowledgeScheduledFunction(fn: lambda.IFunction): void {
  Validations.of(fn).acknowledge(
    {
      id: 'Serverless-LambdaDLQ',
      reason:
        'Failed asynchronous invocations go to the shared SQS queue through an on-failure destination, which replaces the legacy DeadLetterConfig and also records the error.',
    },
    {
      id: 'Serverless-LambdaTracing',
      reason:
        'A scheduled batch run with one Powertools summary line and EMF metrics (records read, AWS requests made); X-Ray would trace the same SDK calls and need xray:PutTraceSegments on *.',
    },
  );
}
