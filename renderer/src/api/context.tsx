/** React access to the injected dependencies: the ApiClient, the store, the platform services. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ApiClient } from '@shared/contract';
import type { AudioOutput, CallPlatform, PrefStore } from '../platform';
import type { ConsoleStore } from '../store/store';
import type { ConsoleState } from '../store/types';

export type Services = { api: ApiClient; store: ConsoleStore; prefs: PrefStore; audio: AudioOutput | null; call?: CallPlatform | null };

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('ServicesProvider missing');
  return s;
}

export function useApi(): ApiClient {
  return useServices().api;
}

/** Subscribes through a selector, as zustand recommends. */
export function useConsole<T>(selector: (s: ConsoleState) => T): T {
  return useStore(useServices().store, selector);
}
