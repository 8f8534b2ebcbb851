/** directory.*: the console's copy of the site directory (main/directory), edits and access codes through the hub. */
import type { Emit, Handlers, Services } from '../types';

type DirectoryMethods = 'directory.get' | 'directory.site' | 'directory.beacon' | 'directory.plan' | 'directory.accessCodes' | 'directory.edit' | 'directory.changes';

export function directoryHandlers(s: Services, emit: Emit): Pick<Handlers, DirectoryMethods> {
  s.directory.on('changed', (e) => emit('directory.changed', e));
  return {
    'directory.get': () => s.directory.view(),
    'directory.site': ({ siteId }) => s.directory.site(siteId),
    'directory.beacon': ({ beaconId }) => s.directory.beacon(beaconId),
    'directory.plan': ({ siteId }) => s.directory.plan(siteId),
    'directory.accessCodes': ({ caseId }) => s.directory.accessCodes(caseId),
    'directory.edit': (input) => s.directory.edit(input),
    'directory.changes': ({ limit }) => s.directory.changes(limit),
  };
}
