/** A duration as an operator reads it: "40 s", "25 min", "1 h 30". */
export function spoken(ms: number): string {
  const sec = Math.max(0, Math.round(ms / 1000));
  if (sec < 120) return `${sec} s`;
  const min = Math.round(sec / 60);
  if (min < 60) return `${min} min`;
  return min % 60 === 0 ? `${min / 60} h` : `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')}`;
}
