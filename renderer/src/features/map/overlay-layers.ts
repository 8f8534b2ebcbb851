/** How the overlay (overlays.ts) is drawn: circles and text only, no sprite. Colours keep contrast on both variants. */
import type { FilterSpecification, LayerSpecification } from 'maplibre-gl';
import { FONT_MEDIUM, PALETTES, type MapVariant } from './basemap-style';

export const OVERLAY_SOURCE = 'veille-overlay';

export const MARKER_COLOURS = {
  beacon: '#ff2d2d',
  site: '#3b8cff',
  fire: '#ff8c1a',
  police: '#8c7bff',
} as const;

const PRIORITY_FILL = ['match', ['get', 'priority'], 1, '#ff6b6b', 2, '#ffa94d', 3, '#ffe066', '#a5b4c4'] as const;

function label(id: string, filter: FilterSpecification, allowOverlap: boolean, p: (typeof PALETTES)[MapVariant]): LayerSpecification {
  return {
    id,
    type: 'symbol',
    source: OVERLAY_SOURCE,
    filter: ['all', filter, ['has', 'label']] as FilterSpecification,
    layout: {
      'text-field': ['get', 'label'],
      'text-font': FONT_MEDIUM,
      'text-size': ['match', ['get', 'role'], 'beacon', 14, 12],
      // The site's name to the left of its point, everything else to the right: a beacon at its
      // site keeps both labels readable.
      'text-anchor': ['match', ['get', 'role'], 'site', 'right', 'left'],
      'text-offset': ['match', ['get', 'role'], 'site', ['literal', [-1.1, 0]], ['literal', [1.2, 0]]],
      'text-max-width': 14,
      // The case's own markers are never hidden by street names or by each other.
      'text-allow-overlap': allowOverlap,
      'symbol-sort-key': ['match', ['get', 'role'], 'beacon', 0, 'site', 1, 2],
    },
    paint: { 'text-color': p.text, 'text-halo-color': p.halo, 'text-halo-width': 2 },
  };
}

export function overlayLayers(variant: MapVariant): LayerSpecification[] {
  const p = PALETTES[variant];
  const role = (r: string) => ['==', ['get', 'role'], r] as ['==', ['get', string], string];
  const ring = variant === 'dark' ? '#ffffff' : '#1f2328';
  return [
    { id: 'accuracy-fill', type: 'fill', source: OVERLAY_SOURCE, filter: role('accuracy'), paint: { 'fill-color': MARKER_COLOURS.beacon, 'fill-opacity': 0.16 } },
    { id: 'accuracy-line', type: 'line', source: OVERLAY_SOURCE, filter: role('accuracy'), paint: { 'line-color': MARKER_COLOURS.beacon, 'line-width': 2, 'line-dasharray': [2, 1] } },
    {
      id: 'stations',
      type: 'circle',
      source: OVERLAY_SOURCE,
      filter: ['match', ['get', 'role'], ['fire', 'police'], true, false],
      paint: {
        'circle-radius': 7,
        'circle-color': ['match', ['get', 'role'], 'fire', MARKER_COLOURS.fire, MARKER_COLOURS.police],
        'circle-stroke-color': ring,
        'circle-stroke-width': 2,
      },
    },
    { id: 'site', type: 'circle', source: OVERLAY_SOURCE, filter: role('site'), paint: { 'circle-radius': 8, 'circle-color': MARKER_COLOURS.site, 'circle-stroke-color': ring, 'circle-stroke-width': 2 } },
    {
      id: 'cases',
      type: 'circle',
      source: OVERLAY_SOURCE,
      filter: role('case'),
      paint: { 'circle-radius': 6, 'circle-color': PRIORITY_FILL as unknown as string, 'circle-stroke-color': ring, 'circle-stroke-width': 1.5 },
    },
    { id: 'beacon', type: 'circle', source: OVERLAY_SOURCE, filter: role('beacon'), paint: { 'circle-radius': 10, 'circle-color': MARKER_COLOURS.beacon, 'circle-stroke-color': ring, 'circle-stroke-width': 3 } },
    label('overlay-labels', ['match', ['get', 'role'], ['beacon', 'site', 'fire', 'police'], true, false], true, p),
    // Hundreds of cases on the wall: their labels give way to each other, the points stay.
    label('case-labels', role('case'), false, p),
  ];
}
