/**
 * A screen's own words, Russian and Kazakh side by side in one file per screen (words/<screen>.ts),
 * so that screens added in parallel never edit the same lines of i18n.ts. The Kazakh object must
 * have every key the Russian one has (a missing key fails the build); `useScreenWords` gives the
 * ones of the language chosen.
 */
import { useWords, type Lang } from '../i18n';

export interface ScreenWords<T> {
  ru: T;
  kk: T;
}

/** `{ a: 'слово' }` is typed `{ a: string }`: the Russian side gives the shape, the Kazakh side must match it. */
export function defineWords<T extends object>(ru: T, kk: NoInfer<T>): ScreenWords<T> {
  return { ru, kk };
}

export function useScreenWords<T>(words: ScreenWords<T>): T & { lang: Lang } {
  const { lang } = useWords();
  return { ...(words[lang] as T), lang };
}
