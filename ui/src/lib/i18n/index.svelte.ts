import { catalogs, type Lang, type MessageKey } from "./messages";
import type { Wording } from "../ipc/generated/Wording";

export type { Lang, MessageKey };

/** Replaces `{name}` placeholders; unknown placeholders stay visible so a missing value is noticed. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** The form of a "one|other" message for `count`, by the language's plural rules (CLDR, via Intl). */
export function pluralForm(lang: Lang, message: string, count: unknown): string {
  const [one, other] = message.split("|");
  if (other === undefined || typeof count !== "number") return one ?? message;
  return new Intl.PluralRules(lang).select(count) === "one" ? (one ?? message) : other;
}

export function translate(lang: Lang, key: MessageKey, values?: Record<string, string | number>): string {
  return format(pluralForm(lang, catalogs[lang][key], values?.count), values);
}

/** Maps a BCP 47 tag (`it-IT`, `en-GB`) to a language Lifeboat speaks; English otherwise. */
export function langFromTag(tag: string | undefined | null): Lang {
  return tag?.trim().toLowerCase().startsWith("it") ? "it" : "en";
}

class I18n {
  lang = $state<Lang>(langFromTag(typeof navigator === "undefined" ? "en" : navigator.language));
  t = (key: MessageKey, values?: Record<string, string | number>): string => translate(this.lang, key, values);
  /** A sentence the core wrote in both languages (a check's rows), in the language chosen now. */
  say = (wording: Wording): string => wording[this.lang];
}

export const i18n = new I18n();
