/**
 * Top bar: how many actions wait for the hub (« 2 actions en attente de
 * transmission ») and how many it refused after they left, each a button
 * that opens the list: what each action is, on which case, since when, and
 * the hub's reason for a refusal.
 */
import { useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import ScheduleSendIcon from '@mui/icons-material/ScheduleSend';
import { useTranslation } from 'react-i18next';
import type { ConsoleCommand } from '@shared/contract';
import { useConsole, useServices } from '../../api/context';
import { selectUnreadRefusals, selectWaitingCommands } from '../../store/commands-slice';
import { formatDateTime } from '../case-view/format';
import { refusedText } from './describe';

/** One titled list of the dialog (waiting, in order; refused); nothing when it is empty. */
function CommandSection(props: { id: string; title: string; list: 'ol' | 'ul'; commands: ConsoleCommand[]; text: (c: ConsoleCommand) => string }) {
  if (props.commands.length === 0) return null;
  return (
    <Box component="section" aria-labelledby={props.id}>
      <Typography variant="h3" id={props.id} sx={{ mb: 1 }}>
        {props.title}
      </Typography>
      <Box component={props.list} aria-labelledby={props.id} sx={{ m: 0, pl: 0, listStyle: 'none', display: 'grid', gap: 1 }}>
        {props.commands.map((c) => (
          <CommandItem key={c.commandId} c={c} text={props.text(c)} />
        ))}
      </Box>
    </Box>
  );
}

function CommandItem({ c, text }: { c: ConsoleCommand; text: string }) {
  const { t, i18n } = useTranslation();
  const site = useConsole((s) => s.cases[c.caseId]?.siteName ?? c.caseId);
  const me = useConsole((s) => s.operator);
  return (
    <Box component="li" sx={{ display: 'grid', gap: 0.25 }}>
      <strong>{t('commands.item', { action: t(`commands.action.${c.type}`), site })}</strong>
      <Typography component="span" variant="body2" color="text.secondary">
        {text ? `${text} · ` : ''}
        {t('commands.madeAt', { time: formatDateTime(c.createdAt, i18n.language) })}
        {c.operatorId !== me?.id ? ` · ${t('commands.by', { name: c.operatorName })}` : ''}
      </Typography>
    </Box>
  );
}

export function PendingCommands() {
  const { t } = useTranslation();
  const { store } = useServices();
  const commands = useConsole((s) => s.commands);
  const dismissed = useConsole((s) => s.dismissed);
  const waiting = useMemo(() => selectWaitingCommands({ commands }), [commands]);
  const refused = useMemo(() => selectUnreadRefusals({ commands, dismissed }), [commands, dismissed]);
  const [open, setOpen] = useState(false);
  if (waiting.length === 0 && refused.length === 0 && !open) return null;

  return (
    <>
      {waiting.length > 0 && (
        <Chip
          icon={<ScheduleSendIcon />}
          color="warning"
          variant="outlined"
          label={t('commands.waitingCount', { count: waiting.length })}
          title={t('commands.waitingCount', { count: waiting.length })}
          sx={{ minWidth: 0, flexShrink: 1 }}
          onClick={() => setOpen(true)}
          aria-haspopup="dialog"
        />
      )}
      {refused.length > 0 && (
        <Chip
          icon={<ErrorOutlineIcon />}
          color="error"
          label={t('commands.refusedCount', { count: refused.length })}
          title={t('commands.refusedCount', { count: refused.length })}
          sx={{ minWidth: 0, flexShrink: 1 }}
          onClick={() => setOpen(true)}
          aria-haspopup="dialog"
        />
      )}
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="pending-commands-title" fullWidth maxWidth="sm">
        <DialogTitle id="pending-commands-title">{t('commands.listTitle')}</DialogTitle>
        <DialogContent sx={{ display: 'grid', gap: 2 }}>
          <CommandSection id="pending-commands-waiting" title={t('commands.waitingTitle')} list="ol" commands={waiting} text={() => ''} />
          <CommandSection id="pending-commands-refused" title={t('commands.refusedTitle')} list="ul" commands={refused} text={(c) => refusedText(t, c)} />
        </DialogContent>
        <DialogActions>
          {refused.length > 0 && <Button onClick={() => store.getState().dismissAllRefusals()}>{t('commands.markRead')}</Button>}
          <Button variant="contained" onClick={() => setOpen(false)}>
            {t('commands.close')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
