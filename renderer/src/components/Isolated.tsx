/**
 * Text that came from a beacon, a gateway or the site directory (site name,
 * address, free text, beacon id), isolated with <bdi>: a right-to-left mark or
 * override inside it cannot reorder the labels, times and badges around it.
 */
import type { ReactNode } from 'react';

export function Isolated({ children }: { children: ReactNode }) {
  return <bdi style={{ unicodeBidi: 'isolate' }}>{children}</bdi>;
}
