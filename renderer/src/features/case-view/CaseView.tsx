/** Right pane: the open case (header, abort mark, actions, its alarms, the beacon's state, map slot, history) or a hint to pick one. */
import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { Case } from '@shared/domain/case';
import type { Operator } from '@shared/domain/operator';
import { useConsole } from '../../api/context';
import { selectOpenCase } from '../../store/selectors';
import { AbortMark } from './AbortMark';
import { CaseAlarms } from './alarms/CaseAlarms';
import { BeaconStatus } from './BeaconStatus';
import { CaseActions } from './CaseActions';
import { CallPanel } from '../call/CallPanel';
import { CaseHeader } from './CaseHeader';
import { ScriptPanel } from '../script/ScriptPanel';
import { CaseHistory } from './history/CaseHistory';
import { useCaseHistory } from './history/useCaseHistory';
import { CaseMapPanel } from '../map';
import { CasePlan } from '../plan';

export function CaseView() {
  const { t } = useTranslation();
  const c = useConsole(selectOpenCase);
  const openId = useConsole((s) => s.openCaseId);
  const me = useConsole((s) => s.operator);

  if (!c)
    return (
      <Box component="section" aria-label={t('case.region')} sx={{ p: 3 }}>
        <Typography color="text.secondary">{openId ? t('case.gone') : t('case.none')}</Typography>
      </Box>
    );
  return <CaseBody key={c.id} c={c} me={me} />;
}

function CaseBody({ c, me }: { c: Case; me: Operator | null }) {
  const { t } = useTranslation();
  // One history per case on screen: the alarm list and the history read the same one.
  const history = useCaseHistory(c.id);
  return (
    <Box component="section" aria-labelledby="case-title" sx={{ p: 3, overflowY: 'auto', display: 'grid', gap: 2.5, alignContent: 'start' }}>
      <CaseHeader c={c} me={me} titleId="case-title" />
      {c.beaconAbort && <AbortMark abort={c.beaconAbort} />}
      {c.status === 'closed' && c.closureCode && (
        <Typography>
          {t('case.closedWith', { code: t(`closure.${c.closureCode}`) })}
          {c.closureNote ? ` — ${t('case.note', { note: c.closureNote })}` : ''}
        </Typography>
      )}
      <CaseActions c={c} />
      <ScriptPanel c={c} />
      <CallPanel c={c} />
      <CaseAlarms c={c} history={history} titleId="case-alarms-title" />
      <BeaconStatus beacon={c.beacon} titleId="beacon-state-title" />
      <CaseMapPanel c={c} />
      <CasePlan c={c} me={me} />
      <Divider />
      <CaseHistory history={history} titleId="case-history-title" />
    </Box>
  );
}
