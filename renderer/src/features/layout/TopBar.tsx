/** Top bar: app name, operator, hub state, outbox backlog, actions waiting for the hub, demo label, sound, language, logout. */
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import OutboxIcon from '@mui/icons-material/Outbox';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../api/context';
import { LogoutButton } from '../logout/LogoutButton';
import { PendingCommands } from '../pending-commands';
import { SoundControl } from '../sound/SoundControl';
import { CallIndicator } from '../call/CallIndicator';
import { HubChip } from './HubChip';
import { WallViewLink } from '../map';
import { LanguageSwitch } from './LanguageSwitch';
import { DirectoryButton } from '../directory';

/** A count that may be cut short when the bar is full (whole in its tooltip and accessible name). */
const SHRINKS = { minWidth: 0, flexShrink: 1 } as const;

export function TopBar() {
  const { t } = useTranslation();
  const operator = useConsole((s) => s.operator);
  const demo = useConsole((s) => s.hub?.demo ?? false);
  const pending = useConsole((s) => s.outbox?.pending ?? 0);

  return (
    <AppBar position="static" color="default" elevation={0} sx={{ borderBottom: 1, borderColor: 'divider' }}>
      <Toolbar sx={{ gap: 1.5, py: 0.5 }}>
        {/* The page's level-one heading: screen-reader users jump to it first. */}
        <Typography variant="h1" sx={{ mr: 1 }}>
          {t('app.title')}
        </Typography>
        {/* The states shrink (their text cut, whole for screen readers and in a tooltip) before
            the operator's own controls move: logout and sound stay where the hand expects them. */}
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flex: 1, minWidth: 0 }}>
          {demo && <Chip label={t('topbar.demo')} sx={{ bgcolor: '#5f3dc4', color: '#f3f0ff', fontWeight: 700, flexShrink: 0 }} />}
          <Box sx={{ flexShrink: 0, display: 'flex' }}>
            <HubChip />
          </Box>
          {pending > 0 && (
            <Chip icon={<OutboxIcon />} color="warning" variant="outlined" label={t('topbar.outbox', { count: pending })} title={t('topbar.outbox', { count: pending })} sx={SHRINKS} />
          )}
          <PendingCommands />
        </Box>
        <DirectoryButton />
        <WallViewLink />
        <CallIndicator />
        <SoundControl />
        {operator && (
          <Typography component="span" aria-label={t('topbar.operator', { name: operator.displayName, role: t(`role.${operator.role}`) })}>
            <strong>{operator.displayName}</strong>{' '}
            <Box component="span" sx={{ color: 'text.secondary' }}>
              · {t(`role.${operator.role}`)}
            </Box>
          </Typography>
        )}
        <LanguageSwitch />
        <LogoutButton />
      </Toolbar>
    </AppBar>
  );
}
