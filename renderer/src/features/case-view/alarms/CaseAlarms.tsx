/**
 * « Alarmes du dossier »: every alarm grouped in the case, newest first (kind, time,
 * beacon, its text and protocol details). A case of one alarm shows nothing here: the
 * header already says it all.
 */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { Case } from '@shared/domain/case';
import { DrillBadge } from '../../../components/DrillBadge';
import { Isolated } from '../../../components/Isolated';
import { formatDateTime } from '../format';
import { formatTime } from '../history/describe';
import type { HistoryState } from '../history/history-state';
import { caseAlarms, type CaseAlarmItem } from './case-alarms';

function Item({ a }: { a: CaseAlarmItem }) {
  const { t, i18n } = useTranslation();
  const kind = a.kind ? (i18n.exists(`kind.${a.kind}`) ? t(`kind.${a.kind}`) : a.kind) : t('caseAlarms.unknownKind');
  return (
    <Box component="li" data-alarm-kind={a.kind ?? ''} sx={{ display: 'grid', gap: 0.25, py: 0.75, borderBottom: 1, borderColor: 'divider' }}>
      <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'baseline', flexWrap: 'wrap', fontVariantNumeric: 'tabular-nums' }}>
        <Box component="time" dateTime={a.at} title={formatDateTime(a.at, i18n.language)} sx={{ color: 'text.secondary' }}>
          {formatTime(a.at, i18n.language)}
        </Box>
        <strong>{kind}</strong>
        {a.drill && <DrillBadge />}
        {a.beaconId && (
          <Typography component="span" variant="body2" color="text.secondary">
            {t('caseAlarms.beacon')} <Isolated>{a.beaconId}</Isolated>
          </Typography>
        )}
      </Box>
      {a.text && (
        <Typography component="p" sx={{ m: 0, overflowWrap: 'anywhere' }}>
          <Isolated>{a.text}</Isolated>
        </Typography>
      )}
      {a.details.length > 0 && (
        <Typography component="p" variant="body2" color="text.secondary" sx={{ m: 0, overflowWrap: 'anywhere' }} aria-label={t('caseAlarms.details')}>
          {a.details.map(([k, v], i) => (
            <span key={k}>
              {i > 0 && ' · '}
              <Isolated>{`${k} ${v}`}</Isolated>
            </span>
          ))}
        </Typography>
      )}
    </Box>
  );
}

export function CaseAlarms({ c, history, titleId }: { c: Case; history: HistoryState; titleId: string }) {
  const { t } = useTranslation();
  if (c.alarmCount < 2) return null;
  const items = caseAlarms(history.entries);
  return (
    <Box component="section" aria-labelledby={titleId} sx={{ display: 'grid', gap: 0.5 }}>
      <Typography variant="h3" id={titleId}>
        {t('caseAlarms.title', { count: c.alarmCount })}
      </Typography>
      {items.length < c.alarmCount && history.status !== 'loading' && (
        <Typography variant="body2" color="text.secondary">
          {t('caseAlarms.partial', { shown: items.length, count: c.alarmCount })}
        </Typography>
      )}
      {/* Focusable: a case that gathered many alarms scrolls this list, and the keyboard must reach it (WCAG 2.1.1). */}
      <Box component="ol" tabIndex={0} aria-label={t('caseAlarms.list')} sx={{ m: 0, pl: 0, listStyle: 'none', maxHeight: 320, overflowY: 'auto' }}>
        {items.map((a) => (
          <Item key={a.id} a={a} />
        ))}
      </Box>
    </Box>
  );
}
