/**
 * Event fan-out shared by both transports: validates each payload against the
 * contract's event schema, so a malformed message from the host is logged and
 * dropped instead of corrupting the store or crashing a component.
 */
import { eventSchemas, type EventName, type EventPayload } from '@shared/contract';

type AnyListener = (payload: unknown) => void;

export class EventHub {
  private readonly listeners = new Map<string, Set<AnyListener>>();

  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as AnyListener;
    set.add(l);
    return () => {
      set.delete(l);
    };
  }

  /** Validates then delivers; returns false when the event was rejected. */
  emit(event: string, payload: unknown): boolean {
    if (!Object.prototype.hasOwnProperty.call(eventSchemas, event)) {
      console.warn(`[veille] unknown event from host ignored: ${event}`);
      return false;
    }
    const parsed = eventSchemas[event as EventName].safeParse(payload);
    if (!parsed.success) {
      console.error(`[veille] malformed ${event} payload dropped`, parsed.error.issues);
      return false;
    }
    for (const l of [...(this.listeners.get(event) ?? [])]) {
      // One faulty listener must not starve the others of an alarm.
      try {
        l(parsed.data);
      } catch (err) {
        console.error(`[veille] listener for ${event} threw`, err);
      }
    }
    return true;
  }
}
