/**
 * Our own MapLibre style for the offline basemap's schema (OpenMapTiles as built by
 * tilemaker: layers water, waterway, landcover, landuse, park, building, transportation,
 * transportation_name, place, water_name, housenumber, boundary). Two data facts shape it:
 *  - names are in `name:latin` only (there is no `name` field): a style reading `name`
 *    shows no street at all;
 *  - the metadata lists layers the tiles do not hold (transportation_main, …_detail,
 *    ocean): styled here by what the tiles contain, not by the metadata.
 * Street names come first: operators guide 17 and 18 by street. Glyphs are ours (Roboto
 * SDF PBFs in resources/map/glyphs), no sprite: markers are circles and text.
 */
import type { StyleSpecification, LayerSpecification, ExpressionSpecification } from 'maplibre-gl';

export type MapVariant = 'dark' | 'light';

export const BASEMAP_PATH = '/map/basemap/saint-nazaire.pmtiles';
export const GLYPHS_PATH = '/map/glyphs/{fontstack}/{range}.pbf';
export const FONT_REGULAR = ['Roboto Regular'];
export const FONT_MEDIUM = ['Roboto Medium'];
/** ODbL requires it on the map itself. */
export const OSM_ATTRIBUTION = '© OpenMapTiles © contributeurs OpenStreetMap (ODbL)';

interface Palette {
  background: string;
  water: string;
  wood: string;
  grass: string;
  residential: string;
  building: string;
  buildingLine: string;
  casing: string;
  major: string;
  minor: string;
  path: string;
  rail: string;
  boundary: string;
  text: string;
  textMuted: string;
  halo: string;
  waterText: string;
}

export const PALETTES: Record<MapVariant, Palette> = {
  // Night shifts: dim land, roads a step brighter, white-ish names on a dark halo.
  dark: {
    background: '#1a1e23',
    water: '#0f2b40',
    wood: '#1c2a22',
    grass: '#1f2b24',
    residential: '#1e2227',
    building: '#2b3139',
    buildingLine: '#353c45',
    casing: '#0e1114',
    major: '#6b7482',
    minor: '#454d58',
    path: '#3a414b',
    rail: '#59606a',
    boundary: '#7a6a8c',
    text: '#eef1f4',
    textMuted: '#b9c1cb',
    halo: '#101316',
    waterText: '#8fb8d8',
  },
  light: {
    background: '#f2efe9',
    water: '#aad3df',
    wood: '#cfe3c4',
    grass: '#dcebd0',
    residential: '#ebe7e1',
    building: '#d9d0c9',
    buildingLine: '#c4b8ae',
    casing: '#b9b0a6',
    major: '#fcd68a',
    minor: '#ffffff',
    path: '#d0c8c0',
    rail: '#9a9a9a',
    boundary: '#9e7fb3',
    text: '#1f2328',
    textMuted: '#4a525c',
    halo: '#ffffff',
    waterText: '#2f6690',
  },
};

const name: ExpressionSpecification = ['get', 'name:latin'];
const zoomed = (stops: Array<[number, number]>): ExpressionSpecification => ['interpolate', ['exponential', 1.5], ['zoom'], ...stops.flat()];
const MAJOR = ['motorway', 'trunk', 'primary', 'secondary'];
const MID = ['tertiary'];
const MINOR = ['minor', 'service', 'pedestrian', 'raceway', 'busway'];

function roadLayers(p: Palette): LayerSpecification[] {
  const byClass = (classes: string[]): ExpressionSpecification => ['match', ['get', 'class'], classes, true, false];
  const road = (id: string, classes: string[], colour: string, width: Array<[number, number]>, minzoom: number, casing: boolean): LayerSpecification[] => {
    const layers: LayerSpecification[] = [];
    if (casing)
      layers.push({
        id: `${id}-casing`,
        type: 'line',
        source: 'basemap',
        'source-layer': 'transportation',
        minzoom,
        filter: byClass(classes),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': p.casing, 'line-width': zoomed(width.map(([z, w]) => [z, w + 2])) },
      });
    layers.push({
      id,
      type: 'line',
      source: 'basemap',
      'source-layer': 'transportation',
      minzoom,
      filter: byClass(classes),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': colour, 'line-width': zoomed(width) },
    });
    return layers;
  };
  return [
    ...road('road-path', ['path', 'track'], p.path, [[14, 0.5], [18, 2]], 14, false),
    {
      id: 'rail',
      type: 'line',
      source: 'basemap',
      'source-layer': 'transportation',
      filter: ['==', ['get', 'class'], 'rail'],
      paint: { 'line-color': p.rail, 'line-width': zoomed([[10, 0.5], [18, 2]]), 'line-dasharray': [3, 3] },
    },
    ...road('road-minor', MINOR, p.minor, [[13, 0.8], [16, 5], [19, 18]], 12, true),
    ...road('road-tertiary', MID, p.minor, [[10, 0.8], [14, 3.5], [16, 7], [19, 22]], 9, true),
    ...road('road-major', MAJOR, p.major, [[8, 0.8], [12, 2], [14, 4.5], [16, 9], [19, 26]], 6, true),
  ];
}

