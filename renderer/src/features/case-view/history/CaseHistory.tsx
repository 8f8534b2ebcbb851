/**
 * The case history: the hub's journal of the case (every console's actions and
 * the hub's own events) merged live with this console's events not yet at the
 * hub, which carry a visible « non transmis au hub » marker. A list under a
 * heading; each entry reads as one sentence to a screen reader.
 */
import { useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import CloudOffOutlined from '@mui/icons-material/CloudOffOutlined';
import { useTranslation } from 'react-i18next';
import { operatorHistory, type CaseHistoryEntry } from '@shared/domain/case-history';
import { useConsole } from '../../../api/context';
import { Isolated } from '../../../components/Isolated';
import { visuallyHidden } from '../../../components/visuallyHidden';
import { formatDateTime } from '../format';
import { describeEntry, formatTime } from './describe';
import type { HistoryState } from './history-state';

const Pause = () => <Box component="span" sx={visuallyHidden}>, </Box>;

function Entry({ e, meId }: { e: CaseHistoryEntry; meId: string | null }) {
  const { t, i18n } = useTranslation();
  const text = describeEntry(e, meId, t, (k) => i18n.exists(k));
  const parts = [text.who, ...text.details].filter((x): x is string => x !== null);
  return (
    <Box
      component="li"
      data-history-type={e.type}
      data-source={e.source}
      sx={{
        position: 'relative',
        display: 'grid',
        // One set of columns for the whole list, so times, labels and names line up.
        gridColumn: '1 / -1',
        gridTemplateColumns: 'subgrid',
        gap: 1.5,
        alignItems: 'baseline',
        py: 0.5,
        borderBottom: 1,
        borderColor: 'divider',
        fontVariantNumeric: 'tabular-nums',
      }}
    >
      <Box component="time" dateTime={e.at} title={formatDateTime(e.at, i18n.language)} sx={{ color: 'text.secondary' }}>
        {formatTime(e.at, i18n.language)}
      </Box>
      <Pause />
      <strong>{text.label}</strong>
      <Pause />
      <span>
        {parts.map((p, i) => (
          <span key={i}>
            {i > 0 && ' · '}
            <Isolated>{p}</Isolated>
          </span>
        ))}
      </span>
      <Pause />
      {e.pending ? (
        <Chip
          size="small"
          color="warning"
          variant="outlined"
          icon={<CloudOffOutlined aria-hidden />}
          label={t('history.pending')}
          sx={{ justifySelf: 'end' }}
        />
      ) : (
        <Typography component="span" variant="caption" color="text.secondary" title={t(`history.sourceHint.${e.source}`)} sx={{ justifySelf: 'end' }}>
          {t(`history.source.${e.source}`)}
        </Typography>
      )}
    </Box>
  );
}

/** `history`: the case's history state (useCaseHistory), shared with the case's alarm list. */
export function CaseHistory({ history, titleId }: { history: HistoryState; titleId: string }) {
  const { t } = useTranslation();
  const me = useConsole((s) => s.operator);
  const { entries, hubAvailable, status } = history;
  // One line per change by default; supervisors and trainers may ask for every record.
  const [allDetail, setAllDetail] = useState(false);
  const shown = useMemo(() => (allDetail ? entries : operatorHistory(entries)), [entries, allDetail]);

  return (
    <Box component="section" aria-labelledby={titleId} sx={{ display: 'grid', gap: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 2 }}>
        <Typography variant="h3" id={titleId}>
          {t('history.title')}
        </Typography>
        <FormControlLabel
          control={<Switch size="small" checked={allDetail} onChange={(_e, on) => setAllDetail(on)} />}
          label={t('history.allDetail')}
          slotProps={{ typography: { variant: 'body2', color: 'text.secondary' } }}
        />
      </Box>
      {!hubAvailable && (
        <Typography role="status" color="warning.main">
          {t('history.hubUnavailable')}
        </Typography>
      )}
      {status === 'failed' && <Typography color="error">{t('history.loadFailed')}</Typography>}
      {status === 'ready' && entries.length === 0 && <Typography color="text.secondary">{t('history.empty')}</Typography>}
      <Box
        component="ol"
        aria-labelledby={titleId}
        sx={{ m: 0, pl: 0, listStyle: 'none', display: 'grid', gridTemplateColumns: 'max-content max-content 1fr max-content', columnGap: 1.5 }}
      >
        {shown.map((e) => (
          <Entry key={e.id} e={e} meId={me?.id ?? null} />
        ))}
      </Box>
    </Box>
  );
}
