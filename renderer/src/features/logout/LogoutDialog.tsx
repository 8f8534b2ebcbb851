/**
 * Asked when an operator logs out while holding cases: leaving them held means
 * colleagues see them as taken by someone who has gone. « Relâcher et se
 * déconnecter » gives them back to the queue; « Se déconnecter quand même »
 * leaves them as they are; « Annuler » stays.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useTranslation } from 'react-i18next';
import type { Case } from '@shared/domain/case';
import { Isolated } from '../../components/Isolated';

type Props = {
  open: boolean;
  held: Case[];
  /** What is in flight: the releases (then the logout), or the logout alone. */
  busy: 'release' | 'logout' | null;
  /** Cases whose release failed, each with the sentence saying why. */
  failures: Array<{ c: Case; reason: string }>;
  error: string | null;
  onCancel(): void;
  onReleaseAndLogout(): void;
  onLogoutAnyway(): void;
};

export function LogoutDialog({ open, held, busy, failures, error, onCancel, onReleaseAndLogout, onLogoutAnyway }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={busy ? undefined : onCancel} aria-labelledby="logout-title" aria-describedby="logout-text" fullWidth maxWidth="sm">
      <DialogTitle id="logout-title">{t('logout.title')}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        <Box id="logout-text">
          <DialogContentText sx={{ color: 'text.primary', fontWeight: 500 }}>{t('logout.held', { count: held.length })}</DialogContentText>
          <Box component="ul" sx={{ my: 1, pl: 3 }}>
            {held.map((c) => (
              <li key={c.id}>
                {t('priority.short', { p: c.priority })} · {t(`kind.${c.kind}`)} — <Isolated>{c.siteName}</Isolated>
              </li>
            ))}
          </Box>
          <DialogContentText>{t('logout.hint')}</DialogContentText>
        </Box>
        {failures.length > 0 && (
          <Alert severity="error" role="alert">
            {t('logout.failed', { count: failures.length })}
            <Box component="ul" sx={{ my: 0.5, pl: 3 }}>
              {failures.map(({ c, reason }) => (
                <li key={c.id}>
                  {t(`kind.${c.kind}`)}, <Isolated>{c.siteName}</Isolated> — {reason}
                </li>
              ))}
            </Box>
          </Alert>
        )}
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
        <Button onClick={onCancel} disabled={busy !== null} autoFocus>
          {t('common.cancel')}
        </Button>
        <Button variant="outlined" color="warning" onClick={onLogoutAnyway} disabled={busy !== null}>
          {t('logout.anyway')}
        </Button>
        <Button variant="contained" onClick={onReleaseAndLogout} disabled={busy !== null || held.length === 0}>
          {busy === 'release' ? t('logout.releasing') : t('logout.releaseAndLogout')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
