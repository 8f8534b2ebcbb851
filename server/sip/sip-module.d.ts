// `sip` 0.0.6 (kirm/sip.js) ships no types; only what Veille uses is declared here.
// Everything outside server/sip/ should go through server/sip/stack.ts (bench/ is the
// exception: its floor must run the bare package without Veille code).
declare module 'sip' {
  namespace sip {
    interface SipUri {
      schema: string;
      user?: string;
      password?: string;
      host: string;
      port?: number;
      params: Record<string, string | null>;
      headers?: Record<string, string>;
    }
    interface NameAddr {
      name?: string;
      uri: string | SipUri;
      params?: Record<string, string | null | undefined>;
    }
    interface Via {
      version?: string;
      protocol?: string;
      host?: string;
      port?: number;
      params: Record<string, string | number | null | undefined>;
    }
    interface AuthHeader {
      scheme: string;
      [param: string]: string | undefined;
    }
    interface Headers {
      to?: NameAddr;
      from?: NameAddr;
      'call-id'?: string;
      cseq?: { method: string; seq: number };
      contact?: NameAddr[] | string;
      via?: Via[];
      route?: NameAddr[] | string;
      'content-type'?: string;
      'content-encoding'?: string;
      'content-length'?: number;
      'max-forwards'?: number;
      authorization?: AuthHeader[];
      'proxy-authorization'?: AuthHeader[];
      'www-authenticate'?: AuthHeader[];
      'proxy-authenticate'?: AuthHeader[];
      [name: string]: unknown;
    }
    interface SipRequest {
      method: string;
      uri: string | SipUri;
      version?: string;
      headers: Headers;
      /** Latin-1 ("binary") string: see server/sip/body.ts. */
      content?: string;
    }
    interface SipResponse {
      status: number;
      reason: string;
      version?: string;
      headers: Headers;
      content?: string;
    }
    interface Remote {
      protocol: string;
      address: string;
      port: number;
      local?: { address: string; port: number };
    }
    interface Options {
      udp?: boolean;
      tcp?: boolean;
      address?: string;
      port?: number;
      publicAddress?: string;
      hostname?: string;
      rport?: boolean;
      maxBytesHeaders?: number;
      maxContentLength?: number;
      logger?: {
        send?: (m: SipRequest | SipResponse, target: unknown) => void;
        recv?: (m: SipRequest | SipResponse, remote: Remote) => void;
        error?: (e: unknown) => void;
      };
    }
    interface Stack {
      send(m: SipRequest | SipResponse, callback?: (rs: SipResponse) => void): void;
      destroy(): void;
      hostname(): string;
      /** A URI naming the flow a request came on (address, port, transport): send to it to answer over the same path (NAT). */
      encodeFlowUri(flow: Remote): SipUri;
    }
    function create(options: Options, onRequest: (rq: SipRequest, remote: Remote) => void): Stack;
    function makeResponse(rq: SipRequest, status: number, reason?: string, extension?: Partial<SipResponse>): SipResponse;
    function parseUri(s: string | SipUri): SipUri | undefined;
    function stringifyUri(u: string | SipUri): string;
    function parse(s: string | Buffer): SipRequest | SipResponse | undefined;
    function stringify(m: SipRequest | SipResponse): string;
  }
  export = sip;
}

declare module 'sip/digest' {
  import type sip from 'sip';
  namespace digest {
    type Context = object;
    interface Credentials {
      user: string;
      password?: string;
      hash?: string;
      realm?: string;
    }
    function signRequest(ctx: Context | null | undefined, rq: sip.SipRequest, rs?: sip.SipResponse, creds?: Credentials): Context | null;
    function challenge(ctx: Context, rs: sip.SipResponse): sip.SipResponse;
    function authenticateRequest(ctx: Context, rq: sip.SipRequest, creds: Credentials): boolean;
    function calculateUserRealmPasswordHash(user: string, realm: string, password: string): string;
  }
  export = digest;
}
