import { describe, expect, it } from 'vitest';
import { JitterBuffer, type PulledFrame } from './jitter-buffer';

// A fake clock: the test says when each packet arrives and pulls one frame per 20 ms tick.
const SSRC = 0x1234;

/** A packet whose samples all hold `id`, so the played frames show which packet they came from. */
function packet(seq: number, arrivalMs: number, options: { samples?: number; ssrc?: number; ts?: number; id?: number } = {}) {
  const n = options.samples ?? 160;
  return { ssrc: options.ssrc ?? SSRC, sequence: seq & 0xffff, timestamp: (options.ts ?? 1000 + seq * n) >>> 0, samples: new Int16Array(n).fill(options.id ?? seq), arrivalMs };
}

/** Runs a stream: packets arrive at their `arrivalMs`, a frame is pulled every 20 ms. */
function run(jb: JitterBuffer, packets: ReturnType<typeof packet>[], untilMs: number): PulledFrame[] {
  const queue = [...packets].sort((a, b) => a.arrivalMs - b.arrivalMs);
  const out: PulledFrame[] = [];
  for (let now = 0; now <= untilMs; now += 20) {
    while (queue.length && queue[0]!.arrivalMs <= now) jb.push(queue.shift()!);
    out.push(jb.pull(now));
  }
  return out;
}

const ids = (frames: PulledFrame[]) => frames.filter((f) => f.kind === 'audio').map((f) => f.samples[0]);

