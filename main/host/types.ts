/** What the host dispatches to, and the shape every request handler has. */
import type { AppInfo, EventName, EventPayload, ParsedArgs, RequestName, RequestResult } from '@shared/contract';
import type { CommandQueue } from '../commands/command-queue';
import type { DirectoryCache } from '../directory/directory-cache';
import type { HubLink } from '../hub-link/hub-link';
import type { Journal } from '../journal/journal';
import type { OutboxSender } from '../journal/outbox-sender';
import type { JournalUplink } from '../journal/uplink';
import type { Logger } from '../log/logger';
import type { ScriptService } from '../scripts/service';
import type { VoiceService } from '../voice/calls/service';

export interface Services {
  journal: Journal;
  link: HubLink;
  outbox: OutboxSender;
  /** The console's own lane to the hub: registered after each login, carries the outbox. */
  uplink: JournalUplink;
  /** Claim, release and close: queued, journaled, sent until the hub answers (main/commands). */
  commands: CommandQueue;
  /** The site directory, followed from the hub and kept on disk for offline use (main/directory). */
  directory: DirectoryCache;
  /** How long a case request waits for the hub before answering "queued" (default 3 s). */
  commandWaitMs?: number;
  app: AppInfo;
  logger: Logger;
  /** Calls with beacons and outside parties (main/voice); absent: voice requests are refused. */
  voice?: VoiceService;
  /** Escalation scripts (main/scripts); absent: scripts.* refused, closing goes straight to the hub. */
  scripts?: ScriptService;
}

/** Who sent a request: for logs, never for authorisation (the session is per console). */
export interface HandlerContext {
  transport: 'ws' | 'ipc' | 'test';
  peer?: string;
}

export type Emit = <K extends EventName>(event: K, payload: EventPayload<K>) => void;

export type Handler<K extends RequestName> = (
  args: ParsedArgs<K>,
  ctx: HandlerContext,
) => Promise<RequestResult<K>> | RequestResult<K>;

export type Handlers = { [K in RequestName]: Handler<K> };
