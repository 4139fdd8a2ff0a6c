import { Command, CommanderError } from 'commander';
import { InvalidWindowError } from '../../shared/bedrock/window';
import { ConfigError } from '../../shared/config/errors';
// Error classes from their own files: importing a module's index would load its dependencies at startup.
import { InvalidLocationError } from '../../shared/ports/store-errors';
import { UsageError } from './errors';

/** A top-level command whose module (DuckDB, the AWS SDK, …) is imported only when it runs or shows its help. */
interface LazyCommand {
  name: string;
  /** The one line `genai-finops --help` shows (the module's own description is shown by `<name> --help`). */
  summary: string;
  load: () => Promise<(program: Command) => void>;
}

const COMMANDS: readonly LazyCommand[] = [
  {
    name: 'ingest',
    summary:
      'Pull a source (Bedrock invocation logs, Cost Explorer costs, CloudWatch GPU metrics) into the curated Parquet tables.',
    load: async () => {
      const { registerIngest } = await import('./ingest-command');
      const { registerIngestGpu } = await import('./ingest-gpu-command');
      const { registerIngestCost } = await import('./ingest-cost-command');
      const { registerIngestBusiness } = await import('./ingest-business-command');
      const { registerIngestEvaluations } = await import('./ingest-evaluations-command');
      return (program: Command) => {
        registerIngest(program);
        const ingest = program.commands.find((c) => c.name() === 'ingest') as Command;
        registerIngestGpu(ingest);
        registerIngestCost(ingest);
        registerIngestBusiness(ingest);
        registerIngestEvaluations(ingest);
      };
    },
  },
  {
    name: 'sql',
    summary: 'Run SQL over the curated tables: DuckDB locally, Athena or a local mirror for s3:// stores.',
    load: async () => (await import('./sql-command')).registerSql,
  },
  {
    name: 'detect-series',
    summary: 'Run the anomaly detector over any univariate CSV and print one JSON line per row.',
    load: async () => (await import('./detect-series-command')).registerDetectSeries,
  },
  {
    name: 'query',
    summary:
      'Cost queries for a window of days: unit-costs, allocation, gpu-efficiency, trends, estimate-vs-bill, tag-coverage.',
    load: async () => (await import('./query-command')).registerQuery,
  },
  {
    name: 'prices',
    summary:
      "Show the price book (shipped, or the store's); --refresh reads the AWS Price List into the store.",
    load: async () => (await import('./prices-command')).registerPrices,
  },
  {
    name: 'config',
    summary: 'Validate a configuration file (config check) and print the effective configuration.',
    load: async () => (await import('./config-command')).registerConfig,
  },
  {
    name: 'estimate-cost',
    summary: "Estimate the pipeline's own monthly AWS cost by line item.",
    load: async () => (await import('./estimate-cost-command')).registerEstimateCost,
  },
  {
    name: 'spend',
    summary: 'What a team spent, on which models and features, against the period before.',
    load: async () => (await import('./spend-command')).registerSpend,
  },
  {
    name: 'report',
    summary: 'Write the showback report (report.html, chargeback.csv, focus.csv) for a window of days.',
    load: async () => (await import('./report-command')).registerReport,
  },
  {
    name: 'detect',
    summary: 'Run production anomaly detection over the store and alert once per incident.',
    load: async () => (await import('./detect-command')).registerDetect,
  },
  {
    name: 'alert',
    summary: 'Incidents: alert list | ack | snooze | not-anomaly <id>.',
    load: async () => (await import('./alert-command')).registerAlert,
  },
  {
    name: 'release',
    summary: 'Record a release marker (release add) that alerts correlate with.',
    load: async () => (await import('./release-command')).registerRelease,
  },
  {
    name: 'recommend',
    summary: 'Recommendations that save money, each with its evidence and estimated monthly saving.',
    load: async () => (await import('./recommend-command')).registerRecommend,
  },
  {
    name: 'budget',
    summary:
      "Budgets: budget status prints each budget's spend, share, forecast and days left; --fail-over N for CI.",
    load: async () => (await import('./budget-command')).registerBudget,
  },
  {
    name: 'approve',
    summary: 'Approve a team (or feature) to call a restricted model until a day; kept with an audit trail.',
    load: async () => (await import('./approve-command')).registerApprove,
  },
  {
    name: 'approvals',
    summary: 'Approvals: approvals list | revoke <id> | audit.',
    load: async () => (await import('./approve-command')).registerApprovals,
  },
  {
    name: 'guardrail',
    summary: "Guardrail enforcement: guardrail release <role> removes the product's deny policy.",
    load: async () => (await import('./guardrail-command')).registerGuardrail,
  },
  {
    name: 'demo',
    summary: 'Run the whole pipeline on a generated organisation. No AWS account needed.',
    load: async () => (await import('./demo-command')).registerDemo,
  },
];

function rootProgram(): Command {
  return new Command('genai-finops')
    .description(
      'What your generative AI really costs, who spends it, what each output costs, and when something goes wrong: Bedrock invocation logs, Cost Explorer bills and GPU metrics as Parquet you query with Athena or, locally, DuckDB.',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
}

/**
 * Builds the `genai-finops` command tree. With `only`, just that command, loaded for real;
 * otherwise every command as a stub that lists it in the help without importing its module.
 */
export async function buildProgram(only?: string): Promise<Command> {
  const program = rootProgram();
  const wanted = COMMANDS.find((c) => c.name === only);
  if (wanted) (await wanted.load())(program);
  else for (const c of COMMANDS) program.command(c.name).description(c.summary);
  return program;
}

/** The command `argv` runs, if it is one of ours: `genai-finops <name> …` or `genai-finops help <name>`. */
function commandOf(argv: readonly string[]): { name?: string; argv: string[] } {
  const [node = 'node', script = 'genai-finops', first, second, ...rest] = argv;
  const known = (name: string | undefined) => COMMANDS.some((c) => c.name === name);
  if (first === 'help' && known(second))
    return { name: second, argv: [node, script, second as string, '--help', ...rest] };
  return { name: known(first) ? first : undefined, argv: [...argv] };
}

/** Runs the command line; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  try {
    const command = commandOf(argv);
    const program = await buildProgram(command.name);
    await program.parseAsync(command.argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const usage =
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof InvalidLocationError ||
      error instanceof InvalidWindowError;
    process.stderr.write(`genai-finops: ${(error as Error).message}\n`);
    if (!usage && process.env.GENAI_FINOPS_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return usage ? 2 : 1;
  }
}
