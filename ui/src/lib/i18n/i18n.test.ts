import { describe, expect, it as test } from "vitest";
import { catalogs, en, it } from "./messages";
import { format, langFromTag, pluralForm, translate } from "./index.svelte";

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

  test("a message with plural forms has them in both languages, each with its {count}", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const forms = { en: en[key].split("|"), it: it[key].split("|") };
      expect(forms.it.length, key).toBe(forms.en.length);
      if (forms.en.length === 1) continue;
      expect(forms.en.length, key).toBe(2);
      for (const form of [...forms.en, ...forms.it]) {
        expect(placeholders(form), `${key}: ${form}`).toContain("count");
      }
    }
  });

  test("Italian is really translated where the text is prose", () => {
    expect(translate("it", "start.lost.title")).toBe("Ho perso il telefono");
    expect(translate("en", "start.lost.title")).toBe("I lost my phone");
  });
});

describe("plural forms", () => {
  test.each([
    ["en", "check.methods.read", 1, "1 method read"],
    ["en", "check.methods.read", 0, "0 methods read"],
    ["en", "check.methods.read", 3, "3 methods read"],
    ["it", "check.methods.read", 1, "1 metodo letto"],
    ["it", "check.methods.read", 0, "0 metodi letti"],
    ["it", "check.methods.read", 2, "2 metodi letti"],
    ["en", "check.start", 1, "Check 1 account"],
    ["en", "check.start", 4, "Check all 4 accounts"],
    ["it", "check.start", 1, "Controlla 1 account"],
    ["it", "check.start", 4, "Controlla tutti i 4 account"],
  ] as const)("%s %s with %d → %s", (lang, key, count, text) => {
    expect(translate(lang, key, { count })).toBe(text);
  });

  test("a message without forms, or without a count, is used as written", () => {
    expect(pluralForm("en", "Check again", 1)).toBe("Check again");
    expect(pluralForm("en", "{count} a|{count} b", undefined)).toBe("{count} a");
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
