// A queued closure whose reason is missing from the store (a damaged row) is never sent with a
// reason made up: refused on the console, journaled once, visible. Real journal file; the hub
// link is a recording stand-in (STUB) since what matters is what would leave the console.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openJournal, type Journal } from '../journal/journal';
import { tempDir, waitFor } from '../testing/fixtures';
import { CommandQueue } from './command-queue';
import { CommandSender, type CommandLink } from './command-sender';

const tmp = tempDir('veille-sender-');
let journal: Journal | undefined;
let sender: CommandSender | undefined;
afterEach(() => {
  sender?.stop();
  journal?.close();
  tmp.remove();
});

class RecordingLinkStub extends EventEmitter implements CommandLink {
  readonly sent: unknown[] = [];
  readonly operator = { id: 'op-1' };
  isConnected = () => true;
  getCase = () => undefined;
  async command(cmd: Parameters<CommandLink['command']>[0]) {
    this.sent.push(cmd);
    return { ok: true as const };
  }
}

it('refuses, without sending, a queued closure whose reason is missing; the next command still goes', async () => {
  journal = openJournal(join(tmp.dir, 'journal.sqlite'));
  const queue = new CommandQueue({ journal });
  const op = { id: 'op-1', displayName: 'Léa' };
  const damaged = queue.submit({ operator: op, type: 'close', caseId: 'c1', args: { closureCode: 'drill' } });
  journal.db.prepare('UPDATE commands SET args = ? WHERE command_id = ?').run('{}', damaged.commandId);
  const release = queue.submit({ operator: op, type: 'release', caseId: 'c2', args: {} });
  const link = new RecordingLinkStub();
  sender = new CommandSender({ queue, link });
  sender.start();

  await waitFor('both settled', () => queue.list().every((c) => c.state !== 'pending'));
  expect(link.sent).toEqual([{ commandId: release.commandId, caseId: 'c2', type: 'release' }]);
  const refused = queue.list().find((c) => c.commandId === damaged.commandId);
  expect(refused).toMatchObject({ state: 'refused', refusal: { code: 'invalid-command', message: expect.stringContaining('sans motif') } });
  const outcomes = journal.list({ limit: 10 }).filter((e) => e.payload?.commandId === damaged.commandId).map((e) => e.type);
  expect(outcomes).toEqual(['case.close-refused', 'case.close-requested']);
});
