// The `MessageKey` type, written from the English window catalog (locales/en/ui.ftl): every message id there,
// so `i18n.t("typo")` fails the type check. `npm run i18n:keys` rewrites the file; a test fails when it is stale.

/** Message ids of an FTL text: an entry starts at the line's first column with `id =`. */
export function messageIds(ftl) {
  return [...ftl.matchAll(/^([a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=/gm)].map((match) => match[1]);
}

/** The generated TypeScript module for an FTL text. */
export function messageKeysModule(ftl) {
  const keys = messageIds(ftl).map((id) => `  | ${JSON.stringify(id)}`);
  return [
    "// Generated from locales/en/ui.ftl by `npm run i18n:keys` (a test fails when it is stale): do not edit.",
    "",
    "/** Every message the window can show. */",
    "export type MessageKey =",
    `${keys.join("\n")};`,
    "",
  ].join("\n");
}
