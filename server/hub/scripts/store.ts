/** The hub's copy of each case's script (migration 0013): merged by input id, one writer at a time. */
import type { Kysely } from 'kysely';
import { orderInputs, ScriptInput } from '@shared/scripts/inputs';
import { Script } from '@shared/scripts/schema';
import type { ScriptRecord } from '@shared/hub-protocol/scripts';
import type { HubDb } from '../db/database';

export interface CaseScriptsTable {
  case_id: string;
  script_id: string;
  version: number;
  script: string;
  inputs: string;
  input_count: number;
  updated_at: string;
  updated_by: string;
}
type ScriptDb = Kysely<{ case_scripts: CaseScriptsTable }>;

const scriptDb = (db: HubDb): ScriptDb => (db as unknown as Kysely<object>).withTables<{ case_scripts: CaseScriptsTable }>();

export async function readCaseScript(db: HubDb, caseId: string): Promise<ScriptRecord | null> {
  const row = await scriptDb(db).selectFrom('case_scripts').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (!row) return null;
  return { caseId, script: Script.parse(JSON.parse(row.script)), inputs: ScriptInput.array().parse(JSON.parse(row.inputs)) };
}

/**
 * Adds the record's inputs the hub does not have (by id). The script stays the first one
 * stored: a case follows the version it started with. Answers the merged record and how
 * many inputs were new.
 */
export async function mergeCaseScript(db: HubDb, record: ScriptRecord, operatorId: string, now: string): Promise<{ record: ScriptRecord; added: number }> {
  return scriptDb(db)
    .transaction()
    .execute(async (trx) => {
      const row = await trx.selectFrom('case_scripts').selectAll().where('case_id', '=', record.caseId).executeTakeFirst();
      const script = row ? Script.parse(JSON.parse(row.script)) : record.script;
      const known = row ? ScriptInput.array().parse(JSON.parse(row.inputs)) : [];
      const ids = new Set(known.map((i) => i.id));
      const fresh = record.inputs.filter((i) => !ids.has(i.id));
      const inputs = orderInputs([...known, ...fresh]);
      if (!row) {
        await trx
          .insertInto('case_scripts')
          .values({ case_id: record.caseId, script_id: script.id, version: script.version, script: JSON.stringify(script), inputs: JSON.stringify(inputs), input_count: inputs.length, updated_at: now, updated_by: operatorId })
          .execute();
      } else if (fresh.length > 0) {
        await trx
          .updateTable('case_scripts')
          .set({ inputs: JSON.stringify(inputs), input_count: inputs.length, updated_at: now, updated_by: operatorId })
          .where('case_id', '=', record.caseId)
          .execute();
      }
      return { record: { caseId: record.caseId, script, inputs }, added: row ? fresh.length : inputs.length };
    });
}
