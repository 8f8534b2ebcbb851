/**
 * In the case view: the command on this case still waiting for the hub
 * (« Clôture en attente du hub… »), or the hub's refusal of one that went
 * later (« Clôture refusée par le hub : dossier déjà clos »), until read.
 */
import { useMemo } from 'react';
import Alert from '@mui/material/Alert';
import CircularProgress from '@mui/material/CircularProgress';
import { useTranslation } from 'react-i18next';
import { useConsole, useServices } from '../../api/context';
import { selectCaseCommand } from '../../store/commands-slice';
import { refusedText, waitingText } from './describe';

export function CaseCommandNotice({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const commands = useConsole((s) => s.commands);
  const dismissed = useConsole((s) => s.dismissed);
  const me = useConsole((s) => s.operator);
  const command = useMemo(() => selectCaseCommand({ commands, dismissed }, caseId), [commands, dismissed, caseId]);
  if (!command) return null;

  if (command.state === 'pending') {
    return (
      <Alert severity="info" role="status" icon={<CircularProgress size={18} aria-hidden />}>
        {waitingText(t, command)}
        {command.operatorId !== me?.id ? ` ${t('commands.waitingFor', { name: command.operatorName })}` : ''}
      </Alert>
    );
  }
  return (
    <Alert severity="error" role="alert" onClose={() => store.getState().dismissRefusal(command.commandId)} closeText={t('commands.dismiss')}>
      {refusedText(t, command)}
    </Alert>
  );
}
