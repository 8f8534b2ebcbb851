/**
 * The map's pure parts: our style for the basemap's schema, the case overlay from a Case,
 * the text read out to 17 / 18, and the engine switch. (The drawn map itself is checked in
 * Chromium by e2e/map.spec.ts: jsdom has no WebGL.)
 */
import { describe, expect, it } from 'vitest';
import type { Case } from '@shared/domain/case';
import type { Station } from '@shared/geo';
import { createI18n } from '../../i18n';
import { memoryPrefs } from '../../platform/storage';
import { basemapStyle, PALETTES } from './basemap-style';
import { caseCopyText, positionText } from './copy-text';
import { readEngineSettings, resolveEngine, saveEngineSettings } from './engine';
import { overlayLayers } from './overlay-layers';
import { caseMapModel, caseOverlay, wallOverlay } from './overlays';
import { stationsOf } from './stations';

const stations: Station[] = [
  { kind: 'fire', name: 'Centre de secours principal de Saint-Nazaire', position: { lat: 47.277992, lon: -2.246897 } },
  { kind: 'police', name: 'Police nationale', position: { lat: 47.274392, lon: -2.216186 } },
  { kind: 'police', name: 'Poste de police de Pornichet', position: { lat: 47.260261, lon: -2.337341 } },
];

// Lycée Aristide Briand, 10 boulevard Pierre de Coubertin.
const aCase = {
  id: 'c1',
  siteId: 's1',
  siteName: 'Lycée Aristide Briand',
  address: '10 boulevard Pierre de Coubertin, 44600 Saint-Nazaire',
  position: { lat: 47.27306, lon: -2.2325 },
  occurredAt: '2026-11-30T10:00:00.000Z',
  status: 'open',
  priority: 1,
  beacon: null,
} as unknown as Case;

describe('basemap style', () => {
  it.each(['dark', 'light'] as const)('%s: every URL on the page origin, names from name:latin, our glyphs', (variant) => {
    const style = basemapStyle(variant, 'app://console');
    expect(style.glyphs).toBe('app://console/map/glyphs/{fontstack}/{range}.pbf');
    expect(style.sources.basemap).toMatchObject({ type: 'vector', url: 'pmtiles://app://console/map/basemap/saint-nazaire.pmtiles' });
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\//);
    expect(style.sprite).toBeUndefined();
    const streets = style.layers.find((l) => l.id === 'street-names');
    expect(streets).toMatchObject({ 'source-layer': 'transportation_name', layout: { 'text-field': ['get', 'name:latin'], 'text-font': ['Roboto Regular'] } });
    expect(JSON.stringify(style.layers)).not.toContain('"name"]');
    const bg = style.layers[0] as { paint: { 'background-color': string } };
    expect(bg.paint['background-color']).toBe(PALETTES[variant].background);
  });

  it('overlay labels use a font we ship, and text-allow-overlap stays a constant (no data expression)', () => {
    for (const l of overlayLayers('dark')) {
      if (l.type !== 'symbol') continue;
      expect(l.layout?.['text-font']).toEqual(['Roboto Medium']);
      expect(typeof l.layout?.['text-allow-overlap']).toBe('boolean');
    }
  });
});

