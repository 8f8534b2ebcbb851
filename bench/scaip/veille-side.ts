/**
 * Veille's side of the SCAIP bench: the hub in its own process with its SCAIP receiver and
 * the bench's beacons provisioned, and the console's real hub link (its case store) in
 * this one. An alarm is "in the store" when a case's alarm count there covers it.
 */
import pino from 'pino';
import type { Case } from '@shared/domain/case';
import { HubLink } from '../../main/hub-link/hub-link';
import { startChild } from './child';
import { countingProbe, type StoreProbe } from './probe';
import type { LoadBeacon } from './load';

export interface VeilleHubInfo {
  url: string;
  sipPort: number;
  beacons: LoadBeacon[];
}

export function startVeilleHub(dataDir: string, beacons: number) {
  return startChild<VeilleHubInfo>('bench/scaip/veille-hub-process.ts', [dataDir, String(beacons)]);
}

export async function connectVeilleStore(hubUrl: string): Promise<{ probe: StoreProbe; openCases(): number }> {
  const link = new HubLink({ hubUrl, logger: pino({ level: 'silent' }) });
  await link.login('operateur1', 'veille-demo');
  const counts = new Map<string, number>();
  const open = new Set<string>();
  const store = countingProbe(() => link.close());
  link.on('caseChanged', (c: Case) => {
    if (c.status === 'closed') open.delete(c.id);
    else open.add(c.id);
    const before = counts.get(c.id) ?? 0;
    if (c.alarmCount <= before) return;
    counts.set(c.id, c.alarmCount);
    // Only the newest alarm of a delta has its receipt time on the case.
    store.arrived(c.alarmCount - before, Date.now() - Date.parse(c.lastAlarmAt));
  });
  return { openCases: () => open.size, probe: store.probe };
}
