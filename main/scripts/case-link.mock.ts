/**
 * MockCaseLink: the hub link as the script service sees it, with one case and no hub.
 * Only for the fake-timer tests: a real hub cannot live through the clock jumping an
 * hour (its socket pings would all expire at once).
 */
import { EventEmitter } from 'node:events';
import { ApiError } from '@shared/contract/errors';
import type { Case } from '@shared/domain/case';
import type { Operator } from '@shared/domain/operator';
import type { ScriptLink } from './hub-sync';

export class MockCaseLink extends EventEmitter implements ScriptLink {
  constructor(
    readonly operator: Operator | null,
    private readonly cases: Map<string, Case>,
  ) {
    super();
  }
  isConnected(): boolean {
    return false;
  }
  getCase(id: string): Case | undefined {
    return this.cases.get(id);
  }
  ask(): Promise<unknown> {
    return Promise.reject(new ApiError('hub-unreachable', 'Hub injoignable.'));
  }
}
