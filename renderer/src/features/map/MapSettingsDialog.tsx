/**
 * « Réglages de la carte »: the map engine (offline MapLibre, or Mapbox for a centre with an
 * account) and the Mapbox token, kept in this workstation's preferences. Taken into account
 * the next time a map opens.
 */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../api/context';
import { readEngineSettings, resolveEngine, saveEngineSettings, type MapEngineKind } from './engine';

export function MapSettingsButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="text" onClick={() => setOpen(true)}>
        {t('map.settings.open')}
      </Button>
      {open && <MapSettingsDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function MapSettingsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { prefs } = useServices();
  const [settings, setSettings] = useState(() => readEngineSettings(prefs));
  const notice = resolveEngine(settings).notice;
  const save = () => {
    saveEngineSettings(prefs, settings);
    onClose();
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="map-settings-title" maxWidth="sm" fullWidth>
      <DialogTitle id="map-settings-title">{t('map.settings.title')}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        <RadioGroup
          aria-label={t('map.settings.engine')}
          value={settings.engine}
          onChange={(e) => setSettings({ ...settings, engine: e.target.value as MapEngineKind })}
        >
          <FormControlLabel value="maplibre" control={<Radio />} label={t('map.settings.maplibre')} />
          <FormControlLabel value="mapbox" control={<Radio />} label={t('map.settings.mapbox')} />
        </RadioGroup>
        <TextField
          label={t('map.settings.token')}
          value={settings.mapboxToken}
          onChange={(e) => setSettings({ ...settings, mapboxToken: e.target.value })}
          disabled={settings.engine !== 'mapbox'}
          autoComplete="off"
        />
        {notice && <Typography color="warning.main">{t(`map.notice.${notice}`)}</Typography>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button variant="contained" onClick={save}>
          {t('map.settings.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
