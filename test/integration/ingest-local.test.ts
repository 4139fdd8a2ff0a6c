import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { type IngestSummary, ingestBedrockLogs } from '../../shared/bedrock';
import { rebuildBedrockDays } from '../../shared/bedrock/rebuild';
import { parseConfig } from '../../shared/config';
import { decodeParquet } from '../../shared/lake/parquet';
import { fixedClock } from '../../shared/ports';
import { hourFolder, putLog, record } from '../support/bedrock-corpus';

const config = parseConfig({});
const clock = fixedClock('2026-03-03T00:30:00Z');

let dir: string;
let source: FolderStore;
let engine: DuckDbEngine | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-'));
  source = new FolderStore(join(dir, 'raw'));
});
/** Closes the query engine so the next query sees the lake as it is now. */
async function reopen(): Promise<void> {
  await engine?.close();
  engine = undefined;
}
afterEach(reopen);

const store = (): FolderStore => new FolderStore(join(dir, 'lake'));
const ingest = (request = {}): Promise<IngestSummary> =>
  ingestBedrockLogs(
    { source: new FolderStore(join(dir, 'raw')), store: new FolderStore(join(dir, 'lake')), config, clock },
    request,
  );

async function sql(text: string) {
  engine ??= await DuckDbEngine.open(join(dir, 'lake'));
  return (await engine.query(text)).rows;
}

const totals = () =>
  sql(
    'SELECT team, COUNT(*) AS n, CAST(SUM(input_tokens) AS BIGINT) AS input_tokens, CAST(SUM(output_tokens) AS BIGINT) AS output_tokens FROM bedrock_invocations GROUP BY team ORDER BY team',
  );

/** A corpus with every problem at once: duplicates across files and folders, a late arrival across midnight, bad lines, a truncated object, body objects. */
async function messyCorpus(): Promise<void> {
  const h22 = hourFolder('2026-03-02T22');
  const h23 = hourFolder('2026-03-02T23');
  const h00 = hourFolder('2026-03-03T00');
  await putLog(source, `${h22}a.json.gz`, [
    record('r1', '2026-03-02T22:01:00Z', { team: 'support', input: 100, output: 10 }),
    record('r2', '2026-03-02T22:02:00Z', { team: 'search', input: 200, output: 20 }),
    '{"schemaType":"ModelInv',
  ]);
  // r2 delivered again in another file of the next hour folder.
  await putLog(source, `${h23}b.json.gz`, [
    record('r2', '2026-03-02T22:02:00Z', { team: 'search', input: 200, output: 20 }),
    record('r3', '2026-03-02T23:59:59Z', { input: 300, output: 30 }),
    JSON.stringify({ ...record('x', '2026-03-02T23:00:00Z'), requestId: undefined }),
  ]);
  // r4 arrives after midnight for an event of the previous day; r5 is today's.
  await putLog(source, `${h00}c.json.gz`, [
    record('r4', '2026-03-02T21:30:00Z', { team: 'support', input: 400, output: 40 }),
    record('r5', '2026-03-03T00:10:00Z', { team: 'support', input: 500, output: 50 }),
    JSON.stringify({ ...record('y', '2026-03-03T00:00:00Z'), timestamp: 'not-a-date' }),
  ]);
  // A truncated object: its first complete lines survive.
  const lines = Array.from({ length: 400 }, (_, i) =>
    JSON.stringify(
      record(`t${i}`, '2026-03-03T00:20:00Z', {
        team: 'growth',
        input: 1,
        output: 1,
        text: `padding ${i} `.repeat(40),
      }),
    ),
  );
  const gz = gzipSync(`${lines.join('\n')}\n`);
  await source.put(`${h00}d.json.gz`, gz.subarray(0, Math.floor(gz.length / 2)));
  // Offloaded bodies are not records.
  await source.put(`${h00}data/r5_input.json.gz`, gzipSync('{"messages":[]}'));
}

