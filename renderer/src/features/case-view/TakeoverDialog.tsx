/**
 * Confirmation before a supervisor releases a case another operator holds.
 * It names that operator: taking a case from a colleague mid-call is a
 * decision, not a click.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useTranslation } from 'react-i18next';

type Props = {
  open: boolean;
  /** The owner named when the dialog opened. */
  ownerName: string;
  /** Set when the owner changed while the dialog was open. */
  notice: string | null;
  busy: boolean;
  onCancel(): void;
  onConfirm(): void;
};

export function TakeoverDialog({ open, ownerName, notice, busy, onCancel, onConfirm }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={busy ? undefined : onCancel} aria-labelledby="takeover-title" aria-describedby="takeover-text" fullWidth maxWidth="xs">
      <DialogTitle id="takeover-title">{t('takeover.title')}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        {notice && (
          <Alert severity="warning" role="alert">
            {notice}
          </Alert>
        )}
        <DialogContentText id="takeover-text">{t('takeover.release', { name: ownerName })}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy} autoFocus>
          {t('common.cancel')}
        </Button>
        <Button variant="contained" color="warning" onClick={onConfirm} disabled={busy}>
          {t('takeover.releaseConfirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
