import { bucketsFor } from '../bedrock/compact';
import type { ExtractPrint, KeptGroups } from '../bedrock/day-groups';
import { cutDay, type DaySizing, FAN_OUT_GROUP_BYTES } from '../bedrock/fan-out-day-plan';
import { shuffleFlushes } from '../bedrock/shuffle-day';

/**
 * Store requests a day rebuild makes, from the extracts' sizes and the code's own planning functions
 * (`cutDay`, `bucketsFor`, `shuffleFlushes`), request by request as the steps make them (checked
 * against `store.stats` of a real rebuild by test/integration/fan-out-requests.test.ts). Assumes what
 * holds at scale: every bucket gets rows in every shuffle flush and holds under 1M rows (one part),
 * nothing left by a crashed attempt, no contended lease, the day's part count not shrinking.
 */
export interface StoreRequests {
  put: number;
  get: number;
  list: number;
  delete: number;
  /** Bucket objects written by the shuffle (part of `put`). */
  shuffleObjects: number;
}

const none = (): StoreRequests => ({ put: 0, get: 0, list: 0, delete: 0, shuffleObjects: 0 });

/** LIST requests to list `n` keys (one page per 1,000, as S3 and the folder store count them). */
const lists = (n: number): number => 1 + Math.floor(n / 1000);
/** DeleteObjects requests for `n` keys (1,000 a request). */
const deletes = (n: number): number => Math.ceil(n / 1000);

/** The sum of request counts. */
export function addRequests(...all: StoreRequests[]): StoreRequests {
  const sum = none();
  for (const r of all) {
    sum.put += r.put;
    sum.get += r.get;
    sum.list += r.list;
    sum.delete += r.delete;
    sum.shuffleObjects += r.shuffleObjects;
  }
  return sum;
}

/** `compactDay` (one process, nothing in memory): lease, list, shuffle when over one bucket, merge, write. */
export function compactDayRequests(
  sizes: readonly number[],
  sizing: { bucketBytes?: number; groupBytes?: number } = {},
): StoreRequests {
  const extracts = sizes.length;
  const buckets = bucketsFor(
    sizes.reduce((n, s) => n + s, 0),
    sizing.bucketBytes,
  );
  const r = none();
  r.put += 1; // the lease
  r.list += lists(extracts);
  const flushes = buckets > 1 ? shuffleFlushes(sizes, sizing.groupBytes) : 0;
  const objects = flushes * buckets;
  if (buckets > 1) {
    r.list += 1; // clearing what a crashed rebuild left
    r.get += extracts;
    r.put += objects;
    r.shuffleObjects += objects;
  }
  r.list += 1; // the partition's parts before
  if (buckets === 1) r.get += extracts;
  else {
    r.list += buckets;
    r.get += objects;
  }
  r.put += buckets; // one part per bucket
  if (buckets > 1) {
    r.list += lists(objects);
    r.delete += deletes(objects);
  }
  r.list += 2; // usage_hourly and identity_daily replaced
  r.put += 2;
  r.get += 1; // the lease released: head, delete
  r.delete += 1;
  return r;
}

/** What a recent day's last finished rebuild kept: its groups, and the bucket objects each has. */
export interface KeptDay {
  kept: KeptGroups;
  objects: Record<string, number>;
}

/**
 * The rebuild of one changed day in a fanned-out run: a small day by its `day` step (plan, then
 * `compactDay`), a large one by its plan, shuffle (the groups not kept), merge and finish steps. With
 * `keep` (a recent day, `keepsShuffle`) the bucket objects stay for the next rebuild: `previous` is
 * what the last one kept; `next` is what this one keeps.
 */
