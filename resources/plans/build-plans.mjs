/**
 * Draws the demo floor plans (run once; the result is committed):
 *   node resources/plans/build-plans.mjs [path/to/saint-nazaire.pmtiles]
 *
 * For each site below it takes the OpenStreetMap building of the basemap (z14 `building`
 * layer) that contains the site's open-data position, or the nearest one, and lays out rooms
 * inside that real outline: the outline's main axis, a row of rooms on each side of a
 * corridor, cells kept only where they fit inside the footprint. The rooms are drawn, not
 * surveyed: plausible plans for a demo, georeferenced on the real building. It writes
 * resources/plans/<siteId>.geojson and, in resources/demo/directory.json, each site's area
 * (its geofence) and its beacons' placement.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PMTiles } from 'pmtiles';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const tiles = process.argv[2] ?? join(root, 'resources', 'data', 'saint-nazaire', 'saint-nazaire.pmtiles');

/** Site, its floors, room names per floor (ground floor first), and where its beacons go. */
const SITES = [
  {
    id: 'school-0442759k',
    floors: [{ id: '0', label: 'Rez-de-chaussée' }, { id: '1', label: '1er étage' }],
    names: {
      '0': ['Accueil', 'Vie scolaire', 'CDI', 'Salle 004', 'Salle 005', 'Salle 006', 'Réfectoire', 'Salle polyvalente', 'Infirmerie', 'Salle 010'],
      '1': ['Salle 101', 'Salle 102', 'Salle 103', 'Salle 104', 'Salle 105', 'Salle 106', 'Salle 107', 'Salle 108', 'Salle 109', 'Salle 110'],
    },
    confinement: { '0': ['CDI'], '1': ['Salle 105'] },
    beacons: [
      ['SN-PPMS-016', '0', 'Accueil'],
      ['SN-PPMS-017', '1', 'Salle 107'],
    ],
  },
  {
    id: 'municipal-hotel-de-ville',
    floors: [{ id: '0', label: 'Rez-de-chaussée' }, { id: '1', label: '1er étage' }],
    names: {
      '0': ['Accueil', 'État civil', 'Salle des mariages', 'Bureau 004', 'Bureau 005', 'Archives', 'Bureau 007', 'Bureau 008'],
      '1': ['Salle du conseil', 'Cabinet du maire', 'Bureau 103', 'Bureau 104', 'Bureau 105', 'Bureau 106', 'Bureau 107', 'Bureau 108'],
    },
    confinement: { '0': ['Archives'], '1': ['Bureau 105'] },
    beacons: [
      ['SN-PTI-076', '0', 'Accueil'],
      ['SN-PTI-077', '0', 'État civil'],
    ],
  },
  {
    id: 'school-0440882v',
    floors: [{ id: '0', label: 'Rez-de-chaussée' }, { id: '1', label: '1er étage' }],
    names: {
      '0': ['Accueil', 'Classe CP', 'Classe CE1', 'Dortoir', 'Restaurant scolaire', 'Salle de motricité', 'Bibliothèque', 'Classe GS'],
      '1': ['Classe CE2', 'Classe CM1', 'Classe CM2', 'Salle des maîtres', 'Salle informatique', 'Classe ULIS', 'Réserve', 'Bureau de la direction'],
    },
    confinement: { '0': ['Salle de motricité'], '1': ['Salle des maîtres'] },
    beacons: [['SN-PPMS-042', '0', 'Accueil']],
  },
];

const directoryFile = join(root, 'resources', 'demo', 'directory.json');
const directory = JSON.parse(readFileSync(directoryFile, 'utf8'));

const buf = readFileSync(tiles);
const pm = new PMTiles({ getKey: () => 'sn', getBytes: async (o, l) => ({ data: buf.buffer.slice(buf.byteOffset + o, buf.byteOffset + o + l) }) });
const Z = 14;

function tileOf(lon, lat) {
  const n = 2 ** Z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}
function inRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

