/**
 * Carries out what the engine asks: listen to the beacon and call out through the voice
 * service when the console has one (else the step shows the number and the operator
 * records the outcome), messages through the notify gateway, and the wait steps' timers.
 * An effect that fails is logged and said on the step; it never undoes the journaled act.
 */
import type { Effect } from '@shared/scripts/engine';
import type { ResolvedContact } from '@shared/scripts/contacts';
import type { Logger } from '../log/logger';
import type { VoiceService } from '../voice/calls/service';
import type { NotifyGateway } from './notify-gateway';

export interface EffectHost {
  voice(): VoiceService | undefined;
  gateway: NotifyGateway;
  log: Logger;
  /** A wait step's deadline passed. */
  onDeadline(caseId: string, stepId: string): void;
  /** A message went (or failed): the service records the step's outcome. */
  onNotified(caseId: string, stepId: string, ok: boolean, to: string, channel: 'sms' | 'email' | 'call' | 'listen', detail: string): void;
  now(): number;
}

export class Effects {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  constructor(private readonly host: EffectHost) {}

  run(caseId: string, effects: readonly Effect[], contacts: Record<string, ResolvedContact>): void {
    for (const e of effects) {
      try {
        this.one(caseId, e, contacts);
      } catch (err) {
        this.host.log.error({ err, caseId, effect: e.type }, 'script effect failed');
      }
    }
  }

  arm(caseId: string, stepId: string, at: string): void {
    const key = `${caseId}\u0000${stepId}`;
    if (this.timers.has(key)) return;
    const delay = Math.max(0, Date.parse(at) - this.host.now());
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.host.onDeadline(caseId, stepId);
      }, delay),
    );
  }

  disarm(caseId: string, stepId?: string): void {
    for (const [key, t] of this.timers) {
      if (key === `${caseId}\u0000${stepId}` || (stepId === undefined && key.startsWith(`${caseId}\u0000`))) {
        clearTimeout(t);
        this.timers.delete(key);
      }
    }
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private one(caseId: string, e: Effect, contacts: Record<string, ResolvedContact>): void {
    const log = this.host.log;
    switch (e.type) {
      case 'arm-timer':
        return this.arm(caseId, e.stepId, e.at);
      case 'disarm-timer':
        return this.disarm(caseId, e.stepId);
      case 'escalated':
        return void log.warn({ caseId, stepId: e.stepId, to: e.to }, 'script deadline passed: escalated');
      case 'listen': {
        const voice = this.host.voice();
        if (!voice) return;
        voice.request('voice.callBeacon', { caseId, mode: e.mode === 'discreet' ? 'listen' : 'talk' }).catch((err: unknown) => {
          log.warn({ caseId, err: (err as Error).message }, 'script: listening through the beacon failed');
          this.host.onNotified(caseId, e.stepId, false, 'balise', 'listen', (err as Error).message);
        });
        return;
      }
      case 'call': {
        const voice = this.host.voice();
        const c = contacts[e.contact];
        if (!voice || !c?.number) return;
        voice
          .request('voice.callOut', { caseId, contact: { role: c.ref, name: c.name.slice(0, 120), number: c.number } })
          .catch((err: unknown) => {
            log.warn({ caseId, contact: e.contact, err: (err as Error).message }, 'script: call-out failed; the operator dials');
            this.host.onNotified(caseId, e.stepId, false, c.number ?? c.name, 'call', (err as Error).message);
          });
        return;
      }
      case 'notify': {
        const c = contacts[e.contact];
        const to = e.channel === 'email' ? (c?.email ?? null) : (c?.number ?? null);
        if (!to) return this.host.onNotified(caseId, e.stepId, false, c?.name ?? e.contact, e.channel, 'aucun numéro ni adresse dans l’annuaire');
        this.host.gateway.send({ caseId, channel: e.channel, to, message: e.message }).then(
          (r) => this.host.onNotified(caseId, e.stepId, r.ok, to, e.channel, r.ok ? `${this.host.gateway.name} ${r.reference}` : r.error),
          (err: unknown) => this.host.onNotified(caseId, e.stepId, false, to, e.channel, (err as Error).message),
        );
        return;
      }
    }
  }
}
