/**
 * Message bodies and the `sip` package: it does all its I/O as Latin-1 ("binary") strings,
 * so a body is a string of bytes, one character per byte. Convert at the edge, never in
 * between, or « Kök » arrives as « KÃ¶k » (PROTOCOLS.md §3.3, pitfall 1).
 */

/** The bytes of a received body. */
export function bodyBytes(content: string | undefined): Buffer {
  return Buffer.from(content ?? '', 'binary');
}

/** A UTF-8 text as the `sip` package must be given it (its Content-Length is then in bytes). */
export function encodeBody(text: string): string {
  return Buffer.from(text, 'utf8').toString('binary');
}

/** A received body read as UTF-8 (lenient: bad bytes become U+FFFD); strict decoding is the caller's business. */
export function decodeBody(content: string | undefined): string {
  return bodyBytes(content).toString('utf8');
}
