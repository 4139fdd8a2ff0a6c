import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { QueryFailedError, QueryRejectedError } from '../../shared/adapters/query-errors';
import { encodeParquet, type LakeRow } from '../../shared/lake/parquet';
import { bedrockInvocations } from '../../shared/lake/tables';

const roots: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  roots.push(dir);
  return dir;
};

const row: LakeRow = {
  event_time: Date.UTC(2026, 2, 2, 1, 2, 3),
  request_id: 'req-1',
  account_id: '012345678901',
  region: 'us-east-1',
  operation: 'Converse',
  model_id: 'm',
  model: 'm',
  identity_arn: null,
  team: 'search',
  feature: 'answers',
  environment: 'prod',
  input_tokens: 100,
  output_tokens: 10,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  error_code: null,
};

let lake: string;
let lakeFile: string;
let csvFile: string;

beforeAll(() => {
  lake = temp('sandbox-lake-');
  const dir = join(lake, 'bedrock_invocations', 'dt=2026-03-02');
  mkdirSync(dir, { recursive: true });
  lakeFile = join(dir, 'part-00000.parquet');
  writeFileSync(lakeFile, encodeParquet(bedrockInvocations, [row]));
  csvFile = join(temp('sandbox-own-'), 'teams.csv');
  writeFileSync(csvFile, 'team,owner\nsearch,alice\n');
});
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

async function withEngine<T>(
  access: 'lake' | 'local-files' | undefined,
  body: (engine: DuckDbEngine) => Promise<T>,
): Promise<T> {
  const engine = await DuckDbEngine.open(lake, access ? { access } : {});
  try {
    return await body(engine);
  } finally {
    await engine.close();
  }
}

describe('DuckDbEngine sandbox', () => {
  it('still answers queries over the lake', async () => {
    await withEngine(undefined, async (engine) => {
      expect((await engine.query('SELECT team, input_tokens FROM bedrock_invocations')).rows).toEqual([
        { team: 'search', input_tokens: 100 },
      ]);
    });
  });

  it('refuses COPY … TO a lake file and leaves the file unchanged', async () => {
    const before = readFileSync(lakeFile);
    await withEngine(undefined, async (engine) => {
      const error = await engine
        .query(`COPY (SELECT 1 AS x) TO '${lakeFile}' (FORMAT parquet)`)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryRejectedError);
      expect((error as Error).message).toMatch(/only read-only queries \(SELECT, EXPLAIN\).*COPY/);
    });
    expect(readFileSync(lakeFile).equals(before)).toBe(true);
  });

  it('cannot read files outside the lake', async () => {
    await withEngine(undefined, async (engine) => {
      await expect(engine.query("SELECT * FROM read_text('/etc/passwd')")).rejects.toThrow(
        /Permission Error.*\/etc\/passwd/,
      );
      await expect(engine.query(`SELECT * FROM read_csv('${csvFile}')`)).rejects.toBeInstanceOf(
        QueryFailedError,
      );
      await expect(engine.query(`SELECT * FROM read_text('${lake}/../x')`)).rejects.toThrow(
        /Permission Error/,
      );
    });
  });

  it('installs no extension and reaches no network', async () => {
    await withEngine(undefined, async (engine) => {
      await expect(engine.query('INSTALL httpfs')).rejects.toBeInstanceOf(QueryRejectedError);
      await expect(engine.query('LOAD httpfs')).rejects.toBeInstanceOf(QueryRejectedError);
      await expect(
        engine.query("SELECT * FROM read_parquet('https://example.com/x.parquet')"),
      ).rejects.toBeInstanceOf(QueryFailedError);
    });
  });

  it('cannot be reconfigured by a query', async () => {
    await withEngine(undefined, async (engine) => {
      await expect(engine.query('SET enable_external_access = true')).rejects.toBeInstanceOf(
        QueryRejectedError,
      );
      const setting = await engine.query(
        "SELECT current_setting('enable_external_access') AS ext, current_setting('lock_configuration') AS locked",
      );
      expect(setting.rows).toEqual([{ ext: false, locked: true }]);
    });
  });

  it('rejects two statements in one query, and runs neither', async () => {
    await withEngine(undefined, async (engine) => {
      const error = await engine.query('SELECT 1 AS one; SELECT 2 AS two').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryRejectedError);
      expect((error as Error).message).toBe(
        'duckdb query rejected: expected exactly one SQL statement, got 2; run them one at a time',
      );
      // A `;` inside a string or a trailing `;` is still one statement.
      expect((await engine.query("SELECT 'a;b' AS s;")).rows).toEqual([{ s: 'a;b' }]);
    });
  });

  it('rejects empty SQL', async () => {
    await withEngine(undefined, async (engine) => {
      await expect(engine.query('  ')).rejects.toThrow(/the SQL is empty/);
    });
  });

  describe("with access: 'local-files'", () => {
    it('reads a local CSV the user joins to the lake', async () => {
      await withEngine('local-files', async (engine) => {
        const result = await engine.query(
          `SELECT b.team, o.owner FROM bedrock_invocations AS b JOIN read_csv('${csvFile}') AS o ON o.team = b.team`,
        );
        expect(result.rows).toEqual([{ team: 'search', owner: 'alice' }]);
      });
    });

    it('still installs no extension, reaches no network and writes nothing', async () => {
      const before = readFileSync(lakeFile);
      await withEngine('local-files', async (engine) => {
        await expect(engine.query('INSTALL httpfs')).rejects.toBeInstanceOf(QueryRejectedError);
        await expect(
          engine.query("SELECT * FROM read_parquet('https://example.com/x.parquet')"),
        ).rejects.toThrow(/httpfs/);
        await expect(
          engine.query(`COPY (SELECT 1 AS x) TO '${lakeFile}' (FORMAT parquet)`),
        ).rejects.toBeInstanceOf(QueryRejectedError);
        await expect(engine.query('SET autoinstall_known_extensions = true')).rejects.toBeInstanceOf(
          QueryRejectedError,
        );
      });
      expect(readFileSync(lakeFile).equals(before)).toBe(true);
    });
  });
});
