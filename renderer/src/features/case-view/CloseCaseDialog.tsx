/**
 * Closing needs a closure code (required) and may carry a note; confirm stays
 * disabled until a code is chosen. When a supervisor closes a colleague's case
 * the dialog first names that colleague (`warning`). With the hub away it says
 * the closure will wait for it (`queuedHint`): it is queued, never lost.
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { CLOSURE_CODES, ClosureCode } from '@shared/domain/case';

type Props = {
  open: boolean;
  busy: boolean;
  /** Says whose case this is when it is not the caller's. */
  warning?: string | null;
  /** Said when the hub is away: the closure is recorded now and sent when it is back. */
  queuedHint?: string | null;
  error: string | null;
  onCancel(): void;
  onConfirm(code: ClosureCode, note: string): void;
};

export function CloseCaseDialog({ open, busy, warning = null, queuedHint = null, error, onCancel, onConfirm }: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState<ClosureCode | null>(null);
  const [note, setNote] = useState('');
  const reset = () => {
    setCode(null);
    setNote('');
  };

  return (
    <Dialog open={open} onClose={busy ? undefined : onCancel} aria-labelledby="close-dialog-title" slotProps={{ transition: { onExited: reset } }} fullWidth maxWidth="sm">
      <DialogTitle id="close-dialog-title">{t('closeDialog.title')}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        {warning && (
          <Alert severity="warning" role="status">
            {warning}
          </Alert>
        )}
        {queuedHint && (
          <Alert severity="info" role="status">
            {queuedHint}
          </Alert>
        )}
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        <FormControl>
          <FormLabel id="close-code-label">{t('closeDialog.code')}</FormLabel>
          <RadioGroup
            aria-labelledby="close-code-label"
            value={code ?? ''}
            onChange={(e) => {
              const parsed = ClosureCode.safeParse(e.target.value);
              if (parsed.success) setCode(parsed.data);
            }}
          >
            {CLOSURE_CODES.map((c) => (
              <FormControlLabel key={c} value={c} control={<Radio />} label={t(`closure.${c}`)} />
            ))}
          </RadioGroup>
        </FormControl>
        <TextField
          label={t('closeDialog.note')}
          value={note}
          onChange={(e) => setNote(e.target.value.slice(0, 2000))}
          multiline
          minRows={2}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button variant="contained" color="primary" disabled={!code || busy} onClick={() => code && onConfirm(code, note)}>
          {t('closeDialog.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
