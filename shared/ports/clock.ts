/** Clock port: the core never reads the time itself. */
export interface Clock {
  now(): Date;
}

/** The real time. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `at` (tests, replays). */
export function fixedClock(at: Date | string): Clock {
  const time = typeof at === 'string' ? new Date(at) : at;
  return { now: () => new Date(time.getTime()) };
}
