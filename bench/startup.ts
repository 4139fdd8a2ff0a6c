/**
 * Start-up of the built command: `genai-finops --help` and one command's help, each run 15 times
 * under `/usr/bin/time -v` after a warm-up; prints the median and fastest wall time and peak RSS.
 * Target: `genai-finops --help` under 150 ms (DuckDB, the AWS SDK and CDK load only when a command
 * needs them). Alone: `node scripts/build-cli.mjs && npx tsx bench/startup.ts`.
 */
import { timeNode } from './time-command';

const RUNS = 15;
const CLI = 'dist/cli.mjs';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export function runStartupBench(): void {
  process.stdout.write('Command start-up (node dist/cli.mjs …, 15 runs after a warm-up)\n');
  // Node itself, with nothing to run: the part of every figure below that the command cannot change.
  const commands: string[][] = [
    ['-e', ''],
    [CLI, '--help'],
    [CLI, 'ingest', 'bedrock-logs', '--help'],
    [CLI, 'detect', '--help'],
  ];
  for (const argv of commands) {
    const args = argv[0] === CLI ? argv.slice(1) : argv;
    timeNode(argv);
    const runs = Array.from({ length: RUNS }, () => timeNode(argv));
    if (runs.some((r) => r === undefined)) {
      process.stdout.write('  /usr/bin/time is missing (apt-get install time): skipped\n');
      return;
    }
    const wall = runs.map((r) => (r?.wallSeconds ?? 0) * 1000);
    const rss = runs.map((r) => r?.rssMb ?? 0);
    process.stdout.write(
      `  ${argv[0] === CLI ? `genai-finops ${args.join(' ')}` : 'node -e "" (bare Node.js)'}`.padEnd(42) +
        ` median ${median(wall).toFixed(0)} ms, fastest ${Math.min(...wall).toFixed(0)} ms, ${median(rss).toFixed(0)} MB peak RSS${argv.length === 2 && argv[0] === CLI ? ' (target < 150 ms)' : ''}\n`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) runStartupBench();
