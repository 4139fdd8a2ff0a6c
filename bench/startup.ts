/**
 * Start-up of the built command: `genai-finops --help` and two commands' help, each run 15 times
 * under `/usr/bin/time -v` after a warm-up; prints the median and fastest wall time and peak RSS.
 * Target: `genai-finops --help` under 150 ms (DuckDB, the AWS SDK and CDK load only when a command
 * needs them). Alone: `node scripts/build-cli.mjs && npx tsx bench/startup.ts`.
 *
 * `NODE_EXTRA_CA_CERTS`, when set, makes every Node.js process load that certificate bundle before
 * it runs any code (about 80 ms for Debian's bundle): the figures are then also given without it,
 * as most machines run.
 */
import { timeNode } from './time-command';

const RUNS = 15;
const CLI = 'dist/cli.mjs';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const COMMANDS: string[][] = [
  // Node itself, with nothing to run: the part of every figure below that the command cannot change.
  ['-e', ''],
  [CLI, '--help'],
  [CLI, 'ingest', 'bedrock-logs', '--help'],
  [CLI, 'detect', '--help'],
];

/** One line per command, run in `env`; false when /usr/bin/time is missing. */
function timeCommands(env: NodeJS.ProcessEnv): boolean {
  for (const argv of COMMANDS) {
    timeNode(argv, env);
    const runs = Array.from({ length: RUNS }, () => timeNode(argv, env));
    if (runs.some((r) => r === undefined)) {
      process.stdout.write('  /usr/bin/time is missing (apt-get install time): skipped\n');
      return false;
    }
    const wall = runs.map((r) => (r?.wallSeconds ?? 0) * 1000);
    const rss = runs.map((r) => r?.rssMb ?? 0);
    const name = argv[0] === CLI ? `genai-finops ${argv.slice(1).join(' ')}` : 'node -e "" (bare Node.js)';
    process.stdout.write(
      `  ${name}`.padEnd(42) +
        ` median ${median(wall).toFixed(0)} ms, fastest ${Math.min(...wall).toFixed(0)} ms, ${median(rss).toFixed(0)} MB peak RSS${argv.length === 2 && argv[0] === CLI ? ' (target < 150 ms)' : ''}\n`,
    );
  }
  return true;
}

export function runStartupBench(): void {
  const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
  process.stdout.write(
    `Command start-up (node dist/cli.mjs …, ${RUNS} runs after a warm-up)${extraCerts ? `, with NODE_EXTRA_CA_CERTS=${extraCerts} as this shell has it` : ''}\n`,
  );
  if (!timeCommands(process.env) || !extraCerts) return;
  const { NODE_EXTRA_CA_CERTS: _, ...without } = process.env;
  process.stdout.write(
    'The same without NODE_EXTRA_CA_CERTS (Node.js then loads no extra certificates at start)\n',
  );
  timeCommands(without);
}

if (import.meta.url === `file://${process.argv[1]}`) runStartupBench();
