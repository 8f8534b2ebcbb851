/**
 * What the jitter buffer knows about the network: from each packet's RTP timestamp and
 * arrival time, the earliest a sample can be expected (the "base" delay) and how much later
 * than that most packets come (the jitter the buffer must absorb).
 *
 * Relative delay = arrival − timestamp (in ms). Over the last 200 packets a straight line is
 * fitted through it and taken out: a sender clock slightly fast or slow makes the delay slide
 * steadily, which is drift, not jitter. Base = the lowest residual on that line; spread =
 * p95 of the residuals above it; target = spread + one frame, clamped 40–120 ms.
 */
export interface DelayEstimatorOptions {
  perMs: number;
  frameMs: number;
  minTargetMs: number;
  maxTargetMs: number;
  initialTargetMs: number;
  historyPackets: number;
  /** Packets seen before the target moves off its initial value. */
  warmupPackets: number;
}

interface Fit {
  minResidual: number;
  slope: number;
  meanTs: number;
}

export class DelayEstimator {
  targetMs: number;
  /** RFC 3550 §6.4.1 interarrival jitter, in timestamp units. */
  jitter = 0;
  private history: { ts: number; delayMs: number }[] = [];
  private prevTransit: number | null = null;
  private minDelay = Infinity;
  private fit: Fit | null = null;
  private sinceFit = 0;

  constructor(private readonly o: DelayEstimatorOptions) {
    this.targetMs = o.initialTargetMs;
  }

  add(ts: number, arrivalMs: number): void {
    const transit = arrivalMs * this.o.perMs - ts;
    if (this.prevTransit !== null) this.jitter += (Math.abs(transit - this.prevTransit) - this.jitter) / 16;
    this.prevTransit = transit;
    const delayMs = transit / this.o.perMs;
    this.minDelay = Math.min(this.minDelay, delayMs);
    this.history.push({ ts, delayMs });
    if (this.history.length > this.o.historyPackets) this.history.shift();
    if (++this.sinceFit >= 8 && this.history.length >= 16) {
      this.sinceFit = 0;
      const { fit, spreadP95 } = fitDelays(this.history);
      this.fit = fit;
      if (this.history.length >= this.o.warmupPackets) {
        this.targetMs = Math.min(this.o.maxTargetMs, Math.max(this.o.minTargetMs, Math.ceil(spreadP95 + this.o.frameMs)));
      }
    }
  }

  /** The earliest the sample at (unwrapped) timestamp `ts` can be expected, in arrival-clock ms; null before any packet. */
  expectedArrivalMs(ts: number): number | null {
    if (this.history.length === 0) return null;
    const base = this.fit ? Math.min(this.minDelayRecent(), this.fit.minResidual + this.fit.slope * (ts - this.fit.meanTs)) : this.minDelay;
    return ts / this.o.perMs + base;
  }

  reset(): void {
    this.history = [];
    this.prevTransit = null;
    this.minDelay = Infinity;
    this.fit = null;
    this.sinceFit = 0;
  }

  /** The newest packets since the last fit may already show a lower delay than the fitted line. */
  private minDelayRecent(): number {
    let min = Infinity;
    for (let i = Math.max(0, this.history.length - this.sinceFit); i < this.history.length; i++) min = Math.min(min, this.history[i]!.delayMs);
    return min;
  }
}

/** Least-squares line through the delays, then the lowest residual and the p95 spread above it. */
export function fitDelays(history: readonly { ts: number; delayMs: number }[]): { fit: Fit; spreadP95: number } {
  const n = history.length;
  let meanTs = 0;
  let meanDelay = 0;
  for (const h of history) {
    meanTs += h.ts;
    meanDelay += h.delayMs;
  }
  meanTs /= n;
  meanDelay /= n;
  let sxy = 0;
  let sxx = 0;
  for (const h of history) {
    sxy += (h.ts - meanTs) * (h.delayMs - meanDelay);
    sxx += (h.ts - meanTs) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const residuals = history.map((h) => h.delayMs - slope * (h.ts - meanTs)).sort((a, b) => a - b);
  const minResidual = residuals[0]!;
  const p95 = residuals[Math.min(n - 1, Math.max(0, Math.ceil(n * 0.95) - 1))]!;
  return { fit: { minResidual, slope, meanTs }, spreadP95: p95 - minResidual };
}
