/** A site's contacts: one row per contact (role, name, phone), add and remove from the keyboard. */
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import { useTranslation } from 'react-i18next';
import type { Contact } from '@shared/domain/site';

export function ContactsEditor({ contacts, onChange }: { contacts: Contact[]; onChange: (c: Contact[]) => void }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<Contact>) => onChange(contacts.map((c, k) => (k === i ? { ...c, ...patch } : c)));
  return (
    <Box component="fieldset" sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5, m: 0, display: 'grid', gap: 1 }}>
      <Typography component="legend" variant="subtitle2" sx={{ px: 0.5 }}>
        {t('directory.contacts.title')}
      </Typography>
      {contacts.map((c, i) => (
        <Box key={i} sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr 11rem auto', gap: 1, alignItems: 'center' }}>
          <TextField size="small" label={t('directory.contacts.role')} value={c.role} onChange={(e) => set(i, { role: e.target.value })} />
          <TextField size="small" label={t('directory.contacts.name')} value={c.name} onChange={(e) => set(i, { name: e.target.value })} />
          <TextField size="small" label={t('directory.contacts.phone')} value={c.phone} onChange={(e) => set(i, { phone: e.target.value })} slotProps={{ htmlInput: { inputMode: 'tel' } }} />
          <IconButton aria-label={t('directory.contacts.remove', { name: c.name || c.role || i + 1 })} onClick={() => onChange(contacts.filter((_x, k) => k !== i))}>
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      <Button sx={{ justifySelf: 'start' }} onClick={() => onChange([...contacts, { role: '', name: '', phone: '' }])}>
        {t('directory.contacts.add')}
      </Button>
    </Box>
  );
}
