/**
 * Which map engine draws the map, and MapLibre's one-time setup (pmtiles protocol, worker).
 *
 * MapLibre GL is the engine: it runs offline with our basemap. A centre with a Mapbox
 * account may ask for mapbox-gl in the map settings (engine + token). This build does not
 * bundle mapbox-gl (DESIGN.md §6: v3 blanks its canvas without a valid token and a live
 * Mapbox session, and its licence ties every map load to a Mapbox account): asking for it
 * never blanks the map, the offline MapLibre map stays and a notice says why. A centre
 * that accepts Mapbox's terms adds the dependency and a loader for it here, behind the
 * same MapCanvas props.
 */
import * as maplibregl from 'maplibre-gl';
import { Protocol } from 'pmtiles';
// The worker as a file of the build: the default URL is derived from import.meta.url,
// which MapLibre ignores unless it is http(s) (Electron's page is app://).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { PrefStore } from '../../platform';

export type MapEngineKind = 'maplibre' | 'mapbox';

/** Why the requested engine is not the one drawing; null when it is. */
export type EngineNotice = 'mapbox-no-token' | 'mapbox-not-bundled' | null;

export const MAP_ENGINE_PREF = 'map.engine';
export const MAPBOX_TOKEN_PREF = 'map.mapboxToken';

export interface MapEngineSettings {
  engine: MapEngineKind;
  mapboxToken: string;
}

export function readEngineSettings(prefs: PrefStore): MapEngineSettings {
  return { engine: prefs.get(MAP_ENGINE_PREF) === 'mapbox' ? 'mapbox' : 'maplibre', mapboxToken: prefs.get(MAPBOX_TOKEN_PREF)?.trim() ?? '' };
}

export function saveEngineSettings(prefs: PrefStore, s: MapEngineSettings): void {
  prefs.set(MAP_ENGINE_PREF, s.engine);
  prefs.set(MAPBOX_TOKEN_PREF, s.mapboxToken.trim());
}

/** The engine that will draw, and the notice to show when it is not the one asked for. */
export function resolveEngine(s: MapEngineSettings): { kind: 'maplibre'; notice: EngineNotice } {
  if (s.engine !== 'mapbox') return { kind: 'maplibre', notice: null };
  return { kind: 'maplibre', notice: s.mapboxToken ? 'mapbox-not-bundled' : 'mapbox-no-token' };
}

let ready = false;

/** Registers pmtiles:// and the worker URL once per page. */
export function setUpMapLibre(): typeof maplibregl {
  if (!ready) {
    maplibregl.setWorkerUrl(workerUrl);
    maplibregl.addProtocol('pmtiles', new Protocol({ metadata: false }).tile);
    ready = true;
  }
  return maplibregl;
}
