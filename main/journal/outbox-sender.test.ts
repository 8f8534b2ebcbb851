/** The outbox sender against a REAL hub: batching, and waiting quietly while the hub is away. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubLink } from '../hub-link/hub-link';
import { loginOverHttp } from '../hub-link/login';
import { silent, startTestHub, tempDir, waitFor, type TestHub } from '../testing/fixtures';
import { openJournal, type Journal } from './journal';
import { OutboxSender, withinBytes } from './outbox-sender';

let tmp: ReturnType<typeof tempDir>;
let hub: TestHub | null;
let journal: Journal;
let link: HubLink;
let sender: OutboxSender;

beforeEach(async () => {
  tmp = tempDir();
  hub = await startTestHub(join(tmp.dir, 'hub'));
  journal = openJournal(join(tmp.dir, 'journal.sqlite'));
  link = new HubLink({ hubUrl: hub.url, logger: silent, reconnectDelayMs: 50, reconnectDelayMaxMs: 200 });
});
afterEach(async () => {
  sender?.stop();
  await link.close();
  journal.close();
  await hub?.close();
  tmp.remove();
});

it('sends in batches, oldest first, until the outbox is empty, and reports status', async () => {
  // The operator's hub id, as a previous session on this console journaled it.
  const op = (await loginOverHttp(hub!.url, 'operateur1', 'veille-demo', 5000)).operator.id;
  for (let i = 0; i < 7; i++) journal.append({ operatorId: op, caseId: null, type: 'case.claimed', payload: { i } });
  const sizes: number[] = [];
  const counting = {
    isConnected: () => link.isConnected(),
    get operator() {
      return link.operator;
    },
    on: link.on.bind(link) as HubLink['on'],
    off: link.off.bind(link) as HubLink['off'],
    command: (cmd: Parameters<HubLink['command']>[0] & { type: 'journal' }) => {
      sizes.push(cmd.events.length);
      return link.command(cmd);
    },
  };
  sender = new OutboxSender({ journal, link: counting, logger: silent, batchSize: 3 });
  const statuses: number[] = [];
  sender.on('status', (s) => statuses.push(s.pending));
  sender.start();
  // Not logged in yet: nothing is sent, nothing is lost.
  await new Promise((r) => setTimeout(r, 100));
  expect(journal.outbox.count()).toBe(7);
  await link.login('operateur1', 'veille-demo');
  await waitFor('drained', () => journal.outbox.count() === 0);
  expect(sizes).toEqual([3, 3, 1]);
  expect(statuses.at(-1)).toBe(0);
  expect(sender.status().lastSentAt).not.toBeNull();
  // A new append is sent at once.
  journal.append({ operatorId: op, caseId: null, type: 'session.logout', payload: {} });
  await waitFor('append sent', () => journal.outbox.count() === 0);
  expect(sizes).toEqual([3, 3, 1, 1]);
});

describe('batch size on the wire', () => {
  it('cuts a batch before the hub message limit, always sending at least one event', () => {
    const big = { payload: 'x'.repeat(8_000) };
    expect(withinBytes(Array.from({ length: 200 }, () => big), 512 * 1024).length).toBeLessThan(70);
    expect(withinBytes([{ payload: 'y'.repeat(600_000) }], 512 * 1024)).toHaveLength(1);
    expect(withinBytes([{ a: 1 }, { b: 2 }], 512 * 1024)).toHaveLength(2);
  });
});
