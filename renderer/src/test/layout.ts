import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
/**
 * jsdom has no layout engine: every element measures 0 × 0, so a virtualised
 * list would render no row at all. Give elements a plausible size while a test runs.
 */
const SIZE_PROPS = ['offsetHeight', 'offsetWidth', 'clientHeight', 'clientWidth'] as const;

export function stubLayout(width = 1280, height = 800): () => void {
  const proto = HTMLElement.prototype;
  const saved = {
    rect: proto.getBoundingClientRect,
    sizes: SIZE_PROPS.map((p) => [p, Object.getOwnPropertyDescriptor(proto, p) ?? Object.getOwnPropertyDescriptor(Element.prototype, p)] as const),
  };
  proto.getBoundingClientRect = function () {
    return { x: 0, y: 0, top: 0, left: 0, width, height, right: width, bottom: height, toJSON: () => ({}) } as DOMRect;
  };
  for (const p of SIZE_PROPS) Object.defineProperty(proto, p, { configurable: true, get: () => (p.endsWith('Height') ? height : width) });
  return () => {
    proto.getBoundingClientRect = saved.rect;
    for (const [p, d] of saved.sizes) {
      if (d) Object.defineProperty(proto, p, d);
      else delete (proto as unknown as Record<string, unknown>)[p];
    }
  };
}

/**
 * The usual setup of a rendering test with a virtualised list: layout stubbed, the DOM
 * cleaned, real timers back after each test. Call it at the top of a file or describe block.
 */
export function withLayoutStub(): void {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    restore = stubLayout();
  });
  afterEach(() => {
    cleanup();
    restore();
    vi.useRealTimers();
  });
}
