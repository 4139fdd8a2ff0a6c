/**
 * The ingest bench's floor as a whole process, as a user would time it next to the command: every
 * file under a folder gunzipped in one call, split into lines and each line `JSON.parse`d, nothing
 * else. `node bench/floor-process.mjs <folder> [part parts]` reads every `parts`-th file from
 * `part` (two processes on halves show what the machine's cores give work that shares nothing).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const [dir, part = '0', parts = '1'] = process.argv.slice(2);
if (!dir) throw new Error('usage: node bench/floor-process.mjs <folder> [part parts]');
const files = readdirSync(dir, { recursive: true })
  .map((f) => join(dir, String(f)))
  .filter((f) => statSync(f).isFile())
  .sort()
  .filter((_, i) => i % Number(parts) === Number(part));
let records = 0;
let bytes = 0;
for (const file of files) {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  bytes += Buffer.byteLength(text);
  for (const line of text.split('\n')) {
    if (line.length > 0) {
      JSON.parse(line);
      records++;
    }
  }
}
process.stdout.write(`${JSON.stringify({ records, bytes })}\n`);
