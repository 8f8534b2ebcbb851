/**
 * One look at GET <hub>/health when the console starts with a hub address:
 * a typo in --hub-url or a hub that is down is named in the log at once,
 * not discovered by the first operator who tries to log in. Never blocks
 * start-up: the console starts anyway and the link retries at login.
 */
import type { Logger } from '../log/logger';
import { describeNetError } from './net-errors';

export const PROBE_TIMEOUT_MS = 2000;

export type ProbeResult = { ok: true } | { ok: false; cause: string };

export async function probeHub(hubUrl: string, logger: Logger, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const log = logger.child({ component: 'hub-probe' });
  let result: ProbeResult;
  try {
    const res = await fetch(`${hubUrl}/health`, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    const body = (await res.json().catch(() => null)) as { status?: unknown } | null;
    if (!res.ok) result = { ok: false, cause: `répond HTTP ${res.status} sur /health : est-ce bien l’adresse d’un hub Veille ?` };
    else if (body?.status !== 'ok') result = { ok: false, cause: 'répond, mais pas comme un hub Veille (/health sans « status: ok »)' };
    else result = { ok: true };
  } catch (err) {
    result = { ok: false, cause: describeNetError(err, timeoutMs) };
  }
  if (result.ok) log.info({ hub: hubUrl }, 'hub answers /health');
  else {
    log.warn(
      { hub: hubUrl, cause: result.cause },
      `Hub injoignable au démarrage (${hubUrl}) : ${result.cause}. La console démarre quand même ; la connexion échouera tant que le hub ne répond pas (vérifiez --hub-url / VEILLE_HUB_URL).`,
    );
  }
  return result;
}
