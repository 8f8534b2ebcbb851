/** One HTTP POST of an alarm to the hub's ingest, with a timeout and a verdict on retrying. */
import { AlarmIngestResult, type AlarmIngest } from '@shared/hub-protocol/ingest';

export class SendError extends Error {
  constructor(
    message: string,
    /** Network trouble or a 5xx: worth sending again with the same reference. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export async function sendAlarm(hubUrl: string, gatewayKey: string, alarm: AlarmIngest, timeoutMs = 5000): Promise<AlarmIngestResult> {
  let res: Response;
  try {
    res = await fetch(`${hubUrl}/api/v1/alarms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gatewayKey}` },
      body: JSON.stringify(alarm),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new SendError(`hub unreachable: ${(err as Error).message}`, true);
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 500 || res.status === 429) throw new SendError(`hub answered ${res.status}: ${text}`, true);
  if (res.status !== 200 && res.status !== 202) throw new SendError(`hub refused the alarm (${res.status}): ${text}`, false);
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = AlarmIngestResult.safeParse(json);
  if (!parsed.success) throw new SendError(`unexpected hub answer: ${text}`, true);
  return parsed.data;
}
