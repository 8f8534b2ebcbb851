/** « Se déconnecter »: at once when the operator holds nothing, otherwise through LogoutDialog. */
import { useMemo, useState } from 'react';
import Button from '@mui/material/Button';
import LogoutIcon from '@mui/icons-material/Logout';
import { useTranslation } from 'react-i18next';
import type { Case } from '@shared/domain/case';
import { useConsole, useServices } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { heldBy } from '../../store/selectors';
import { logOut, releaseEach } from './logout';
import { LogoutDialog } from './LogoutDialog';

export function LogoutButton() {
  const { t } = useTranslation();
  const { api, store } = useServices();
  const cases = useConsole((s) => s.cases);
  const meId = useConsole((s) => s.operator?.id ?? null);
  const held = useMemo(() => heldBy(cases, meId), [cases, meId]);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<'release' | 'logout' | null>(null);
  const [failures, setFailures] = useState<Array<{ c: Case; reason: string }>>([]);
  const [error, setError] = useState<string | null>(null);

  async function logout(): Promise<boolean> {
    try {
      await logOut(api, store);
      return true;
    } catch (err) {
      console.error('[veille] logout failed', err);
      setError(t('logout.logoutFailed', { reason: errorMessage(t, err) }));
      return false;
    }
  }

  async function run(releaseFirst: boolean) {
    setBusy(releaseFirst ? 'release' : 'logout');
    setError(null);
    setFailures([]);
    try {
      if (releaseFirst) {
        const failed = await releaseEach(api, store, held);
        if (failed.length) return setFailures(failed.map((f) => ({ c: f.c, reason: errorMessage(t, f.error) })));
      }
      if (await logout()) setOpen(false);
    } finally {
      setBusy(null);
    }
  }

  function onClick() {
    if (held.length === 0) return void logout();
    setFailures([]);
    setError(null);
    setOpen(true);
  }

  return (
    <>
      <Button color="inherit" startIcon={<LogoutIcon />} onClick={onClick}>
        {t('topbar.logout')}
      </Button>
      <LogoutDialog
        open={open}
        held={held}
        busy={busy}
        failures={failures}
        error={error}
        onCancel={() => setOpen(false)}
        onReleaseAndLogout={() => void run(true)}
        onLogoutAnyway={() => void run(false)}
      />
    </>
  );
}
