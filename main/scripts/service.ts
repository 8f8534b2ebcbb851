/**
 * The console's script service: each case the operator owns follows its script. Every
 * act goes through the pure engine first (a refused act is never journaled), then is
 * journaled and stored in one transaction, its effects carried out, and the record
 * shared with the hub. The state is always the replay of the stored inputs, so a
 * restart re-arms the wait steps' timers and a supervisor's console continues the
 * script from the hub's record.
 */
import { EventEmitter } from 'node:events';
import { monotonicFactory } from 'ulid';
import { ApiError } from '@shared/contract/errors';
import type { CommandResult } from '@shared/contract/commands';
import type { ScriptAct, ScriptView, SentNotice } from '@shared/contract/scripts';
import type { Case, ClosureCode } from '@shared/domain/case';
import { CONSOLE_SYSTEM_OPERATOR } from '@shared/domain/journal';
import { closureCodesFor, closureNeedsNote } from '@shared/scripts/closure';
import { apply, armedTimers, openRequiredSteps } from '@shared/scripts/engine';
import type { ScriptInput } from '@shared/scripts/inputs';
import type { ScriptRecord } from '@shared/hub-protocol/scripts';
import type { Journal } from '../journal/journal';
import type { Logger } from '../log/logger';
import type { VoiceService } from '../voice/calls/service';
import type { ContactResolver } from './contacts';
import { Effects } from './effects';
import { ScriptHubSync, type ScriptLink } from './hub-sync';
import { journalEntriesFor } from './journal-events';
import type { NotifyGateway } from './notify-gateway';
import { buildRuntime, chooseScript, mergeInputs, type Catalogue, type Runtime } from './runtime';
import { ScriptStore } from './store';

export interface ScriptServiceOptions {
  journal: Journal;
  link: ScriptLink;
  catalogue: Catalogue;
  contacts: ContactResolver;
  gateway: NotifyGateway;
  voice?: () => VoiceService | undefined;
  logger: Logger;
  now?: () => Date;
}

type Draft = ScriptInput extends infer I ? (I extends ScriptInput ? Omit<I, 'id' | 'at' | 'operatorId'> : never) : never;

export class ScriptService extends EventEmitter<{ changed: [view: ScriptView] }> {
  private readonly store: ScriptStore;
  private readonly sync: ScriptHubSync;
  private readonly effects: Effects;
  private readonly runtimes = new Map<string, Runtime>();
  private readonly notices = new Map<string, SentNotice[]>();
  private readonly newId = monotonicFactory();
  private readonly log: Logger;
  private readonly now: () => Date;
  private stopListening: (() => void)[] = [];

  constructor(private readonly o: ScriptServiceOptions) {
    super();
    this.log = o.logger.child({ component: 'scripts' });
    this.now = o.now ?? (() => new Date());
    this.store = new ScriptStore(o.journal.db, this.log);
    this.sync = new ScriptHubSync(o.link, this.log);
    this.effects = new Effects({
      voice: () => o.voice?.(),
      gateway: o.gateway,
      log: this.log,
      now: () => this.now().getTime(),
      onDeadline: (caseId, stepId) => this.fire(caseId, { type: 'deadline', stepId }, CONSOLE_SYSTEM_OPERATOR),
      onNotified: (caseId, stepId, ok, to, channel, detail) => {
        this.notices.set(caseId, [...(this.notices.get(caseId) ?? []), { stepId, channel, to, ok, detail }]);
        const rt = this.runtimes.get(caseId);
        const operatorId = this.o.link.operator?.id ?? CONSOLE_SYSTEM_OPERATOR;
        const isMessage = channel === 'sms' || channel === 'email';
        if (isMessage && rt?.state?.currentId === stepId) this.fire(caseId, { type: 'outcome', stepId, outcome: ok ? 'sent' : 'failed' }, operatorId);
        else if (rt) this.emit('changed', this.view(rt));
      },
    });
  }

