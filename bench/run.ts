/**
 * `npm run bench`: the command's start-up (`bench/startup.ts`), Bedrock log ingest throughput against
 * a plain floor and peak memory (`bench/ingest.ts`), detection quality and speed
 * (`bench/detect-eval.ts`), the cost queries' bytes read and wall time (`bench/finops-queries.ts`),
 * then the fan-out's pieces (`bench/ingest-pieces.ts`); each also runs alone, sharing its cached corpora.
 */
import { runDetectBench } from './detect-eval';
import { runFinopsBench } from './finops-queries';
import { runIngestBench } from './ingest';
import { runIngestPiecesBench } from './ingest-pieces';
import { runStartupBench } from './startup';

runStartupBench();
process.stdout.write('\n');
await runIngestBench();
process.stdout.write('\n');
await runDetectBench();
process.stdout.write('\n');
await runFinopsBench();
process.stdout.write('\n');
await runIngestPiecesBench();
