import type { ObjectStore } from '../../shared/ports';
import { StoreError } from '../../shared/ports/store-errors';

/** The store operations a fault can be injected into. */
export type StoreOp = 'list' | 'listFolder' | 'get' | 'getBytes' | 'put' | 'delete' | 'head' | 'putIf';

/** One planned fault: the first `times` calls of `op` on a key matching `key` throw. */
export interface Fault {
  op: StoreOp;
  key: RegExp;
  times: number;
  /** Only the first key that matches fails (every time, up to `times`), as one bad object would. */
  oneKey?: boolean;
}

/** An injected store failure, as a dropped connection or a 503 would surface. */
export class InjectedFaultError extends StoreError {
  override name = 'InjectedFaultError';
}

/**
 * `store` with faults injected: each planned fault throws on its first `times` matching calls,
 * then lets them through, like a transient S3 error that a retry gets past. `fired` counts them.
 */
export function faultyStore(store: ObjectStore, faults: Fault[]): ObjectStore & { fired: number } {
  const left: (Fault & { pinned?: string })[] = faults.map((f) => ({ ...f }));
  let fired = 0;
  const check = (op: StoreOp, key: string): void => {
    const f = left.find(
      (x) => x.op === op && x.times > 0 && x.key.test(key) && (x.pinned === undefined || x.pinned === key),
    );
    if (!f) return;
    if (f.oneKey) f.pinned = key;
    f.times--;
    fired++;
    throw new InjectedFaultError(`injected ${op} failure on ${key}`);
  };
  return {
    get uri() {
      return store.uri;
    },
    get stats() {
      return store.stats;
    },
    get fired() {
      return fired;
    },
    async *list(prefix, options) {
      check('list', prefix);
      yield* store.list(prefix, options);
    },
    listFolder: async (prefix) => {
      check('listFolder', prefix);
      return store.listFolder(prefix);
    },
    get: async (key) => {
      check('get', key);
      return store.get(key);
    },
    getBytes: async (key) => {
      check('getBytes', key);
      return store.getBytes(key);
    },
    put: async (key, body, options) => {
      check('put', key);
      return store.put(key, body, options);
    },
    delete: async (keys) => {
      for (const key of keys) check('delete', key);
      return store.delete(keys);
    },
    head: async (key) => {
      check('head', key);
      return store.head(key);
    },
    putIf: async (key, body, condition) => {
      check('putIf', key);
      return store.putIf(key, body, condition);
    },
  };
}
