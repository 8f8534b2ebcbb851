/**
 * Why a request to the hub failed, in words an operator or a technician can
 * act on (French, as the console's UI): connection refused, unknown host,
 * timeout… Node's fetch hides the cause under a generic "fetch failed".
 */

const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connexion refusée (aucun hub n’écoute à cette adresse)',
  ENOTFOUND: 'hôte inconnu',
  EAI_AGAIN: 'hôte inconnu (résolution DNS impossible pour l’instant)',
  ECONNRESET: 'connexion coupée par le serveur',
  EHOSTUNREACH: 'hôte inaccessible',
  ENETUNREACH: 'réseau inaccessible',
  ETIMEDOUT: 'délai de connexion dépassé',
  UND_ERR_CONNECT_TIMEOUT: 'délai de connexion dépassé',
  UND_ERR_SOCKET: 'connexion coupée par le serveur',
  CERT_HAS_EXPIRED: 'certificat TLS du hub expiré',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificat TLS du hub non reconnu (auto-signé)',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificat TLS du hub non reconnu (auto-signé)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificat TLS du hub non vérifiable',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificat TLS établi pour un autre nom',
  EPROTO: 'protocole refusé (https vers un serveur http ?)',
};

function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown[] } | null;
  if (!e || typeof e !== 'object') return undefined;
  if (typeof e.code === 'string') return e.code;
  if (e.cause) return codeOf(e.cause);
  // Happy eyeballs: one error per address tried.
  if (Array.isArray(e.errors) && e.errors.length > 0) return codeOf(e.errors[0]);
  return undefined;
}

/** e.g. « connexion refusée (aucun hub n’écoute à cette adresse) », « pas de réponse en 2 s ». */
export function describeNetError(err: unknown, timeoutMs: number): string {
  const name = (err as Error | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return timeoutMs < 1000 ? `pas de réponse en ${timeoutMs} ms` : `pas de réponse en ${Math.round(timeoutMs / 1000)} s`;
  }
  const code = codeOf(err);
  if (code && CAUSES[code]) return CAUSES[code];
  const deepest = (function last(e: unknown): string {
    const c = (e as { cause?: unknown } | null)?.cause;
    return c ? last(c) : ((e as Error | null)?.message ?? String(e));
  })(err);
  return code ? `${deepest} (${code})` : deepest;
}

/** « Hub injoignable (http://10.0.0.2:4700) : connexion refusée (…) » */
export function hubUnreachableMessage(hubUrl: string, err: unknown, timeoutMs: number): string {
  return `Hub injoignable (${hubUrl}) : ${describeNetError(err, timeoutMs)}`;
}
