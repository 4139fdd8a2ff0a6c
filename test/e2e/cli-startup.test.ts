import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_FILE } from '../../shared/config';

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

const HEAVY = /node_modules\/(@duckdb|@aws-sdk|aws-cdk-lib|zod|hyparquet)/;

/**
 * What a loaded URL brings in: the file itself and, for a chunk of the bundle, the sources its
 * source map lists (zod and hyparquet are bundled into the chunks that use them).
 */
function sourcesOf(url: string): string[] {
  if (!url.startsWith('file:') || !url.endsWith('.mjs')) return [url];
  const file = fileURLToPath(url);
  if (!existsSync(`${file}.map`)) return [url];
  const { sources } = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
  return [url, ...sources];
}
const heavy = (loaded: string[]) => loaded.flatMap(sourcesOf).filter((url) => HEAVY.test(url));

/** The heavy packages among `loaded`, each named once (`@duckdb`, `zod`, …). */
const heavyPackages = (loaded: string[]) => [...new Set(heavy(loaded).map((url) => HEAVY.exec(url)?.[1]))];

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
    expect(loaded.flatMap(sourcesOf).some((url) => url.includes('node_modules/commander'))).toBe(true);
    expect(heavy(loaded)).toEqual([]);
  });

  it('loads DuckDB only once a command that uses it runs, not for its help', () => {
    const help = modulesLoadedBy(['sql', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: genai-finops sql');
    expect(heavyPackages(help.loaded)).toEqual([]);
    const store = mkdtempSync(join(dir, 'store-'));
    const run = modulesLoadedBy(['sql', '--store', store, '--format', 'csv', 'SELECT 41 + 1 AS answer']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('answer\n42\n');
    expect(run.loaded.some((url) => url.includes('node_modules/@duckdb'))).toBe(true);
  });

  it("loads none of DuckDB, the AWS SDK, CDK, hyparquet or zod for any command's or subcommand's --help", () => {
    const top = [...modulesLoadedBy(['--help']).stdout.matchAll(/^ {2}([a-z][\w-]*)/gm)]
      .map((m) => m[1] as string)
      .filter((name) => name !== 'help');
    const shown: string[] = [];
    for (const command of top) {
      const help = modulesLoadedBy([command, '--help']);
      expect(help.status, command).toBe(0);
      expect(heavyPackages(help.loaded), `${command} --help`).toEqual([]);
      shown.push(command);
      const commands = help.stdout.split(/^Commands:$/m)[1] ?? '';
      for (const sub of [...commands.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1] as string)) {
        if (sub === 'help') continue;
        const subHelp = modulesLoadedBy([command, sub, '--help']);
        expect(subHelp.status, `${command} ${sub}`).toBe(0);
        expect(subHelp.stdout, `${command} ${sub}`).toContain(`Usage: genai-finops ${command} ${sub}`);
        expect(heavyPackages(subHelp.loaded), `${command} ${sub} --help`).toEqual([]);
        shown.push(`${command} ${sub}`);
      }
    }
    // Every ingest source and the commands that use DuckDB or AWS were among those checked.
    expect(shown).toEqual(
      expect.arrayContaining([
        'ingest bedrock-logs',
        'ingest gpu-metrics',
        'ingest cost-explorer',
        'ingest business-metrics',
        'ingest evaluations',
        'detect',
        'sql',
        'demo',
        'guardrail release',
        'budget status',
      ]),
    );
  });

  it('names the default configuration file in `config check --help`', () => {
    const { status, stdout } = modulesLoadedBy(['config', 'check', '--help']);
    expect(status).toBe(0);
    expect(stdout).toContain(`./${DEFAULT_CONFIG_FILE} if present`);
  });

  it('shows a command help through `help <command>`', () => {
    const { status, stdout } = modulesLoadedBy(['help', 'ingest']);
    expect(status).toBe(0);
    expect(stdout).toContain('bedrock-logs');
  });
});
