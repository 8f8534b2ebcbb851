/**
 * Claim / release / close, enabled according to who owns the case. A refused
 * claim says who has it (« Déjà pris en charge par X »). A supervisor or admin
 * may release or close a case another operator holds, after a confirmation
 * that names that operator; an operator cannot.
 *
 * With the hub away a release or closure is queued, not refused: the view then
 * says it waits for the hub, and later what the hub answered
 * (features/pending-commands). One action per case waits at a time.
 */
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';
import type { Case, ClosureCode } from '@shared/domain/case';
import { can, caseAction } from '@shared/domain/permissions';
import { useConsole, useServices } from '../../api/context';
import { errorMessage, refusalOwnerName } from '../../api/errors';
import { canTakeOver, ownershipOf } from '../../store/selectors';
import { CaseCommandNotice } from '../pending-commands';
import { toApiError } from '../../platform/errors';
import { claimCase, releaseCase } from './actions';
import { closeThroughScript, focusNextAlarm } from '../script/close-action';
import { useCloseRequest } from '../script/close-request';
import { CloseCaseDialog } from './CloseCaseDialog';
import { TakeoverDialog } from './TakeoverDialog';
import { useOwnerGuard } from './useOwnerGuard';

export function CaseActions({ c }: { c: Case }) {
  const { t } = useTranslation();
  const { api, store } = useServices();
  const me = useConsole((s) => s.operator);
  const pending = useConsole((s) => (s.pending?.caseId === c.id ? s.pending.action : null));
  const failure = useConsole((s) => (s.actionError?.caseId === c.id ? s.actionError : null));
  const [dialogOpen, setDialogOpen] = useState(false);
  const [takeoverOpen, setTakeoverOpen] = useState(false);
  const closeGuard = useOwnerGuard(c);
  const releaseGuard = useOwnerGuard(c);
  const own = ownershipOf(c, me);
  const takeover = own === 'other' && canTakeOver(me);
  // With the host link down a command cannot be confirmed: do not invite one.
  const linkDown = useConsole((s) => s.link !== 'open');
  // My own action on this case still waiting for the hub: nothing more to send on it meanwhile.
  const waiting = useConsole((s) => Object.values(s.commands).some((x) => x.caseId === c.id && x.state === 'pending' && x.operatorId === s.operator?.id));
  const hubAway = useConsole((s) => s.hub?.connected === false);
  const busy = pending !== null || linkDown || waiting;
  const ownerName = c.owner?.displayName ?? '?';
  // What the role may do, from the table the hub enforces: never offer what the hub would refuse.
  const mayClaim = can(me?.role, 'case.claim');
  const mayRelease = can(me?.role, caseAction('release', own === 'mine'));
  const mayClose = can(me?.role, caseAction('close', own === 'mine'));

  // Nothing left to take over (released or closed meanwhile): the question no longer stands.
  useEffect(() => {
    if (takeoverOpen && own !== 'other') setTakeoverOpen(false);
  }, [takeoverOpen, own]);

  let message: string | null = null;
  if (failure) {
    const owner = failure.action === 'claim' && toApiError(failure.error).code === 'already-claimed' ? refusalOwnerName(failure.error) : null;
    message = owner ? t('case.alreadyClaimed', { name: owner }) : errorMessage(t, failure.error);
  }

  async function confirmClose(code: ClosureCode, note: string, reason: string) {
    if (!closeGuard.confirmable()) return;
    if (await closeThroughScript(api, store, c.id, code, note, reason)) {
      setDialogOpen(false);
      focusNextAlarm(store, c.id);
    }
  }
  // The stepper asks to close (C, or Enter on its close step): the same dialog as the button.
  const closeAsked = useCloseRequest((s) => s.caseId === c.id);
  useEffect(() => {
    if (!closeAsked) return;
    useCloseRequest.getState().done();
    if (!(own === 'mine' || takeover) || busy || !mayClose) return;
    store.getState().setActionError(null);
    closeGuard.begin();
    setDialogOpen(true);
  }, [closeAsked, own, takeover, busy, mayClose, store, closeGuard]);

  function confirmRelease() {
    if (!releaseGuard.confirmable()) return;
    setTakeoverOpen(false);
    void releaseCase(api, store, c.id);
  }

  function onRelease() {
    if (!takeover) return void releaseCase(api, store, c.id);
    store.getState().setActionError(null);
    releaseGuard.begin();
    setTakeoverOpen(true);
  }

  // Someone else's name in the closure dialog: the supervisor closes a colleague's case.
  const closeWarning = c.owner && c.owner.operatorId !== me?.id && c.status !== 'closed' ? t('takeover.close', { name: ownerName }) : null;

  return (
    <Box sx={{ display: 'grid', gap: 1.5 }}>
      {own === 'other' && (
        <Alert severity="warning" role="status">
          {t(takeover ? 'case.otherOwnerTakeoverHint' : 'case.otherOwnerHint', { name: ownerName })}
        </Alert>
      )}
      <CaseCommandNotice caseId={c.id} />
      {message && !dialogOpen && (
        <Alert severity="error" role="alert" onClose={() => store.getState().setActionError(null)}>
          {message}
        </Alert>
      )}
      {!mayClaim && (
        <Alert severity="info" role="status" id={`role-notice-${c.id}`}>
          {t('case.roleCannotHandle')}
        </Alert>
      )}
      <Box
        role="group"
        aria-label={t('case.actions')}
        aria-describedby={mayClaim ? undefined : `role-notice-${c.id}`}
        sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap' }}
      >
        <Button variant="contained" size="large" disabled={own !== 'none' || busy || !mayClaim} onClick={() => void claimCase(api, store, c.id)}>
          {t('case.claim')}
        </Button>
        <Button variant="outlined" size="large" disabled={!(own === 'mine' || takeover) || busy || !mayRelease} onClick={onRelease}>
          {t('case.release')}
        </Button>
        <Button
          variant="outlined"
          color="warning"
          size="large"
          disabled={!(own === 'mine' || takeover) || busy || !mayClose}
          onClick={() => {
            store.getState().setActionError(null);
            closeGuard.begin();
            setDialogOpen(true);
          }}
        >
          {t('case.close')}
        </Button>
      </Box>
      <TakeoverDialog
        open={takeoverOpen}
        ownerName={ownerName}
        notice={releaseGuard.changed ? t('takeover.ownerChanged') : null}
        busy={busy}
        onCancel={() => setTakeoverOpen(false)}
        onConfirm={confirmRelease}
      />
      <CloseCaseDialog
        c={c}
        open={dialogOpen}
        busy={pending === 'close'}
        warning={closeWarning}
        queuedHint={hubAway ? t('closeDialog.queuedHint') : null}
        error={
          closeGuard.changed ? t('takeover.ownerChanged') : dialogOpen && failure?.action === 'close' ? errorMessage(t, failure.error) : null
        }
        onCancel={() => setDialogOpen(false)}
        onConfirm={(code, note, reason) => void confirmClose(code, note, reason)}
      />
    </Box>
  );
}
