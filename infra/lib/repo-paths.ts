import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's location so synth works from any working directory. */
export const repoRoot: string = fileURLToPath(new URL('../..', import.meta.url));

/** The ingest Lambda handler's source file (exports `handler`). */
export const ingestEntry: string = join(repoRoot, 'functions', 'ingest', 'handler.ts');

/** The lock file NodejsFunction bundles against. */
export const lockFile: string = join(repoRoot, 'package-lock.json');
