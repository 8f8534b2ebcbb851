/**
 * Fire and police stations from the open data (OSM poi layer, resources/data/saint-nazaire,
 * ODbL), served by the console at /map/data/… like the basemap: known offline.
 */
import { useEffect, useState } from 'react';
import type { Station } from '@shared/geo';

export const STATIONS_PATH = '/map/data/saint-nazaire/saint-nazaire-area-osm-pois.geojson';

interface PoiFeature {
  geometry?: { type?: string; coordinates?: unknown };
  properties?: { class?: string; name?: string | null };
}

const KIND: Record<string, Station['kind']> = { fire_station: 'fire', police: 'police' };
const UNNAMED: Record<Station['kind'], string> = { fire: 'Centre de secours (sans nom dans OSM)', police: 'Poste de police (sans nom dans OSM)' };

/** Stations of a GeoJSON FeatureCollection of OSM pois; features that are not stations or not points are skipped. */
export function stationsOf(collection: { features?: PoiFeature[] }): Station[] {
  const out: Station[] = [];
  for (const f of collection.features ?? []) {
    const kind = KIND[f.properties?.class ?? ''];
    const c = f.geometry?.type === 'Point' ? f.geometry.coordinates : null;
    if (!kind || !Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number') continue;
    out.push({ kind, name: f.properties?.name || UNNAMED[kind], position: { lon: c[0], lat: c[1] } });
  }
  return out;
}

let loading: Promise<Station[]> | null = null;

function loadStations(): Promise<Station[]> {
  loading ??= fetch(new URL(STATIONS_PATH, window.location.href))
    .then((res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json() as Promise<{ features?: PoiFeature[] }>;
    })
    .then(stationsOf)
    .catch((err: unknown) => {
      console.warn('stations unavailable: no nearest-station distance', err);
      loading = null;
      return [];
    });
  return loading;
}

/** The stations, empty until loaded (or when the file is missing: the map still shows the case). */
export function useStations(): Station[] {
  const [stations, setStations] = useState<Station[]>([]);
  useEffect(() => {
    let live = true;
    void loadStations().then((s) => live && setStations(s));
    return () => {
      live = false;
    };
  }, []);
  return stations;
}
