import type { Script, Step } from '@shared/scripts/schema';

/** The step's title in the interface language (French unless an English title exists and English is chosen). */
export function stepTitle(step: Pick<Step, 'title' | 'title_en'>, lang: string): string {
  return lang.startsWith('en') && step.title_en ? step.title_en : step.title;
}

export function scriptTitle(script: Pick<Script, 'title' | 'title_en'>, lang: string): string {
  return lang.startsWith('en') && script.title_en ? script.title_en : script.title;
}
