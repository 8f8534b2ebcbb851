/**
 * A site's door and gate codes, for the operator who owns the open case: asked of the hub on
 * demand (journaled), shown until the case leaves the screen, never kept.
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import KeyIcon from '@mui/icons-material/Key';
import { useTranslation } from 'react-i18next';
import type { AccessCode } from '@shared/domain/site';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';

export function AccessCodes({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [codes, setCodes] = useState<AccessCode[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const show = () => {
    setError(null);
    api.invoke('directory.accessCodes', { caseId }).then(
      (r) => setCodes(r.codes),
      (err: unknown) => setError(errorMessage(t, err)),
    );
  };
  if (codes)
    return (
      <Box component="dl" aria-label={t('plan.codes.title')} sx={{ m: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2 }}>
        {codes.length === 0 && <Box component="dd">{t('plan.codes.none')}</Box>}
        {codes.map((c) => (
          <Box key={c.label} sx={{ display: 'contents' }}>
            <Box component="dt" sx={{ color: 'text.secondary' }}>
              {c.label}
            </Box>
            <Box component="dd" sx={{ m: 0, fontFamily: 'monospace', fontSize: '1.1rem', fontWeight: 700 }}>
              {c.code}
            </Box>
          </Box>
        ))}
      </Box>
    );
  return (
    <Box sx={{ display: 'grid', gap: 1, justifyItems: 'start' }}>
      <Button variant="outlined" startIcon={<KeyIcon />} onClick={show}>
        {t('plan.codes.show')}
      </Button>
      {error && <Alert severity="warning">{error}</Alert>}
    </Box>
  );
}
