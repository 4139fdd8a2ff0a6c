/**
 * The generic ingest run, shared by every source: units are listed, staged a few at a time in
 * batches, then the partitions each batch touched are rebuilt, and only then are the batch's
 * units committed (marked done), so an interrupted or failed run never marks work done that is
 * not in the table. Between batches `shouldStop` may end the run early (near a Lambda timeout);
 * the next run continues where it stopped, since committed units are skipped as unchanged.
 */

/** One unit that could not be staged, or whose partition could not be rebuilt. */
export interface FailedUnit<U> {
  unit: U;
  error: string;
}

export interface RunPlan<U, O, C> {
  units: AsyncIterable<U>;
  /** Reads one unit into staging; units are independent, so several run at once. */
  stage(unit: U): Promise<O>;
  /** The partitions a staged unit changed. */
  partitionsOf(outcome: O): readonly string[];
  /** Rebuilds one partition from all of its staged data. */
  compact(partition: string): Promise<C>;
  /** Marks a unit done, once every partition it changed has been rebuilt. */
  commit(outcome: O): Promise<void>;
  /** Called after each unit is staged (progress output). */
  onStaged?(outcome: O): void;
  /** Called when a batch is committed (to free what was kept for its compaction). */
  onBatchDone?(): void;
  unitConcurrency?: number;
  batchUnits?: number;
  shouldStop?: () => boolean;
}

export interface RunResult<U, O, C> {
  unitsSeen: number;
  /** Units staged and committed. */
  staged: O[];
  failed: FailedUnit<U>[];
  /** Partitions rebuilt, by name; the last rebuild wins when a partition is rebuilt in several batches. */
  compacted: Map<string, C>;
  /** False when `shouldStop` ended the run early. */
  complete: boolean;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs the plan (see the module comment). */
export async function runUnits<U, O, C>(plan: RunPlan<U, O, C>): Promise<RunResult<U, O, C>> {
  const result: RunResult<U, O, C> = {
    unitsSeen: 0,
    staged: [],
    failed: [],
    compacted: new Map(),
    complete: true,
  };
  const concurrency = plan.unitConcurrency ?? 4;

  const runBatch = async (batch: U[]): Promise<void> => {
    const done: { unit: U; outcome: O }[] = [];
    const inFlight = new Set<Promise<void>>();
    for (const unit of batch) {
      const work: Promise<void> = plan
        .stage(unit)
        .then((outcome) => {
          done.push({ unit, outcome });
          plan.onStaged?.(outcome);
        })
        .catch((error: unknown) => {
          result.failed.push({ unit, error: messageOf(error) });
        })
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const partitions = [...new Set(done.flatMap((d) => plan.partitionsOf(d.outcome)))].sort();
    const broken = new Map<string, string>();
    for (const p of partitions) {
      try {
        result.compacted.set(p, await plan.compact(p));
      } catch (error) {
        broken.set(p, messageOf(error));
      }
    }
    for (const d of done) {
      const why = plan.partitionsOf(d.outcome).find((p) => broken.has(p));
      if (why !== undefined) {
        // Not committed: the next run stages it again and retries the partition.
        result.failed.push({ unit: d.unit, error: `${why} was not rebuilt: ${broken.get(why)}` });
        continue;
      }
      await plan.commit(d.outcome);
      result.staged.push(d.outcome);
    }
    plan.onBatchDone?.();
  };

  let batch: U[] = [];
  for await (const unit of plan.units) {
    result.unitsSeen++;
    batch.push(unit);
    if (batch.length >= (plan.batchUnits ?? 500)) {
      await runBatch(batch);
      batch = [];
      if (plan.shouldStop?.()) {
        result.complete = false;
        break;
      }
    }
  }
  if (batch.length > 0) await runBatch(batch);
  return result;
}
