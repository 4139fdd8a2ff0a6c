import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { ObjectStore } from '../../shared/ports';

const [converse] = readFileSync(
  new URL('../fixtures/bedrock/reference-examples.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n') as [string];

/** Example A of the reference (a Converse call with tags and caching), as an object to vary. */
export const exampleA = (): Record<string, unknown> => JSON.parse(converse) as Record<string, unknown>;

/** A record like example A with a given id, time, team and token counts. */
export function record(
  id: string,
  timestamp: string,
  opts: { team?: string; model?: string; input?: number; output?: number; text?: string } = {},
): Record<string, unknown> {
  const r = exampleA();
  r.requestId = id;
  r.timestamp = timestamp;
  if (opts.model) r.modelId = opts.model;
  r.requestMetadata = opts.team ? { team: opts.team, feature: 'f', environment: 'prod' } : undefined;
  const input = r.input as Record<string, unknown>;
  input.inputTokenCount = opts.input ?? 100;
  if (opts.text) input.inputBodyJson = { messages: [{ role: 'user', content: [{ text: opts.text }] }] };
  const output = r.output as Record<string, unknown>;
  output.outputTokenCount = opts.output ?? 10;
  if (opts.text) output.outputBodyJson = { output: { message: { content: [{ text: opts.text }] } } };
  return r;
}

/** The hour folder key of Bedrock's layout. */
export function hourFolder(hour: string, account = '111122223333', region = 'us-east-1'): string {
  const [d, h] = hour.split('T') as [string, string];
  return `AWSLogs/${account}/BedrockModelInvocationLogs/${region}/${d.replace(/-/g, '/')}/${h.slice(0, 2)}/`;
}

/** Writes gzip NDJSON: records as JSON lines, strings as raw lines. */
export async function putLog(
  store: ObjectStore,
  key: string,
  lines: (Record<string, unknown> | string)[],
): Promise<void> {
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  await store.put(key, gzipSync(`${text}\n`));
}
