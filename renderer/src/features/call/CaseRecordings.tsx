/** The case's call recordings, newest last, each with its player; refetched when a call of the case ends. */
import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { Recording } from '@shared/contract';
import { useServices } from '../../api/context';
import { formatDateTime } from '../case-view/format';
import { useCallStore } from './useVoiceSession';
import { RecordingPlayer } from './RecordingPlayer';
import { clock } from './waveform';

type Loaded = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; list: Recording[] };

export function CaseRecordings({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const { api, call } = useServices();
  const store = useCallStore();
  // How many of this case's calls are over: a new one ended means a new recording.
  const ended = useStore(store, (s) => s.calls.filter((c) => c.caseId === caseId && c.phase === 'ended').length);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    let cancelled = false;
    api.invoke('voice.recordings', { caseId }).then(
      (list) => !cancelled && setLoaded({ state: 'ready', list }),
      () => !cancelled && setLoaded({ state: 'failed' }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, caseId, ended]);

  if (loaded.state === 'loading') return null;
  return (
    <Box component="section" aria-labelledby={`recordings-${caseId}`} sx={{ display: 'grid', gap: 1 }}>
      <Typography variant="h4" id={`recordings-${caseId}`} sx={{ fontSize: '1.05rem', fontWeight: 700 }}>
        {t('call.recordings.title')}
      </Typography>
      {loaded.state === 'failed' && <Typography color="text.secondary">{t('call.recordings.loadFailed')}</Typography>}
      {loaded.state === 'ready' && loaded.list.length === 0 && <Typography color="text.secondary">{t('call.recordings.empty')}</Typography>}
      {loaded.state === 'ready' && loaded.list.length > 0 && (
        <Box component="ul" sx={{ m: 0, p: 0, display: 'grid', gap: 1 }}>
          {loaded.list.map((rec) => (
            <RecordingPlayer
              key={rec.recordingId}
              rec={rec}
              src={call ? call.mediaUrl(rec.url) : rec.url}
              label={t('call.recordings.item', { peer: rec.peer, at: formatDateTime(rec.startedAt, i18n.language), duration: clock(rec.durationMs / 1000) })}
            />
          ))}
        </Box>
      )}
    </Box>
  );
}
