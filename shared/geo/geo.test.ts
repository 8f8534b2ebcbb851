/**
 * Real Saint-Nazaire places (OpenStreetMap and the Annuaire de l'éducation, see
 * resources/data/saint-nazaire/ATTRIBUTION.md). Expected distances are Vincenty's on the
 * WGS84 ellipsoid (computed independently): the haversine must stay within 0.5 %.
 */
import { describe, expect, it } from 'vitest';
import {
  affineFromCorners,
  circleRing,
  cornersOf,
  fitAffine,
  formatDistance,
  GeoreferenceError,
  geoToPixel,
  haversineM,
  insideFence,
  leftFence,
  nearest,
  nearestStations,
  pixelToGeo,
  residualsM,
  type Fence,
  type ImageCorners,
  type Station,
} from './index';
import { SAINT_NAZAIRE_COMMUNE } from './saint-nazaire-commune.fixture';

const lyceeBriand = { lat: 47.27306, lon: -2.2325 };
const csp = { lat: 47.277992, lon: -2.246897 }; // Centre de secours principal de Saint-Nazaire
const policeNationale = { lat: 47.274392, lon: -2.216186 };
const pornichetPolice = { lat: 47.260261, lon: -2.337341 };

const stations: Station[] = [
  { kind: 'fire', name: 'Centre de secours principal de Saint-Nazaire', position: csp },
  { kind: 'fire', name: "Centre d'incendie et de secours de Pornichet", position: { lat: 47.258968, lon: -2.333463 } },
  { kind: 'fire', name: "Centre d'incendie et de secours de Montoir-de-Bretagne", position: { lat: 47.324989, lon: -2.156743 } },
  { kind: 'police', name: 'Police nationale', position: policeNationale },
  { kind: 'police', name: 'Poste de police de Pornichet', position: pornichetPolice },
  { kind: 'police', name: 'Gendarmerie nationale', position: { lat: 47.245139, lon: -2.156013 } },
];

describe('haversine distance', () => {
  it.each([
    ['Lycée Aristide Briand → centre de secours principal', lyceeBriand, csp, 1219.55],
    ['Lycée Aristide Briand → police nationale', lyceeBriand, policeNationale, 1243.28],
    ['centre de secours principal → police nationale', csp, policeNationale, 2357.91],
  ])('%s', (_name, a, b, vincenty) => {
    expect(Math.abs(haversineM(a, b) - vincenty) / vincenty).toBeLessThan(0.005);
    expect(haversineM(b, a)).toBeCloseTo(haversineM(a, b), 6);
  });

  it('is zero for the same point and reads out in French', () => {
    expect(haversineM(csp, csp)).toBe(0);
    expect(formatDistance(1219.55)).toBe('1,2 km');
    expect(formatDistance(847)).toBe('850 m');
  });

  it('draws an accuracy circle whose points are all at the radius', () => {
    const ring = circleRing(lyceeBriand, 35, 32);
    expect(ring).toHaveLength(33);
    expect(ring[0]).toEqual(ring[32]);
    for (const [lon, lat] of ring) expect(haversineM(lyceeBriand, { lat, lon })).toBeCloseTo(35, 3);
  });
});

describe('nearest station', () => {
  it('finds the fire and police stations nearest to a school', () => {
    const { fire, police } = nearestStations(lyceeBriand, stations);
    expect(fire?.item.name).toBe('Centre de secours principal de Saint-Nazaire');
    expect(fire?.distanceM).toBeGreaterThan(1200);
    expect(fire?.distanceM).toBeLessThan(1230);
    expect(police?.item.name).toBe('Police nationale');
  });

  it('west of town, Pornichet is nearer than the main station', () => {
    const ecoleOuest = { lat: 47.2655, lon: -2.3200 }; // Saint-Marc-sur-Mer side
    expect(nearestStations(ecoleOuest, stations).fire?.item.name).toBe("Centre d'incendie et de secours de Pornichet");
  });

  it('ranks, skips places without a valid position and accepts an empty list', () => {
    const places = [{ p: csp }, { p: null }, { p: { lat: Number.NaN, lon: 0 } }, { p: policeNationale }];
    const ranked = nearest(lyceeBriand, places, (x) => x.p, 5);
    expect(ranked.map((r) => r.item.p)).toEqual([csp, policeNationale]);
    expect(nearestStations(lyceeBriand, []).fire).toBeNull();
  });
});

