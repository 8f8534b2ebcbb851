/** What is on a floor besides rooms: assembly points, access points and the beacons (the case's beacon stands out). */
import { useTranslation } from 'react-i18next';
import type { Beacon } from '@shared/domain/site';
import type { AccessFeature, AssemblyFeature } from '@shared/domain/site-plan';
import type { PlanProjection, XY } from './plan-geometry';
import type { useBeaconDrag } from './useBeaconDrag';

export const PLAN_COLOURS = { assembly: '#2b8a3e', police: '#1c7ed6', fire: '#e03131', beacon: '#f08c00', focus: '#c2255c' } as const;

/** `k`: drawing units per intended pixel, so markers keep their size on screen whatever the plan's scale. */
export function PlanPoints({ points, proj, k }: { points: (AssemblyFeature | AccessFeature)[]; proj: PlanProjection; k: number }) {
  const { t } = useTranslation();
  return (
    <g>
      {points.map((f) => {
        const [x, y] = proj.toXY(f.geometry.coordinates[0], f.geometry.coordinates[1]);
        const p = f.properties;
        const colour = p.kind === 'assembly' ? PLAN_COLOURS.assembly : p.for === 'fire' ? PLAN_COLOURS.fire : PLAN_COLOURS.police;
        const letter = p.kind === 'assembly' ? 'R' : p.for === 'fire' ? 'S' : 'P';
        const label = p.kind === 'assembly' ? t('plan.assemblyPoint', { name: p.name }) : t('plan.accessPoint', { name: p.name });
        return (
          <g key={p.id} data-plan-point={p.kind} aria-label={label} role="img">
            <title>{label}</title>
            {p.kind === 'assembly' ? <circle cx={x} cy={y} r={11 * k} fill={colour} /> : <rect x={x - 10 * k} y={y - 10 * k} width={20 * k} height={20 * k} rx={3 * k} fill={colour} />}
            <text x={x} y={y + 4.5 * k} textAnchor="middle" fontSize={13 * k} fontWeight={700} fill="#fff">
              {letter}
            </text>
          </g>
        );
      })}
    </g>
  );
}

export function PlanBeacons({
  beacons,
  proj,
  focusId,
  roomName,
  drag,
  k,
}: {
  k: number;
  beacons: Beacon[];
  proj: PlanProjection;
  focusId: string | null;
  roomName: (roomId: string | null) => string;
  drag: ReturnType<typeof useBeaconDrag>;
}) {
  const { t } = useTranslation();
  return (
    <g>
      {beacons.map((b) => {
        const placed = b.placement!;
        const at: XY = proj.toXY(placed.position.lon, placed.position.lat);
        const [x, y] = drag.pending?.beaconId === b.id ? drag.pending.xy : at;
        const focus = b.id === focusId;
        const handlers = drag.markerProps(b.id, at);
        const movable = 'onKeyDown' in handlers;
        const label = t(movable ? 'plan.beaconMovable' : 'plan.beaconAt', { id: b.id, label: b.label, room: roomName(placed.roomId) });
        return (
          <g
            key={b.id}
            data-plan-beacon={b.id}
            data-focus={focus || undefined}
            role={movable ? 'button' : 'img'}
            tabIndex={movable ? 0 : undefined}
            aria-label={label}
            style={{ cursor: movable ? 'grab' : undefined, outline: 'none' }}
            {...handlers}
          >
            <title>{label}</title>
            {focus && <circle cx={x} cy={y} r={16 * k} fill="none" stroke={PLAN_COLOURS.focus} strokeWidth={3 * k} />}
            <circle cx={x} cy={y} r={(focus ? 9 : 7) * k} fill={focus ? PLAN_COLOURS.focus : PLAN_COLOURS.beacon} stroke="#fff" strokeWidth={2 * k} />
          </g>
        );
      })}
    </g>
  );
}