function labelLayers(p: Palette): LayerSpecification[] {
  return [
    {
      id: 'water-name',
      type: 'symbol',
      source: 'basemap',
      'source-layer': 'water_name',
      layout: { 'text-field': name, 'text-font': FONT_REGULAR, 'text-size': 12 },
      paint: { 'text-color': p.waterText, 'text-halo-color': p.halo, 'text-halo-width': 1.2 },
    },
    {
      id: 'housenumber',
      type: 'symbol',
      source: 'basemap',
      'source-layer': 'housenumber',
      minzoom: 17,
      layout: { 'text-field': ['get', 'housenumber'], 'text-font': FONT_REGULAR, 'text-size': 11 },
      paint: { 'text-color': p.textMuted, 'text-halo-color': p.halo, 'text-halo-width': 1 },
    },
    {
      // The layer the operator reads out: big, high contrast, along the street.
      id: 'street-names',
      type: 'symbol',
      source: 'basemap',
      'source-layer': 'transportation_name',
      minzoom: 12,
      filter: ['has', 'name:latin'],
      layout: {
        'symbol-placement': 'line',
        'text-field': name,
        'text-font': FONT_REGULAR,
        'text-size': zoomed([[13, 11], [16, 14], [18, 16]]),
        'text-max-angle': 30,
        'text-padding': 2,
        'symbol-spacing': 320,
      },
      paint: { 'text-color': p.text, 'text-halo-color': p.halo, 'text-halo-width': 1.6 },
    },
    {
      id: 'place-names',
      type: 'symbol',
      source: 'basemap',
      'source-layer': 'place',
      filter: ['has', 'name:latin'],
      layout: {
        'text-field': name,
        'text-font': FONT_MEDIUM,
        'text-size': ['match', ['get', 'class'], ['city', 'town'], 16, 'village', 14, 12],
        'text-max-width': 8,
      },
      paint: { 'text-color': p.textMuted, 'text-halo-color': p.halo, 'text-halo-width': 1.6 },
    },
  ];
}

/** The whole basemap style; `origin` is the page's (http://127.0.0.1:port or app://console): every URL stays on it. */
export function basemapStyle(variant: MapVariant, origin: string): StyleSpecification {
  const p = PALETTES[variant];
  return {
    version: 8,
    name: `Veille ${variant}`,
    glyphs: `${origin}${GLYPHS_PATH}`,
    sources: {
      basemap: { type: 'vector', url: `pmtiles://${origin}${BASEMAP_PATH}`, attribution: OSM_ATTRIBUTION },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': p.background } },
      { id: 'landuse-residential', type: 'fill', source: 'basemap', 'source-layer': 'landuse', filter: ['==', ['get', 'class'], 'residential'], paint: { 'fill-color': p.residential } },
      { id: 'landcover-wood', type: 'fill', source: 'basemap', 'source-layer': 'landcover', filter: ['==', ['get', 'class'], 'wood'], paint: { 'fill-color': p.wood } },
      { id: 'landcover-grass', type: 'fill', source: 'basemap', 'source-layer': 'landcover', filter: ['match', ['get', 'class'], ['grass', 'farmland', 'wetland'], true, false], paint: { 'fill-color': p.grass } },
      { id: 'park', type: 'fill', source: 'basemap', 'source-layer': 'park', paint: { 'fill-color': p.grass } },
      { id: 'water', type: 'fill', source: 'basemap', 'source-layer': 'water', paint: { 'fill-color': p.water } },
      { id: 'waterway', type: 'line', source: 'basemap', 'source-layer': 'waterway', paint: { 'line-color': p.water, 'line-width': zoomed([[10, 0.5], [16, 3]]) } },
      {
        id: 'building',
        type: 'fill',
        source: 'basemap',
        'source-layer': 'building',
        minzoom: 13,
        paint: { 'fill-color': p.building, 'fill-outline-color': p.buildingLine, 'fill-opacity': zoomed([[13, 0.4], [15, 1]]) },
      },
      { id: 'boundary', type: 'line', source: 'basemap', 'source-layer': 'boundary', filter: ['<=', ['get', 'admin_level'], 8], paint: { 'line-color': p.boundary, 'line-width': 1, 'line-dasharray': [4, 2] } },
      ...roadLayers(p),
      ...labelLayers(p),
    ],
  };
}
