import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, loadConfigFrom } from '../../shared/config';

/**
 * `genai-finops config check [FILE]`: validates a configuration file with the one schema the CDK
 * app and the functions use, and prints the effective configuration (every default filled in) as
 * JSON. An invalid value is an `InvalidConfigError` naming its key, which `main` reports with exit 2.
 */
export function registerConfig(program: Command): void {
  const config = program.command('config').description('Work with the configuration file.');
  config
    .command('check')
    .description(
      `Validate a configuration file (default: ./${DEFAULT_CONFIG_FILE} if present, else the defaults) and print the effective configuration as JSON.`,
    )
    .argument('[file]', 'the JSON configuration file')
    .action((file: string | undefined) => {
      const effective = loadConfigFrom(file, process.cwd());
      const source = file ? resolve(file) : `./${DEFAULT_CONFIG_FILE} if present, else the defaults`;
      process.stderr.write(`configuration valid: ${source}\n`);
      process.stdout.write(`${JSON.stringify(effective, null, 2)}\n`);
    });
}
