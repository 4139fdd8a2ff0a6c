import type { GeneratedRecord } from './records';
import type { GroundTruth, TeamModelTotals } from './types';

/** Accumulates the ground truth from lines as they are written, never by re-reading them. */
export class TruthTally {
  private records = 0;
  private duplicates = 0;
  private badLines = 0;
  private lateArrivals = 0;
  private objects = 0;
  private bodyObjects = 0;
  private bytesUncompressed = 0;
  private bytesCompressed = 0;
  private readonly totals = new Map<string, TeamModelTotals>();

  /** A readable first occurrence of a good record. */
  record(rec: GeneratedRecord, late: boolean): void {
    this.records++;
    if (late) this.lateArrivals++;
    const key = `${rec.team}\u0000${rec.model}`;
    let row = this.totals.get(key);
    if (!row) {
      row = {
        team: rec.team,
        model: rec.model,
        invocations: 0,
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      };
      this.totals.set(key, row);
    }
    row.invocations++;
    row.inputTokens += rec.inputTokens;
    row.outputTokens += rec.outputTokens;
    row.cacheReadTokens += rec.cacheReadTokens;
    row.cacheWriteTokens += rec.cacheWriteTokens;
  }

  /** A readable copy of a record already counted. */
  duplicate(): void {
    this.duplicates++;
  }

  /** A readable non-empty line a reader must reject. */
  badLine(): void {
    this.badLines++;
  }

  /** A record object as written. */
  object(bytesCompressed: number, bytesUncompressed: number): void {
    this.objects++;
    this.bytesCompressed += bytesCompressed;
    this.bytesUncompressed += bytesUncompressed;
  }

  /** An offloaded body object. */
  bodyObject(): void {
    this.bodyObjects++;
  }

  /** The totals so far, with the configuration a correct ingest must use. */
  result(config: GroundTruth['config']): GroundTruth {
    const byTeamModel = [...this.totals.values()]
      .map((row) => ({ ...row }))
      .sort((a, b) => (a.team === b.team ? (a.model < b.model ? -1 : 1) : a.team < b.team ? -1 : 1));
    return {
      records: this.records,
      duplicates: this.duplicates,
      badLines: this.badLines,
      lateArrivals: this.lateArrivals,
      byTeamModel,
      config,
      objects: this.objects,
      bodyObjects: this.bodyObjects,
      bytesUncompressed: this.bytesUncompressed,
      bytesCompressed: this.bytesCompressed,
    };
  }
}
