import { createHash } from 'node:crypto';
import { DAY_MS, HOUR_MS } from '../lake/utc';
import type { FolderListing, ObjectInfo, ObjectStore, UnreadableFolderError } from '../ports';
import { type HourWindow, overlaps } from './window';

/** One independent piece of ingest work: the record objects of one folder (normally one hour folder). */
export interface SourceUnit {
  /** Folder relative to the source root: '' or ending in '/'. */
  folder: string;
  /** Stable id, also the staged file name: readable where the layout allows, plus a hash of the location. */
  id: string;
  accountId?: string;
  region?: string;
  /** Start of the hour folder, when the folder follows Bedrock's layout. */
  hour?: Date;
  objects: ObjectInfo[];
}

/** Why an object under the source is not read as a record file. */
export type SkipReason =
  | 'body_object'
  | 'marker_object'
  | 'not_a_log_file'
  | 'empty_object'
  | 'other_aws_logs';

// s3://…/AWSLogs/<account>/BedrockModelInvocationLogs/<region>/YYYY/MM/DD/HH/
const HOUR_FOLDER =
  /(?:^|\/)AWSLogs\/(\d+)\/BedrockModelInvocationLogs\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/$/;
// A folder on the way down to an hour folder: year, month or day.
const DATE_FOLDER =
  /\/BedrockModelInvocationLogs\/[a-z0-9-]+\/(\d{4})\/(?:(\d{2})\/(?:(\d{2})\/(?:(\d{2})\/)?)?)?$/;
const LOG_FILE = /\.(gz|json|jsonl|ndjson|log|txt)$/i;
// Another service's logs in a shared log bucket: AWSLogs/<account>/<service other than Bedrock>/…
const OTHER_AWS_LOGS = /(?:^|\/)AWSLogs\/\d+\/(?!BedrockModelInvocationLogs\/)[^/]+\//;
// An account folder, whose only child worth walking is BedrockModelInvocationLogs/.
const ACCOUNT_FOLDER = /(?:^|\/)AWSLogs\/\d+\/$/;

/** Classifies a key: undefined when it is a record file to read. */
export function skipReason(key: string, size: number): SkipReason | undefined {
  if (OTHER_AWS_LOGS.test(key)) return 'other_aws_logs';
  // Bodies too large to inline are offloaded under …/HH/data/ (naming observed, not documented).
  // Only a data/ folder inside an hour folder: a source folder may itself be called data/.
  if (/\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/data\/[^/]*$/.test(key) || /_(input|output)\.json(\.gz)?$/.test(key)) {
    return 'body_object';
  }
  if (key.includes('permission-check')) return 'marker_object';
  if (!LOG_FILE.test(key)) return 'not_a_log_file';
  if (size === 0) return 'empty_object';
  return undefined;
}

/** The date range [start, end) a layout folder covers (year, month, day or hour), or undefined. */
export function folderRange(path: string): { start: number; end: number } | undefined {
  const m = DATE_FOLDER.exec(path);
  if (!m) return undefined;
  const [y, mo, d, h] = [Number(m[1]), m[2], m[3], m[4]];
  if (mo === undefined) return { start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1) };
  if (d === undefined) return { start: Date.UTC(y, Number(mo) - 1, 1), end: Date.UTC(y, Number(mo), 1) };
  if (h === undefined) {
    const start = Date.UTC(y, Number(mo) - 1, Number(d));
    return { start, end: start + DAY_MS };
  }
  const start = Date.UTC(y, Number(mo) - 1, Number(d), Number(h));
  return { start, end: start + HOUR_MS };
}

function describeUnit(sourceUri: string, folder: string, objects: ObjectInfo[]): SourceUnit {
  const full = `${sourceUri}/${folder}`;
  const hash = createHash('sha1').update(full).digest('hex');
  const m = HOUR_FOLDER.exec(full);
  if (!m) return { folder, id: `f_${hash.slice(0, 16)}`, objects };
  const [, accountId, region, y, mo, d, h] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    folder,
    id: `${accountId}_${region}_${y}${mo}${d}${h}_${hash.slice(0, 8)}`,
    accountId,
    region,
    hour: new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h))),
    objects,
  };
}

