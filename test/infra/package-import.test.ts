import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/lib/repo-paths';
import { FUNCTION_DESCRIPTIONS } from './synth';

/**
 * An app laid out like `cdk init app --language typescript` (CommonJS package, bin/app.ts run
 * with tsx) that depends on this repository as the `genai-finops` package.
 */
function cdkInitStyleApp(): string {
  const app = mkdtempSync(join(resolve('.tmp'), 'embedding-app-'));
  mkdirSync(join(app, 'bin'));
  mkdirSync(join(app, 'node_modules'));
  // What `npm install ../genai-finops` (or a registry install) leaves: the package under its name.
  symlinkSync(repoRoot, join(app, 'node_modules', 'genai-finops'), 'dir');
  for (const dep of ['aws-cdk-lib', 'constructs', '@types']) {
    symlinkSync(join(repoRoot, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
  }
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'my-app', version: '0.1.0', dependencies: { 'genai-finops': '*' } }),
  );
  // The compiler options `cdk init` writes that decide how the import resolves.
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        isolatedModules: true,
        types: ['node'],
      },
      include: ['bin/**/*.ts'],
    }),
  );
  writeFileSync(
    join(app, 'bin', 'app.ts'),
    `import * as cdk from 'aws-cdk-lib';
import { GenAiFinOps } from 'genai-finops';

const app = new cdk.App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new cdk.Stack(app, 'MyAppStack');
const finops = new GenAiFinOps(stack, 'FinOps', { config: { ingest: { schedule: 'rate(30 minutes)' } } });
new cdk.CfnOutput(stack, 'Topic', { value: finops.opsTopic.topicArn });
process.stdout.write(JSON.stringify({
  resolved: require.resolve('genai-finops'),
  template: app.synth().getStackByName('MyAppStack').template,
}));
`,
  );
  return app;
}

const tsc = (cwd: string) =>
  spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    {
      cwd,
      encoding: 'utf8',
    },
  );

describe("import { GenAiFinOps } from 'genai-finops'", () => {
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-construct.mjs')], { cwd: repoRoot });
  const app = cdkInitStyleApp();

  it('type-checks under the NodeNext resolution cdk init uses, with real types', () => {
    expect(tsc(app).stdout).toBe('');
    writeFileSync(
      join(app, 'bin', 'wrong.ts'),
      `import { GenAiFinOps } from 'genai-finops';\nexport const x: number = GenAiFinOps.prototype.opsTopic;\n`,
    );
    try {
      expect(tsc(app).stdout).toMatch(/wrong\.ts.*is not assignable to type 'number'/);
    } finally {
      rmSync(join(app, 'bin', 'wrong.ts'));
    }
  });

  it('resolves through package.json exports and synthesizes all five functions in an app of its own', () => {
    const out = execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['bin/app.ts'], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const { resolved, template } = JSON.parse(out) as {
      resolved: string;
      template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    };
    // Node reports the symlink's real path; the package has no "main", so only "exports" leads here.
    expect(resolved).toBe(join(repoRoot, 'dist', 'construct.mjs'));
    const resources = Object.values(template.Resources);
    const functions = resources.filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.map((f) => f.Properties.Description).sort()).toEqual(
      Object.values(FUNCTION_DESCRIPTIONS).sort(),
    );
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs24.x' });
    }
    const expressions = resources
      .filter((r) => r.Type === 'AWS::Scheduler::Schedule')
      .map((r) => r.Properties.ScheduleExpression);
    expect(expressions).toContain('rate(30 minutes)');
  });
});
