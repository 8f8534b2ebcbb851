/**
 * Console ⇄ hub for escalation scripts (on /console): a console sends a case's script
 * and inputs after each act (`script.sync`, merged by input id, idempotent), asks for a
 * case's record when it opens a case it has none of (`script.get`: a supervisor taking
 * over), and hears the record whenever another console adds to it (`script.changed`,
 * to the consoles that synced or asked about that case).
 */
import { z } from 'zod';
import { ScriptInput } from '../scripts/inputs';
import { Script } from '../scripts/schema';

export const ScriptHubEvents = { get: 'script.get', sync: 'script.sync', changed: 'script.changed' } as const;

export const ScriptRecord = z.object({
  caseId: z.string().min(1).max(64),
  script: Script,
  inputs: z.array(ScriptInput).max(2000),
});
export type ScriptRecord = z.infer<typeof ScriptRecord>;

export const ScriptGetRequest = z.object({ caseId: z.string().min(1).max(64) });

export const ScriptAck = z.union([
  z.object({ ok: z.literal(true), record: ScriptRecord.nullable() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type ScriptAck = z.infer<typeof ScriptAck>;
