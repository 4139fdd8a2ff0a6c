import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { GenAiFinOpsStack } from '../../infra/lib/genai-finops-stack';
import { CONFIG_PARAMETER_ENV } from '../../infra/lib/ingest-function';
import { cdkContext, functionOf } from './synth';

const MAX_BUNDLE_BYTES = 5 * 1024 * 1024;

describe('ingest function bundle', () => {
  it('is built by local esbuild as one ESM file without DuckDB, under 5 MB, that exports handler', () => {
    // Real bundling (no 'aws:cdk:bundling-stacks' override); esbuild is a local devDependency, so no Docker.
    const app = new App({ context: cdkContext, builtinCloudFormationValidation: false });
    const stack = new GenAiFinOpsStack(app, 'Bundled', { config: {} });
    const fn = functionOf(Template.fromStack(stack), 'bedrock');
    const key = (fn.Properties.Code as { S3Key: string }).S3Key;
    const dir = join(app.synth().directory, `asset.${key.replace(/\.zip$/, '')}`);

    expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const file = join(dir, 'index.mjs');
    const bundle = readFileSync(file, 'utf8');
    expect(bundle).not.toContain('@duckdb');
    expect(bundle).not.toMatch(/\.node["']/);
    expect(
      bundle.startsWith("import { createRequire as __genaiFinopsCreateRequire } from 'node:module';"),
    ).toBe(true);
    expect(statSync(file).size).toBeLessThan(MAX_BUNDLE_BYTES);

    // Load it the way Lambda does (a fresh Node process importing index.mjs): CommonJS dependencies
    // must find `require`, and the module must export `handler`.
    const probe = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(typeof m.handler);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        [CONFIG_PARAMETER_ENV]: '/genai-finops/config',
        NODE_OPTIONS: '',
      },
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('function');

    // At cold start without the parameter's name it fails fast, naming the variable, before any AWS call.
    const coldStart = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); await m.handler({}, {}).catch((e) => console.log(e.name, e.message));`;
    const failed = execFileSync(process.execPath, ['--input-type=module', '-e', coldStart], {
      env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    expect(failed.trim()).toBe(
      `ConfigNotFoundError configuration not found: ${CONFIG_PARAMETER_ENV} (the environment variable is not set)`,
    );
  });
});
