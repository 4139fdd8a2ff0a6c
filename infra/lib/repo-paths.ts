import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the `genai-finops` package.json above `from`: works from infra/lib/ and from the dist/ bundle. */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'genai-finops'
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no genai-finops package.json above ${from}`);
  }
}

/** The repository (package) root, found from this file's location so synth works from any working directory. */
export const repoRoot: string = packageRoot(dirname(fileURLToPath(import.meta.url)));

/** The ingest Lambda handler's source file (exports `handler`). */
export const ingestEntry: string = join(repoRoot, 'functions', 'ingest', 'handler.ts');

/** The lock file NodejsFunction bundles against. */
export const lockFile: string = join(repoRoot, 'package-lock.json');
