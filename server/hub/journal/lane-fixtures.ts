/** Test fixtures for the journal lane: a registered console, chains, raw posts. Not used in production. */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CONSOLE_KEY_HEADER, type ConsoleRegisterResponse, type JournalBatchAnswer } from '@shared/hub-protocol/journal';
import { login } from '../test-helpers';

export async function register(hubUrl: string, token: string | null, body: unknown, currentKey?: string): Promise<{ status: number; body: ConsoleRegisterResponse & { error?: { code: string } } }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (currentKey) headers[CONSOLE_KEY_HEADER] = currentKey;
  const r = await fetch(`${hubUrl}/api/v1/consoles/register`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as ConsoleRegisterResponse & { error?: { code: string } } };
}

/** An operator logged in on a new console, registered: what the console keeps. */
export async function registeredConsole(hubUrl: string, username = 'operateur1'): Promise<{ consoleId: string; key: string; operatorId: string; token: string }> {
  const consoleId = randomUUID();
  const { token, operator } = await login(hubUrl, username);
  const r = await register(hubUrl, token, { consoleId, name: 'poste-test' });
  if (r.status !== 200 || !r.body.key) throw new Error(`register: HTTP ${r.status}`);
  return { consoleId, key: r.body.key, operatorId: operator.id, token };
}

export function postJournal(hubUrl: string, key: string | null, body: unknown, raw?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  return fetch(`${hubUrl}/api/v1/journal`, { method: 'POST', headers, body: raw ?? JSON.stringify(body) });
}

export async function sendBatch(hubUrl: string, key: string, events: unknown[]): Promise<JournalBatchAnswer> {
  const r = await postJournal(hubUrl, key, { events });
  if (r.status !== 200) throw new Error(`journal: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as JournalBatchAnswer;
}

export { chain, type Spec } from '../test-helpers';

/** The hub's journal rows, read from its file as an auditor would. */
export function hubRows(dataDir: string): { id: string; type: string; console_id: string; case_id: string | null }[] {
  const db = new Database(join(dataDir, 'hub.sqlite'), { readonly: true });
  try {
    return db.prepare<[], { id: string; type: string; console_id: string; case_id: string | null }>('SELECT id, type, console_id, case_id FROM journal ORDER BY id').all();
  } finally {
    db.close();
  }
}
