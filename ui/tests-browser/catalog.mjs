// The expected sentences of the browser tests, read from the catalog the window and the core read
// (locales/<code>/*.ftl), never copied: a wording change moves the tests with it.
import { readdirSync, readFileSync } from "node:fs";
import { FluentBundle, FluentResource } from "@fluent/bundle";

const locales = new URL("../../locales/", import.meta.url);

const bundles = new Map(
  readdirSync(locales, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map(({ name: code }) => {
      const bundle = new FluentBundle(code, { useIsolating: false });
      for (const file of readdirSync(new URL(`${code}/`, locales)).filter((name) => name.endsWith(".ftl"))) {
        const errors = bundle.addResource(new FluentResource(readFileSync(new URL(`${code}/${file}`, locales), "utf8")));
        if (errors.length > 0) throw new Error(`locales/${code}/${file}: ${errors[0].message}`);
      }
      return [code, bundle];
    }),
);

/** The catalog's languages, as the window lists them. */
export const LANGUAGES = [...bundles.keys()].sort();

/** Message `id` in `lang`; a missing message or variable fails the test instead of falling back. */
export function say(lang, id, args = {}) {
  const bundle = bundles.get(lang);
  const message = bundle?.getMessage(id);
  if (!message?.value) throw new Error(`locales/${lang}: no message ${id}`);
  const errors = [];
  const text = bundle.formatPattern(message.value, args, errors);
  if (errors.length > 0) throw new Error(`locales/${lang}: ${id}: ${errors[0].message}`);
  return text;
}

/** The window's message ids (locales/en/ui.ftl): none may ever show as text. */
export const UI_KEYS = [...readFileSync(new URL("en/ui.ftl", locales), "utf8").matchAll(/^([a-zA-Z][\w-]*)\s*=/gm)].map(
  (match) => match[1],
);

/** The check row's sentence when a sign-in completed and the method list was read, in every language. */
export const SIGNED_IN_LIST_READ = Object.fromEntries(LANGUAGES.map((lang) => [lang, say(lang, "assess-sign-in-list-read")]));
