import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A port free on `host` for UDP (and TCP when asked). The `sip` package reads port 0 as
 * 5060, so "any free port" has to be chosen before the stack starts; another process may
 * still take it in between, which then surfaces as a SipBindError, not a crash.
 */
export async function freeSipPort(host: string, tcp = false): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const port = await new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.bind(0, host, () => resolve(s.address().port));
    });
    await new Promise<void>((resolve) => s.close(() => resolve()));
    if (!tcp) return port;
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, host, () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free SIP port found on ${host}`);
}
