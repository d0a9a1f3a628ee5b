// The window's wording: the same Fluent catalog the core reads (locales/<code>/*.ftl at the repository's root),
// one bundle per language folder. Only the window's own words (ui.ftl) and each language's name
// (language.ftl) are loaded, so the bundle stays small; the core sends its sentences ready-made.
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import type { Lang } from "../ipc/generated/Lang";
import type { MessageKey } from "./generated/MessageKey";

export type { Lang, MessageKey };

const ui = import.meta.glob<string>("../../../../locales/*/ui.ftl", { query: "?raw", import: "default", eager: true });
const names = import.meta.glob<string>("../../../../locales/*/language.ftl", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** The language a missing message falls back to. */
export const FALLBACK: Lang = "en";

/** `../../../../locales/it/ui.ftl` → `it`. */
const codeOf = (path: string) => path.split("/").at(-2) ?? "";

/** Each language's bundle, parsed when the language is first asked for: a cold start parses only its own. */
const parsed = new Map<Lang, FluentBundle>();

function bundleOf(code: Lang): FluentBundle | undefined {
  const known = parsed.get(code);
  if (known) return known;
  const texts = [ui, names]
    .map((files) => Object.entries(files).find(([path]) => codeOf(path) === code)?.[1])
    .filter((text): text is string => text !== undefined);
  if (texts.length === 0) return undefined;
  // Plain text everywhere: no FSI/PDI marks around variables (names are isolated by the markup).
  const bundle = new FluentBundle(code, { useIsolating: false });
  for (const text of texts) {
    const errors = bundle.addResource(new FluentResource(text));
    for (const error of errors) console.warn(`locales/${code}: ${error.message}`);
  }
  parsed.set(code, bundle);
  return bundle;
}

/** The catalog's languages, in code order (each folder of locales/). */
export const languages: Lang[] = [...new Set(Object.keys(ui).map(codeOf))].sort();

/** Message `key` in `lang`, or `undefined` with the reason when it is missing or lacks a variable. */
export function tryTranslate(
  lang: Lang,
  key: string,
  values: Record<string, FluentVariable> = {},
): { text?: string; problem?: string } {
  const bundle = bundleOf(lang);
  const message = bundle?.getMessage(key);
  if (!bundle || !message?.value) return { problem: `locales/${lang}: no message ${key}` };
  const errors: Error[] = [];
  const text = bundle.formatPattern(message.value, values, errors);
  if (errors.length > 0) return { problem: `locales/${lang}: ${key}: ${errors[0]?.message}` };
  return { text };
}

/** Message `key` in `lang`; English (with a warning) when the language lacks it or one of its variables. */
export function translate(lang: Lang, key: MessageKey, values?: Record<string, FluentVariable>): string {
  const found = tryTranslate(lang, key, values);
  if (found.text !== undefined) return found.text;
  console.warn(`${found.problem}: falling back to English`);
  return tryTranslate(FALLBACK, key, values).text ?? bestEffort(FALLBACK, key, values);
}

/** What Fluent makes of a broken message (`{$name}` for a missing variable), or the key itself. */
function bestEffort(lang: Lang, key: string, values?: Record<string, FluentVariable>): string {
  const bundle = bundleOf(lang);
  const message = bundle?.getMessage(key);
  return bundle && message?.value ? bundle.formatPattern(message.value, values, []) : key;
}

/** A language's own name, for the language switch (`language-name`: "Italiano"). */
export function languageName(lang: Lang): string {
  return tryTranslate(lang, "language-name").text ?? lang;
}

/** Maps a BCP 47 tag (`it-IT`, `en-GB`) to a language of the catalog by its first subtag; English otherwise. */
export function langFromTag(tag: string | undefined | null): Lang {
  const wanted = tag?.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return languages.find((lang) => lang.toLowerCase() === wanted) ?? FALLBACK;
}
