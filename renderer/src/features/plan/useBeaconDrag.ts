/**
 * Moving a beacon on the plan (admin): with the pointer (drag, released = placed) or from the
 * keyboard (arrows move it 1 m, Shift+arrows 5 m, Enter places it, Escape puts it back). The
 * position is sent only when placed: one journaled change per placement, not per step.
 */
import { useCallback, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import type { PlanProjection, XY } from './plan-geometry';

export interface Pending {
  beaconId: string;
  xy: XY;
}

export function useBeaconDrag(
  svgRef: RefObject<SVGSVGElement | null>,
  proj: PlanProjection,
  place: ((beaconId: string, position: { lat: number; lon: number }) => void) | null,
) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [dragging, setDragging] = useState(false);

  const toSvg = useCallback(
    (e: PointerEvent): XY | null => {
      const svg = svgRef.current;
      const m = svg?.getScreenCTM?.();
      if (!svg || !m) return null;
      const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
      return [p.x, p.y];
    },
    [svgRef],
  );

  const commit = useCallback(
    (p: Pending) => {
      setPending(null);
      place?.(p.beaconId, proj.toLonLat(p.xy));
    },
    [place, proj],
  );

  const markerProps = (beaconId: string, at: XY) =>
    place
      ? {
          onPointerDown: (e: PointerEvent) => {
            (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
            setDragging(true);
            setPending({ beaconId, xy: toSvg(e) ?? at });
          },
          onPointerMove: (e: PointerEvent) => {
            if (!dragging || pending?.beaconId !== beaconId) return;
            const xy = toSvg(e);
            if (xy) setPending({ beaconId, xy });
          },
          onPointerUp: () => {
            setDragging(false);
            if (pending?.beaconId === beaconId) commit(pending);
          },
          onKeyDown: (e: KeyboardEvent) => {
            const step = (e.shiftKey ? 5 : 1) * proj.scale;
            const base = pending?.beaconId === beaconId ? pending.xy : at;
            const moves: Record<string, XY> = {
              ArrowLeft: [base[0] - step, base[1]],
              ArrowRight: [base[0] + step, base[1]],
              ArrowUp: [base[0], base[1] - step],
              ArrowDown: [base[0], base[1] + step],
            };
            if (moves[e.key]) {
              e.preventDefault();
              setPending({ beaconId, xy: moves[e.key]! });
            } else if (e.key === 'Enter' && pending?.beaconId === beaconId) {
              e.preventDefault();
              commit(pending);
            } else if (e.key === 'Escape' && pending) {
              e.preventDefault();
              setPending(null);
            }
          },
        }
      : {};

  return { pending, markerProps };
}
