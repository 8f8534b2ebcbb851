export { openJournal } from './journal';
export type { AppendInput, Journal, OpenJournalOptions, Outbox } from './journal';
export { JournalOpenError } from './open-db';
export { chainHash } from './hash';
export { OutboxSender } from './outbox-sender';
export type { OutboxSenderOptions, OutboxLink } from './outbox-sender';
