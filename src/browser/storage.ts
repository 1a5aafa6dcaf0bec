/** A small key-value seam over localStorage, with an in-memory twin for tests. */
export interface KeyValueStore {
  get(key: string): string | null;
  /** False when the value could not be stored (quota, storage denied). */
  set(key: string, value: string): boolean;
  remove(key: string): void;
}

/** localStorage, or nothing when the page may not use it (sandboxed frames, privacy modes). */
export const localStore = (): KeyValueStore => {
  const ls = (): Storage | undefined => {
    try {
      return window.localStorage;
    } catch {
      return undefined;
    }
  };
  return {
    get: (k) => {
      try {
        return ls()?.getItem(k) ?? null;
      } catch {
        return null;
      }
    },
    set: (k, v) => {
      try {
        const s = ls();
        s?.setItem(k, v);
        return !!s;
      } catch {
        // Quota exceeded or storage denied: the client carries on without persistence.
        return false;
      }
    },
    remove: (k) => {
      try {
        ls()?.removeItem(k);
      } catch {
        // as above
      }
    },
  };
};

export const memoryStore = (init: Record<string, string> = {}): KeyValueStore => {
  const m = new Map(Object.entries(init));
  return {
    get: (k) => m.get(k) ?? null,
    set: (k, v) => !!m.set(k, v),
    remove: (k) => void m.delete(k),
  };
};
