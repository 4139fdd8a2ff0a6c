/**
 * How long the pipeline keeps what it stores: one source for the buckets' lifecycle rules and the
 * cost estimate, so the estimate prices the storage the stack actually keeps.
 */

/**
 * Days raw Bedrock invocation logs are kept in a log bucket the stack creates. They hold prompts and
 * completions, which the pipeline never needs: every metadata field it uses is staged within the hour,
 * and history is rebuilt from the staged extracts (`rebuild`), never from raw logs. Two weeks leave
 * time to re-ingest after a parser fix; keep logs longer (audit) in a bucket of your own.
 */
export const RAW_LOG_RETENTION_DAYS = 14;

/**
 * Days of `bedrock_invocations`, `usage_hourly` and `identity_daily` partitions, and of the staged
 * extracts each day is rebuilt from, kept: 13 months and a little, so a month can be compared with the
 * same month a year before.
 */
export const CURATED_RETENTION_DAYS = 400;

/**
 * Staged extracts older than this move to S3 Glacier Instant Retrieval: only a rebuild reads them, and
 * a late arrival within the longest ingest look-back (168 hours) recompacts its day from them (paying
 * the retrieval of one day, cents). A day past that look-back, they are cold.
 */
export const STAGING_COLD_AFTER_DAYS = 8;

/**
 * Days noncurrent versions of the large, often rewritten tables are kept (each 15-minute run rewrites
 * the current day's partition: a week of versions would store the table's recent days ~100 times
 * over). No count of newest versions is kept on top: those would outlive the day, for every day kept.
 */
export const REWRITTEN_NONCURRENT_DAYS = 1;
