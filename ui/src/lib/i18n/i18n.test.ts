import { describe, expect, it as test } from "vitest";
import { catalogs, en, it } from "./messages";
import { format, langFromTag, translate } from "./index.svelte";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogs", () => {
  test("Italian has exactly the English keys", () => {
    expect(Object.keys(it).sort()).toEqual(Object.keys(en).sort());
  });

  test("every message is non-empty and keeps the same placeholders in both languages", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      for (const lang of ["en", "it"] as const) {
        expect(catalogs[lang][key].trim(), `${lang}:${key}`).not.toBe("");
      }
      expect(placeholders(it[key]), key).toEqual(placeholders(en[key]));
    }
  });

  test("Italian is really translated where the text is prose", () => {
    expect(translate("it", "start.lost.title")).toBe("Ho perso il telefono");
    expect(translate("en", "start.lost.title")).toBe("I lost my phone");
  });
});

describe("format", () => {
  test("fills placeholders and leaves unknown ones visible", () => {
    expect(format("Version {version}", { version: "1.2.3" })).toBe("Version 1.2.3");
    expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});

describe("langFromTag", () => {
  test.each([
    ["it-IT", "it"],
    ["it", "it"],
    ["IT-ch", "it"],
    ["en-US", "en"],
    ["de-DE", "en"],
    ["", "en"],
    [undefined, "en"],
  ])("%s → %s", (tag, lang) => {
    expect(langFromTag(tag)).toBe(lang);
  });
});
