/** Answer targets in words: « 60 s », « 5 min », « 30 min ». */
import type { TFunction } from 'i18next';

export function targetText(t: TFunction, seconds: number): string {
  return seconds < 120 ? t('duration.seconds', { n: seconds }) : t('duration.minutes', { n: Math.round(seconds / 60) });
}