describe('case overlay', () => {
  it('without a beacon fix: the alarm position, nearest stations, no accuracy circle', () => {
    const m = caseMapModel(aCase, null, stations);
    expect(m.beacon).toMatchObject({ position: aCase.position, source: 'alarm', accuracyM: null });
    expect(m.fire?.item.name).toBe('Centre de secours principal de Saint-Nazaire');
    expect(m.police?.item.name).toBe('Police nationale');
    const roles = caseOverlay(m, { beacon: 'Balise', site: 'Site', fire: 'P', police: 'P' }).features.map((f) => f.properties?.role);
    expect(roles).toEqual(['fire', 'police', 'beacon']);
  });

  it('a beacon fix with its accuracy wins over the alarm position and draws its circle', () => {
    const fix = { lat: 47.2735, lon: -2.2331 };
    const c = { ...aCase, beacon: { position: fix, positionAt: '2026-11-30T10:02:00.000Z', positionAccuracyM: 25 } } as unknown as Case;
    const m = caseMapModel(c, { position: aCase.position!, name: 'Lycée Aristide Briand' }, stations);
    expect(m.beacon).toMatchObject({ position: fix, accuracyM: 25, source: 'fix' });
    const fc = caseOverlay(m, { beacon: 'Balise', site: 'Lycée', fire: 'F', police: 'P' });
    expect(fc.features.map((f) => f.properties?.role)).toEqual(['accuracy', 'fire', 'police', 'site', 'beacon']);
    expect(fc.features.at(-1)?.geometry).toEqual({ type: 'Point', coordinates: [fix.lon, fix.lat] });
  });

  it('the wall shows open cases with a position, never closed ones', () => {
    const closed = { ...aCase, id: 'c2', status: 'closed' } as Case;
    const nowhere = { ...aCase, id: 'c3', position: null } as Case;
    const fc = wallOverlay([aCase, closed, nowhere], (c) => c.siteName);
    expect(fc.features.map((f) => f.properties?.id)).toEqual(['c1']);
  });
});

describe('text for 17 / 18', () => {
  const i18n = createI18n('fr');
  const t = i18n.t.bind(i18n);
  it('address, access directions, position with its age, nearest stations with distance', () => {
    const m = caseMapModel(aCase, null, stations);
    const now = Date.parse('2026-11-30T10:03:00.000Z');
    const site = { name: 'Lycée Aristide Briand', address: '10 boulevard Pierre de Coubertin', city: 'Saint-Nazaire', accessDirections: 'Portail rue Jean Jaurès, boîte à clés à gauche' };
    const text = caseCopyText(t, { siteName: aCase.siteName, address: aCase.address, site, model: m, now, locale: 'fr-FR' });
    expect(text.split('\n')).toEqual([
      'Lycée Aristide Briand',
      'Adresse : 10 boulevard Pierre de Coubertin, Saint-Nazaire',
      'Accès : Portail rue Jean Jaurès, boîte à clés à gauche',
      'Position balise : 47.27306, -2.23250 (précision non transmise, transmise avec l’alarme il y a 3 min)',
      'Pompiers les plus proches : Centre de secours principal de Saint-Nazaire, 1,2 km à vol d’oiseau',
      'Police la plus proche : Police nationale, 1,2 km à vol d’oiseau',
    ]);
    expect(positionText(t, { ...m, beacon: null }, now)).toBeNull();
  });
});

describe('engine switch', () => {
  it('MapLibre by default; Mapbox asked without a token, or with one, still draws MapLibre with a notice', () => {
    const prefs = memoryPrefs();
    expect(resolveEngine(readEngineSettings(prefs))).toEqual({ kind: 'maplibre', notice: null });
    saveEngineSettings(prefs, { engine: 'mapbox', mapboxToken: '  ' });
    expect(resolveEngine(readEngineSettings(prefs))).toEqual({ kind: 'maplibre', notice: 'mapbox-no-token' });
    saveEngineSettings(prefs, { engine: 'mapbox', mapboxToken: 'pk.test' });
    expect(resolveEngine(readEngineSettings(prefs)).notice).toBe('mapbox-not-bundled');
  });
});

describe('stations from the OSM pois', () => {
  it('keeps fire stations and police points, names the unnamed, skips the rest', () => {
    const s = stationsOf({
      features: [
        { geometry: { type: 'Point', coordinates: [-2.246897, 47.277992] }, properties: { class: 'fire_station', name: 'Centre de secours principal de Saint-Nazaire' } },
        { geometry: { type: 'Point', coordinates: [-2.255411, 47.262409] }, properties: { class: 'police', name: null } },
        { geometry: { type: 'Point', coordinates: [-2.2, 47.2] }, properties: { class: 'school', name: 'École' } },
        { geometry: { type: 'Polygon', coordinates: [] }, properties: { class: 'police' } },
      ],
    });
    expect(s.map((x) => [x.kind, x.name])).toEqual([
      ['fire', 'Centre de secours principal de Saint-Nazaire'],
      ['police', 'Poste de police (sans nom dans OSM)'],
    ]);
  });
});
