import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaEngine } from '../../shared/adapters/aws/athena-engine';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import type { FileAccess } from '../../shared/adapters/local/duckdb-sandbox';
import { mirrorTables } from '../../shared/adapters/local/mirror';
import { openStore, parseLocation } from '../../shared/adapters/open-store';
import { curatedTables } from '../../shared/lake/tables';
import type { QueryEngine } from '../../shared/ports';
import { loadConfig } from './config-file';
import { UsageError } from './errors';

/** A local store must be an existing folder: a typo would otherwise answer with zero rows. */
async function assertLocalStore(location: string, path: string): Promise<void> {
  const info = await stat(path).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new UsageError(`--store ${location}: cannot read it (${(error as Error).message})`);
  });
  if (!info) {
    throw new UsageError(
      `--store ${location}: no such folder (give the folder \`ingest\` wrote to, or an s3:// location)`,
    );
  }
  if (!info.isDirectory()) throw new UsageError(`--store ${location} is not a folder`);
}

/** The engine for a store: DuckDB over a local folder (or a local mirror of an s3:// store), or Athena. */
export async function openEngine(
  storeLocation: string,
  engine: string,
  configPath: string | undefined,
  access: FileAccess,
): Promise<QueryEngine> {
  const where = parseLocation(storeLocation);
  if (where.kind === 'local') {
    if (engine === 'athena') throw new UsageError('--engine athena needs an s3:// store');
    await assertLocalStore(storeLocation, where.path);
    return DuckDbEngine.open(where.path, { access });
  }
  if (engine === 'athena') {
    const { athena } = loadConfig(configPath);
    process.stderr.write(
      `querying Athena: database ${athena.database}, workgroup ${athena.workgroup} (the tables the stack registered; ${storeLocation} is not read directly)\n`,
    );
    return new AthenaEngine({
      client: new AthenaClient({}),
      workgroup: athena.workgroup,
      database: athena.database,
      catalog: athena.catalog,
    });
  }
  // DuckDB on an S3 store: mirror the (small) curated tables locally, then query them for free.
  const cache = join(
    homedir(),
    '.cache',
    'genai-finops',
    createHash('sha1').update(storeLocation).digest('hex').slice(0, 16),
  );
  const stats = await mirrorTables(openStore(storeLocation), cache, curatedTables);
  process.stderr.write(
    `mirrored ${stats.objects} objects (${stats.downloaded} downloaded) from ${storeLocation} to ${cache}\n`,
  );
  return DuckDbEngine.open(cache, { access });
}
