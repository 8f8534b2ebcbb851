import { describe, expect, it } from 'vitest';
import { requestAccess } from './access';
import { requestSchemas } from './requests';

describe('requestAccess', () => {
  it('has exactly one entry per request of the contract', () => {
    expect(Object.keys(requestAccess).sort()).toEqual(Object.keys(requestSchemas).sort());
  });

  it('keeps logging in and reading the session open to a logged-out console', () => {
    expect(requestAccess['session.login']).toBe('public');
    expect(requestAccess['session.get']).toBe('public');
    expect(requestAccess['app.info']).toBe('public');
  });
});
