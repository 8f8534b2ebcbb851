/** Right pane: the open case (header, actions, map slot, history) or a hint to pick one. */
import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../api/context';
import { selectOpenCase } from '../../store/selectors';
import { CaseActions } from './CaseActions';
import { CaseHeader } from './CaseHeader';
import { CaseHistory } from './history/CaseHistory';
import { MapSlot } from './MapSlot';

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

  return (
    <Box component="section" aria-labelledby="case-title" sx={{ p: 3, overflowY: 'auto', display: 'grid', gap: 2.5, alignContent: 'start' }}>
      <CaseHeader c={c} me={me} titleId="case-title" />
      {c.status === 'closed' && c.closureCode && (
        <Typography>
          {t('case.closedWith', { code: t(`closure.${c.closureCode}`) })}
          {c.closureNote ? ` — ${t('case.note', { note: c.closureNote })}` : ''}
        </Typography>
      )}
      <CaseActions key={c.id} c={c} />
      <MapSlot position={c.position} siteName={c.siteName} />
      <Divider />
      <CaseHistory caseId={c.id} titleId="case-history-title" />
    </Box>
  );
}