describe('jitter buffer', () => {
  it('primes to the 40 ms minimum target, then plays in order with no loss', () => {
    const jb = new JitterBuffer();
    const frames = run(jb, Array.from({ length: 50 }, (_, i) => packet(i, i * 20 + 3)), 1200);
    expect(ids(frames)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // Played from the tick after the second packet (40 ms buffered), not later.
    expect(frames.findIndex((f) => f.kind === 'audio')).toBe(2);
    const st = jb.stats();
    expect(st).toMatchObject({ received: 50, lost: 0, late: 0, duplicates: 0, played: 50, targetMs: 40 });
  });

  it('re-orders by sequence and timestamp, drops duplicates and counts them', () => {
    const jb = new JitterBuffer();
    // [sequence, arrival ms]: 2 and 5 come 20 ms late, after their successor; 4 and 8 twice.
    const arrivals = [[0, 0], [1, 20], [3, 55], [2, 60], [4, 80], [4, 85], [6, 115], [5, 120], [7, 140], [8, 160], [8, 165], [9, 180]] as const;
    const frames = run(jb, arrivals.map(([seq, at]) => packet(seq, at)), 400);
    expect(ids(frames)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(jb.stats()).toMatchObject({ duplicates: 2, lost: 0, late: 0 });
  });

  it('conceals a lost packet with the last frame at lower gain: first waits a frame (ahead of schedule), then moves on', () => {
    const jb = new JitterBuffer();
    const packets = Array.from({ length: 24 }, (_, i) => packet(i, i * 20, { id: 1000 })).filter((p) => p.sequence !== 8 && p.sequence !== 14);
    const frames = run(jb, packets, 500).filter((f) => f.kind !== 'silence');
    // Frame 8 missing 20 ms after its earliest arrival: wait one frame (it may be late), then conceal it.
    expect(frames.slice(8, 11).map((f) => [f.kind, f.samples[0]])).toEqual([
      ['concealed', 900],
      ['concealed', 700],
      ['audio', 1000],
    ]);
    expect(frames[9]!.timestamp).toBe(1000 + 8 * 160);
    // Now on schedule (40 ms): the next loss costs one frame.
    expect(frames.slice(15, 17).map((f) => f.kind)).toEqual(['concealed', 'audio']);
    expect(jb.stats()).toMatchObject({ lost: 2, concealed: 3, played: 22, late: 0 });
  });

  it('fades a long underrun to silence, re-primes, and drops what came too late', () => {
    const jb = new JitterBuffer();
    const first = Array.from({ length: 10 }, (_, i) => packet(i, i * 20, { id: 1000 }));
    // The network stalls 400 ms, then the delayed packets arrive at once with fresh ones.
    const later = Array.from({ length: 20 }, (_, i) => packet(10 + i, Math.max(600, (10 + i) * 20)));
    const frames = run(jb, [...first, ...later], 780);
    const concealed = frames.filter((f) => f.kind === 'concealed').map((f) => f.samples[0]);
    expect(concealed).toEqual([900, 700, 500, 300, 100, 0, 0, 0, 0, 0]);
    expect(frames.slice(11, 30).some((f) => f.kind === 'silence')).toBe(true);
    // Packets 10–18 came after their time had been concealed: dropped as late, not played 400 ms behind.
    const played = ids(frames);
    expect(played.slice(0, 10)).toEqual(Array(10).fill(1000));
    expect(played[10]).toBe(19);
    expect(played.at(-1)).toBe(29);
    const st = jb.stats();
    expect(st.late).toBe(9);
    // The rest of the backlog is worked off by dropping frames, one every 100 ms.
    expect(st.dropped).toBeGreaterThanOrEqual(1);
  });

  it('drops a packet that arrives after its time was played, and counts it late', () => {
    const jb = new JitterBuffer();
    const packets = Array.from({ length: 20 }, (_, i) => packet(i, i === 5 ? 400 : i * 20));
    const frames = run(jb, packets, 600);
    expect(ids(frames)).not.toContain(5);
    expect(jb.stats()).toMatchObject({ late: 1, lost: 0 });
  });

  it('cuts 30 ms packets into 20 ms frames (any ptime)', () => {
    const jb = new JitterBuffer();
    const packets = Array.from({ length: 20 }, (_, i) => {
      const p = packet(i, i * 30, { samples: 240 });
      p.samples = Int16Array.from({ length: 240 }, (_, k) => i * 240 + k);
      return p;
    });
    const audio = run(jb, packets, 700).filter((f) => f.kind === 'audio');
    expect(audio.length).toBeGreaterThanOrEqual(28);
    // Contiguous samples across packet boundaries: frame k starts at sample 160 k.
    audio.slice(0, 28).forEach((f, k) => {
      expect(f.samples[0]).toBe(k * 160);
      expect(f.samples[159]).toBe(k * 160 + 159);
    });
  });

  it('resets on an SSRC change and plays the new stream', () => {
    const jb = new JitterBuffer();
    const a = Array.from({ length: 10 }, (_, i) => packet(i, i * 20, { id: 1 }));
    const b = Array.from({ length: 10 }, (_, i) => packet(5000 + i, 200 + i * 20, { ssrc: 0x9999, ts: 77 + i * 160, id: 2 }));
    const frames = run(jb, [...a, ...b], 700);
    expect(ids(frames).filter((v) => v === 2)).toHaveLength(10);
    expect(jb.stats()).toMatchObject({ resets: 1, lost: 0 });
  });

  it('resets on a timestamp jump beyond 2 s', () => {
    const jb = new JitterBuffer();
    const a = Array.from({ length: 10 }, (_, i) => packet(i, i * 20, { id: 1 }));
    const b = Array.from({ length: 10 }, (_, i) => packet(10 + i, 200 + i * 20, { ts: 1000 + 8000 * 60 + i * 160, id: 2 }));
    const frames = run(jb, [...a, ...b], 700);
    expect(ids(frames).filter((v) => v === 2)).toHaveLength(10);
    expect(jb.stats().resets).toBe(1);
  });

  it('unwraps 16-bit sequence and 32-bit timestamp wrap-around', () => {
    const jb = new JitterBuffer();
    const packets = Array.from({ length: 20 }, (_, i) => packet(65530 + i, i * 20, { ts: 2 ** 32 - 800 + i * 160, id: i }));
    expect(ids(run(jb, packets, 500))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(jb.stats()).toMatchObject({ lost: 0, resets: 0, late: 0 });
  });

  it('raises the target under jitter (p95 + one frame, at most 120 ms)', () => {
    const jb = new JitterBuffer();
    // Every fifth packet is 50 ms late: p95 of the relative delay = 50 ms → target 70 ms.
    const packets = Array.from({ length: 200 }, (_, i) => packet(i, i * 20 + (i % 5 === 0 ? 50 : 0)));
    run(jb, packets, 4200);
    expect(jb.stats().targetMs).toBeGreaterThanOrEqual(68);
    expect(jb.stats().targetMs).toBeLessThanOrEqual(72);
    const wild = new JitterBuffer();
    run(wild, Array.from({ length: 200 }, (_, i) => packet(i, i * 20 + (i % 3 === 0 ? 400 : 0))), 5000);
    expect(wild.stats().targetMs).toBe(120);
  });

  it('drops a frame when the depth stays above target (a sender clock running fast)', () => {
    const jb = new JitterBuffer();
    // The sender's 20 ms is 19.8 ms of ours (1 % fast): a minute adds 600 ms if nothing is dropped.
    const packets = Array.from({ length: 3000 }, (_, i) => packet(i, i * 19.8));
    const frames = run(jb, packets, 59_400);
    const st = jb.stats();
    expect(st.dropped).toBeGreaterThanOrEqual(25);
    expect(st.targetMs).toBe(40);
    expect(st.depthMs).toBeLessThanOrEqual(st.targetMs + 40);
    expect(frames.filter((f) => f.kind === 'concealed')).toHaveLength(0);
  });

  it('treats an empty buffer after comfort noise as silence, not loss', () => {
    const jb = new JitterBuffer();
    run(jb, Array.from({ length: 10 }, (_, i) => packet(i, i * 20)), 160);
    jb.push(packet(9, 180));
    jb.comfortNoise();
    for (let i = 0; i < 10; i++) expect(jb.pull(180 + i * 20).kind).toBe(i < 2 ? 'audio' : 'silence');
    expect(jb.stats().concealed).toBe(0);
  });
});
