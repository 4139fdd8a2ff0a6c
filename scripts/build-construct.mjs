// Bundles the embeddable construct (infra/lib/index.ts) into dist/construct.mjs with its type
// declarations under dist/types/, the files package.json "exports" names, so an app made by
// `cdk init app --language typescript` (tsc with NodeNext, then tsx) can
// `import { GenAiFinOps } from 'genai-finops'`. Packages stay external: the app's aws-cdk-lib and
// constructs must be the ones used. `node scripts/build-construct.mjs [outdir]`, dist/ by default.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'dist';
await build({
  entryPoints: ['infra/lib/index.ts'],
  outfile: join(outdir, 'construct.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});

const types = join(outdir, 'types');
rmSync(types, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    'node_modules/typescript/bin/tsc',
    ...['--ignoreConfig', 'infra/lib/index.ts', '--declaration', '--emitDeclarationOnly'],
    ...['--outDir', types, '--rootDir', '.', '--module', 'preserve', '--moduleResolution', 'bundler'],
    ...['--target', 'es2022', '--strict', '--skipLibCheck', '--types', 'node', '--resolveJsonModule'],
  ],
  { stdio: 'inherit' },
);

// The package is ESM: NodeNext consumers need explicit extensions on relative imports in declarations.
function withExtension(file, specifier) {
  const target = resolve(dirname(file), specifier);
  if (existsSync(`${target}.d.ts`)) return `${specifier}.js`;
  if (existsSync(join(target, 'index.d.ts'))) return `${specifier}/index.js`;
  return specifier;
}
function* declarations(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* declarations(path);
    else if (name.endsWith('.d.ts')) yield path;
  }
}
for (const file of declarations(types)) {
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(
    /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*)(['"])/g,
    (_, a, s, b) => a + withExtension(file, s) + b,
  );
  if (fixed !== text) writeFileSync(file, fixed);
}
