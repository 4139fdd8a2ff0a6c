// Bundles the `genai-finops` command into dist/cli.mjs (run by `npm ci` through `prepare`).
// Dependencies stay in node_modules: DuckDB ships a native binary that cannot be bundled.
// Code splitting puts each command in its own chunk, so `await import()` in src/cli/main.ts really
// defers loading: without it esbuild inlines the commands and hoists their package imports to the top.
// `node scripts/build-cli.mjs [outdir]`: dist/ by default (the package's bin).
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'dist';
await build({
  // The read worker is an entry of its own: worker threads load it by file name beside cli.mjs.
  entryPoints: { cli: 'bin/genai-finops.ts', 'read-worker': 'src/cli/read-worker.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync(join(outdir, 'cli.mjs'), 0o755);
