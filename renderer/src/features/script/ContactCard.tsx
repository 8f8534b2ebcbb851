/** Who the step calls or writes to, with the number large enough to read out at 4 a.m. */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import PhoneIcon from '@mui/icons-material/Phone';
import { useTranslation } from 'react-i18next';
import type { ResolvedContact } from '@shared/scripts/contacts';

export function ContactCard({ contact, hint }: { contact: ResolvedContact | undefined; hint: string }) {
  const { t } = useTranslation();
  if (!contact) return null;
  return (
    <Box
      role="group"
      aria-label={t('script.contactCard', { name: contact.name })}
      sx={{ display: 'flex', alignItems: 'center', gap: 1.5, p: 1.5, borderRadius: 1, border: 1, borderColor: 'divider', bgcolor: 'action.hover' }}
    >
      <PhoneIcon aria-hidden color="primary" />
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Typography sx={{ fontWeight: 600 }}>{contact.name}</Typography>
        <Typography variant="body2" color="text.secondary">
          {contact.role !== contact.ref ? contact.role : t(`script.contactRole.${contact.ref}`, { defaultValue: contact.role })}
        </Typography>
      </Box>
      <Box sx={{ textAlign: 'right' }}>
        <Typography sx={{ fontSize: '1.5rem', fontWeight: 700, fontVariantNumeric: 'tabular-nums' }} data-testid="contact-number">
          {contact.number ?? t('script.noNumber')}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {hint}
        </Typography>
      </Box>
    </Box>
  );
}
