// Reads what a map on screen holds: MapLibre's rendered features and the canvas pixels,
// copied while a frame is drawn (a WebGL drawing buffer is only readable then).
import type { Page } from '@playwright/test';

export type MapFacts = {
  beacon: [number, number] | null;
  /** The beacon's place on the canvas, in canvas pixels. */
  beaconPixel: { x: number; y: number } | null;
  streets: string[];
  caseCount: number;
  width: number;
  height: number;
  /** RGBA of the canvas, row by row. */
  rgba: number[];
  renderer: string;
  zoom: number;
};

export function readMap(page: Page, testId: string): Promise<MapFacts> {
  return page.evaluate(async (id) => {
    type Feature = { properties: Record<string, unknown>; geometry: { coordinates: [number, number] } };
    type M = {
      project(l: [number, number]): { x: number; y: number };
      queryRenderedFeatures(o?: { layers?: string[] }): Feature[];
      getCanvas(): HTMLCanvasElement;
      once(e: string, f: () => void): void;
      triggerRepaint(): void;
      getZoom(): number;
    };
    const el = document.querySelector(`[data-testid="${id}"]`) as (HTMLElement & { veilleMap?: M }) | null;
    const map = el?.veilleMap;
    if (!map) throw new Error(`no map in [data-testid="${id}"]`);
    const beacon = map.queryRenderedFeatures({ layers: ['beacon'] })[0];
    const streets = map.queryRenderedFeatures({ layers: ['street-names'] }).map((f) => String(f.properties['name:latin']));
    const caseCount = map.queryRenderedFeatures({ layers: ['cases'] }).length;
    const canvas = map.getCanvas();
    const image = await new Promise<{ w: number; h: number; data: number[] }>((resolve) => {
      map.once('render', () => {
        const copy = document.createElement('canvas');
        copy.width = canvas.width;
        copy.height = canvas.height;
        const ctx = copy.getContext('2d')!;
        ctx.drawImage(canvas, 0, 0);
        resolve({ w: copy.width, h: copy.height, data: Array.from(ctx.getImageData(0, 0, copy.width, copy.height).data) });
      });
      map.triggerRepaint();
    });
    // The unmasked renderer name says whether WebGL runs on SwiftShader (no GPU here).
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer = gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'none';
    const ratio = canvas.width / canvas.getBoundingClientRect().width;
    const at = beacon ? map.project(beacon.geometry.coordinates) : null;
    return {
      beacon: beacon?.geometry.coordinates ?? null,
      beaconPixel: at ? { x: Math.round(at.x * ratio), y: Math.round(at.y * ratio) } : null,
      streets,
      caseCount,
      width: image.w,
      height: image.h,
      rgba: image.data,
      renderer,
      zoom: map.getZoom(),
    };
  }, testId);
}

export function pixel(f: MapFacts, x: number, y: number): [number, number, number] {
  const i = (y * f.width + x) * 4;
  return [f.rgba[i]!, f.rgba[i + 1]!, f.rgba[i + 2]!];
}

/** How many distinct colours (quantised to 4 bits a channel) the canvas holds: a blank map has one or two. */
export function colourCount(f: MapFacts): number {
  const seen = new Set<number>();
  for (let i = 0; i < f.rgba.length; i += 4 * 7) seen.add(((f.rgba[i]! >> 4) << 8) | ((f.rgba[i + 1]! >> 4) << 4) | (f.rgba[i + 2]! >> 4));
  return seen.size;
}
