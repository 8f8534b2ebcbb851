/**
 * The admin's directory screen: sites on the left (search, arrow keys), the chosen site on the
 * right (its form, its beacons, its plan where beacons are dragged into place) and the
 * directory's journal. Every save goes to the hub, which journals it and pushes it to every console.
 */
import { useEffect, useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { SitePlan } from '@shared/domain/site-plan';
import { useApi } from '../../api/context';
import { SitePlanView } from '../plan';
import { BeaconList } from './BeaconList';
import { DirectoryJournal } from './DirectoryJournal';
import { SiteEditor } from './SiteEditor';
import { useDirectory } from './useDirectory';

export function DirectoryScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const { view, failed } = useDirectory();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [plan, setPlan] = useState<SitePlan | null>(null);
  const sites = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (view?.sites ?? []).filter((s) => !q || s.name.toLowerCase().includes(q) || s.id.includes(q)).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }, [view, query]);
  const site = creating ? null : (view?.sites.find((s) => s.id === selected) ?? null);
  const beacons = (view?.beacons ?? []).filter((b) => b.siteId === site?.id);
  const hasPlan = Boolean(site && view?.planSiteIds.includes(site.id));
  const siteId = site?.id ?? null;
  useEffect(() => {
    setPlan(null);
    if (!siteId || !hasPlan) return;
    let live = true;
    api.invoke('directory.plan', { siteId }).then((p) => live && setPlan(p), () => undefined);
    return () => {
      live = false;
    };
  }, [api, siteId, hasPlan]);

  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(280px, 26%) 1fr', gap: 3, minHeight: 0, height: '100%' }}>
      <Box component="nav" aria-label={t('directory.sitesNav')} sx={{ display: 'grid', gridTemplateRows: 'auto auto auto 1fr', gap: 1, minHeight: 0 }}>
        <TextField size="small" label={t('directory.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
        <Typography color="text.secondary" variant="body2">
          {view ? t('directory.count', { sites: view.sites.length, beacons: view.beacons.length, revision: view.revision }) : failed ? t('directory.unavailable') : t('plan.loading')}
          {view?.source === 'cache' ? ` — ${t('directory.fromCache')}` : ''}
        </Typography>
        <Button variant="outlined" onClick={() => setCreating(true)}>
          {t('directory.newSite')}
        </Button>
        <List dense aria-label={t('directory.sitesList')} sx={{ overflowY: 'auto', minHeight: 0 }}>
          {sites.map((s) => (
            <ListItem key={s.id} disablePadding>
              <ListItemButton
                selected={!creating && s.id === selected}
                onClick={() => {
                  setCreating(false);
                  setSelected(s.id);
                }}
              >
                <ListItemText primary={s.name} secondary={`${t(`siteKind.${s.kind}`)} · ${s.id}`} />
              </ListItemButton>
            </ListItem>
          ))}
        </List>
      </Box>
      <Box sx={{ overflowY: 'auto', minHeight: 0, display: 'grid', gap: 2, alignContent: 'start', pr: 1 }}>
        {site || creating ? (
          <>
            <Typography variant="h2">{site ? site.name : t('directory.newSite')}</Typography>
            <SiteEditor
              key={site?.id ?? 'new'}
              site={site}
              onSaved={(id) => {
                setCreating(false);
                setSelected(id);
              }}
            />
            {site && <Divider />}
            {site && <BeaconList key={`b-${site.id}`} siteId={site.id} beacons={beacons} />}
            {site && plan && (
              <SitePlanView
                plan={plan}
                beacons={beacons}
                label={t('plan.label', { site: site.name })}
                onPlace={(beaconId, floor, position) => void api.invoke('directory.edit', { op: 'beacon.place', beaconId, floor, position }).catch((err: unknown) => console.error('[veille] beacon not placed', err))}
              />
            )}
          </>
        ) : (
          <Typography color="text.secondary">{t('directory.pick')}</Typography>
        )}
        <Divider />
        <DirectoryJournal />
      </Box>
    </Box>
  );
}
