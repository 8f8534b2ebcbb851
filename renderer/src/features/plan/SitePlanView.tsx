/**
 * A site's floor plan: rooms of the floor shown (the beacon's room highlighted, confinement
 * rooms marked), the building outline, assembly and access points, the beacons placed on
 * that floor, a floor switch. An admin moves a beacon by dragging it or from the keyboard.
 */
import { useMemo, useRef, useState } from 'react';
import Box from '@mui/material/Box';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { useTranslation } from 'react-i18next';
import type { Beacon } from '@shared/domain/site';
import { rooms, type AccessFeature, type AssemblyFeature, type BuildingFeature, type SitePlan } from '@shared/domain/site-plan';
import { planProjection, ringLabelBox, ringPath } from './plan-geometry';
import { PlanLegend } from './PlanLegend';
import { PLAN_COLOURS, PlanBeacons, PlanPoints } from './PlanMarkers';
import { useBeaconDrag } from './useBeaconDrag';

const MAX_HEIGHT = 460;

export interface SitePlanViewProps {
  plan: SitePlan;
  beacons: Beacon[];
  /** The case's beacon: its room is highlighted and its floor shown first. */
  focusBeaconId?: string | null;
  /** Given (admins): beacons can be moved; called once per placement. */
  onPlace?: (beaconId: string, floor: string, position: { lat: number; lon: number }) => void;
  label: string;
}

export function SitePlanView({ plan, beacons, focusBeaconId = null, onPlace, label }: SitePlanViewProps) {
  const { t } = useTranslation();
  const theme = useTheme();
  const dark = theme.palette.mode === 'dark';
  const focus = beacons.find((b) => b.id === focusBeaconId) ?? null;
  const [floor, setFloor] = useState(focus?.placement?.floor ?? plan.floors[0]!.id);
  const proj = useMemo(() => planProjection(plan), [plan]);
  // The drawing is shown at most MAX_HEIGHT px high and about 750 px wide: markers are sized for that.
  const k = Math.max(1 / 0.75, proj.height / MAX_HEIGHT);
  const svgRef = useRef<SVGSVGElement | null>(null);
  const drag = useBeaconDrag(svgRef, proj, onPlace ? (id, position) => onPlace(id, floor, position) : null);

  const allRooms = rooms(plan);
  const floorRooms = allRooms.filter((r) => r.properties.floor === floor);
  const building = plan.features.filter((f): f is BuildingFeature => f.properties.kind === 'building');
  const points = plan.features.filter((f): f is AssemblyFeature | AccessFeature => f.properties.kind === 'assembly' || f.properties.kind === 'access');
  const onFloor = beacons.filter((b) => b.placement?.floor === floor);
  const focusRoom = focus?.placement?.roomId ?? null;
  const occupied = new Set(onFloor.map((b) => b.placement?.roomId));
  const roomName = (id: string | null) => (id ? (allRooms.find((r) => r.properties.id === id)?.properties.name ?? id) : t('plan.noRoom'));
  const floorLabel = (id: string) => plan.floors.find((f) => f.id === id)?.label ?? id;

  return (
    <Box sx={{ display: 'grid', gap: 1 }}>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <ToggleButtonGroup exclusive size="small" value={floor} onChange={(_e, v: string | null) => v && setFloor(v)} aria-label={t('plan.floors')}>
          {plan.floors.map((f) => (
            <ToggleButton key={f.id} value={f.id} aria-label={t('plan.floorButton', { label: f.label })}>
              {f.label}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        {focus && (
          <Typography data-testid="plan-focus-room" sx={{ fontWeight: 600 }}>
            {t('plan.focusRoom', { id: focus.id, room: roomName(focusRoom), floor: floorLabel(focus.placement?.floor ?? '') })}
          </Typography>
        )}
        {focus && !focus.placement && <Typography color="text.secondary">{t('plan.notPlaced', { id: focus.id })}</Typography>}
      </Box>
      <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: dark ? '#1a1d21' : '#f8f9fa', overflow: 'hidden' }}>
        <svg ref={svgRef} viewBox={`0 0 ${proj.width} ${proj.height}`} width="100%" role="group" aria-label={label} data-testid="site-plan" data-floor={floor} style={{ display: 'block', touchAction: 'none', maxHeight: MAX_HEIGHT }}>
          {building.map((b) => (
            <path key={b.properties.id} d={b.geometry.coordinates.map((r) => ringPath(r, proj)).join(' ')} fill={dark ? '#2b3035' : '#e9ecef'} stroke={dark ? '#868e96' : '#495057'} strokeWidth={2 * k} fillRule="evenodd" />
          ))}
          {floorRooms.map((r) => {
            const p = r.properties;
            const lit = p.id === focusRoom && focus?.placement?.floor === floor;
            const box = ringLabelBox(r.geometry.coordinates[0]!, proj);
            const size = Math.max(9, Math.min(18, box.width / Math.max(4, p.name.length * 0.62)));
            const fill = lit ? PLAN_COLOURS.focus : p.confinement ? PLAN_COLOURS.assembly : dark ? '#343a40' : '#ffffff';
            const name = `${p.name}${p.confinement ? ` — ${t('plan.confinement')}` : ''}${lit ? ` — ${t('plan.beaconHere')}` : ''}`;
            return (
              <g key={p.id} data-testid={`plan-room-${p.id}`} data-highlighted={lit || undefined} data-confinement={p.confinement || undefined} role="img" aria-label={name}>
                <title>{name}</title>
                <path d={ringPath(r.geometry.coordinates[0]!, proj)} fill={fill} fillOpacity={lit ? 0.55 : p.confinement ? 0.28 : 1} stroke={lit ? PLAN_COLOURS.focus : dark ? '#adb5bd' : '#868e96'} strokeWidth={(lit ? 3 : 0.8) * k} />
                {box.width > 30 && (
                  // A room with a beacon in it has its name at the top, clear of the marker.
                  <text x={box.centre[0]} y={occupied.has(p.id) ? box.centre[1] - box.height / 2 + size * 1.2 : box.centre[1] + size / 3} textAnchor="middle" fontSize={size} fill={dark ? '#f1f3f5' : '#212529'} fontWeight={lit ? 700 : 400}>
                    {p.name}
                  </text>
                )}
              </g>
            );
          })}
          <PlanPoints points={points} proj={proj} k={k} />
          <PlanBeacons beacons={onFloor} proj={proj} focusId={focusBeaconId} roomName={roomName} drag={drag} k={k} />
        </svg>
      </Box>
      <PlanLegend movable={Boolean(onPlace)} />
    </Box>
  );
}
