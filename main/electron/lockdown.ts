/**
 * Navigation, new windows, webviews and permissions, locked for every web
 * contents the app creates (Electron security checklist items 5, 11–14).
 */
import { app, type Session } from 'electron';
import type { Logger } from '../log/logger';
import { isAllowedPermission, isTrustedUrl } from './window-options';

export function lockDownContents(logger: Logger, devOrigin: string | null): void {
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      logger.warn({ url: url.slice(0, 200) }, 'navigation blocked');
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedUrl(url, devOrigin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      logger.warn('webview blocked');
    });
    contents.setWindowOpenHandler(({ url }) => {
      logger.warn({ url: url.slice(0, 200) }, 'new window blocked');
      return { action: 'deny' };
    });
  });
}

export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isAllowedPermission(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => isAllowedPermission(permission, requestingOrigin));
}
