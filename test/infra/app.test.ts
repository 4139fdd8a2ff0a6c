import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { readDeployConfig } from '../../infra/lib/config-file';
import { createApp, STACK_NAME } from '../../infra/lib/create-app';
import { InvalidConfigError } from '../../shared/config';
import { noBundling } from './synth';

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'genai-finops-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('readDeployConfig', () => {
  it('reads the file named by the config context value, relative to the working directory', () => {
    const dir = folderWith({ 'prod.json': JSON.stringify({ athena: { database: 'prod_lake' } }) });
    expect(readDeployConfig('prod.json', dir).athena.database).toBe('prod_lake');
  });

  it('falls back to genai-finops.config.json in the working directory', () => {
    const dir = folderWith({ 'genai-finops.config.json': JSON.stringify({ ingest: { lookbackHours: 5 } }) });
    expect(readDeployConfig(undefined, dir).ingest.lookbackHours).toBe(5);
  });

  it('uses the defaults when there is no file', () => {
    expect(readDeployConfig(undefined, folderWith({})).athena.workgroup).toBe('genai-finops');
  });

  it('fails for a named file that does not exist', () => {
    expect(() => readDeployConfig('missing.json', folderWith({}))).toThrow(
      /configuration not found: .*missing\.json \(no such file\)/,
    );
  });

  it('fails naming the key of an invalid value, and on invalid JSON', () => {
    const dir = folderWith({ 'bad.json': '{"ingest":{"schedule":"every hour"}}', 'broken.json': '{' });
    expect(() => readDeployConfig('bad.json', dir)).toThrow(/ingest\.schedule/);
    expect(() => readDeployConfig('broken.json', dir)).toThrow(InvalidConfigError);
  });
});

describe('createApp', () => {
  it('synthesizes the GenAiFinOps stack with cdk-nag and CloudFormation validation passing', () => {
    const dir = folderWith({ 'c.json': JSON.stringify({ ingest: { schedule: 'rate(2 hours)' } }) });
    const { app, stack } = createApp({
      appProps: { context: { ...noBundling, config: 'c.json' }, builtinCloudFormationValidation: true },
      cwd: dir,
    });
    expect(stack.stackName).toBe(STACK_NAME);
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
    const template = app.synth().getStackByName(STACK_NAME).template as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const schedule = Object.values(template.Resources).find((r) => r.Type === 'AWS::Scheduler::Schedule');
    expect(schedule?.Properties.ScheduleExpression).toBe('rate(2 hours)');
  });

  it('fails synth on an unacknowledged cdk-nag finding', () => {
    const { app, stack } = createApp({
      appProps: { context: noBundling, builtinCloudFormationValidation: false },
      cwd: folderWith({}),
    });
    new s3.Bucket(stack, 'NoAccessLogs', { enforceSSL: true });
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});