async function footprintAt(lon, lat) {
  const [x, y] = tileOf(lon, lat);
  const t = await pm.getZxy(Z, x, y);
  let data = new Uint8Array(t.data);
  try {
    data = gunzipSync(data);
  } catch {
    /* already plain */
  }
  const layer = new VectorTile(new PbfReader(data)).layers.building;
  let best = null;
  for (let i = 0; i < layer.length; i++) {
    const g = layer.feature(i).toGeoJSON(x, y, Z).geometry;
    for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
      const ring = poly[0];
      const c = ring.reduce((a, p) => [a[0] + p[0] / ring.length, a[1] + p[1] / ring.length], [0, 0]);
      const d = inRing([lon, lat], ring) ? 0 : Math.hypot((c[0] - lon) * 75000, (c[1] - lat) * 111000);
      const area = Math.abs(ring.reduce((a, p, k) => (k ? a + (ring[k - 1][0] * p[1] - p[0] * ring[k - 1][1]) : 0), 0));
      // The containing building, else the nearest big one (the open-data point is often the gate).
      const score = d - Math.min(40, area * 75000 * 111000 * 0.01);
      if (!best || score < best.score) best = { ring, d, score };
    }
  }
  return best;
}

const round = (v) => Math.round(v * 1e7) / 1e7;

