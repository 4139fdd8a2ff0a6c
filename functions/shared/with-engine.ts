import type { QueryEngine } from '../../shared/ports';

/** A new engine for one run, closed when the run ends, also when it throws. */
export async function withEngine<T>(
  open: () => QueryEngine,
  use: (engine: QueryEngine) => Promise<T>,
): Promise<T> {
  const engine = open();
  try {
    return await use(engine);
  } finally {
    await engine.close();
  }
}
