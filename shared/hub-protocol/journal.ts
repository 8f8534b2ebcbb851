/**
 * The journal lane, console → hub over HTTP (docs/PROTOCOL.md, "Journal"): each console
 * registers once per operator login and gets its own key; its outbox then posts batches
 * with that key, whoever is logged in, and the hub answers for each event on its own.
 */
import { z } from 'zod';

/** Largest body the hub reads on POST /api/v1/journal; consoles keep batches under half. */
export const JOURNAL_BODY_LIMIT_BYTES = 1024 * 1024;
export const JOURNAL_BATCH_MAX_EVENTS = 500;

/** Header carrying the console's current key to POST /api/v1/consoles/register. */
export const CONSOLE_KEY_HEADER = 'x-veille-console-key';

/** A console's journal id (journal.consoleId): a random UUID made at its first start. */
export const ConsoleId = z.uuid();

export const ConsoleRegisterRequest = z
  .object({
    consoleId: ConsoleId,
    /** For people reading the hub's lists (host name); not an identity. */
    name: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type ConsoleRegisterRequest = z.infer<typeof ConsoleRegisterRequest>;

/** `key` is present only when a new one was issued (shown once, stored hashed at the hub). */
export const ConsoleRegisterResponse = z.object({
  consoleId: ConsoleId,
  key: z.string().optional(),
  keyStatus: z.enum(['kept', 'issued']),
});
export type ConsoleRegisterResponse = z.infer<typeof ConsoleRegisterResponse>;

export const JOURNAL_REFUSAL_CODES = ['invalid', 'too-large', 'too-deep', 'bad-hash', 'forbidden', 'conflict'] as const;
export type JournalRefusalCode = (typeof JOURNAL_REFUSAL_CODES)[number];

export const JournalEventResult = z.object({
  /** The event's id as sent (null when the item had no readable id). */
  id: z.string().nullable(),
  status: z.enum(['accepted', 'duplicate', 'refused']),
  /** refused: one of JOURNAL_REFUSAL_CODES; accepted: a note such as 'unknown-case'. */
  code: z.string().optional(),
  message: z.string().optional(),
});
export type JournalEventResult = z.infer<typeof JournalEventResult>;

/** A stored event whose prevHash is not the hash of any stored event of its console. */
export const JournalGap = z.object({
  consoleId: z.string(),
  /** First event after the hole. */
  eventId: z.string(),
  /** The hash the hub does not hold (the prevHash of eventId). */
  missingHash: z.string(),
});
export type JournalGap = z.infer<typeof JournalGap>;

/** 200 answer of POST /api/v1/journal: results[i] answers events[i]; gaps opened by this batch. */
export const JournalBatchAnswer = z.object({
  results: z.array(JournalEventResult),
  gaps: z.array(JournalGap),
});
export type JournalBatchAnswer = z.infer<typeof JournalBatchAnswer>;
