import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// Inside the repository, so the bundle's external packages resolve from its node_modules.
const dir = mkdtempSync(join(resolve('.tmp'), 'cli-startup-'));
const cli = join(dir, 'cli.mjs');

/** Module-loader hooks that append every URL Node loads to $LOADED_LOG. */
const hooks = join(dir, 'hooks.mjs');
const register = join(dir, 'register.mjs');

/** The URLs of every module `genai-finops <args>` loads. */
function modulesLoadedBy(args: string[]): { status: number | null; stdout: string; loaded: string[] } {
  const log = join(dir, `loaded-${args.join('-').replace(/\W+/g, '_')}.log`);
  writeFileSync(log, '');
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOADED_LOG: log },
  });
  return { status: run.status, stdout: run.stdout, loaded: readFileSync(log, 'utf8').split('\n') };
}

const heavy = (loaded: string[]) =>
  loaded.filter((url) => /node_modules\/(@duckdb|@aws-sdk|aws-cdk-lib|zod|hyparquet)/.test(url));

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs', dir]);
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.LOADED_LOG, url + '\\n');
  return next(url, context);
}\n`,
  );
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
});

describe('genai-finops startup', () => {
  it('lists exactly the commands that exist in --help', () => {
    const { status, stdout } = modulesLoadedBy(['--help']);
    expect(status).toBe(0);
    const commands = [...stdout.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]);
    expect(commands).toEqual([
      '-V,',
      '-h,',
      'ingest',
      'sql',
      'detect-series',
      'query',
      'prices',
      'config',
      'estimate-cost',
      'spend',
      'report',
      'detect',
      'alert',
      'release',
      'recommend',
      'budget',
      'approve',
      'approvals',
      'guardrail',
      'demo',
      'help',
    ]);
    // Each one advertised exists: its own help loads and says how to call it.
    for (const command of commands.slice(2, -1)) {
      const help = modulesLoadedBy([command as string, '--help']);
      expect(help.status, command).toBe(0);
      expect(help.stdout, command).toMatch(new RegExp(`Usage: genai-finops ${command}`));
    }
  });

  it('loads neither DuckDB, the AWS SDK, CDK nor the Parquet writer for --help', () => {
    const { loaded } = modulesLoadedBy(['--help']);
    expect(loaded.some((url) => url.includes('node_modules/commander'))).toBe(true);
    expect(heavy(loaded)).toEqual([]);
  });

  it('loads DuckDB only once a command that uses it asks for it', () => {
    const { status, stdout, loaded } = modulesLoadedBy(['sql', '--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('Usage: genai-finops sql');
    expect(loaded.some((url) => url.includes('node_modules/@duckdb'))).toBe(true);
  });

  it('shows a command help through `help <command>`', () => {
    const { status, stdout } = modulesLoadedBy(['help', 'ingest']);
    expect(status).toBe(0);
    expect(stdout).toContain('bedrock-logs');
  });
});