  /** Follows the cases: starts the script of a case this operator takes, re-arms timers after a restart, hears colleagues through the hub. */
  start(): void {
    const onCase = (c: Case) => void this.onCase(c);
    const onSnapshot = (cases: Case[]) => cases.forEach(onCase);
    const onConnected = () => void this.pushUnsynced();
    this.o.link.on('caseChanged', onCase);
    this.o.link.on('snapshot', onSnapshot);
    this.o.link.on('connected', onConnected);
    const offPush = this.sync.listen((r) => this.onHubRecord(r));
    this.stopListening = [() => this.o.link.off('caseChanged', onCase), () => this.o.link.off('snapshot', onSnapshot), () => this.o.link.off('connected', onConnected), offPush];
  }

  stop(): void {
    for (const off of this.stopListening) off();
    this.stopListening = [];
    this.effects.stop();
    this.removeAllListeners();
  }

  async get(caseId: string): Promise<ScriptView> {
    const c = this.o.link.getCase(caseId);
    if (!c) {
      const rt = this.runtimes.get(caseId);
      return rt ? this.view(rt) : this.emptyView(caseId, null, 'Dossier absent de la file (clos ?) : pas de script en cours.');
    }
    const rt = await this.runtime(c);
    if (!rt) return this.emptyView(caseId, c, 'Aucun script ne correspond à ce type d’alarme : suivez la procédure papier du centre.');
    this.ensureStarted(rt, c);
    return this.view(rt);
  }

  async act(caseId: string, act: ScriptAct): Promise<ScriptView> {
    const op = this.requireOwner(caseId);
    const draft: Draft = act.type === 'note' ? { type: 'note', stepId: act.stepId, text: act.text } : act;
    const rt = await this.requireRuntime(caseId);
    this.commit(rt, draft, op);
    return this.view(rt);
  }

  /**
   * Closes through the script: the engine checks the code, the note and the open required
   * steps (an override needs a reason, journaled), then the case's close command goes.
   */
  async close(caseId: string, code: ClosureCode, note: string | undefined, overrideReason: string | undefined, closeCase: (code: ClosureCode, note?: string) => Promise<CommandResult>): Promise<{ view: ScriptView; result: CommandResult }> {
    const op = this.requireOwner(caseId);
    const c = this.o.link.getCase(caseId) as Case;
    const rt = await this.runtime(c);
    const cleanNote = note?.trim() || undefined;
    if (!rt || !rt.state) {
      if (closureNeedsNote(c.kind, c.drill, code) && !cleanNote) throw new ApiError('invalid-argument', 'Alarme vitale close en fausse alarme : une note est obligatoire.', { script: true });
      if (!closureCodesFor(c.kind, c.drill).includes(code)) throw new ApiError('invalid-argument', 'Code de clôture inadapté à ce type d’alarme.', { script: true });
      const result = await closeCase(code, cleanNote);
      return { view: rt ? this.view(rt) : this.emptyView(caseId, c, null), result };
    }
    const draft: Draft = { type: 'close', code, ...(cleanNote ? { note: cleanNote } : {}), ...(overrideReason?.trim() ? { overrideReason: overrideReason.trim() } : {}) };
    const probe = apply(rt.script, rt.ctx, rt.state, this.complete(draft, op));
    if (!probe.ok) throw new ApiError('invalid-argument', probe.error, { script: true, openSteps: openRequiredSteps(rt.script, rt.state) });
    const result = await closeCase(code, cleanNote);
    this.commit(rt, draft, op);
    return { view: this.view(rt), result };
  }

  private complete(draft: Draft, operatorId: string): ScriptInput {
    return { ...draft, id: this.newId(), at: this.now().toISOString(), operatorId } as ScriptInput;
  }

