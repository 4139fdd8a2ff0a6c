import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { FanOutConfig } from '../../shared/config/schema';
import { step } from './ingest-steps';

/**
 * Rebuilds each changed day (inline Map over `$.changed.days`): a day is planned (a small one is
 * rebuilt there and then), else shuffled and merged in inline Maps, then finished under its lease.
 */
export function compactDaysMap(
  scope: Construct,
  fn: lambda.IFunction,
  runId: string,
  fanOut: FanOutConfig,
): sfn.Map {
  const compactDays = new sfn.Map(scope, 'CompactDays', {
    itemsPath: '$.changed.days',
    itemSelector: { runId, dt: sfn.JsonPath.stringAt('$$.Map.Item.Value') },
    maxConcurrency: fanOut.compactConcurrency,
    resultPath: sfn.JsonPath.DISCARD,
  });
  // A day: planned (a small one is rebuilt there and then), else shuffled, merged and finished.
  const dayInput = { runId: sfn.JsonPath.stringAt('$.runId'), dt: sfn.JsonPath.stringAt('$.dt') };
  const compactDay = step(
    scope,
    'CompactDay',
    fn,
    { action: 'day', ...dayInput },
    {
      resultSelector: {
        shuffleSteps: sfn.JsonPath.listAt('$.Payload.shuffleSteps'),
        mergeSteps: sfn.JsonPath.listAt('$.Payload.mergeSteps'),
      },
      resultPath: '$.build',
    },
  );
  const dayStepMap = (id: string, action: 'shuffle' | 'merge', itemsPath: string): sfn.Map => {
    const map = new sfn.Map(scope, id, {
      itemsPath,
      itemSelector: {
        runId: sfn.JsonPath.stringAt('$.runId'),
        dt: sfn.JsonPath.stringAt('$.dt'),
        step: sfn.JsonPath.numberAt('$$.Map.Item.Value'),
      },
      maxConcurrency: fanOut.maxConcurrency,
      resultPath: sfn.JsonPath.DISCARD,
    });
    map.itemProcessor(
      step(
        scope,
        `${id}Step`,
        fn,
        { action, ...dayInput, step: sfn.JsonPath.numberAt('$.step') },
        { resultPath: sfn.JsonPath.DISCARD, outputPath: '$.step' },
      ),
    );
    return map;
  };
  const finishDay = step(
    scope,
    'FinishDay',
    fn,
    { action: 'finish', ...dayInput },
    { resultPath: sfn.JsonPath.DISCARD },
    ['StaleDayError'],
  );
  // Re-staged between plan and finish (another run): plan the day again, so it holds everything staged before it is written.
  finishDay.addCatch(compactDay, { errors: ['StaleDayError'], resultPath: sfn.JsonPath.DISCARD });
  const dayDone = new sfn.Pass(scope, 'DayDone', { outputPath: '$.dt' });
  compactDays.itemProcessor(
    compactDay.next(
      new sfn.Choice(scope, 'LargeDay')
        .when(
          sfn.Condition.isPresent('$.build.mergeSteps[0]'),
          dayStepMap('ShuffleDay', 'shuffle', '$.build.shuffleSteps')
            .next(dayStepMap('MergeDay', 'merge', '$.build.mergeSteps'))
            .next(finishDay)
            .next(dayDone),
        )
        .otherwise(dayDone),
    ),
  );
  return compactDays;
}
