/**
 * One map on screen: the offline basemap in the theme's variant with our overlay on top.
 * The engine stays behind these props (see engine.ts): callers give a centre, a zoom or
 * bounds, the overlay and a label; nothing else of MapLibre leaks out but the instance
 * handed to onIdle (benchmarks and tests read it).
 *
 * States are on the container (data-map-state: loading → idle, or error) so tests and
 * the bench wait on them instead of sleeping; the first full render also leaves a
 * performance mark.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import type { GeoPoint } from '@shared/geo';
import { basemapStyle, type MapVariant } from './basemap-style';
import { setUpMapLibre } from './engine';
import { OVERLAY_SOURCE, overlayLayers } from './overlay-layers';

/** The basemap covers La Baule to Paimbœuf: no panning off into a blank world. */
const MAX_BOUNDS: [[number, number], [number, number]] = [
  [-2.6, 47.1],
  [-1.9, 47.45],
];

export interface MapCanvasProps {
  /** Accessible name of the map (the canvas is focusable: arrows pan, + and − zoom). */
  label: string;
  variant: MapVariant;
  centre: GeoPoint;
  zoom: number;
  /** When given, the first view fits these corners (south-west, north-east) instead of centre/zoom. */
  bounds?: [[number, number], [number, number]] | null;
  overlay: FeatureCollection;
  onIdle?: (map: MapLibreMap) => void;
  testId?: string;
  height?: number | string;
  /** Shown instead of the map when the map cannot start (no WebGL): the caller's words. */
  unavailableText: string;
}

export type MapElement = HTMLDivElement & { veilleMap?: MapLibreMap };

function styleWithOverlay(variant: MapVariant, overlay: FeatureCollection): StyleSpecification {
  const base = basemapStyle(variant, window.location.origin);
  return { ...base, sources: { ...base.sources, [OVERLAY_SOURCE]: { type: 'geojson', data: overlay } }, layers: [...base.layers, ...overlayLayers(variant)] };
}

export function MapCanvas(props: MapCanvasProps) {
  const { label, variant, centre, zoom, bounds, overlay, onIdle, testId, height = 360, unavailableText } = props;
  const box = useRef<MapElement | null>(null);
  const map = useRef<MapLibreMap | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  // The latest props for the map's callbacks, without rebuilding the map.
  const latest = useRef({ overlay, onIdle, variant });
  latest.current = { overlay, onIdle, variant };

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let m: MapLibreMap;
    try {
      const maplibregl = setUpMapLibre();
      el.dataset.mapState = 'loading';
      m = new maplibregl.Map({
        container: el,
        style: styleWithOverlay(latest.current.variant, latest.current.overlay),
        center: [centre.lon, centre.lat],
        zoom,
        ...(bounds ? { bounds, fitBoundsOptions: { padding: 48, maxZoom: 16.5 } } : {}),
        maxBounds: MAX_BOUNDS,
        minZoom: 9,
        attributionControl: { compact: false },
        // Labels appear at once: an operator glancing at the map must not wait for a fade.
        fadeDuration: 0,
      });
    } catch (err) {
      setFailed((err as Error).message);
      el.dataset.mapState = 'error';
      return;
    }
    map.current = m;
    el.veilleMap = m;
    m.getCanvas().setAttribute('aria-label', label);
    // The container may not have its final size when the map is built (a flex child filling the
    // screen): fit the bounds again once the style is loaded, at the size then on screen.
    m.once('load', () => {
      m.resize();
      if (bounds) m.fitBounds(bounds, { padding: 48, maxZoom: 16.5, duration: 0 });
    });
    m.once('idle', () => {
      el.dataset.mapState = 'idle';
      performance.mark('veille-map-idle');
      latest.current.onIdle?.(m);
    });
    m.on('error', (e) => {
      // A tile or glyph that fails is logged; the map keeps what it has.
      console.warn('map error', e.error?.message ?? e);
    });
    return () => {
      m.remove();
      map.current = null;
      delete el.veilleMap;
    };
    // The map is built once per mount; centre, zoom and bounds are its first view only.
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const src = m.getSource(OVERLAY_SOURCE) as GeoJSONSource | undefined;
    src?.setData(overlay);
  }, [overlay]);

  useEffect(() => {
    const m = map.current;
    if (!m || !m.loaded()) return;
    m.setStyle(styleWithOverlay(variant, latest.current.overlay));
  }, [variant]);

  useEffect(() => {
    map.current?.getCanvas().setAttribute('aria-label', label);
  }, [label]);

  if (failed)
    return (
      <Alert severity="warning" data-testid={testId} data-map-state="error">
        {unavailableText} ({failed})
      </Alert>
    );
  return <Box ref={box} data-testid={testId} role="region" aria-label={label} sx={{ height, width: '100%', borderRadius: 1, overflow: 'hidden', position: 'relative' }} />;
}
