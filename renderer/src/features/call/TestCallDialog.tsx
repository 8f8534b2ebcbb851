/** A technical test call to a beacon outside any case: the reason is mandatory and journaled by main. */
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useServices } from '../../api/context';
import { testCall } from './call-actions';
import { useCallStore } from './useVoiceSession';

export const MIN_REASON = 10;

export function TestCallDialog({ open, beaconId, onClose }: { open: boolean; beaconId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const store = useCallStore();
  const [beacon, setBeacon] = useState(beaconId);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const busy = useStore(store, (s) => !!s.busy[`test:${beacon.trim()}`]);
  const refusal = useStore(store, (s) => (s.refusal && s.refusal.caseId === null ? s.refusal.message : null));

  useEffect(() => {
    if (!open) return;
    setBeacon(beaconId);
    setReason('');
    setTried(false);
    store.getState().set({ refusal: null });
  }, [open, beaconId, store]);

  const short = reason.trim().length < MIN_REASON;
  const submit = async () => {
    setTried(true);
    if (short || !beacon.trim()) return;
    if (await testCall(api, store, t, beacon.trim(), reason.trim())) onClose();
  };

  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="test-call-title" fullWidth maxWidth="sm">
      <DialogTitle id="test-call-title">{t('call.testCall.title')}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important' }}>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {t('call.testCall.hint')}
        </Typography>
        <TextField label={t('call.testCall.beacon')} value={beacon} onChange={(e) => setBeacon(e.target.value)} required />
        <TextField
          label={t('call.testCall.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          multiline
          minRows={2}
          autoFocus
          error={tried && short}
          helperText={tried && short ? t('call.testCall.tooShort') : t('call.testCall.reasonHelp')}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
          }}
        />
        {refusal && (
          <Alert severity="error" role="alert">
            {refusal}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button variant="contained" onClick={() => void submit()} disabled={busy}>
          {t('call.testCall.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
