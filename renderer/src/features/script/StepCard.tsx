/**
 * The current step, in focus: what to say, whom to call, the outcomes numbered 1…n.
 * Enter does the step, a digit records an outcome, S passes it over (a required step
 * asks why), N writes a note, C asks to close the case.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { ScriptAct, ScriptView } from '@shared/contract/scripts';
import type { Case } from '@shared/domain/case';
import { renderText } from '@shared/scripts/context';
import type { Step } from '@shared/scripts/schema';
import { ContactCard } from './ContactCard';
import { Countdown } from './Countdown';
import { operatorOutcomes, stepKeyAction } from './step-keys';
import { stepTitle } from './titles';

type Props = {
  c: Case;
  step: Step;
  view: ScriptView;
  busy: boolean;
  act(a: ScriptAct): Promise<boolean>;
  askClose(): void;
  /** Take focus when shown (the operator is working through the script). */
  autoFocus: boolean;
};

export function StepCard({ c, step, view, busy, act, askClose, autoFocus }: Props) {
  const { t, i18n } = useTranslation();
  const root = useRef<HTMLDivElement>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  const answerRef = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState('');
  const [answer, setAnswer] = useState('');
  const [skipping, setSkipping] = useState(false);
  const [reason, setReason] = useState('');
  const state = view.state?.steps[step.id];
  const begun = state?.status === 'active';
  const outcomes = operatorOutcomes(step);
  const fill = (text: string) => renderText(text, { siteName: c.siteName, address: c.address, beaconId: c.beaconId, text: c.text, kind: c.kind });
  const contact = step.kind === 'call' || step.kind === 'notify' ? view.contacts[step.contact] : undefined;

  useEffect(() => {
    if (autoFocus) root.current?.focus();
  }, [autoFocus, step.id]);

  const skip = () => {
    if (step.required) setSkipping(true);
    else void act({ type: 'skip', stepId: step.id });
  };

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.target !== root.current || e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
    const a = stepKeyAction(e.key, step, begun);
    if (!a) return;
    e.preventDefault();
    e.stopPropagation();
    // Never dropped while the previous act travels: main applies acts in the order they were sent.
    if (a.kind === 'begin') void act({ type: 'begin', stepId: step.id });
    else if (a.kind === 'outcome') void act({ type: 'outcome', stepId: step.id, outcome: a.outcome });
    else if (a.kind === 'skip') skip();
    else if (a.kind === 'note') noteRef.current?.focus();
    else if (a.kind === 'answer') answerRef.current?.focus();
    else askClose();
  }

  const doLabel = step.kind === 'listen' ? t(`script.do.listen-${step.mode}`) : step.kind === 'call' ? t(view.voice ? 'script.do.call' : 'script.do.dial') : step.kind === 'notify' ? t(`script.do.notify-${step.channel}`) : null;
  const titleId = `step-title-${step.id}`;

  return (
    <Box
      ref={root}
      tabIndex={0}
      role="group"
      aria-labelledby={titleId}
      aria-describedby={`step-keys-${step.id}`}
      onKeyDown={onKeyDown}
      data-step-id={step.id}
      sx={{ display: 'grid', gap: 1.25, p: 1.5, borderRadius: 1, border: 2, borderColor: 'primary.main', outline: 'none', '&:focus-visible': { boxShadow: (th) => `0 0 0 3px ${th.palette.primary.light}` } }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography id={titleId} component="h3" variant="h6" sx={{ flex: 1 }}>
          {stepTitle(step, i18n.language)}
        </Typography>
        <Chip size="small" label={t(step.required ? 'script.required' : 'script.optional')} color={step.required ? 'error' : 'default'} variant="outlined" />
      </Box>
      {step.say && <Typography sx={{ fontSize: '1.05rem' }}>{fill(step.say)}</Typography>}
      {step.kind === 'info' && <Typography sx={{ fontSize: '1.05rem', fontWeight: 500 }}>{fill(step.text)}</Typography>}
      {step.kind === 'question' && <Typography sx={{ fontSize: '1.1rem', fontWeight: 600 }}>{step.question}</Typography>}
      {contact && <ContactCard contact={contact} hint={step.kind === 'call' ? (view.voice ? t('script.hintVoice') : t('script.hintDial')) : t('script.hintNotify', { channel: t(`script.channel.${step.kind === 'notify' ? step.channel : 'sms'}`) })} />}
      {step.kind === 'notify' && <Typography variant="body2" color="text.secondary">« {fill(step.message)} »</Typography>}
      {step.kind === 'wait' && state?.deadlineAt && <Countdown deadlineAt={state.deadlineAt} />}
      {view.drill && contact && contact.ref !== undefined && ['police-17', 'fire-18', 'samu-15'].includes(contact.ref) && (
        <Alert severity="warning">{t('script.drillNoEmergency')}</Alert>
      )}
      {begun && <Typography role="status" color="primary">{t(`script.begun.${step.kind}`)}</Typography>}
      {view.notices
        .filter((n) => n.stepId === step.id && !n.ok)
        .slice(-1)
        .map((n) => (
          <Alert key={`${n.channel}-${n.detail}`} severity="warning">
            {t(`script.effectFailed.${n.channel}`, { detail: n.detail })}
          </Alert>
        ))}
      <Box role="group" aria-label={t('script.outcomes')} sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        {doLabel && (
          <Button variant={begun ? 'outlined' : 'contained'} disabled={busy || begun} onClick={() => void act({ type: 'begin', stepId: step.id })}>
            {t('script.enterKey')} · {doLabel}
          </Button>
        )}
        {step.kind === 'close' && (
          <Button variant="contained" color="warning" onClick={askClose}>
            {t('script.enterKey')} · {t('script.do.close')}
          </Button>
        )}
        {outcomes.map((o, i) => (
          <Button key={o} variant={step.kind === 'info' ? 'contained' : 'outlined'} disabled={busy} onClick={() => void act({ type: 'outcome', stepId: step.id, outcome: o })}>
            {i + 1} · {t(`script.outcome.${o}`)}
          </Button>
        ))}
        {step.kind !== 'close' && (
          <Button color="inherit" disabled={busy} onClick={skip}>
            S · {t('script.skip')}
          </Button>
        )}
      </Box>
      {step.kind === 'question' && step.answer === 'input' && (
        <TextField
          inputRef={answerRef}
          size="small"
          label={t('script.answer')}
          value={answer}
          onChange={(e) => setAnswer(e.target.value.slice(0, 500))}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && answer.trim()) void act({ type: 'outcome', stepId: step.id, outcome: 'answered', value: answer.trim() });
          }}
        />
      )}
      {skipping && (
        <TextField
          autoFocus
          size="small"
          label={t('script.skipReason')}
          helperText={t('script.skipReasonHelp')}
          value={reason}
          onChange={(e) => setReason(e.target.value.slice(0, 500))}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setSkipping(false);
            if (e.key === 'Enter' && reason.trim()) void act({ type: 'skip', stepId: step.id, reason: reason.trim() }).then((ok) => ok && setSkipping(false));
          }}
        />
      )}
      <TextField
        inputRef={noteRef}
        size="small"
        label={t('script.note')}
        value={note}
        onChange={(e) => setNote(e.target.value.slice(0, 1000))}
        onKeyDown={(e) => {
          if (e.key === 'Escape') root.current?.focus();
          if (e.key === 'Enter' && note.trim()) {
            void act({ type: 'note', stepId: step.id, text: note.trim() }).then((ok) => {
              if (!ok) return;
              setNote('');
              root.current?.focus();
            });
          }
        }}
      />
      {state && state.notes.length > 0 && (
        <Box component="ul" aria-label={t('script.notes')} sx={{ m: 0, pl: 2.5 }}>
          {state.notes.map((n) => (
            <li key={`${n.at}-${n.text}`}>
              <Typography variant="body2">{n.text}</Typography>
            </li>
          ))}
        </Box>
      )}
      <Typography id={`step-keys-${step.id}`} variant="caption" color="text.secondary">
        {t('script.keys')}
      </Typography>
    </Box>
  );
}
