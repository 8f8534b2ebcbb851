/**
 * Where the site map will go (MapLibre, offline tiles: a later issue). Only a
 * reserved, labelled area today, so the layout does not move when it lands.
 */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import MapOutlinedIcon from '@mui/icons-material/MapOutlined';
import { useTranslation } from 'react-i18next';
import type { Position } from '@shared/domain/site';

export type MapSlotProps = { position: Position | null; siteName: string };

export function MapSlot(_props: MapSlotProps) {
  const { t } = useTranslation();
  return (
    <Box
      data-testid="map-slot"
      sx={{ minHeight: 120, border: 1, borderStyle: 'dashed', borderColor: 'divider', borderRadius: 1, display: 'grid', placeItems: 'center', color: 'text.secondary' }}
    >
      <Typography sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
        <MapOutlinedIcon aria-hidden /> {t('case.map')}
      </Typography>
    </Box>
  );
}
