// Rewrites ui/src/lib/i18n/generated/MessageKey.ts from locales/en/ui.ftl (`npm run i18n:keys`).
import { readFile, writeFile } from "node:fs/promises";
import { messageKeysModule } from "../src/lib/i18n/message-keys.mjs";

const source = new URL("../../locales/en/ui.ftl", import.meta.url);
const target = new URL("../src/lib/i18n/generated/MessageKey.ts", import.meta.url);
await writeFile(target, messageKeysModule(await readFile(source, "utf8")));
console.log(`wrote ${target.pathname}`);
