/** Small persisted preferences (localStorage), tolerant of a locked-down profile. */
export interface PrefStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

export function browserPrefs(): PrefStore {
  return {
    get(key) {
      try {
        return window.localStorage.getItem(`veille.${key}`);
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(`veille.${key}`, value);
      } catch {
        /* private mode or quota: the preference simply does not persist */
      }
    },
  };
}

/** In-memory prefs for tests and for when storage is unavailable. */
export function memoryPrefs(initial: Record<string, string> = {}): PrefStore {
  const map = new Map(Object.entries(initial));
  return { get: (k) => map.get(k) ?? null, set: (k, v) => void map.set(k, v) };
}
