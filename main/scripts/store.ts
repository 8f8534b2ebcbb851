/** The console's copy of each case's script and inputs (journal migration 0005), beside the journal. */
import type Database from 'better-sqlite3';
import { ScriptInput } from '@shared/scripts/inputs';
import { Script } from '@shared/scripts/schema';
import type { Logger } from '../log/logger';

export interface StoredScript {
  caseId: string;
  script: Script;
  inputs: ScriptInput[];
  hubSynced: boolean;
  closed: boolean;
}

export class ScriptStore {
  private readonly getScript: Database.Statement<[string], { script: string; hub_synced: number; closed: number }>;
  private readonly getInputs: Database.Statement<[string], { input: string }>;
  private readonly upsertScript: Database.Statement<[string, string, number, string, string]>;
  private readonly insertInput: Database.Statement<[string, string, string, string]>;
  private readonly markSynced: Database.Statement<[number, string]>;
  private readonly markClosed: Database.Statement<[string]>;
  private readonly openIds: Database.Statement<[], { case_id: string }>;
  private readonly unsynced: Database.Statement<[], { case_id: string }>;

  constructor(
    private readonly db: Database.Database,
    private readonly log: Logger,
  ) {
    this.getScript = db.prepare('SELECT script, hub_synced, closed FROM case_scripts WHERE case_id = ?');
    this.getInputs = db.prepare('SELECT input FROM script_inputs WHERE case_id = ? ORDER BY at, id');
    this.upsertScript = db.prepare(
      `INSERT INTO case_scripts (case_id, script_id, version, script, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (case_id) DO NOTHING`,
    );
    this.insertInput = db.prepare('INSERT OR IGNORE INTO script_inputs (id, case_id, at, input) VALUES (?, ?, ?, ?)');
    this.markSynced = db.prepare('UPDATE case_scripts SET hub_synced = ? WHERE case_id = ?');
    this.markClosed = db.prepare('UPDATE case_scripts SET closed = 1 WHERE case_id = ?');
    this.openIds = db.prepare('SELECT case_id FROM case_scripts WHERE closed = 0');
    this.unsynced = db.prepare('SELECT case_id FROM case_scripts WHERE hub_synced = 0');
  }

  get(caseId: string): StoredScript | null {
    const row = this.getScript.get(caseId);
    if (!row) return null;
    const script = Script.safeParse(JSON.parse(row.script));
    if (!script.success) {
      this.log.error({ caseId, issues: script.error.issues.slice(0, 3) }, 'stored script unreadable; the case runs without it');
      return null;
    }
    const inputs: ScriptInput[] = [];
    for (const r of this.getInputs.all(caseId)) {
      const i = ScriptInput.safeParse(JSON.parse(r.input));
      if (i.success) inputs.push(i.data);
      else this.log.error({ caseId }, 'stored script input unreadable; skipped');
    }
    return { caseId, script: script.data, inputs, hubSynced: row.hub_synced === 1, closed: row.closed === 1 };
  }

  /** Keeps the script (first one wins: a case follows the version it started with) and adds inputs not yet known. */
  save(caseId: string, script: Script, inputs: readonly ScriptInput[], at: string): number {
    this.upsertScript.run(caseId, script.id, script.version, JSON.stringify(script), at);
    let added = 0;
    for (const i of inputs) added += this.insertInput.run(i.id, caseId, i.at, JSON.stringify(i)).changes;
    return added;
  }

  setSynced(caseId: string, synced: boolean): void {
    this.markSynced.run(synced ? 1 : 0, caseId);
  }

  setClosed(caseId: string): void {
    this.markClosed.run(caseId);
  }

  openCases(): string[] {
    return this.openIds.all().map((r) => r.case_id);
  }

  unsyncedCases(): string[] {
    return this.unsynced.all().map((r) => r.case_id);
  }
}
