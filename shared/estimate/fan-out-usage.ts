import { SHUFFLE_NONCURRENT_DAYS } from '../bedrock/day-groups';
import type { AppConfig } from '../config';
import { count } from '../report/money';
import { DAYS } from './counted';
import { fanOutMonth, fanOutReason, oneProcessShuffleRequests, TRANSITIONS } from './fan-out';
import type { Measured } from './measured';
import type { PipelineScale, UsageLine } from './usage';

const int = (n: number): string => count(Math.round(n));
/** Days of staged bytes kept as bucket objects on average: two days before today's, and half of today's. */
const KEPT_DAYS = 2.5;

/** The lines of the fanned-out ingest (Step Functions, its functions' time, its rebuilds' requests). */
export function fanOutLines(scale: PipelineScale, config: AppConfig, m: Measured): UsageLine[] {
  const month = fanOutMonth(scale.invocationsPerDay, scale.streams, config, m);
  const { days, state } = month;
  const why =
    fanOutReason(scale.invocationsPerDay, config, m) === 'config'
      ? 'ingest.fanOut.enabled'
      : 'above the rate one run can finish';
  return [
    {
      item: 'Step Functions (runs and days)',
      price: 'stepFunctionsTransition',
      quantity: month.transitions.runAndDays,
      basis: `fan-out (${why}): ${TRANSITIONS.run} a run, ${TRANSITIONS.day} a day, ${TRANSITIONS.largeDay} + 1 a step for a large day (${month.largeRebuildsPerDay} of its rebuilds a day)`,
    },
    {
      item: 'Step Functions (Map child executions)',
      price: 'stepFunctionsTransition',
      quantity: month.transitions.children,
      basis: `${int(month.childExecutions)} child executions (${month.pieces} pieces a run), ${TRANSITIONS.piece} transitions each`,
    },
    {
      item: 'Lambda duration (fan-out pieces)',
      price: 'lambdaGbSecond',
      quantity: month.gbSeconds.pieces,
      basis: `${int(m.pieceRecordsPerSecond)} invocations/s a piece at ${(m.fanOutMemoryGb * 1024).toFixed(0)} MB`,
    },
    {
      item: 'Lambda duration (fan-out day steps)',
      price: 'lambdaGbSecond',
      quantity: month.gbSeconds.days,
      basis: `shuffle ${int(m.shuffleRowsPerSecond)}, merge ${int(m.mergeRowsPerSecond)} rows/s; a small day ${int(m.oneProcessRowsPerSecond)} rows/s`,
    },
    {
      item: 'Lambda requests (fan-out steps)',
      price: 'lambdaRequest',
      quantity: month.lambdaRequests,
      basis: 'plan, pieces, changed days, each day step, commit',
    },
    {
      item: 'S3 PUT of shuffle bucket objects',
      price: 's3Tier1Request',
      quantity: days.shuffleObjects,
      basis: `${int(month.shuffleObjectsPerDay)} a day (${int(month.shuffleObjectsLastRun)} at the day's last rebuild): shuffle flushes x buckets`,
    },
    {
      item: 'S3 PUT + LIST by the day rebuilds',
      price: 's3Tier1Request',
      quantity: days.put - days.shuffleObjects + days.list,
      basis: 'plans, parts, aggregate shares, records, bucket listings (cutDay, bucketsFor)',
    },
    {
      item: 'S3 GET by the day rebuilds',
      price: 's3Tier2Request',
      quantity: days.get,
      basis: 'extracts read by the shuffle, bucket objects by the merge, parts by the finish',
    },
    {
      item: 'S3 DELETE by the day rebuilds',
      price: 's3DeleteRequest',
      quantity: days.delete,
      basis: 'bucket objects and step state removed (DeleteObjects, 1,000 keys each)',
    },
    {
      item: 'S3 PUT + LIST of the runs’ state',
      price: 's3Tier1Request',
      quantity: state.put + state.list,
      basis: 'item list, plan, piece records',
    },
    {
      item: 'S3 GET of the runs’ state',
      price: 's3Tier2Request',
      quantity: state.get + state.itemReaderGets,
      basis: 'the Distributed Map reads its item list; pieces, days and commit read the records',
    },
    {
      item: 'S3 storage (rebuild bucket objects)',
      price: 's3StorageGbMonth',
      quantity:
        (KEPT_DAYS * scale.invocationsPerDay * m.stagedBytesPerRecord +
          month.shuffledBytesPerDay * SHUFFLE_NONCURRENT_DAYS) /
        1e9,
      basis: `${KEPT_DAYS} days kept (the two days before, half of today), ${SHUFFLE_NONCURRENT_DAYS} d of replaced versions`,
    },
    {
      item: 'CloudWatch Logs (fan-out steps)',
      price: 'cloudWatchLogsIngestGb',
      quantity: (month.lambdaRequests * m.logBytesPerRun) / 1e9,
      basis: 'one summary line per step',
    },
  ];
}

/** The requests the one-process rebuild's shuffle adds once a day is over one bucket (none before). */
export function oneProcessShuffleLines(scale: PipelineScale, m: Measured): UsageLine[] {
  const r = oneProcessShuffleRequests(scale.invocationsPerDay, scale.streams, m);
  if (r.shuffleObjects === 0) return [];
  return [
    {
      item: 'S3 PUT + LIST by the rebuild shuffle',
      price: 's3Tier1Request',
      quantity: r.put + r.list,
      basis: `${int(r.shuffleObjects / DAYS)} bucket objects a day and their parts and listings (shuffleFlushes x bucketsFor)`,
    },
    {
      item: 'S3 GET by the rebuild shuffle',
      price: 's3Tier2Request',
      quantity: r.get,
      basis: 'each bucket merged from its objects',
    },
    {
      item: 'S3 storage (rebuild bucket objects)',
      price: 's3StorageGbMonth',
      quantity: (r.shuffledBytesPerDay * SHUFFLE_NONCURRENT_DAYS) / 1e9,
      basis: `deleted after each rebuild: ${SHUFFLE_NONCURRENT_DAYS} d of noncurrent versions`,
    },
  ];
}
