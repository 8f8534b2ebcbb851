/** The directory's journal at the hub: who changed what, when (newest first); read again on every change. */
import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { DirectoryChange } from '@shared/hub-protocol/directory';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';

export function DirectoryJournal() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [changes, setChanges] = useState<DirectoryChange[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const read = () =>
      api.invoke('directory.changes', { limit: 30 }).then(
        (c) => {
          setChanges(c);
          setError(null);
        },
        (err: unknown) => setError(errorMessage(t, err)),
      );
    const off = api.on('directory.changed', () => void read());
    void read();
    return off;
  }, [api, t]);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language === 'fr' ? 'fr-FR' : 'en-GB');
  return (
    <Box component="section" aria-labelledby="directory-journal-title" sx={{ display: 'grid', gap: 0.5 }}>
      <Typography variant="h3" id="directory-journal-title">
        {t('directory.journal.title')}
      </Typography>
      {error && <Typography color="text.secondary">{error}</Typography>}
      <Box component="ol" aria-labelledby="directory-journal-title" sx={{ m: 0, pl: 2.5, display: 'grid', gap: 0.25 }}>
        {(changes ?? []).map((c) => (
          <li key={c.revision} data-revision={c.revision}>
            <Typography variant="body2">
              {t('directory.journal.line', {
                revision: c.revision,
                at: when(c.at),
                who: c.actor?.displayName ?? t('directory.journal.system'),
                op: t(`directory.op.${c.op}`),
                entity: c.site?.name ?? c.entityId,
                summary: c.summary,
              })}
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}