for (const s of SITES) {
  const site = directory.sites.find((x) => x.id === s.id);
  if (!site) throw new Error(`no site ${s.id} in the directory`);
  const { ring, d } = await footprintAt(site.position.lon, site.position.lat);
  // Local metres around the site: x east, y north.
  const lat0 = site.position.lat;
  const lon0 = site.position.lon;
  const kx = 111320 * Math.cos((lat0 * Math.PI) / 180);
  const ky = 110540;
  const toXY = ([lon, lat]) => [(lon - lon0) * kx, (lat - lat0) * ky];
  const toLL = ([x, y]) => [round(lon0 + x / kx), round(lat0 + y / ky)];
  const pts = ring.map(toXY);
  // Main axis: the rotation giving the smallest bounding box.
  let bestA = 0;
  let bestArea = Infinity;
  for (let deg = 0; deg < 180; deg += 1) {
    const a = (deg * Math.PI) / 180;
    const us = pts.map(([x, y]) => x * Math.cos(a) + y * Math.sin(a));
    const vs = pts.map(([x, y]) => -x * Math.sin(a) + y * Math.cos(a));
    const area = (Math.max(...us) - Math.min(...us)) * (Math.max(...vs) - Math.min(...vs));
    if (area < bestArea) [bestArea, bestA] = [area, a];
  }
  const ca = Math.cos(bestA);
  const sa = Math.sin(bestA);
  const toUV = ([x, y]) => [x * ca + y * sa, -x * sa + y * ca];
  const fromUV = ([u, v]) => [u * ca - v * sa, u * sa + v * ca];
  const uv = pts.map(toUV);
  const [u0, u1] = [Math.min(...uv.map((p) => p[0])), Math.max(...uv.map((p) => p[0]))];
  const [v0, v1] = [Math.min(...uv.map((p) => p[1])), Math.max(...uv.map((p) => p[1]))];
  let [len, depth] = [u1 - u0, v1 - v0];
  let swap = false;
  if (depth > len) [len, depth, swap] = [depth, len, true];
  const insideUV = (p) => inRing(p, uv);
  // Rooms of about 8.5 × 7 m on a grid along the main axis; a cell is kept when it fits inside the outline.
  const cells = [];
  const perRow = Math.max(1, Math.round(len / 8.5));
  const cw = len / perRow;
  const nRows = Math.max(1, Math.round(depth / 7));
  const rd = depth / nRows;
  for (let r = 0; r < nRows; r++)
    for (let i = 0; i < perRow; i++) cells.push([[i * cw + 0.25, r * rd + 0.25], [(i + 1) * cw - 0.25, (r + 1) * rd - 0.25]]);
  const place = ([s0, t0]) => (swap ? [u0 + t0, v0 + s0] : [u0 + s0, v0 + t0]);
  const rectUV = ([a, b]) => [place(a), place([b[0], a[1]]), place(b), place([a[0], b[1]])];
  const fits = (corners) => {
    const c = corners.reduce((acc, p) => [acc[0] + p[0] / 4, acc[1] + p[1] / 4], [0, 0]);
    return [...corners, c].every(insideUV);
  };
  const kept = cells.map(rectUV).filter(fits);
  if (kept.length < 4) throw new Error(`${s.id}: only ${kept.length} rooms fit in the footprint`);
  const ll = (p) => toLL(fromUV(p));
  const features = [
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring.map((p) => [round(p[0]), round(p[1])])] }, properties: { kind: 'building', id: 'building', name: site.name } },
  ];
  const roomsOf = {};
  for (const floor of s.floors) {
    const names = s.names[floor.id];
    roomsOf[floor.id] = [];
    kept.forEach((corners, i) => {
      const name = names[i] ?? `${floor.id === '0' ? 'Salle 0' : 'Salle 1'}${String(i + 1).padStart(2, '0')}`;
      const id = `f${floor.id}-r${String(i + 1).padStart(2, '0')}`;
      const coords = [...corners, corners[0]].map(ll);
      const confinement = (s.confinement[floor.id] ?? []).includes(name);
      features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [coords] }, properties: { kind: 'room', id, name, floor: floor.id, confinement } });
      roomsOf[floor.id].push({ id, name, corners });
    });
  }
  // Assembly point: 18 m out from the middle of the long side facing away from the first row; access points on both long sides.
  const mid = (t) => place([len / 2, t]);
  const out = (t, m) => place([len / 2, t + m]);
  void mid;
  features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: ll(out(depth, 18)) }, properties: { kind: 'assembly', id: 'assembly-1', name: 'Point de rassemblement — cour' } });
  features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: ll(place([len * 0.15, -6])) }, properties: { kind: 'access', id: 'access-main', name: 'Portail principal (police)', for: 'police' } });
  features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: ll(place([len * 0.85, -6])) }, properties: { kind: 'access', id: 'access-fire', name: 'Accès pompiers (portail à double battant)', for: 'fire' } });
  const plan = {
    type: 'FeatureCollection',
    siteId: s.id,
    floors: s.floors,
    footprint: d === 0 ? 'OSM building of the basemap containing the site position (tokenless-tiles z14, ODbL)' : `OSM building of the basemap nearest the site position (${Math.round(d)} m away; tokenless-tiles z14, ODbL)`,
    features,
  };
  writeFileSync(join(here, `${s.id}.geojson`), `${JSON.stringify(plan, null, 1)}\n`);
  // The site's grounds (geofence): the building's box grown by 40 m on every side.
  const g = 40;
  const box = [place([-g, -g]), place([len + g, -g]), place([len + g, depth + g]), place([-g, depth + g])].map(ll);
  site.area = [...box, box[0]];
  const rname = (f) => roomsOf[f].map((r) => r.name);
  site.ppms = {
    ...(site.ppms ?? {}),
    confinementRooms: s.floors.flatMap((f) => (s.confinement[f.id] ?? []).filter((n) => rname(f.id).includes(n)).map((n) => `${n} (${f.label.toLowerCase()})`)),
    assemblyPoints: ['Point de rassemblement — cour'],
  };
  for (const [beaconId, floor, roomName] of s.beacons) {
    const b = directory.beacons.find((x) => x.id === beaconId);
    const room = roomsOf[floor].find((r) => r.name === roomName);
    if (!b || !room) throw new Error(`${s.id}: beacon ${beaconId} or room ${roomName} missing`);
    const c = room.corners.reduce((acc, p) => [acc[0] + p[0] / 4, acc[1] + p[1] / 4], [0, 0]);
    const [lon, lat] = ll(c);
    b.placement = { floor, position: { lat, lon }, roomId: room.id };
  }
  console.log(`${s.id}: ${kept.length} rooms per floor, footprint ${Math.round(d)} m from the site point, ${len.toFixed(0)} × ${depth.toFixed(0)} m`);
}
writeFileSync(directoryFile, `${JSON.stringify(directory, null, 1)}\n`);
