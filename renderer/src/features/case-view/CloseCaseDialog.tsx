/**
 * Closing a case. Only the closure codes that fit the case's kind are offered (no
 * « technical alert handled » for an SOS), numbered: a digit picks one, Enter confirms.
 * A life-safety case closed as a false alarm needs a note. While required steps of the
 * script are open, the dialog names them and asks for the reason (journaled); without
 * one the script engine refuses the closure and the dialog says why.
 * When a supervisor closes a colleague's case the dialog names that colleague
 * (`warning`); with the hub away it says the closure waits for it (`queuedHint`).
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
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
import type { ScriptView } from '@shared/contract/scripts';
import { ClosureCode, type Case } from '@shared/domain/case';
import { closureCodesFor, closureNeedsNote } from '@shared/scripts/closure';
import { useApi } from '../../api/context';
import { useCloseRequest } from '../script/close-request';
import { stepTitle } from '../script/titles';

type Props = {
  c: Pick<Case, 'id' | 'kind' | 'drill'>;
  open: boolean;
  busy: boolean;
  warning?: string | null;
  queuedHint?: string | null;
  error: string | null;
  onCancel(): void;
  onConfirm(code: ClosureCode, note: string, overrideReason: string): void;
};

export function CloseCaseDialog({ c, open, busy, warning = null, queuedHint = null, error, onCancel, onConfirm }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [code, setCode] = useState<ClosureCode | null>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [script, setScript] = useState<ScriptView | null>(null);
  // The codes show once the script has answered: what is still open decides what is asked.
  const [loaded, setLoaded] = useState(false);
  const codeGroup = useRef<HTMLDivElement>(null);
  // The script engine's refusal names what is missing: shown as it is rather than a generic « invalid request ».
  const refusal = useCloseRequest((s) => (s.refusal?.caseId === c.id ? s.refusal.message : null));
  const shown = error ?? refusal;
  const reasonRef = useRef<HTMLInputElement>(null);
  // Refused for open steps: the reason is what is missing, so the cursor goes there.
  useEffect(() => {
    if (refusal) reasonRef.current?.focus();
  }, [refusal]);

  // The script says what is still open; asked each time the dialog opens.
  useEffect(() => {
    if (!open) return;
    let live = true;
    api.invoke('scripts.get', { caseId: c.id }).then(
      (v) => {
        if (!live) return;
        setScript(v);
        setLoaded(true);
      },
      () => live && setLoaded(true),
    );
    return () => {
      live = false;
    };
  }, [api, c.id, open]);

  const codes = script?.closureCodes.length ? script.closureCodes : closureCodesFor(c.kind, c.drill);
  const needsNote = code !== null && (script ? script.noteRequired.includes(code) : closureNeedsNote(c.kind, c.drill, code));
  const noteMissing = needsNote && !note.trim();
  const openSteps = script?.script ? script.openRequired.map((id) => script.script!.steps.find((s) => s.id === id)).filter((s) => s !== undefined) : [];
  const reset = () => {
    setCode(null);
    setNote('');
    setReason('');
    setTried(false);
    setScript(null);
    setLoaded(false);
    useCloseRequest.getState().clearRefusal();
  };
  const confirm = () => {
    setTried(true);
    if (!code || noteMissing || busy) return;
    onConfirm(code, note, reason);
  };

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    // The note is free text: its keys (Enter for a new line too) are the operator's words.
    if (e.target instanceof HTMLTextAreaElement) return;
    const typing = e.target instanceof HTMLInputElement && e.target.type !== 'radio';
    if (!typing && /^[1-9]$/.test(e.key)) {
      const picked = codes[Number(e.key) - 1];
      if (picked) {
        e.preventDefault();
        setCode(picked);
      }
      return;
    }
    if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      confirm();
    }
  }

  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onCancel}
      aria-labelledby="close-dialog-title"
      slotProps={{ transition: { onExited: reset, onEntered: () => codeGroup.current?.focus() } }}
      onKeyDown={onKeyDown}
      fullWidth
      maxWidth="sm"
    >
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
        {shown && (
          <Alert severity="error" role="alert">
            {shown}
          </Alert>
        )}
        {openSteps.length > 0 && (
          <Alert severity="warning" role="status">
            {t('closeDialog.openSteps', { steps: openSteps.map((s) => stepTitle(s, i18n.language)).join(', ') })}
          </Alert>
        )}
        <FormControl disabled={!loaded}>
          <FormLabel id="close-code-label">{t('closeDialog.code')}</FormLabel>
          <RadioGroup
            ref={codeGroup}
            tabIndex={-1}
            aria-labelledby="close-code-label"
            value={code ?? ''}
            onChange={(e) => {
              const parsed = ClosureCode.safeParse(e.target.value);
              if (parsed.success) setCode(parsed.data);
            }}
          >
            {loaded && codes.map((k, i) => (
              <FormControlLabel key={k} value={k} control={<Radio />} label={`${i + 1} · ${t(`closure.${k}`)}`} />
            ))}
          </RadioGroup>
        </FormControl>
        <TextField
          label={t(needsNote ? 'closeDialog.noteRequired' : 'closeDialog.note')}
          value={note}
          required={needsNote}
          error={tried && noteMissing}
          helperText={tried && noteMissing ? t('closeDialog.noteMissing') : t('closeDialog.enterHint')}
          onChange={(e) => setNote(e.target.value.slice(0, 2000))}
          multiline
          minRows={2}
        />
        {openSteps.length > 0 && (
          <TextField
            inputRef={reasonRef}
            label={t('closeDialog.reason')}
            value={reason}
            helperText={t('closeDialog.reasonHelp')}
            onChange={(e) => setReason(e.target.value.slice(0, 500))}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button variant="contained" color="primary" disabled={!code || busy} onClick={confirm}>
          {t('closeDialog.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
