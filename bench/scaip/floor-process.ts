/**
 * The floor of our stack, in its own process: a bare receiver with no Veille code. Each SIP
 * MESSAGE is answered 200 after one fsync'd SQLite insert (autocommit, synchronous=FULL, WAL:
 * the hub's settings) and one socket.io emit to whoever listens. What Veille adds on top
 * (authentication, parsing, grouping, cases, history) shows as the ratio to this.
 * Prints one JSON line {sipPort, ioUrl} on stdout once listening.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sip from 'sip';
import { Server } from 'socket.io';
import { createBareStack, freeUdpPort } from './load';

const [dataDir, host = '127.0.0.1'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: floor-process <data dir> [host]');

const db = new Database(join(dataDir, 'floor.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE alarms (id INTEGER PRIMARY KEY, received_at TEXT NOT NULL, raw TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO alarms (received_at, raw) VALUES (?, ?)');

const http = createServer();
const io = new Server(http, { transports: ['websocket'] });
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const ioPort = (http.address() as { port: number }).port;

const sipPort = await freeUdpPort(host);
const stack = createBareStack({ udp: true, tcp: false, address: host, port: sipPort, publicAddress: host, logger: { error: () => undefined } }, (rq) => {
  if (rq.method !== 'MESSAGE') return;
  const receivedAt = new Date().toISOString();
  const raw = Buffer.from(rq.content ?? '', 'binary').toString('utf8');
  const id = insert.run(receivedAt, raw).lastInsertRowid;
  io.emit('alarm', { id: Number(id), receivedAt });
  stack.send(sip.makeResponse(rq, 200, 'OK'));
});

process.stdout.write(JSON.stringify({ sipPort, ioUrl: `http://127.0.0.1:${ioPort}` }) + '\n');
const stop = () => {
  stack.destroy();
  void io.close();
  db.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
