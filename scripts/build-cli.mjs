// Bundles the `genai-finops` command into dist/cli.mjs (run by `npm ci` through `prepare`).
// Dependencies stay in node_modules: DuckDB ships a native binary that cannot be bundled.
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['bin/genai-finops.ts'],
  outfile: 'dist/cli.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync('dist/cli.mjs', 0o755);
