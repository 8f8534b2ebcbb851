// Builds resources/demo/directory.json (sites + beacons of the demo territory) from the
// open data in resources/data/saint-nazaire. Run again after changing the data; the
// output is committed so a fresh clone needs no build step for the demo.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (f) => JSON.parse(readFileSync(`${root}resources/data/saint-nazaire/${f}`, 'utf8'));
const SAINT_NAZAIRE = '44184';

// Fiction-reserved ranges (ARCEP): 02 61 91 xx xx fixed, 06 39 98 xx xx mobile.
let seq = 0;
const fixed = () => `02 61 91 ${pad(Math.floor(seq / 100) % 100)} ${pad(seq++ % 100)}`;
const mobile = () => `06 39 98 ${pad(Math.floor(seq / 100) % 100)} ${pad(seq++ % 100)}`;
const pad = (n) => String(n).padStart(2, '0');
const slug = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const sites = [];
const beacons = [];
const add = (site, uses) => {
  sites.push(site);
  uses.forEach((use, i) => beacons.push({ id: `SN-${use.toUpperCase()}-${String(beacons.length + 1).padStart(3, '0')}`, siteId: site.id, use, label: labelFor(use, i) }));
};
const labelFor = (use, i) =>
  ({ ppms: ['Balise PPMS — accueil', 'Balise PPMS — bâtiment B'][i] ?? `Balise PPMS ${i + 1}`, pti: 'DATI — agent d’accueil', ms70: 'Balise MS70 — alarme incendie' })[use];

for (const f of read('saint-nazaire-area-schools.geojson').features) {
  const p = f.properties;
  if (p.insee_code !== SAINT_NAZAIRE) continue;
  const [lon, lat] = f.geometry.coordinates;
  add(
    {
      id: `school-${p.uai.toLowerCase()}`,
      name: p.name,
      kind: 'school',
      address: p.street,
      city: `${p.postal_code} ${p.city}`,
      position: { lat, lon },
      contacts: [
        { role: 'Direction', name: 'Direction de l’établissement', phone: fixed() },
        { role: 'Référent sécurité Ville', name: 'Astreinte sécurité', phone: mobile() },
      ],
    },
    p.type === 'Primaire' ? ['ppms'] : ['ppms', 'ppms'],
  );
}

const seen = new Set();
for (const f of read('saint-nazaire-area-creches-mam.geojson').features) {
  const p = f.properties;
  const key = `${p.name}|${p.address}`;
  if (p.insee !== SAINT_NAZAIRE || seen.has(key)) continue;
  seen.add(key);
  const [lon, lat] = f.geometry.coordinates;
  add(
    {
      id: `creche-${slug(p.name)}-${seen.size}`,
      name: p.kind === 'mam' ? `MAM ${p.name}` : `Crèche ${p.name}`,
      kind: 'creche',
      address: p.address,
      city: `${p.postcode} Saint-Nazaire`,
      position: { lat, lon },
      contacts: [{ role: 'Direction', name: 'Direction de la structure', phone: fixed() }],
    },
    ['ppms'],
  );
}

// Municipal buildings from OSM: lone-worker (DATI) desks and small ERP with MS70 beacons.
const municipal = { 'Hôtel de Ville': ['pti', 'pti'], 'Mairie Annexe de Méan-Penhöet': ['pti'] };
const erp = ['Médiathèque Étienne Caux', 'Bibliothèque Anne Frank', "Maison de Quartier d'Avalix", 'Agora1901 - Maison des associations'];
for (const f of read('saint-nazaire-area-osm-pois.geojson').features) {
  const name = f.properties.name;
  const uses = municipal[name] ?? (erp.includes(name) ? ['ms70'] : null);
  if (!uses) continue;
  const [lon, lat] = f.geometry.coordinates;
  add(
    {
      id: `${uses[0] === 'ms70' ? 'erp' : 'municipal'}-${slug(name)}`,
      name,
      kind: uses[0] === 'ms70' ? 'erp' : 'municipal',
      address: '',
      city: '44600 Saint-Nazaire',
      position: { lat, lon },
      contacts: [{ role: 'Responsable du site', name: 'Responsable sécurité', phone: mobile() }],
    },
    uses,
  );
}

writeFileSync(`${root}resources/demo/directory.json`, JSON.stringify({ sites, beacons }, null, 1) + '\n');
console.log(`directory: ${sites.length} sites, ${beacons.length} beacons`);
