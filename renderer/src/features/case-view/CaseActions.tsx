/**
 * Claim / release / close, enabled according to who owns the case. A refused
 * claim says who has it (« Déjà pris en charge par X »).
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';
import type { Case, ClosureCode } from '@shared/domain/case';
import { useConsole, useServices } from '../../api/context';
import { errorMessage, refusalOwnerName } from '../../api/errors';
import { ownershipOf } from '../../store/selectors';
import { toApiError } from '../../platform/errors';
import { claimCase, closeCase, releaseCase } from './actions';
import { CloseCaseDialog } from './CloseCaseDialog';

export function CaseActions({ c }: { c: Case }) {
  const { t } = useTranslation();
  const { api, store } = useServices();
  const me = useConsole((s) => s.operator);
  const pending = useConsole((s) => (s.pending?.caseId === c.id ? s.pending.action : null));
  const failure = useConsole((s) => (s.actionError?.caseId === c.id ? s.actionError : null));
  const [dialogOpen, setDialogOpen] = useState(false);
  const own = ownershipOf(c, me);
  // With the host link down a command cannot be confirmed: do not invite one.
  const linkDown = useConsole((s) => s.link !== 'open');
  const busy = pending !== null || linkDown;

  let message: string | null = null;
  if (failure) {
    const owner = failure.action === 'claim' && toApiError(failure.error).code === 'already-claimed' ? refusalOwnerName(failure.error) : null;
    message = owner ? t('case.alreadyClaimed', { name: owner }) : errorMessage(t, failure.error);
  }

  async function confirmClose(code: ClosureCode, note: string) {
    if (await closeCase(api, store, c.id, code, note)) setDialogOpen(false);
  }

  return (
    <Box sx={{ display: 'grid', gap: 1.5 }}>
      {own === 'other' && (
        <Alert severity="warning" role="status">{t('case.otherOwnerHint', { name: c.owner?.displayName ?? '?' })}</Alert>
      )}
      {message && !dialogOpen && (
        <Alert severity="error" role="alert" onClose={() => store.getState().setActionError(null)}>
          {message}
        </Alert>
      )}
      <Box role="group" aria-label={t('case.actions')} sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap' }}>
        <Button variant="contained" size="large" disabled={own !== 'none' || busy} onClick={() => void claimCase(api, store, c.id)}>
          {t('case.claim')}
        </Button>
        <Button variant="outlined" size="large" disabled={own !== 'mine' || busy} onClick={() => void releaseCase(api, store, c.id)}>
          {t('case.release')}
        </Button>
        <Button
          variant="outlined"
          color="warning"
          size="large"
          disabled={own !== 'mine' || busy}
          onClick={() => {
            store.getState().setActionError(null);
            setDialogOpen(true);
          }}
        >
          {t('case.close')}
        </Button>
      </Box>
      <CloseCaseDialog
        open={dialogOpen}
        busy={pending === 'close'}
        error={dialogOpen && failure?.action === 'close' ? errorMessage(t, failure.error) : null}
        onCancel={() => setDialogOpen(false)}
        onConfirm={(code, note) => void confirmClose(code, note)}
      />
    </Box>
  );
}
