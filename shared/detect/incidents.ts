import type { Direction } from './verdict';

/** How incidents open, grow and close. */
export interface IncidentOptions {
  /** An open incident is escalated (alerted again) when its deviation grows past this factor. */
  escalateFactor: number;
  /** Consecutive normal present samples that close an incident. */
  closeAfter: number;
}

/** What happened to the incident state at one sample; alerts go out on `open` and `escalate` only. */
export type IncidentEvent = 'none' | 'open' | 'escalate' | 'ongoing' | 'close';

/** One sample as the incident tracker sees it. */
export interface IncidentInput {
  anomalous: boolean;
  direction?: Direction;
  /** The sample's value; NaN when it is missing (gaps neither prolong nor close an incident). */
  value: number;
  /** What the baseline expected here. */
  expected: number;
  /** The band half-width here: a value back inside the band at opening is a recovery. */
  bound: number;
}

/**
 * One alert per incident: opens on the first anomalous sample, escalates when the departure from
 * the expectation at opening grows past `escalateFactor` times the last alerted one, and closes after
 * `closeAfter` normal samples in a row. Departures the other way while open belong to the same
 * incident (a recovery after the baseline moved to the incident's level, or noise that turned wild).
 */
export class IncidentTracker {
  private open = false;
  private direction: Direction | undefined;
  private alerted = 0;
  private boundAtOpen = 0;
  private expectedAtOpen = 0;
  private normalRun = 0;

  constructor(private readonly options: IncidentOptions) {}

  /** Whether an incident is open now. */
  get isOpen(): boolean {
    return this.open;
  }

  step(input: IncidentInput): IncidentEvent {
    const present = Number.isFinite(input.value);
    if (!input.anomalous) {
      if (!this.open) return 'none';
      if (present) this.normalRun++;
      if (this.normalRun < this.options.closeAfter) return 'ongoing';
      this.open = false;
      return 'close';
    }
    this.normalRun = 0;
    // A missing sample departs by all it was expected to be.
    const departure = (expected: number) => Math.abs(present ? input.value - expected : expected);
    const fromOpen = departure(this.expectedAtOpen);
    if (this.open) {
      // Either way from the expectation at opening: noise that turned wild swings both ways, and a
      // return towards the old level after the baseline moved is a recovery, not a new incident.
      if (fromOpen < this.options.escalateFactor * this.alerted || fromOpen <= this.boundAtOpen)
        return 'ongoing';
      this.alerted = fromOpen;
      this.direction = input.direction;
      return 'escalate';
    }
    this.open = true;
    this.direction = input.direction;
    this.alerted = departure(input.expected);
    this.expectedAtOpen = input.expected;
    this.boundAtOpen = input.bound;
    return 'open';
  }
}
