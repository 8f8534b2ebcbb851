/** Edits one site (identity, position, contacts, PPMS facts, access codes write-only) and saves it through the hub. */
import { useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { SiteKind, type Site } from '@shared/domain/site';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { ContactsEditor } from './ContactsEditor';
import { formOf, siteOf, type SiteForm } from './site-form';

export function SiteEditor({ site, onSaved }: { site: Site | null; onSaved: (siteId: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [form, setForm] = useState<SiteForm>(() => formOf(site));
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (k: keyof SiteForm, extra: { multiline?: boolean; required?: boolean; disabled?: boolean } = {}) => (
    <TextField
      size="small"
      label={t(`directory.field.${k}`)}
      value={form[k] as string}
      onChange={(e) => setForm({ ...form, [k]: e.target.value })}
      multiline={extra.multiline}
      minRows={extra.multiline ? 2 : undefined}
      required={extra.required}
      disabled={extra.disabled}
    />
  );

  const save = (e: FormEvent) => {
    e.preventDefault();
    const r = siteOf(form, site);
    if (!r.ok) return setStatus({ ok: false, text: t('directory.invalid', { field: t(`directory.problem.${r.problem}`, { defaultValue: r.problem }) }) });
    setBusy(true);
    api
      .invoke('directory.edit', { op: 'site.save', site: r.site, ...(r.accessCodes ? { accessCodes: r.accessCodes } : {}) })
      .then(
        (change) => {
          setStatus({ ok: true, text: t('directory.saved', { revision: change.revision, summary: change.summary }) });
          setForm((f) => ({ ...f, newCodes: '' }));
          onSaved(r.site.id);
        },
        (err: unknown) => setStatus({ ok: false, text: errorMessage(t, err) }),
      )
      .finally(() => setBusy(false));
  };

  return (
    <Box component="form" onSubmit={save} aria-label={site ? t('directory.editSite', { name: site.name }) : t('directory.newSite')} sx={{ display: 'grid', gap: 1.5 }}>
      <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1.5 }}>
        {field('id', { required: true, disabled: Boolean(site) })}
        <TextField select size="small" label={t('directory.field.kind')} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as Site['kind'] })}>
          {SiteKind.options.map((k) => (
            <MenuItem key={k} value={k}>
              {t(`siteKind.${k}`)}
            </MenuItem>
          ))}
        </TextField>
        {field('name', { required: true })}
        {field('address')}
        {field('city')}
        <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1 }}>
          {field('lat', { required: true })}
          {field('lon', { required: true })}
        </Box>
      </Box>
      <ContactsEditor contacts={form.contacts} onChange={(contacts) => setForm({ ...form, contacts })} />
      <Typography variant="subtitle2">{t('directory.ppms')}</Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1.5 }}>
        {field('confinementRooms', { multiline: true })}
        {field('assemblyPoints', { multiline: true })}
        {field('accessDirections', { multiline: true })}
        {field('notes', { multiline: true })}
      </Box>
      <TextField
        size="small"
        multiline
        minRows={2}
        label={t('directory.field.newCodes')}
        helperText={t('directory.codesHelp')}
        value={form.newCodes}
        onChange={(e) => setForm({ ...form, newCodes: e.target.value })}
      />
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        <Button type="submit" variant="contained" disabled={busy}>
          {t('directory.save')}
        </Button>
        <Box role="status" sx={{ flex: 1 }}>
          {status && <Alert severity={status.ok ? 'success' : 'error'}>{status.text}</Alert>}
        </Box>
      </Box>
    </Box>
  );
}