export function fanOutDayRequests(
  prints: readonly ExtractPrint[],
  sizing: DaySizing = {},
  keep?: { previous?: KeptDay },
): StoreRequests & { next?: KeptDay } {
  const extracts = prints.length;
  const previous = keep?.previous;
  const cut = cutDay(prints, sizing, previous?.kept);
  const plan = none();
  plan.list += lists(extracts) + 2; // the extracts, and the run's day state cleared
  if (keep) plan.get += previous ? 2 : 1; // the kept groups' manifest: head, read
  if (!cut.large) {
    plan.put += 1; // the day's record for the commit
    return addRequests(
      plan,
      compactDayRequests(
        prints.map((p) => p[1]),
        { bucketBytes: sizing.bucketBytes },
      ),
    );
  }
  plan.put += 1; // plan.json
  const { buckets } = cut;
  const merges = cut.merges.length;
  const groupBytes = sizing.groupBytes ?? FAN_OUT_GROUP_BYTES;
  const objects: Record<string, number> = {};
  const shuffle = none();
  for (const g of cut.groups) objects[g.id] = previous?.objects[g.id] ?? 0;
  for (const i of cut.shuffles) {
    const g = cut.groups[i] as (typeof cut.groups)[number];
    const f = shuffleFlushes(
      g.extracts.map((e) => (prints[e] as ExtractPrint)[1]),
      groupBytes,
    );
    objects[g.id] = f * buckets;
    shuffle.get += 1 + g.extracts.length; // the plan, the extracts
    shuffle.put += f * buckets;
    shuffle.shuffleObjects += f * buckets;
  }
  const planned = Object.values(objects).reduce((n, o) => n + o, 0);
  // A kept day's folder also holds the previous rebuild's groups this one replaces, until its finish.
  const replaced = Object.entries(previous?.objects ?? {})
    .filter(([id]) => objects[id] === undefined)
    .reduce((n, [, o]) => n + o, 0);
  const merge = none();
  for (const [from, to] of cut.merges) {
    for (let b = from; b < to; b++) merge.list += lists((planned + replaced) / buckets);
    merge.get += 1 + (to - from) * (planned / buckets); // the plan, each bucket's objects
    merge.put += to - from + 3; // parts, two aggregate shares, the step's record
  }
  const stateKeys = 1 + 3 * merges + buckets; // plan, merge records, shares, parts
  const finish: StoreRequests = {
    // the plan, merge records, parts, shares of both aggregates, the lease's head
    get: 1 + merges + buckets + 2 * merges + 1 + (keep ? 1 : 0),
    // the lease, the day's parts, both aggregates, the day's record (and the kept groups' manifest)
    put: 1 + buckets + 2 + 1 + (keep ? 1 : 0),
    // extracts, the day's parts before, both aggregates, the day state cleared, and the bucket
    // objects: kept ones listed for replaced groups (and the day two days before), or all cleared
    list:
      lists(extracts) +
      1 +
      2 +
      lists(stateKeys) +
      (keep ? lists(planned + replaced + 1) + 1 : lists(planned)),
    delete: 1 + deletes(stateKeys) + (keep ? deletes(replaced) : deletes(planned)),
    shuffleObjects: 0,
  };
  const next = keep ? { kept: { buckets, groups: cut.groups.map((g) => g.id) }, objects } : undefined;
  return { ...addRequests(plan, shuffle, merge, finish), ...(next ? { next } : {}) };
}

/**
 * A fanned-out run's own state, beside its staging and day rebuilds: the plan (build settings read,
 * items and plan written), the Distributed Map's read of the items (by Step Functions), each piece
 * (plan and items read, its record written), the changed days (pieces listed and read) and the commit
 * (plan read, pieces and days listed and read, the run's state deleted). The staging's own requests
 * and the units' manifests are those of the single run (`MEASURED`).
 */
export function fanOutRunRequests(pieces: number, days: number): StoreRequests & { itemReaderGets: number } {
  return {
    put: 2 + pieces,
    get: 1 + 2 * pieces + pieces + 1 + pieces + days,
    list: 1 + 2,
    delete: 2 + (days > 0 ? 1 : 0),
    shuffleObjects: 0,
    itemReaderGets: 1,
  };
}