  /** Applies, journals and stores one input, then carries out its effects and shares the record. */
  private commit(rt: Runtime, draft: Draft, operatorId: string): void {
    const input = this.complete(draft, operatorId);
    const r = apply(rt.script, rt.ctx, rt.state, input);
    if (!r.ok) throw new ApiError('invalid-argument', r.error, { script: true });
    const entries = journalEntriesFor(rt.script, input, r.state, rt.ctx.contacts);
    this.o.journal.transaction(() => {
      this.store.save(rt.caseId, rt.script, [input], input.at);
      this.store.setSynced(rt.caseId, false);
      if (r.state.closed) this.store.setClosed(rt.caseId);
      for (const e of entries) this.o.journal.append({ operatorId, caseId: rt.caseId, type: e.type, payload: e.payload });
    });
    rt.inputs.push(input);
    rt.state = r.state;
    rt.hubSynced = false;
    this.effects.run(rt.caseId, r.effects, rt.ctx.contacts);
    if (r.state.closed) this.effects.disarm(rt.caseId);
    this.emit('changed', this.view(rt));
    void this.push(rt);
  }

  /** A timer or a gateway answer: applied if the engine still agrees (a colleague may have moved on). */
  private fire(caseId: string, draft: Draft, operatorId: string): void {
    const rt = this.runtimes.get(caseId);
    if (!rt) return;
    try {
      this.commit(rt, draft, operatorId);
    } catch (err) {
      this.log.info({ caseId, input: draft.type, err: (err as Error).message }, 'script input no longer applies');
    }
  }

  private requireOwner(caseId: string): string {
    const op = this.o.link.operator;
    if (!op) throw new ApiError('not-logged-in', 'Connectez-vous pour suivre le script.');
    const c = this.o.link.getCase(caseId);
    if (!c) throw new ApiError('not-found', `Dossier ${caseId} introuvable dans la file.`);
    if (c.owner?.operatorId !== op.id) throw new ApiError('not-owner', c.owner ? `Ce dossier est pris en charge par ${c.owner.displayName}.` : 'Prenez d’abord le dossier en charge.');
    return op.id;
  }

  private async requireRuntime(caseId: string): Promise<Runtime> {
    const c = this.o.link.getCase(caseId) as Case;
    const rt = await this.runtime(c);
    if (!rt) throw new ApiError('not-found', 'Aucun script pour ce dossier.');
    this.ensureStarted(rt, c);
    return rt;
  }

  /** The case's runtime: in memory, from the store, from the hub (a colleague's), or a newly chosen script. */
  private async runtime(c: Case): Promise<Runtime | null> {
    const known = this.runtimes.get(c.id);
    if (known) return known;
    const stored = this.store.get(c.id);
    let rt: Runtime | null = stored ? buildRuntime(c, stored.script, stored.inputs, stored.hubSynced, this.o.contacts) : null;
    // Ours already: the hub may hold a colleague's later steps, and asking follows the case there.
    if (rt && this.o.link.isConnected()) await this.follow(rt);
    if (!rt && this.o.link.isConnected()) {
      try {
        const record = await this.sync.fetch(c.id);
        if (record) {
          this.store.save(c.id, record.script, record.inputs, this.now().toISOString());
          this.store.setSynced(c.id, true);
          rt = buildRuntime(c, record.script, record.inputs, true, this.o.contacts);
        }
      } catch (err) {
        this.log.info({ caseId: c.id, err: (err as Error).message }, 'hub script record unavailable; choosing locally');
      }
    }
    if (!rt) {
      const script = chooseScript(c, this.o.catalogue);
      if (!script) return null;
      rt = buildRuntime(c, script, [], false, this.o.contacts);
    }
    const raced = this.runtimes.get(c.id);
    if (raced) return raced;
    this.runtimes.set(c.id, rt);
    for (const t of armedTimers(rt.script, rt.state)) this.effects.arm(c.id, t.stepId, t.at);
    return rt;
  }

  /** The owner's console starts the script (journaled), at the claim or when it first shows it. */
  private ensureStarted(rt: Runtime, c: Case): void {
    const op = this.o.link.operator;
    if (rt.state || !op || c.owner?.operatorId !== op.id || c.status === 'closed') return;
    this.commit(rt, { type: 'start', scriptId: rt.script.id, version: rt.script.version }, op.id);
  }

