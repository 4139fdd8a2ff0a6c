import * as athena from 'aws-cdk-lib/aws-athena';
import type { Construct } from 'constructs';
import { ATHENA_RESULTS_PREFIX } from './buckets';

/**
 * Per-query scan limit: 10 GB costs about $0.05 at $5/TB. The curated tables are small
 * compressed Parquet (a million invocations a day is on the order of 100 MB), so reports
 * over months of `dt` partitions fit easily, while a runaway query (no `dt` filter on
 * years of data, a cross join) is cancelled before it costs real money.
 */
export const BYTES_SCANNED_CUTOFF_PER_QUERY = 10_000_000_000;

/** Props of {@link createWorkGroup}. */
export interface WorkGroupProps {
  name: string;
  /** Bucket for query results (written under `athena-results/`). */
  resultsBucketName: string;
}

/** The Athena workgroup every pipeline query runs in: engine v3, enforced settings, SSE-S3 results. */
export function createWorkGroup(scope: Construct, id: string, props: WorkGroupProps): athena.CfnWorkGroup {
  return new athena.CfnWorkGroup(scope, id, {
    name: props.name,
    description: 'GenAI FinOps queries over the curated lake.',
    state: 'ENABLED',
    // Deleting the stack must not fail because the workgroup still holds saved queries.
    recursiveDeleteOption: true,
    workGroupConfiguration: {
      engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
      enforceWorkGroupConfiguration: true,
      publishCloudWatchMetricsEnabled: true,
      bytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF_PER_QUERY,
      resultConfiguration: {
        outputLocation: `s3://${props.resultsBucketName}/${ATHENA_RESULTS_PREFIX}/`,
        encryptionConfiguration: { encryptionOption: 'SSE_S3' },
      },
    },
  });
}
