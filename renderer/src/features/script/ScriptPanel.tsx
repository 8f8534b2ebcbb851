/**
 * The case's escalation script as a stepper: the steps taken with their outcome, the
 * current step in focus (StepCard), the steps ahead. Shown in the case view; only the
 * case's owner acts on it, others see where it stands.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Step from '@mui/material/Step';
import StepContent from '@mui/material/StepContent';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { Case } from '@shared/domain/case';
import { useConsole } from '../../api/context';
import { useCloseRequest } from './close-request';
import { routeOf } from './route';
import { scriptErrorMessage } from './script-error';
import { StepCard } from './StepCard';
import { scriptTitle, stepTitle } from './titles';
import { useScript } from './useScript';

export function ScriptPanel({ c }: { c: Case }) {
  const { t, i18n } = useTranslation();
  const me = useConsole((s) => s.operator);
  const mine = c.owner?.operatorId !== undefined && c.owner.operatorId === me?.id && c.status !== 'closed';
  const { view, error, busy, act } = useScript({ id: c.id, status: c.status, version: c.version, ownerId: c.owner?.operatorId ?? null });
  const askClose = useCloseRequest((s) => s.ask);

  if (!view) return null;
  const { script, state } = view;
  const escalated = script && state ? script.steps.filter((s) => state.steps[s.id]?.escalated) : [];
  const items = script ? routeOf(script, state) : [];
  const active = items.findIndex((i) => i.place === 'current');

  return (
    <Box component="section" aria-labelledby="script-title" sx={{ display: 'grid', gap: 1.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography id="script-title" component="h2" variant="h6" sx={{ flex: 1 }}>
          {script ? t('script.title', { title: scriptTitle(script, i18n.language), version: script.version }) : t('script.none')}
        </Typography>
        {view.drill && <Chip color="info" label={t('script.drill')} />}
        {script && <Chip size="small" variant="outlined" color={view.shared ? 'success' : 'default'} label={t(view.shared ? 'script.shared' : 'script.notShared')} />}
      </Box>
      {view.problem && <Alert severity="warning">{view.problem}</Alert>}
      {escalated.map((s) => (
        <Alert key={s.id} severity="error" role="alert">
          {t('script.escalated', { step: stepTitle(s, i18n.language), next: state?.currentId ? stepTitle(script!.steps.find((x) => x.id === state.currentId)!, i18n.language) : '—' })}
        </Alert>
      ))}
      {error !== null && (
        <Alert severity="error" role="alert">
          {scriptErrorMessage(t, error)}
        </Alert>
      )}
      {script && !state && <Typography color="text.secondary">{t('script.notStarted')}</Typography>}
      {state?.closed && (
        <Typography>
          {t('script.closedWith', { code: t(`closure.${state.closed.code}`) })}
          {state.closed.overrideReason ? ` — ${t('script.override', { reason: state.closed.overrideReason })}` : ''}
        </Typography>
      )}
      {script && (
        <Stepper orientation="vertical" activeStep={active < 0 ? items.length : active} aria-label={t('script.steps')} sx={{ '& .MuiStepContent-root': { pr: 0 } }}>
          {items.map(({ step, place }) => {
            const st = state?.steps[step.id];
            const outcome = st?.status === 'skipped' ? t('script.skipped') : st?.outcome ? (step.kind === 'close' ? t(`closure.${st.outcome}`) : t(`script.outcome.${st.outcome}`)) : null;
            return (
              <Step key={`${place}-${step.id}`} completed={place === 'past'}>
                <StepLabel
                  error={st?.escalated}
                  optional={
                    outcome ? (
                      <Typography variant="caption" color={st?.escalated ? 'error' : 'text.secondary'} data-testid={`outcome-${step.id}`}>
                        {outcome}
                      </Typography>
                    ) : !step.required ? (
                      <Typography variant="caption">{t('script.optional')}</Typography>
                    ) : undefined
                  }
                >
                  {stepTitle(step, i18n.language)}
                </StepLabel>
                <StepContent transitionDuration={0} slotProps={{ transition: { unmountOnExit: true } }}>
                  {place === 'current' && mine ? (
                    <StepCard c={c} step={step} view={view} busy={busy} act={act} askClose={() => askClose(c.id)} autoFocus={shouldTakeFocus(c.id)} />
                  ) : (
                    place === 'current' && <Typography color="text.secondary">{t('script.ownerOnly')}</Typography>
                  )}
                </StepContent>
              </Step>
            );
          })}
        </Stepper>
      )}
    </Box>
  );
}

/** Focus moves to the step when the operator is not typing elsewhere: nothing focused, this case's queue row, or the stepper itself. */
function shouldTakeFocus(caseId: string): boolean {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return true;
  if (el.getAttribute('data-case-id') === caseId) return true;
  return el.closest('[aria-labelledby="script-title"]') !== null && el.tagName !== 'INPUT' && el.tagName !== 'TEXTAREA';
}
