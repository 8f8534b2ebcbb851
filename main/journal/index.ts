export { openJournal } from './journal';
export type { AppendInput, Journal, OpenJournalOptions, Outbox, StoredEvent } from './journal';
export { JournalOpenError } from './open-db';
export { chainHash } from './hash';
export { OutboxSender } from './outbox-sender';
export type { OutboxSenderOptions, OutboxUplink } from './outbox-sender';
export { JournalUplink } from './uplink';
