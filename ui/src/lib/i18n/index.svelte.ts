import { langFromTag, languageName, languages, translate, type Lang, type MessageKey } from "./catalog";
import type { Wording } from "../ipc/generated/Wording";

export { langFromTag, languageName, languages, translate };
export type { Lang, MessageKey };

class I18n {
  lang = $state<Lang>(langFromTag(typeof navigator === "undefined" ? "en" : navigator.language));
  t = (key: MessageKey, values?: Record<string, string | number>): string => translate(this.lang, key, values);
  /** A sentence the core wrote in every language (a check's rows), in the language chosen now. */
  say = (wording: Wording): string => wording[this.lang] ?? wording.en ?? "";
}

export const i18n = new I18n();
