// What the tests need from outside npm. Installed with apt-get when we are root on Debian;
// otherwise the run stops with the exact command to type.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_PACKAGES = [
  // Playwright cannot download its own browser here; Debian's Chromium is the e2e browser.
  { pkg: 'chromium', file: '/usr/bin/chromium', why: 'end-to-end tests (Playwright)' },
  // Journal tamper tests edit stored events with the real sqlite3 command, as an intruder would.
  { pkg: 'sqlite3', file: '/usr/bin/sqlite3', why: 'journal tamper tests (journal:verify, hub gaps)' },
  // SIPp plays real SCAIP beacons (SIP MESSAGE with digest auth) against the hub's receiver.
  { pkg: 'sip-tester', file: '/usr/bin/sipp', why: 'SCAIP beacon tests (SIPp)' },
  // baresip answers, plays a WAV and records what it hears: the voice tests' second real SIP peer.
  { pkg: 'baresip-core', file: '/usr/bin/baresip', why: 'voice tests (baresip peer)' },
  // baresip runs in its own network namespace (unshare -n, ip route): PROTOCOLS.md §4.3.
  { pkg: 'iproute2', file: '/usr/sbin/ip', why: 'voice tests (network namespace for baresip)' },
];

export function ensureSystemPackages(list = SYSTEM_PACKAGES) {
  const missing = list.filter((p) => !existsSync(p.file));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.pkg).join(' ');
  const command = `apt-get update && apt-get install -y --no-install-recommends ${names}`;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/etc/debian_version')) {
    console.error(`Missing system packages: ${missing.map((p) => `${p.pkg} (${p.why})`).join(', ')}.`);
    console.error(`Install them with:\n  sudo ${command}`);
    process.exit(1);
  }
  console.log(`Installing system packages: ${names}`);
  const run = (cmd) => spawnSync('sh', ['-c', cmd], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (run(command).status !== 0 || missing.some((p) => !existsSync(p.file))) {
    console.error(`Could not install ${names}; run: ${command}`);
    process.exit(1);
  }
}
