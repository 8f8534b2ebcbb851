/**
 * The case's voice: call the beacon (only on an open case the operator owns; main's privacy
 * guard decides and its refusal is shown as it says it), the live call's controls, the
 * headset, a technical test call, and the case's recordings.
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalk';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { Case } from '@shared/domain/case';
import { useConsole, useServices } from '../../api/context';
import { ownershipOf } from '../../store/selectors';
import { callBeacon } from './call-actions';
import { CALL_KEYS, shortcutLabel } from './call-keys';
import { beaconCallOf } from './call-store';
import { CallControls } from './CallControls';
import { CaseRecordings } from './CaseRecordings';
import { HeadsetSettings } from './HeadsetSettings';
import { Shortcut } from './Shortcut';
import { TestCallDialog } from './TestCallDialog';
import { useCallStore } from './useVoiceSession';

export function CallPanel({ c }: { c: Case }) {
  const { t, i18n } = useTranslation();
  const { api } = useServices();
  const store = useCallStore();
  const me = useConsole((s) => s.operator);
  const call = useStore(store, (s) => beaconCallOf(s.calls, c.id, c.beaconId));
  const refusal = useStore(store, (s) => (s.refusal?.caseId === c.id ? s.refusal.message : null));
  const problem = useStore(store, (s) => s.audio.problem);
  const busy = useStore(store, (s) => !!s.busy[`case:${c.id}`]);
  const [testOpen, setTestOpen] = useState(false);
  const [headsetOpen, setHeadsetOpen] = useState(false);
  const own = ownershipOf(c, me);
  const mayCall = own === 'mine' && c.status !== 'closed';

  return (
    <Box component="section" aria-labelledby={`call-title-${c.id}`} sx={{ display: 'grid', gap: 1.5 }}>
      <Typography variant="h3" id={`call-title-${c.id}`} sx={{ fontSize: '1.15rem', fontWeight: 700 }}>
        {t('call.title')}
      </Typography>
      {refusal && (
        <Alert severity="error" role="alert" onClose={() => store.getState().set({ refusal: null })}>
          {refusal}
        </Alert>
      )}
      {call && problem && (
        <Alert severity="warning" role="alert">
          {t(`call.problem.${problem}`)}
        </Alert>
      )}
      {call ? (
        <CallControls call={call} />
      ) : (
        <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center', flexWrap: 'wrap' }}>
          <Button
            variant="contained"
            size="large"
            startIcon={<PhoneInTalkIcon />}
            disabled={!mayCall || busy}
            onClick={() => void callBeacon(api, store, t, c.id)}
            aria-keyshortcuts={`Alt+Shift+${CALL_KEYS.call}`}
            aria-describedby={mayCall ? undefined : `call-hint-${c.id}`}
          >
            {t('call.callBeacon')}
            <Shortcut keys={shortcutLabel(CALL_KEYS.call, i18n.language)} />
          </Button>
          {!mayCall && (
            <Typography id={`call-hint-${c.id}`} variant="body2" sx={{ color: 'text.secondary' }}>
              {c.status === 'closed' ? t('call.closed') : t('call.ownerOnly')}
            </Typography>
          )}
        </Box>
      )}
      {(call || headsetOpen) && <HeadsetSettings live={!!call} />}
      <Box sx={{ display: 'flex', gap: 1 }}>
        {!call && (
          <Button variant="text" aria-expanded={headsetOpen} onClick={() => setHeadsetOpen((o) => !o)}>
            {t('call.headset')}
          </Button>
        )}
        <Button variant="text" onClick={() => setTestOpen(true)}>
          {t('call.testCall.open')}
        </Button>
      </Box>
      <TestCallDialog open={testOpen} beaconId={c.beaconId} onClose={() => setTestOpen(false)} />
      <CaseRecordings caseId={c.id} />
    </Box>
  );
}