describe('geofence (point in polygon)', () => {
  const saintNazaire = SAINT_NAZAIRE_COMMUNE;

  it('the commune of Saint-Nazaire (IGN, 137 vertices) holds its lycée, not Pornichet', () => {
    expect(insideFence(lyceeBriand, saintNazaire)).toBe(true);
    expect(insideFence(csp, saintNazaire)).toBe(true);
    expect(insideFence(pornichetPolice, saintNazaire)).toBe(false);
  });

  // A fence drawn around the Lycée Aristide Briand grounds, with the gymnasium cut out as a hole.
  const lyceeFence: Fence = {
    type: 'Polygon',
    coordinates: [
      [
        [-2.2345, 47.2720],
        [-2.2305, 47.2720],
        [-2.2305, 47.2742],
        [-2.2345, 47.2742],
        [-2.2345, 47.2720],
      ],
      [
        [-2.2340, 47.2736],
        [-2.2332, 47.2736],
        [-2.2332, 47.2740],
        [-2.2340, 47.2740],
        [-2.2340, 47.2736],
      ],
    ],
  };

  it('a site fence with a hole; a multipolygon counts any of its parts', () => {
    expect(insideFence(lyceeBriand, lyceeFence)).toBe(true);
    expect(insideFence({ lat: 47.2738, lon: -2.2336 }, lyceeFence)).toBe(false);
    expect(insideFence(policeNationale, lyceeFence)).toBe(false);
    const multi: Fence = { type: 'MultiPolygon', coordinates: [lyceeFence.coordinates, (saintNazaire as Extract<Fence, { type: 'Polygon' }>).coordinates] };
    expect(insideFence(csp, multi)).toBe(true);
  });

  it('a fix just outside but within its accuracy has not left the site', () => {
    const justNorth = { lat: 47.27435, lon: -2.2325 }; // ~17 m north of the fence's edge
    expect(leftFence(justNorth, lyceeFence)).toBe(true);
    expect(leftFence(justNorth, lyceeFence, 30)).toBe(false);
    expect(leftFence(policeNationale, lyceeFence, 30)).toBe(true);
    expect(leftFence(lyceeBriand, lyceeFence)).toBe(false);
  });
});

describe('georeferencing a floor plan', () => {
  // A 1000×600 px plan of the Lycée Aristide Briand, pinned on the grounds' corners, slightly rotated.
  const corners: ImageCorners = [
    [-2.2343, 47.2741],
    [-2.2309, 47.2743],
    [-2.2307, 47.2723],
    [-2.2341, 47.2721],
  ];

  it('corner coordinates give an affine that maps pixels back onto the corners', () => {
    const t = affineFromCorners(corners, 1000, 600);
    const back = cornersOf(t, 1000, 600);
    for (let i = 0; i < 4; i++) {
      expect(haversineM({ lon: back[i]![0], lat: back[i]![1] }, { lon: corners[i]![0], lat: corners[i]![1] })).toBeLessThan(0.5);
    }
    const centre = pixelToGeo(t, { x: 500, y: 300 });
    expect(haversineM(centre, { lon: -2.2325, lat: 47.2732 })).toBeLessThan(1);
  });

  it('three control points fit exactly; a map position goes back to its pixel', () => {
    const t = fitAffine([
      { pixel: { x: 120, y: 80 }, geo: { lon: -2.23389, lat: 47.27391 } },
      { pixel: { x: 870, y: 95 }, geo: { lon: -2.23134, lat: 47.27401 } },
      { pixel: { x: 455, y: 540 }, geo: { lon: -2.23250, lat: 47.27238 } },
    ]);
    const px = geoToPixel(t, pixelToGeo(t, { x: 333, y: 444 }));
    expect(px.x).toBeCloseTo(333, 6);
    expect(px.y).toBeCloseTo(444, 6);
    expect(haversineM(pixelToGeo(t, { x: 455, y: 540 }), { lon: -2.2325, lat: 47.27238 })).toBeLessThan(0.01);
  });

  it('four noisy points: least squares with small residuals, and the bad point stands out', () => {
    const truth = affineFromCorners(corners, 1000, 600);
    const at = (x: number, y: number, dLon = 0) => ({ pixel: { x, y }, geo: { ...pixelToGeo(truth, { x, y }), lon: pixelToGeo(truth, { x, y }).lon + dLon } });
    const good = fitAffine([at(0, 0, 0.00001), at(1000, 0, -0.00001), at(1000, 600, 0.00001), at(0, 600, -0.00001)]);
    expect(Math.max(...residualsM(good, [at(0, 0), at(1000, 600)]))).toBeLessThan(2);
    const points = [at(0, 0), at(1000, 0), at(1000, 600), at(0, 600), at(500, 300, 0.0005)];
    const residuals = residualsM(fitAffine(points), points);
    expect(residuals.indexOf(Math.max(...residuals))).toBe(4);
  });

  it('refuses too few or aligned points with a clear message', () => {
    expect(() => fitAffine([])).toThrow(GeoreferenceError);
    const aligned = [0, 1, 2].map((i) => ({ pixel: { x: i * 100, y: i * 100 }, geo: { lon: -2.23 + i * 0.001, lat: 47.27 + i * 0.001 } }));
    expect(() => fitAffine(aligned)).toThrow(/alignés/);
    expect(() => affineFromCorners(corners, 0, 600)).toThrow(/Taille/);
  });
});
