import { Command, CommanderError } from 'commander';
import { InvalidLocationError } from '../../shared/adapters/errors';
import { InvalidWindowError } from '../../shared/bedrock/window';
import { ConfigError } from '../../shared/config';
import { registerDemo } from './demo-command';
import { UsageError } from './errors';
import { registerIngest } from './ingest-command';
import { registerSql } from './sql-command';

/** Builds the `genai-finops` command tree. */
export function buildProgram(): Command {
  const program = new Command('genai-finops')
    .description(
      'What your generative AI really costs, who spends it, and what each output costs: Bedrock invocation logs, Cost Explorer and GPU metrics as Parquet you can query with Athena or, locally, DuckDB.',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerIngest(program);
  registerSql(program);
  registerDemo(program);
  return program;
}

/** Runs the command line; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
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
