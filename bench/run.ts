/**
 * `npm run bench`: the command's start-up, Bedrock log ingest throughput against a plain floor and peak memory
 * (`bench/ingest.ts`, which also runs alone), then detection quality and speed, then the cost
 * queries' bytes read and wall time.
 */
import { runDetectBench } from './detect-eval';
import { runFinopsBench } from './finops-queries';
import { runIngestBench } from './ingest';
import { runIngestPiecesBench } from './ingest-pieces';
import { runStartupBench } from './startup';

runStartupBench();
process.stdout.write('\n');
await runIngestBench({ root: '.tmp/bench' });
process.stdout.write('\n');
await runDetectBench();
process.stdout.write('\n');
await runFinopsBench();
process.stdout.write('\n');
await runIngestPiecesBench();
