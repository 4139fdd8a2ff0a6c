import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { GenAiFinOpsStack } from '../../infra/lib/genai-finops-stack';
import { CONFIG_PARAMETER_ENV } from '../../infra/lib/ingest-function';
import { cdkContext, type FunctionKind, functionOf } from './synth';

const MAX_BUNDLE_BYTES = 5 * 1024 * 1024;

/** One real synth (no 'aws:cdk:bundling-stacks' override): esbuild is a local devDependency, so no Docker. */
let bundles: (kind: FunctionKind) => string;
beforeAll(() => {
  const app = new App({ context: cdkContext, builtinCloudFormationValidation: false });
  const stack = new GenAiFinOpsStack(app, 'Bundled', { config: {} });
  const template = Template.fromStack(stack);
  const directory = app.synth().directory;
  bundles = (kind) => {
    const key = (functionOf(template, kind).Properties.Code as { S3Key: string }).S3Key;
    return join(directory, `asset.${key.replace(/\.zip$/, '')}`);
  };
}, 300_000);

/** Imports a bundle the way Lambda does (a fresh Node process importing index.mjs) and runs `script` after it. */
function probe(file: string, script: string, env: Record<string, string> = {}): string {
  const code = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); ${script}`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
  });
}

describe('ingest function bundle', () => {
  it('is built by local esbuild as one ESM file without DuckDB, under 5 MB, that exports handler', () => {
    const dir = bundles('bedrock');
    expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const file = join(dir, 'index.mjs');
    const bundle = readFileSync(file, 'utf8');
    expect(bundle).not.toContain('@duckdb');
    expect(bundle).not.toMatch(/\.node["']/);
    expect(
      bundle.startsWith("import { createRequire as __genaiFinopsCreateRequire } from 'node:module';"),
    ).toBe(true);
    expect(statSync(file).size).toBeLessThan(MAX_BUNDLE_BYTES);

    // CommonJS dependencies must find `require`, and the module must export `handler`.
    const out = probe(file, 'console.log(typeof m.handler);', {
      [CONFIG_PARAMETER_ENV]: '/genai-finops/config',
    });
    expect(out.trim()).toBe('function');

    // At cold start without the parameter's name it fails fast, naming the variable, before any AWS call.
    const failed = probe(file, 'await m.handler({}, {}).catch((e) => console.log(e.name, e.message));');
    expect(failed.trim()).toBe(
      `ConfigNotFoundError configuration not found: ${CONFIG_PARAMETER_ENV} (the environment variable is not set)`,
    );
  });
});

describe('events function bundle', () => {
  it('is one ESM file without DuckDB, under 5 MB, that exports handler and fails fast without its configuration', () => {
    const file = join(bundles('events'), 'index.mjs');
    expect(readFileSync(file, 'utf8')).not.toContain('@duckdb');
    expect(statSync(file).size).toBeLessThan(MAX_BUNDLE_BYTES);
    expect(probe(file, 'console.log(typeof m.handler);').trim()).toBe('function');
    const event = JSON.stringify({
      source: 'genai-finops',
      'detail-type': 'Release',
      time: '2026-03-03T09:30:00Z',
      detail: {},
    });
    const failed = probe(file, `await m.handler(${event}, {}).catch((e) => console.log(e.name, e.message));`);
    expect(failed.trim()).toBe(
      `ConfigNotFoundError configuration not found: ${CONFIG_PARAMETER_ENV} (the environment variable is not set)`,
    );
  });
});
