#!/usr/bin/env node
/**
 * Builds the map's glyph PBFs (signed distance fields) once, offline, into
 * resources/map/glyphs/<fontstack>/<start>-<end>.pbf, so MapLibre never asks a glyph
 * server. The SDFs are drawn by TinySDF (the rasteriser MapLibre itself uses) in
 * headless Chromium from the Roboto files of @fontsource/roboto (SIL OFL 1.1), with the
 * parameters of server glyphs (24 px, 3 px border, radius 8, cutoff 0.25), and
 * encoded with the glyph protobuf schema (fontstack → glyph {id, bitmap, width,
 * height, left, top, advance}). Latin ranges only: French street names need
 * 0–255 (é, è, à, ç), 256–511 (œ, Œ) and 8192–8447 (’ – …).
 *
 * Run: node scripts/build-map-glyphs.mjs   (needs /usr/bin/chromium or VEILLE_CHROMIUM)
 */
/* global document, window -- page.evaluate() bodies run in Chromium */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { PbfWriter } from 'pbf';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'resources', 'map', 'glyphs');
const fonts = join(root, 'node_modules', '@fontsource', 'roboto', 'files');
const STACKS = [
  { name: 'Roboto Regular', weight: 400 },
  { name: 'Roboto Medium', weight: 500 },
];
const RANGES = [0, 256, 8192];
// MapLibre's own calibration for TinySDF glyphs against server glyphs (glyph_manager).
const TOP_ADJUSTMENT = 27.5;
const LEFT_ADJUSTMENT = 0.5;

const b64 = (file) => readFileSync(join(fonts, file)).toString('base64');
const faces = STACKS.flatMap(({ weight }) => [
  `@font-face{font-family:'RobotoGlyphs';font-weight:${weight};src:url(data:font/woff2;base64,${b64(`roboto-latin-${weight}-normal.woff2`)}) format('woff2');unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD;}`,
  `@font-face{font-family:'RobotoGlyphs';font-weight:${weight};src:url(data:font/woff2;base64,${b64(`roboto-latin-ext-${weight}-normal.woff2`)}) format('woff2');unicode-range:U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF;}`,
]);
const tinySdfSource = readFileSync(join(root, 'node_modules', '@mapbox', 'tiny-sdf', 'index.js'), 'utf8').replace('export default class TinySDF', 'window.TinySDF = class TinySDF');

const browser = await chromium.launch({ executablePath: process.env.VEILLE_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.setContent(`<style>${faces.join('\n')}</style><p style="font-family:RobotoGlyphs">é</p>`);
await page.addScriptTag({ content: tinySdfSource });

for (const { name, weight } of STACKS) {
  const drawn = await page.evaluate(
    async ({ weight, ranges }) => {
      await Promise.all(['\u0041', '\u0153', '\u2019'].map((c) => document.fonts.load(`${weight} 24px RobotoGlyphs`, c)));
      const sdf = new window.TinySDF({ fontSize: 24, buffer: 3, radius: 8, cutoff: 0.25, fontFamily: 'RobotoGlyphs', fontWeight: String(weight) });
      // Only what the two Roboto subsets hold: anything else would be drawn with whatever system font
      // Chromium falls back to. Control and invisible format characters have no glyph.
      const covered = (id) =>
        (id >= 32 && id < 127) ||
        (id >= 160 && id < 512) ||
        (id >= 0x2000 && id <= 0x206f && !(id >= 0x200b && id <= 0x200f) && !(id >= 0x2028 && id <= 0x202e) && id < 0x2060) ||
        (id >= 0x20a0 && id <= 0x20c0) ||
        id === 0x2113 ||
        id === 0x2122;
      const out = {};
      for (const start of ranges) {
        const glyphs = [];
        for (let id = start; id < start + 256; id++) {
          if (!covered(id)) continue;
          const g = sdf.draw(String.fromCodePoint(id));
          glyphs.push({ id, ...g, data: Array.from(g.data) });
        }
        out[start] = glyphs;
      }
      return out;
    },
    { weight, ranges: RANGES },
  );
  const dir = join(out, name);
  mkdirSync(dir, { recursive: true });
  for (const start of RANGES) {
    const range = `${start}-${start + 255}`;
    const pbf = new PbfWriter();
    pbf.writeMessage(1, (_, w) => {
      w.writeStringField(1, name);
      w.writeStringField(2, range);
      for (const g of drawn[start]) {
        // A glyph the font lacks draws nothing: leave it out, MapLibre then skips the character.
        if (g.glyphAdvance === 0) continue;
        w.writeMessage(3, (_, gw) => {
          const empty = g.glyphWidth === 0 || g.glyphHeight === 0;
          gw.writeVarintField(1, g.id);
          if (!empty) gw.writeBytesField(2, Uint8Array.from(g.data));
          gw.writeVarintField(3, empty ? 0 : g.glyphWidth);
          gw.writeVarintField(4, empty ? 0 : g.glyphHeight);
          gw.writeSVarintField(5, Math.round(g.glyphLeft + LEFT_ADJUSTMENT));
          gw.writeSVarintField(6, Math.round(g.glyphTop - TOP_ADJUSTMENT));
          gw.writeVarintField(7, Math.round(g.glyphAdvance));
        });
      }
    });
    writeFileSync(join(dir, `${range}.pbf`), pbf.finish());
    process.stdout.write(`${name}/${range}.pbf: ${drawn[start].length} glyphs\n`);
  }
}
await browser.close();
copyFileSync(join(root, 'node_modules', '@fontsource', 'roboto', 'LICENSE'), join(out, 'LICENSE-Roboto-OFL.txt'));
