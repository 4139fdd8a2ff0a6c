import type { Command } from 'commander';

export interface BudgetStatusOptions {
  team?: string;
  store?: string;
  failOver?: string;
  format: string;
  config?: string;
  engine?: string;
  at?: string;
}

/** Exit status of `budget status --fail-over N` when a budget is at or over N%. */
export const OVER_BUDGET_EXIT = 3;

/** `genai-finops budget status`: each budget's spend, share, forecast and days left; an exit status to gate CI on. */
export function registerBudget(program: Command): void {
  const budget = program.command('budget').description('Budgets (guardrails.budgets in the configuration).');
  budget
    .command('status')
    .description(
      `Each budget's spend so far (the bill where it has arrived, tokens x list prices after it, marked estimate), share, forecast for the period and days left. With --fail-over N the exit status is ${OVER_BUDGET_EXIT} when any budget is at or over N% of its amount.`,
    )
    .option('--team <team>', "only this team's budgets")
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix of the curated tables (default: ingest.store)',
    )
    .option('--fail-over <percent>', `exit ${OVER_BUDGET_EXIT} when any budget's share is at or over this`)
    .option('--format <format>', 'table or json', 'table')
    .option(
      '--engine <engine>',
      'duckdb or athena (default: duckdb for a folder; athena for an s3:// store, see below)',
    )
    .option('--at <time>', 'as of this time (ISO 8601), default now')
    .option('--config <file>', 'configuration file (guardrails.budgets; athena.workgroup, athena.database)')
    .addHelpText(
      'after',
      [
        '',
        'Where the spend is read:',
        '  --store ./lake                     DuckDB over a local folder',
        '  --store s3://<bucket>/curated      Athena: the Glue tables the stack registered, queried in the',
        '                                     athena.workgroup and athena.database of --config; AWS',
        '                                     credentials and Region from the environment (AWS_PROFILE, AWS_REGION)',
        '  --store s3://… --engine duckdb     a local mirror of the curated tables instead of Athena',
        '',
        'Example (a CI step that fails once the team has spent its budget):',
        '  genai-finops budget status --team search --store s3://my-finops-data/curated --config genai-finops.config.json --fail-over 100',
      ].join('\n'),
    )
    .action(async (opts: BudgetStatusOptions) => (await import('./budget-run')).runBudgetStatus(opts));
}
