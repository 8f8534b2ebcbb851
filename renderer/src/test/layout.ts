/**
 * jsdom has no layout engine: every element measures 0 × 0, so a virtualised
 * list would render no row at all. Give elements a plausible size while a test runs.
 */
export function stubLayout(width = 1280, height = 800): () => void {
  const proto = HTMLElement.prototype;
  const saved = {
    rect: proto.getBoundingClientRect,
    oh: Object.getOwnPropertyDescriptor(proto, 'offsetHeight'),
    ow: Object.getOwnPropertyDescriptor(proto, 'offsetWidth'),
  };
  proto.getBoundingClientRect = function () {
    return { x: 0, y: 0, top: 0, left: 0, width, height, right: width, bottom: height, toJSON: () => ({}) } as DOMRect;
  };
  Object.defineProperty(proto, 'offsetHeight', { configurable: true, get: () => height });
  Object.defineProperty(proto, 'offsetWidth', { configurable: true, get: () => width });
  return () => {
    proto.getBoundingClientRect = saved.rect;
    if (saved.oh) Object.defineProperty(proto, 'offsetHeight', saved.oh);
    if (saved.ow) Object.defineProperty(proto, 'offsetWidth', saved.ow);
  };
}
