/** Logged-in layout: top bar, banners (hub down, demo, link, flood) over the queue (left) and the open case (right). */
import Box from '@mui/material/Box';
import { AlarmQueue } from '../alarm-queue/AlarmQueue';
import { FloodBanner } from '../alarm-queue/FloodBanner';
import { CaseView } from '../case-view/CaseView';
import { useAlertSound } from '../sound/useAlertSound';
import { useConsole } from '../../api/context';
import { HubDownBanner } from '../hub-watch/HubDownBanner';
import { DemoBanner } from './DemoBanner';
import { LinkBanner } from './LinkBanner';
import { TopBar } from './TopBar';
import { useWallView, WallViewPanel } from '../map';

export function ConsoleLayout() {
  useAlertSound();
  const demo = useConsole((s) => s.hub?.demo ?? false);
  if (useWallView()) return <WallViewPanel />;
  return (
    <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column', overflow: 'hidden' }}>
      <HubDownBanner />
      {demo && <DemoBanner />}
      <TopBar />
      <LinkBanner />
      <FloodBanner />
      {/* At 1280 px the queue gets 576 px: site, kind, age and owner on one line. */}
      <Box component="main" sx={{ flex: 1, minHeight: 0, display: 'grid', gridTemplateColumns: 'minmax(440px, 45%) 1fr' }}>
        <AlarmQueue />
        <CaseView />
      </Box>
    </Box>
  );
}
