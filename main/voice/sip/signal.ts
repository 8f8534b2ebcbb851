/**
 * Listener sets for the UA's events. A one-shot event (ended, cancelled) remembers its
 * value so a listener added after it fired still hears it: the call manager often
 * subscribes after awaiting something else, and a missed "ended" would leave a call
 * open forever.
 */
export interface Listeners<T> {
  on(listener: (value: T) => void): () => void;
  emit(value: T): void;
}

export interface Once<T> extends Listeners<T> {
  readonly fired: boolean;
  readonly value: T | undefined;
}

function call<T>(listener: (value: T) => void, value: T, onError: (err: unknown) => void): void {
  try {
    listener(value);
  } catch (err) {
    onError(err);
  }
}

/** A listener that throws is logged by `onError`; the others still run. */
export function listeners<T>(onError: (err: unknown) => void): Listeners<T> {
  const set = new Set<(value: T) => void>();
  return {
    on(listener) {
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(value) {
      for (const l of [...set]) call(l, value, onError);
    },
  };
}

export function once<T>(onError: (err: unknown) => void): Once<T> {
  const set = new Set<(value: T) => void>();
  let fired = false;
  let value: T | undefined;
  return {
    get fired() {
      return fired;
    },
    get value() {
      return value;
    },
    on(listener) {
      if (fired) {
        queueMicrotask(() => call(listener, value as T, onError));
        return () => {};
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(v) {
      if (fired) return;
      fired = true;
      value = v;
      for (const l of [...set]) call(l, v, onError);
      set.clear();
    },
  };
}
