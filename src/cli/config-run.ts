import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfigFrom } from '../../shared/config';

/** `genai-finops config check [FILE]`: validates the file and prints the effective configuration as JSON. */
export function checkConfig(file: string | undefined): void {
  const effective = loadConfigFrom(file, process.cwd());
  const source = file ? resolve(file) : `./${DEFAULT_CONFIG_FILE} if present, else the defaults`;
  process.stderr.write(`configuration valid: ${source}\n`);
  process.stdout.write(`${JSON.stringify(effective, null, 2)}\n`);
}
