import { describe, expect, it as test, vi } from "vitest";
import { FluentResource } from "@fluent/bundle";
import { FALLBACK, langFromTag, languageName, languages, translate, tryTranslate } from "./catalog";
import { messageKeysModule } from "./message-keys.mjs";
import generatedKeys from "./generated/MessageKey.ts?raw";

/** Every catalog file, core and window alike: `../../../../locales/<code>/<file>.ftl` → text. */
const files = import.meta.glob<string>("../../../../locales/*/*.ftl", { query: "?raw", import: "default", eager: true });

type Node = unknown;

/** The variables a pattern reads, in its text and in its selectors. */
function variables(node: Node, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const element of node) variables(element, out);
  } else if (node && typeof node === "object") {
    const expression = node as { type?: string; name?: string; [field: string]: unknown };
    if (expression.type === "var" && expression.name) out.add(expression.name);
    for (const [field, value] of Object.entries(expression)) {
      if (field !== "type" && field !== "name") variables(value, out);
    }
  }
  return out;
}

/** id → "file: variables | attribute(variables)…" for one language; two languages must agree on every line. */
function shapes(code: string): Map<string, string> {
  const shapes = new Map<string, string>();
  for (const [path, text] of Object.entries(files)) {
    const [, folder, file] = /locales\/([^/]+)\/([^/]+)$/.exec(path) ?? [];
    if (folder !== code) continue;
    const resource = new FluentResource(text);
    for (const entry of resource.body) {
      const attributes = Object.entries(entry.attributes)
        .map(([name, value]) => `${name}(${[...variables(value)].sort().join(",")})`)
        .sort();
      const shape = `${file}: ${[...variables(entry.value)].sort().join(",")} | ${attributes.join(" ")}`;
      expect(shapes.has(entry.id), `locales/${code}/${file}: ${entry.id} twice`).toBe(false);
      shapes.set(entry.id, shape);
    }
  }
  return shapes;
}

describe("the catalog", () => {
  test("has a folder per language, English among them, each with its own name", () => {
    expect(languages).toContain("en");
    expect(languages).toContain("it");
    expect(languageName("it")).toBe("Italiano");
    expect(languageName("en")).toBe("English");
  });

  test("every language has every message, in the same file, with the same variables and attributes", () => {
    const english = shapes("en");
    expect(english.size).toBeGreaterThan(300);
    for (const lang of languages) {
      const other = shapes(lang);
      expect([...other.keys()].sort(), lang).toEqual([...english.keys()].sort());
      for (const [id, shape] of english) expect(other.get(id), `${lang}: ${id}`).toBe(shape);
    }
  });

  test("every window message formats in every language without an error", () => {
    const keys = [...generatedKeys.matchAll(/\| "([^"]+)"/g)].map((match) => match[1] ?? "");
    const values = { count: 2, version: "1.0", message: "m", upn: "a@b.c", domain: "b.c", added: 1, updated: 0, path: "/p", grade: "A", done: 1, total: 2, client: "App", name: "N", id: "x", url: "http://127.0.0.1", phones: "iPhone", old: "iPhone", new: "Pixel", seconds: 3, admin: "it@b.c", how: "in person", by: "it@b.c", label: "Redmi", minutes: 60, requestId: "r-1", minimum: 60, maximum: 480, default: 60, users: 3, pages: 1, noMethod: 1, single: 1, fine: 1, at: "2026-12-03 10:00 UTC" };
    for (const lang of languages) {
      for (const key of keys) {
        const found = tryTranslate(lang, key, values);
        expect(found.problem, `${lang}: ${key}`).toBeUndefined();
        expect(found.text?.trim(), `${lang}: ${key}`).not.toBe("");
      }
    }
  });

  test("the generated MessageKey type is up to date with locales/en/ui.ftl (npm run i18n:keys)", () => {
    const english = files["../../../../locales/en/ui.ftl"];
    expect(english).toBeDefined();
    expect(generatedKeys).toBe(messageKeysModule(english ?? ""));
  });

  test("Italian is really translated where the text is prose", () => {
    expect(translate("it", "start-lost-title")).toBe("Ho perso il telefono");
    expect(translate("en", "start-lost-title")).toBe("I lost my phone");
  });

  test("a language without the message, or a variable the message needs, falls back to English", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(translate("xx", "start-lost-title")).toBe("I lost my phone");
    expect(tryTranslate("it", "app-version").problem).toMatch(/version/);
    expect(translate("it", "app-version")).toBe("Version {$version}");
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
    expect(FALLBACK).toBe("en");
  });

  test("no isolation marks around variables", () => {
    expect(translate("en", "app-version", { version: "1.2.3" })).toBe("Version 1.2.3");
  });
});

describe("plural forms", () => {
  test.each([
    ["en", "check-methods-read", 1, "1 method read"],
    ["en", "check-methods-read", 0, "0 methods read"],
    ["en", "check-methods-read", 3, "3 methods read"],
    ["it", "check-methods-read", 1, "1 metodo letto"],
    ["it", "check-methods-read", 0, "0 metodi letti"],
    ["it", "check-methods-read", 2, "2 metodi letti"],
    ["en", "check-start", 1, "Check 1 account"],
    ["en", "check-start", 4, "Check all 4 accounts"],
    ["it", "check-start", 1, "Controlla 1 account"],
    ["it", "check-start", 4, "Controlla tutti i 4 account"],
  ] as const)("%s %s with %d → %s", (lang, key, count, text) => {
    expect(translate(lang, key, { count })).toBe(text);
  });
});

describe("langFromTag", () => {
  test.each([
    ["it-IT", "it"],
    ["it", "it"],
    ["IT-ch", "it"],
    ["it_IT.UTF-8", "it"],
    ["en-US", "en"],
    ["de-DE", "en"],
    ["", "en"],
    [undefined, "en"],
  ])("%s → %s", (tag, lang) => {
    expect(langFromTag(tag)).toBe(lang);
  });
});