describe('ingestBedrockLogs on a local folder', () => {
  it('writes exact per-team sums despite duplicates, late arrivals, bad lines and a truncated object', async () => {
    await messyCorpus();
    const s = await ingest();
    expect(s.unitsFailed).toEqual([]);
    expect(s.damagedObjects).toHaveLength(1);
    expect(s.damagedObjects[0]?.file).toMatch(/d\.json\.gz$/);
    expect(s.duplicatesDropped).toBe(1);
    expect(s.rejectReasons.invalid_json).toBe(1);
    expect(s.rejectReasons.missing_request_id).toBe(1);
    expect(s.rejectReasons.bad_timestamp).toBe(1);
    expect(s.rejectReasons.truncated_line).toBe(1);
    expect(s.filesSkipped.body_object).toBe(1);
    expect(s.partitions).toEqual(['2026-03-02', '2026-03-03']);
    const growth = (await totals()).find((r) => r.team === 'growth');
    const survived = Number(growth?.n);
    expect(survived).toBeGreaterThan(0);
    expect(survived).toBeLessThan(400);
    expect(await totals()).toEqual([
      { team: 'growth', n: survived, input_tokens: survived, output_tokens: survived },
      { team: 'search', n: 1, input_tokens: 200, output_tokens: 20 },
      { team: 'support', n: 3, input_tokens: 1000, output_tokens: 100 },
      { team: 'unattributed', n: 1, input_tokens: 300, output_tokens: 30 },
    ]);
    expect(s.recordsWritten).toBe(survived + 5);
    // The late arrival is in the day it happened, not the folder it came in.
    expect(await sql("SELECT dt FROM bedrock_invocations WHERE request_id = 'r4'")).toEqual([
      { dt: '2026-03-02' },
    ]);
  });

  it('gives identical tables when the same window is ingested twice, forced or not', async () => {
    await messyCorpus();
    await ingest();
    const first = await totals();
    const files = () =>
      readdirSync(join(dir, 'lake/bedrock_invocations'), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.parquet'))
        .sort();
    const before = files().map((f) =>
      readFileSync(join(dir, 'lake/bedrock_invocations', f)).toString('base64'),
    );
    const again = await ingest();
    expect(again.unitsUnchanged).toBe(again.unitsSeen);
    expect(again.filesRead).toBe(0);
    const forced = await ingest({ force: true });
    expect(forced.filesRead).toBeGreaterThan(0);
    await reopen();
    expect(await totals()).toEqual(first);
    expect(
      files().map((f) => readFileSync(join(dir, 'lake/bedrock_invocations', f)).toString('base64')),
    ).toEqual(before);
  });

  it('gives the same result for overlapping windows as for one run over everything', async () => {
    await messyCorpus();
    await ingest({
      window: { from: new Date('2026-03-02T22:00:00Z'), to: new Date('2026-03-03T00:00:00Z') },
    });
    await ingest({
      window: { from: new Date('2026-03-02T23:00:00Z'), to: new Date('2026-03-03T01:00:00Z') },
    });
    const windowed = await totals();
    await reopen();
    const all = await ingest({ force: true });
    expect(all.duplicatesDropped).toBe(1);
    expect(await totals()).toEqual(windowed);
  });

  it('reads only the hour folders in the window', async () => {
    await messyCorpus();
    const s = await ingest({
      window: { from: new Date('2026-03-02T23:00:00Z'), to: new Date('2026-03-03T00:00:00Z') },
    });
    expect(s.unitsSeen).toBe(1);
    expect(await sql('SELECT request_id FROM bedrock_invocations ORDER BY request_id')).toEqual([
      { request_id: 'r2' },
      { request_id: 'r3' },
    ]);
  });

  it('picks up a late object in a folder that was already ingested', async () => {
    await messyCorpus();
    await ingest();
    await putLog(source, `${hourFolder('2026-03-02T22')}late.json.gz`, [
      record('r9', '2026-03-02T22:50:00Z', { team: 'search', input: 7, output: 7 }),
      record('r1', '2026-03-02T22:01:00Z', { team: 'support', input: 100, output: 10 }),
    ]);
    const s = await ingest();
    expect(s.unitsRead).toBe(1);
    expect(s.partitions).toEqual(['2026-03-02']);
    expect((await totals()).find((r) => r.team === 'search')).toEqual({
      team: 'search',
      n: 2,
      input_tokens: 207,
      output_tokens: 27,
    });
  });

  it('reads only the new object when a folder gains one, and keeps rows of objects that expired', async () => {
    await messyCorpus();
    await ingest();
    const before = await totals();
    await reopen();
    // Raw logs expire (a lifecycle rule), then a late object arrives in the same folder.
    const h22 = hourFolder('2026-03-02T22');
    await source.delete([`${h22}a.json.gz`]);
    await putLog(source, `${h22}late.json.gz`, [
      record('r8', '2026-03-02T22:30:00Z', { team: 'search', input: 8, output: 8 }),
    ]);
    const s = await ingest();
    expect(s.filesRead).toBe(1);
    const after = await totals();
    expect(after.find((r) => r.team === 'search')).toEqual({
      team: 'search',
      n: 2,
      input_tokens: 208,
      output_tokens: 28,
    });
    expect(after.find((r) => r.team === 'support')).toEqual(before.find((r) => r.team === 'support'));
    // Even a forced re-read keeps what only the expired object held.
    await reopen();
    await ingest({ force: true });
    expect(await totals()).toEqual(after);
  });

  it('gives the same table when units are staged and days rebuilt in small batches', async () => {
    await messyCorpus();
    const s = await ingest({ batchUnits: 1 });
    expect(s.duplicatesDropped).toBe(1);
    const batched = await totals();
    await reopen();
    await ingest({ force: true });
    expect(await totals()).toEqual(batched);
  });

  it('re-attributes history from the staged extracts after the raw logs are gone', async () => {
    await messyCorpus();
    await ingest();
    rmSync(join(dir, 'raw'), { recursive: true, force: true });
    const mapped = parseConfig({
      attribution: {
        identities: [{ match: 'arn:aws:iam::111122223333:role/support-bot-*', team: 'support-bots' }],
      },
    });
    const rebuilt = await rebuildBedrockDays({
      store: new FolderStore(join(dir, 'lake')),
      config: mapped,
      clock: fixedClock('2026-03-04T00:00:00Z'),
    });
    expect(rebuilt.partitions).toEqual(['2026-03-02', '2026-03-03']);
    expect(rebuilt.settingsChanged[0]).toMatch(/^attribution\.identities/);
    expect(rebuilt.teamsChanged['support-bots']).toBeGreaterThan(0);
    expect(rebuilt.teamsChanged.unattributed).toBe(-(rebuilt.teamsChanged['support-bots'] ?? 0));
    await reopen();
    const teams = (await totals()).map((r) => r.team);
    expect(teams).toContain('support-bots');
    expect(teams).not.toContain('unattributed');
  });

  it('reads CloudWatch Logs events exported with the AWS CLI, pretty-printed or one per line', async () => {
    const event = (id: string, t: string) => ({
      logStreamName: 'aws/bedrock/modelinvocations',
      timestamp: Date.parse(t),
      message: JSON.stringify(
        record(id, t, { team: 'support', input: 5, output: 1, text: 'private prompt' }),
      ),
      ingestionTime: Date.parse(t) + 900,
      eventId: `${id}-event`,
    });
    const filterLogEvents = {
      events: [event('c1', '2026-03-02T10:00:00Z'), event('c2', '2026-03-02T10:05:00Z')],
      searchedLogStreams: [],
    };
    await source.put('exports/filter-log-events.json', Buffer.from(JSON.stringify(filterLogEvents, null, 2)));
    await source.put(
      'exports/events.jsonl',
      Buffer.from(
        `${JSON.stringify(event('c2', '2026-03-02T10:05:00Z'))}\n${JSON.stringify(event('c3', '2026-03-02T11:00:00Z'))}\n`,
      ),
    );
    const s = await ingest();
    expect(s.linesRejected).toBe(0);
    expect(s.recordsWritten).toBe(3);
    expect(await totals()).toEqual([{ team: 'support', n: 3, input_tokens: 15, output_tokens: 3 }]);
  });

  it('recovers when a run stopped between withdrawing an extract and recording it', async () => {
    const h = hourFolder('2026-03-02T10');
    await putLog(source, `${h}a.json.gz`, [record('m1', '2026-03-01T23:59:00Z', { team: 'search' })]);
    await putLog(source, `${h}b.json.gz`, [record('m0', '2026-03-02T09:59:00Z', { team: 'search' })]);
    await ingest();
    // The object now holds another day's record; the run dies after staging, before its manifest.
    await putLog(source, `${h}a.json.gz`, [record('m2', '2026-03-02T10:00:00Z', { team: 'search' })]);
    const unit = (await store().listFolder('_stage/bedrock_invocations/dt=2026-03-01/')).objects[0]
      ?.key as string;
    await store().delete([unit]);
    const s = await ingest();
    expect(s.unitsFailed).toEqual([]);
    expect(await sql('SELECT request_id, dt FROM bedrock_invocations ORDER BY request_id')).toEqual([
      { request_id: 'm0', dt: '2026-03-02' },
      { request_id: 'm2', dt: '2026-03-02' },
    ]);
  });

  it('after a parser upgrade re-reads what exists and keeps rows of expired objects', async () => {
    await messyCorpus();
    await ingest();
    const before = await totals();
    await reopen();
    await source.delete([`${hourFolder('2026-03-02T22')}a.json.gz`]);
    // Manifests as an older version wrote them.
    for await (const o of store().list('_stage/bedrock_invocations/_units/')) {
      const manifest = JSON.parse(Buffer.from(await store().getBytes(o.key)).toString()) as {
        version: number;
      };
      manifest.version = 1;
      await store().put(o.key, Buffer.from(JSON.stringify(manifest)));
    }
    const s = await ingest();
    expect(s.unitsRead).toBe(s.unitsSeen);
    expect(await totals()).toEqual(before);
  });

  it('stops between batches when asked, and the next run continues where it stopped', async () => {
    await messyCorpus();
    const first = await ingest({ batchUnits: 1, shouldStop: () => true });
    expect(first.complete).toBe(false);
    expect(first.unitsRead).toBe(1);
    const second = await ingest();
    expect(second.complete).toBe(true);
    expect(second.unitsUnchanged).toBe(1);
    expect(second.unitsRead).toBe(second.unitsSeen - 1);
    const resumed = await totals();
    await reopen();
    await ingest({ force: true });
    expect(await totals()).toEqual(resumed);
  });

  it('reads one-line JSON documents of CloudWatch Logs events', async () => {
    const event = (id: string) => ({
      timestamp: 1,
      message: JSON.stringify(record(id, '2026-03-02T10:00:00Z', { team: 'a' })),
    });
    await source.put(
      'exports/compact.jsonl',
      Buffer.from(
        `${JSON.stringify({ events: [event('j1'), event('j2')] })}\n${JSON.stringify([event('j3')])}\n`,
      ),
    );
    const s = await ingest();
    expect(s.linesRejected).toBe(0);
    expect(s.recordsWritten).toBe(3);
  });

  it('never writes prompt or completion text anywhere under the store', async () => {
    const canary = 'CANARY-7f3a9c-do-not-store';
    await putLog(source, `${hourFolder('2026-03-02T10')}p.json.gz`, [
      record('p1', '2026-03-02T10:00:00Z', { team: 'support', text: canary }),
      `{"broken": "${canary}`,
    ]);
    const s = await ingest();
    expect(s.recordsWritten).toBe(1);
    expect(JSON.stringify(s)).not.toContain(canary);
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
    const files = walk(join(dir, 'lake'));
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) {
      const bytes = readFileSync(f);
      expect(bytes.includes(canary)).toBe(false);
      // Parquet pages are compressed: look at the decoded values too.
      if (f.endsWith('.parquet')) expect(JSON.stringify(await decodeParquet(bytes))).not.toContain(canary);
    }
  });
});