  private async onCase(c: Case): Promise<void> {
    const mine = c.owner?.operatorId !== undefined && c.owner.operatorId === this.o.link.operator?.id;
    if (c.status === 'closed') {
      const rt = this.runtimes.get(c.id);
      this.effects.disarm(c.id);
      if (rt) {
        this.store.setClosed(c.id);
        this.runtimes.delete(c.id);
      }
      return;
    }
    if (!mine && !this.runtimes.has(c.id)) return;
    try {
      const rt = await this.runtime(c);
      if (rt && mine) this.ensureStarted(rt, c);
    } catch (err) {
      this.log.error({ err, caseId: c.id }, 'script start failed');
    }
  }

  private onHubRecord(r: ScriptRecord): void {
    const rt = this.runtimes.get(r.caseId);
    if (!rt) return;
    const added = this.store.save(r.caseId, rt.script, r.inputs, this.now().toISOString());
    if (mergeInputs(rt, r.inputs) === 0 && added === 0) return;
    for (const t of armedTimers(rt.script, rt.state)) this.effects.arm(r.caseId, t.stepId, t.at);
    this.emit('changed', this.view(rt));
  }

  /** Reads the hub's record of a case this console runs (the hub then pushes its changes here) and merges it. */
  private async follow(rt: Runtime): Promise<void> {
    try {
      const record = await this.sync.fetch(rt.caseId);
      if (record) {
        this.store.save(rt.caseId, rt.script, record.inputs, this.now().toISOString());
        if (mergeInputs(rt, record.inputs) > 0) this.emit('changed', this.view(rt));
      }
    } catch (err) {
      this.log.info({ caseId: rt.caseId, err: (err as Error).message }, 'hub script record unavailable');
    }
  }

  private async push(rt: Runtime): Promise<void> {
    const merged = await this.sync.push({ caseId: rt.caseId, script: rt.script, inputs: rt.inputs });
    if (!merged) return;
    rt.hubSynced = true;
    this.store.setSynced(rt.caseId, true);
    if (merged.inputs.length > rt.inputs.length) this.onHubRecord(merged);
    else this.emit('changed', this.view(rt));
  }

  /** After a (re)connect: the hub forgot what this socket followed; follow again, then send what it lacks. */
  private async pushUnsynced(): Promise<void> {
    for (const rt of [...this.runtimes.values()]) await this.follow(rt);
    for (const caseId of this.store.unsyncedCases()) {
      const rt = this.runtimes.get(caseId);
      const stored = rt ? null : this.store.get(caseId);
      if (rt) await this.push(rt);
      else if (stored) {
        const merged = await this.sync.push({ caseId, script: stored.script, inputs: stored.inputs });
        if (merged) this.store.setSynced(caseId, true);
      }
    }
  }

  private view(rt: Runtime): ScriptView {
    const codes = closureCodesFor(rt.ctx.kind, rt.ctx.drill);
    return {
      caseId: rt.caseId,
      script: rt.script,
      state: rt.state,
      contacts: rt.ctx.contacts,
      openRequired: rt.state ? openRequiredSteps(rt.script, rt.state) : [],
      closureCodes: [...codes],
      noteRequired: codes.filter((code) => closureNeedsNote(rt.ctx.kind, rt.ctx.drill, code)),
      drill: rt.ctx.drill,
      voice: this.o.voice?.() !== undefined,
      shared: rt.hubSynced,
      notices: this.notices.get(rt.caseId) ?? [],
      problem: null,
    };
  }

  private emptyView(caseId: string, c: Case | null, problem: string | null): ScriptView {
    const codes = c ? closureCodesFor(c.kind, c.drill) : [];
    return {
      caseId,
      script: null,
      state: null,
      contacts: {},
      openRequired: [],
      closureCodes: [...codes],
      noteRequired: c ? codes.filter((code) => closureNeedsNote(c.kind, c.drill, code)) : [],
      drill: c?.drill ?? false,
      voice: this.o.voice?.() !== undefined,
      shared: false,
      notices: [],
      problem,
    };
  }
}
