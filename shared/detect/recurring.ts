const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Days of history kept. */
const DAYS = 7;
const HOURS = 24;

/** Tuning of the recurring-excursion memory. */
export interface RecurringOptions {
  /** Earlier days with a comparable excursion near the same hour that make one expected. */
  minDays: number;
  /** An earlier excursion is comparable when at least 1 / `ratio` of the current one. */
  ratio: number;
  /** Hours either side of the current one that count as "the same time" (jobs drift). */
  slack: number;
}

export const DEFAULT_RECURRING_OPTIONS: RecurringOptions = { minDays: 2, ratio: 1.5, slack: 1 };

/**
 * Remembers, per UTC day and hour, the largest out-of-band excursion each way over the last week.
 * A daily job (backup, batch, cron) makes a burst of about the same size at about the same time
 * every day: after it has been seen on `minDays` earlier days within `slack` hours, it is expected
 * and no longer an incident. A burst much larger than the ones before still is. Only the baseline's
 * out-of-band residuals are recorded, so ordinary noise never makes anything expected.
 */
export class RecurringExcursions {
  private readonly up = new Float64Array(DAYS * HOURS);
  private readonly down = new Float64Array(DAYS * HOURS);
  private readonly dayOf = new Float64Array(DAYS).fill(Number.NaN);

  constructor(private readonly options: RecurringOptions = DEFAULT_RECURRING_OPTIONS) {}

  private row(day: number): number {
    const row = ((day % DAYS) + DAYS) % DAYS;
    if (this.dayOf[row] !== day) {
      this.dayOf[row] = day;
      this.up.fill(0, row * HOURS, (row + 1) * HOURS);
      this.down.fill(0, row * HOURS, (row + 1) * HOURS);
    }
    return row;
  }

  /** Whether an excursion `residual` at `t` has been seen, about as large, on enough earlier days. */
  expected(t: number, residual: number): boolean {
    const day = Math.floor(t / DAY);
    const hour = Math.floor((t - day * DAY) / HOUR);
    const cells = residual > 0 ? this.up : this.down;
    const need = Math.abs(residual) / this.options.ratio;
    let days = 0;
    for (let k = 1; k <= DAYS; k++) {
      const row = (((day - k) % DAYS) + DAYS) % DAYS;
      if (this.dayOf[row] !== day - k) continue;
      for (let h = hour - this.options.slack; h <= hour + this.options.slack; h++) {
        const cell = row * HOURS + ((h + HOURS) % HOURS);
        if ((cells[cell] as number) >= need) {
          days++;
          break;
        }
      }
      if (days >= this.options.minDays) return true;
    }
    return false;
  }

  /** Records an out-of-band residual at `t`. */
  record(t: number, residual: number): void {
    const day = Math.floor(t / DAY);
    const hour = Math.floor((t - day * DAY) / HOUR);
    const cell = this.row(day) * HOURS + hour;
    const cells = residual > 0 ? this.up : this.down;
    if (Math.abs(residual) > (cells[cell] as number)) cells[cell] = Math.abs(residual);
  }
}
