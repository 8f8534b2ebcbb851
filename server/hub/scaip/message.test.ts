import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildMrs, decodeScaipBody, MAX_SCAIP_BODY_BYTES, parseMrq, parseMrs, SNU } from './message';

const parsed = (xml: string) => {
  const r = parseMrq(xml);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.mrq;
};

describe('an <mrq> from an alarm sender', () => {
  it('reads the TR 91102 voice alarm example: repeated caller ids, location text in UTF-8', () => {
    const m = parsed(
      '<mrq><ref>1243</ref><cid>678</cid><dty>0003</dty><stc>0010</stc><crd>sip:luc1@example.com</crd><crd>gsm:+46700000000</crd><lco>021</lco><lte>Kök</lte></mrq>',
    );
    expect(m).toEqual({ ref: '1243', mty: 'ME', acceptsHeartbeatInterval: false, cid: '678', dty: '0003', stc: '0010', crd: ['sip:luc1@example.com', 'gsm:+46700000000'], lco: '021', lte: 'Kök', pri: 0 });
  });

  it('ignores namespaces, the XML declaration and unknown tags, and normalises short codes', () => {
    const m = parsed(
      '<?xml version="1.0" encoding="UTF-8"?><s:mrq xmlns:s="http://www.hi.se/2012/XScaipXML"><s:ref>A7</s:ref><s:cid>12</s:cid><s:dty>27</s:dty><s:stc>10</s:stc><s:dco>2</s:dco><s:lco>34</s:lco><s:lge><s:geo>47.2735,-2.2138</s:geo><s:tim>2026-11-30T08:00:00+01</s:tim></s:lge><s:vendor>x</s:vendor><s:mty>pi</s:mty><s:hbo>001</s:hbo><s:pri>7</s:pri></s:mrq>',
    );
    expect(m).toMatchObject({ ref: 'A7', dty: '0027', stc: '0010', dco: '002', lco: '034', geo: { lat: 47.2735, lon: -2.2138 }, tim: '2026-11-30T08:00:00+01', mty: 'PI', acceptsHeartbeatInterval: true, pri: 7 });
    // An absent status code means an alarm: left absent, never guessed.
    expect(parsed('<mrq><ref>1</ref><cid>1</cid><dty>3</dty></mrq>').stc).toBeUndefined();
  });

  it('clips over-long texts and strips control and bidi characters instead of refusing the alarm', () => {
    const m = parsed(`<mrq><ref>9</ref><cid>1</cid><dty>3</dty><dte>${'é'.repeat(40)}</dte><stt>Intrus\u202Eion</stt></mrq>`);
    expect(m.dte).toBe('é'.repeat(32));
    expect(m.stt).toBe('Intrusion');
  });

  it.each([
    ['not XML', 'hello', SNU.invalidFormat, null],
    ['no mrq root', '<mrs><ref>1</ref><snu>0</snu></mrs>', SNU.invalidFormat, '1'],
    ['a DOCTYPE (entity expansion)', '<!DOCTYPE x [<!ENTITY a "aaaa">]><mrq><ref>5</ref><cid>1</cid><dty>3</dty><dte>&a;</dte></mrq>', SNU.invalidFormat, '5'],
    ['no reference', '<mrq><cid>1</cid><dty>3</dty></mrq>', SNU.referenceMissing, null],
    ['a reference with other characters', '<mrq><ref>12-34</ref><cid>1</cid><dty>3</dty></mrq>', SNU.wrongData, null],
    ['no controller id', '<mrq><ref>8</ref><dty>3</dty></mrq>', SNU.mandatoryMissing, '8'],
    ['no device type', '<mrq><ref>8</ref><cid>1</cid></mrq>', SNU.mandatoryMissing, '8'],
    ['a status code that is not one', '<mrq><ref>8</ref><cid>1</cid><dty>3</dty><stc>alarm</stc></mrq>', SNU.wrongData, '8'],
    ['a priority out of range', '<mrq><ref>8</ref><cid>1</cid><dty>3</dty><pri>12</pri></mrq>', SNU.wrongData, '8'],
    ['an unknown message type', '<mrq><ref>8</ref><cid>1</cid><dty>3</dty><mty>XX</mty></mrq>', SNU.wrongData, '8'],
    ['a position off the globe', '<mrq><ref>8</ref><cid>1</cid><dty>3</dty><lge><geo>95,200</geo></lge></mrq>', SNU.wrongData, '8'],
    ['unclosed tags', '<mrq><ref>8</ref><cid>1</cid><dty>3</mrq>', SNU.invalidFormat, '8'],
  ])('refuses %s with the snu the sender expects, and the ref when it can be read', (_what, xml, snu, ref) => {
    expect(parseMrq(xml)).toMatchObject({ ok: false, snu, ref });
  });
});

describe('the body of a SIP MESSAGE', () => {
  const xml = '<mrq><ref>1</ref><cid>1</cid><dty>3</dty><lte>Salle 12 — côté cour</lte></mrq>';

  it('is UTF-8 text, plain or compressed (deflate with or without its zlib header, gzip)', () => {
    for (const [body, enc] of [
      [Buffer.from(xml), undefined],
      [deflateSync(Buffer.from(xml)), 'deflate'],
      [deflateRawSync(Buffer.from(xml)), 'Deflate'],
      [gzipSync(Buffer.from(xml)), 'gzip'],
    ] as const) {
      expect(decodeScaipBody(body, enc)).toEqual({ ok: true, text: xml });
    }
  });

  it('refuses Latin-1 instead of misreading it, an unknown encoding, and a body too long even once compressed small', () => {
    expect(decodeScaipBody(Buffer.from('<mrq><lte>Kök</lte></mrq>', 'latin1'))).toMatchObject({ ok: false, snu: SNU.invalidFormat });
    expect(decodeScaipBody(Buffer.from(xml), 'br')).toMatchObject({ ok: false, snu: SNU.invalidFormat });
    const bomb = deflateSync(Buffer.alloc(10 * 1024 * 1024, 'a'));
    expect(bomb.byteLength).toBeLessThan(MAX_SCAIP_BODY_BYTES);
    expect(decodeScaipBody(bomb, 'deflate')).toMatchObject({ ok: false, snu: SNU.tooLong });
    expect(decodeScaipBody(Buffer.alloc(MAX_SCAIP_BODY_BYTES + 1, 'a'))).toMatchObject({ ok: false, snu: SNU.tooLong });
    expect(decodeScaipBody(Buffer.from('not deflate'), 'deflate')).toMatchObject({ ok: false, snu: SNU.invalidFormat });
  });
});

describe('the <mrs> answer', () => {
  it('carries HOLD, then OK with the voice mode, the heartbeat interval, and escaped text; it reads back the same', () => {
    const hold = buildMrs({ ref: '1243', snu: SNU.hold, ste: 'En attente <opérateur> & co' });
    expect(hold).toContain('<ste>En attente &lt;opérateur&gt; &amp; co</ste>');
    expect(parseMrs(hold)).toEqual({ ref: '1243', snu: 4, ste: 'En attente <opérateur> & co' });
    const ok = buildMrs({ ref: '1243', snu: SNU.ok, mre: 2, hbi: 5000 });
    expect(ok).toBe('<mrs><ref>1243</ref><snu>0</snu><mre>2</mre><hbi>1440</hbi></mrs>');
    expect(parseMrs(ok)).toEqual({ ref: '1243', snu: 0, mre: 2, hbi: 1440 });
    expect(parseMrs('<mrq><ref>1</ref></mrq>')).toBeNull();
  });
});
