import type { Command } from 'commander';

export interface DemoOptions {
  out: string;
  days: string;
  perHour: string;
  seed: string;
}

/** `genai-finops demo`: the whole pipeline on a generated organisation, no AWS account needed (loaded when it runs). */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Generate a realistic synthetic organisation as real Bedrock invocation-log files, ingest them, and show what the pipeline makes of them. No AWS account needed.',
    )
    .option(
      '--out <folder>',
      'where to put the generated logs, the curated lake and the config',
      '.genai-finops/demo',
    )
    .option('--days <n>', 'days of history to generate, ending now', '7')
    .option('--per-hour <n>', 'average invocations per hour across the organisation', '250')
    .option('--seed <n>', 'random seed: the same seed gives the same organisation', '42')
    .action(async (opts: DemoOptions) => (await import('./demo-run')).runDemo(opts));
}
