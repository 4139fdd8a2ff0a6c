// Bundles the `genai-finops` command into dist/cli.mjs (run by `npm ci` through `prepare`).
// Code splitting puts each command in its own chunk, so `await import()` in src/cli/main.ts really
// defers loading: without it esbuild inlines the commands and hoists their package imports to the top.
// The small pure-JavaScript packages (commander, zod, hyparquet, hyparquet-writer) are bundled into
// the chunks that use them: resolving and loading their ~150 files one by one took a third of a
// second of every run. The rest stays in node_modules: DuckDB ships a native binary, and the AWS
// SDK, CDK, Powertools and Vega are large and loaded only by the commands that need them.
// `node scripts/build-cli.mjs [outdir]`: dist/ by default (the package's bin).
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Packages left in node_modules (imported at run time); everything else is bundled. */
const EXTERNAL = [
  '@duckdb/*',
  '@aws-sdk/*',
  '@smithy/*',
  '@aws-lambda-powertools/*',
  'aws-cdk-lib',
  'aws-cdk-lib/*',
  'constructs',
  'cdk-nag',
  'vega',
  'vega-lite',
];

const outdir = process.argv[2] ?? 'dist';
// Chunk names carry a hash: without a clean folder every build leaves the last one's chunks behind.
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
await build({
  // The workers are entries of their own: worker threads load them by file name beside cli.mjs.
  entryPoints: {
    cli: 'bin/genai-finops.ts',
    'read-worker': 'src/cli/read-worker.ts',
    'merge-worker': 'src/cli/merge-worker.ts',
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: EXTERNAL,
  sourcemap: 'linked',
  // commander is CommonJS: its bundled `require('node:events')` needs a `require` in an ES module.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync(join(outdir, 'cli.mjs'), 0o755);
