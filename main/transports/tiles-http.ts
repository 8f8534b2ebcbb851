/** Browser mode's /map/… route (see tiles.ts): the basemap and glyphs with HTTP Range. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log/logger';
import { readMapFile } from './tiles';

export function serveMapFile(req: IncomingMessage, res: ServerResponse, pathname: string, resourcesDir: string, log: Logger): void {
  readMapFile(resourcesDir, { method: req.method ?? 'GET', pathname, range: req.headers.range, ifNoneMatch: req.headers['if-none-match'] })
    .then(({ status, headers, body }) => {
      if (status === 404) log.warn({ path: pathname }, 'map file not found');
      res.writeHead(status, headers);
      res.end(body ?? undefined);
    })
    .catch((err: unknown) => {
      log.error({ err, path: pathname }, 'map file could not be read');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
}
