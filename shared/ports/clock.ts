/** Clock port: the core never reads the time, nor waits, by itself. */
export interface Clock {
  now(): Date;
  /** Waits `ms` (a fixed clock moves on by `ms` instead, at once). */
  sleep(ms: number): Promise<void>;
}

/** The real time. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A clock stopped at `at` that moves only when slept on (tests, replays). */
export function fixedClock(at: Date | string): Clock {
  let time = (typeof at === 'string' ? new Date(at) : at).getTime();
  return {
    now: () => new Date(time),
    sleep: async (ms) => {
      time += ms;
      // Let other work run, as a real wait would.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
