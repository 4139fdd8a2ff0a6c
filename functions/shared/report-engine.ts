import type { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaEngine } from '../../shared/adapters/aws/athena-engine';
import type { AppConfig } from '../../shared/config';
import type { Clock } from '../../shared/ports';

/** How old an identical query's Athena results may be to answer a report query. */
const REUSE_MINUTES = 60;

/** The report's Athena engine, over the configured workgroup, database and catalog. */
export function reportEngine(config: AppConfig, athena: AthenaClient, clock: Clock): AthenaEngine {
  return new AthenaEngine({
    client: athena,
    workgroup: config.athena.workgroup,
    database: config.athena.database,
    catalog: config.athena.catalog,
    // A retried run (the function is retried once) reads the finished days again: Athena answers from
    // the first attempt's results, scanning nothing.
    resultReuseMinutes: REUSE_MINUTES,
    sleep: (ms) => clock.sleep(ms),
  });
}
