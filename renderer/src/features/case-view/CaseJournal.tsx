/** The case's journal events (`journal.list {caseId}`), kept current from `journal.appended`. */
import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { JournalEvent } from '@shared/domain/journal';
import { useApi, useConsole } from '../../api/context';
import { formatDateTime } from './format';

function summary(e: JournalEvent, t: (k: string, o?: Record<string, string>) => string): string {
  const p = e.payload ?? {};
  const parts: string[] = [];
  if (typeof p.closureCode === 'string') parts.push(t(`closure.${p.closureCode}`) + (typeof p.note === 'string' && p.note ? ` — ${p.note}` : ''));
  const owner = p.owner as { displayName?: unknown } | string | undefined;
  if (typeof owner === 'string') parts.push(owner);
  else if (owner && typeof owner.displayName === 'string') parts.push(owner.displayName);
  // A supervisor's takeover: whose case it was.
  const previous = p.previousOwner as { displayName?: unknown } | undefined;
  if (previous && typeof previous.displayName === 'string') parts.push(t('journal.takenFrom', { name: previous.displayName }));
  return parts.join(' · ');
}

export function CaseJournal({ caseId, titleId }: { caseId: string; titleId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const me = useConsole((s) => s.operator);
  const [events, setEvents] = useState<JournalEvent[]>([]);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    setEvents([]);
    setFailed(false);
    const merge = (incoming: JournalEvent[]) =>
      setEvents((prev) => {
        const byId = new Map(prev.map((e) => [e.id, e]));
        for (const e of incoming) byId.set(e.id, e);
        return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1)); // ULIDs sort by time
      });
    const off = api.on('journal.appended', (e) => {
      if (live && e.caseId === caseId) merge([e]);
    });
    api.invoke('journal.list', { caseId, limit: 200 }).then(
      (list) => live && merge(list),
      (err) => {
        console.error('[veille] journal.list failed', err);
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
      off();
    };
  }, [api, caseId]);

  return (
    <Box component="section" aria-labelledby={titleId} sx={{ display: 'grid', gap: 1 }}>
      <Typography variant="h3" id={titleId}>
        {t('journal.title')}
      </Typography>
      {failed && <Typography color="error">{t('journal.loadFailed')}</Typography>}
      {!failed && events.length === 0 && <Typography color="text.secondary">{t('journal.empty')}</Typography>}
      <Box component="ol" aria-labelledby={titleId} sx={{ m: 0, pl: 0, listStyle: 'none', display: 'grid', gap: 0.5 }}>
        {events.map((e) => (
          <Box component="li" key={e.id} sx={{ display: 'grid', gridTemplateColumns: 'max-content max-content 1fr', gap: 1.5, fontVariantNumeric: 'tabular-nums' }}>
            <Box component="time" dateTime={e.at} sx={{ color: 'text.secondary' }}>
              {formatDateTime(e.at, i18n.language)}
            </Box>
            <strong>{t(`journal.type.${e.type}`)}</strong>
            <span>
              {summary(e, t)}
              {e.operatorId === me?.id ? '' : ` ${t('journal.by', { who: actorName(e) })}`}
            </span>
          </Box>
        ))}
      </Box>
    </Box>
  );
}

/** Events carry the operator's display name (supervisors read these logs); older ones only the id. */
function actorName(e: JournalEvent): string {
  const name = e.payload?.operatorName;
  return typeof name === 'string' && name ? name : e.operatorId;
}
