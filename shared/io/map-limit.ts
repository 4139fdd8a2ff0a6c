/** Runs `fn` over the items, at most `limit` at once, keeping their order in the results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Runs `fn` over `0 … count - 1`, at most `limit` at once, and hands each result to `take` in
 * index order as soon as it and every one before it are done: at most `limit` results are held at
 * once, however many there are. Stops at the first failure (of `fn` or `take`) and throws it.
 */
export async function forEachInOrder<R>(
  count: number,
  limit: number,
  fn: (i: number) => Promise<R>,
  take: (result: R, i: number) => Promise<void>,
): Promise<void> {
  const running = new Map<number, Promise<R>>();
  let next = 0;
  const launch = (): void => {
    while (next < count && running.size < Math.max(1, limit)) {
      const p = fn(next);
      p.catch(() => {}); // surfaced when its turn comes
      running.set(next++, p);
    }
  };
  launch();
  for (let i = 0; i < count; i++) {
    const result = await (running.get(i) as Promise<R>);
    running.delete(i);
    launch();
    await take(result, i);
  }
}
