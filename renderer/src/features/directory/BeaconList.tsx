/** The site's beacons: label and use edited in place, added, removed; each change saved through the hub. */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import SaveIcon from '@mui/icons-material/SaveOutlined';
import { useTranslation } from 'react-i18next';
import type { DirectoryEditInput } from '@shared/hub-protocol/directory';
import type { Beacon } from '@shared/domain/site';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';

const USES = ['ppms', 'pti', 'ms70'] as const;

export function BeaconList({ siteId, beacons }: { siteId: string; beacons: Beacon[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const [drafts, setDrafts] = useState<Record<string, Beacon>>({});
  const [newId, setNewId] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const run = (edit: DirectoryEditInput) =>
    api.invoke('directory.edit', edit).then(
      (c) => setStatus({ ok: true, text: t('directory.saved', { revision: c.revision, summary: `${c.entityId} : ${c.summary}` }) }),
      (err: unknown) => setStatus({ ok: false, text: errorMessage(t, err) }),
    );
  const draft = (b: Beacon) => drafts[b.id] ?? b;
  const set = (b: Beacon, patch: Partial<Beacon>) => setDrafts({ ...drafts, [b.id]: { ...draft(b), ...patch } });

  return (
    <Box component="section" aria-labelledby="directory-beacons-title" sx={{ display: 'grid', gap: 1 }}>
      <Typography variant="h3" id="directory-beacons-title">
        {t('directory.beacons.title', { count: beacons.length })}
      </Typography>
      {beacons.map((b) => (
        <Box key={b.id} sx={{ display: 'grid', gridTemplateColumns: '9rem 1fr 7rem auto auto', gap: 1, alignItems: 'center' }}>
          <Typography sx={{ fontFamily: 'monospace' }}>{b.id}</Typography>
          <TextField size="small" label={t('directory.beacons.label', { id: b.id })} value={draft(b).label} onChange={(e) => set(b, { label: e.target.value })} />
          <TextField select size="small" label={t('directory.beacons.use')} value={draft(b).use} onChange={(e) => set(b, { use: e.target.value as Beacon['use'] })}>
            {USES.map((u) => (
              <MenuItem key={u} value={u}>
                {u.toUpperCase()}
              </MenuItem>
            ))}
          </TextField>
          <IconButton aria-label={t('directory.beacons.save', { id: b.id })} onClick={() => void run({ op: 'beacon.save', beacon: draft(b) })}>
            <SaveIcon />
          </IconButton>
          <IconButton aria-label={t('directory.beacons.remove', { id: b.id })} onClick={() => void run({ op: 'beacon.delete', beaconId: b.id })}>
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      <Box
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!newId.trim()) return;
          void run({ op: 'beacon.save', beacon: { id: newId.trim(), siteId, use: 'ppms', label: 'Balise PPMS' } }).then(() => setNewId(''));
        }}
        sx={{ display: 'flex', gap: 1 }}
      >
        <TextField size="small" label={t('directory.beacons.newId')} value={newId} onChange={(e) => setNewId(e.target.value)} />
        <Button type="submit">{t('directory.beacons.add')}</Button>
      </Box>
      <Box role="status">{status && <Alert severity={status.ok ? 'success' : 'error'}>{status.text}</Alert>}</Box>
    </Box>
  );
}
