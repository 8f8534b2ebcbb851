/**
 * One key (A, « adresse ») copies the case's address and access directions, from
 * anywhere in the console except a text field or an open dialog (their keys are theirs).
 */
import { useEffect, useRef } from 'react';

export const COPY_KEY = 'a';

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) return true;
  return (el as HTMLElement).isContentEditable === true;
}

export function useCopyKey(onCopy: () => void): void {
  const latest = useRef(onCopy);
  latest.current = onCopy;
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing || e.repeat) return;
      if (e.key.toLowerCase() !== COPY_KEY) return;
      if (document.querySelector('[aria-modal="true"]') || isTyping(e.target instanceof Element ? e.target : null)) return;
      e.preventDefault();
      latest.current();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