function folderOf(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash === -1 ? '' : key.slice(0, slash + 1);
}

/** Counts of objects seen but not read, by reason. */
export type SkipCounts = Partial<Record<SkipReason, number>>;

/**
 * Lists the source's units. Without a window: one recursive listing (1 request per 1,000 keys).
 * With a window: walks Bedrock's `YYYY/MM/DD/HH` folders and lists only those in the window, so a
 * scheduled run costs a handful of requests however long the bucket's history. Objects outside
 * Bedrock's layout (exports copied into any folder) are always read.
 */
export async function* listSourceUnits(
  source: ObjectStore,
  window: HourWindow | undefined,
  skipped: SkipCounts,
  onUnreadable: (folder: string, error: UnreadableFolderError) => void = () => {},
): AsyncGenerator<SourceUnit> {
  const keep = (o: ObjectInfo): boolean => {
    const reason = skipReason(`${source.uri}/${o.key}`, o.size);
    if (reason) skipped[reason] = (skipped[reason] ?? 0) + 1;
    return reason === undefined;
  };
  if (!window) {
    // A folder's own objects need not be contiguous in a recursive listing (`a/april.json`,
    // `a/cw/x.json`, `a/march.json`), but every key under the folder is: a folder is complete
    // once the listing leaves its prefix. Open folders form a chain of prefixes, so a stack.
    const open: { folder: string; objects: ObjectInfo[] }[] = [];
    const close = function* (until: (folder: string) => boolean): Generator<SourceUnit> {
      while (open.length > 0 && !until((open[open.length - 1] as { folder: string }).folder)) {
        const done = open.pop() as { folder: string; objects: ObjectInfo[] };
        if (done.objects.length > 0) yield describeUnit(source.uri, done.folder, done.objects);
      }
    };
    for await (const o of source.list('', { onUnreadable })) {
      const f = folderOf(o.key);
      yield* close((folder) => f.startsWith(folder));
      const top = open[open.length - 1];
      if (top?.folder !== f) open.push({ folder: f, objects: [] });
      if (keep(o)) (open[open.length - 1] as { objects: ObjectInfo[] }).objects.push(o);
    }
    yield* close(() => false);
    return;
  }
  const pending: string[] = [''];
  while (pending.length > 0) {
    const prefix = pending.shift() as string;
    let listing: FolderListing;
    try {
      listing = await source.listFolder(prefix);
    } catch (error) {
      // One folder that cannot be read fails alone; the rest of the window is still read.
      if (prefix === '') throw error;
      const cause = (error as { cause?: unknown }).cause ?? error;
      onUnreadable(prefix, {
        folder: prefix,
        code: (cause as { code?: string }).code ?? (error as Error).name,
        message: (cause as Error).message ?? String(cause),
      });
      continue;
    }
    const objects = listing.objects.filter(keep);
    const range = folderRange(`${source.uri}/${prefix}`);
    const inWindow = !range || overlaps(window, range.start, range.end);
    if (objects.length > 0 && inWindow) yield describeUnit(source.uri, prefix, objects);
    const accountFolder = ACCOUNT_FOLDER.test(`${source.uri}/${prefix}`);
    const children = listing.folders.filter((child) => {
      if (range && range.end - range.start === HOUR_MS) return false; // below an hour folder: body objects
      // CloudTrail, VPC flow logs and the like share AWSLogs/<account>/ in central log buckets.
      if (accountFolder) return child.endsWith('/BedrockModelInvocationLogs/');
      const r = folderRange(`${source.uri}/${child}`);
      return !r || overlaps(window, r.start, r.end);
    });
    children.sort();
    for (let i = children.length - 1; i >= 0; i--) pending.unshift(children[i] as string);
  }
}
