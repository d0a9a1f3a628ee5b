// Every screen in both languages, keyboard-only use with visible focus, and hostile names rendered inert,
// in headless Chromium with the IPC faked (harness.mjs). Run with `npm run test:browser` (after `vite build`).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { HOSTILE, launch, openApp, serveDist } from "./harness.mjs";

const HEADINGS = {
  en: {
    start: "What happened?",
    accounts: "Your work and school accounts",
    situation: "What did you lose?",
    results: "What you can do for each account",
    tickets: "Tickets for your IT departments",
    settings: "Settings",
  },
  it: {
    start: "Che cosa è successo?",
    accounts: "I tuoi account di lavoro e di scuola",
    situation: "Che cosa hai perso?",
    results: "Che cosa puoi fare per ogni account",
    tickets: "I ticket per i reparti IT",
    settings: "Impostazioni",
  },
};

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** No message key or placeholder leaked into the page. */
async function assertNoRawKeys(page) {
  const text = await page.locator("body").innerText();
  assert.doesNotMatch(text, /\{[a-zA-Z]+\}/, "an unfilled {placeholder} is visible");
  const key = text.match(/(?<![\w/.@-])(app|lang|start|accounts|situation|results|tickets|settings|verdict|nav|error|practice|common)\.[a-zA-Z]+(\.[a-zA-Z]+)*(?![\w/@-])/);
  assert.equal(key?.[0], undefined, "a message key is visible");
}

for (const lang of ["en", "it"]) {
  describe(`every screen in ${lang}`, () => {
    test("start → accounts → situation → results → tickets, then settings", async () => {
      const { page, errors } = await openApp(browser, server.url, { lang });
      const headings = HEADINGS[lang];
      assert.equal(await page.locator("#start-heading").innerText(), headings.start);
      await assertNoRawKeys(page);

      await page.click("[data-testid=start-lost]");
      assert.equal(await page.locator("#accounts-heading").innerText(), headings.accounts);
      assert.equal(await page.locator("[data-testid=account-row]").count(), 3);
      await assertNoRawKeys(page);

      await page.click("[data-testid=accounts-next]");
      assert.equal(await page.locator("#situation-heading").innerText(), headings.situation);
      await assertNoRawKeys(page);

      await page.click("[data-testid=situation-submit]");
      assert.equal(await page.locator("#results-heading").innerText(), headings.results);
      await page.waitForSelector("[data-testid=matrix]");
      assert.equal(await page.locator("[data-testid=result]").count(), 3);
      await assertNoRawKeys(page);

      await page.click("[data-testid=to-tickets]");
      assert.equal(await page.locator("#tickets-heading").innerText(), headings.tickets);
      await page.waitForSelector("[data-testid=ticket]");
      assert.equal(await page.locator("[data-testid=ticket]").count(), 2, "one ticket per tenant needing IT");
      await assertNoRawKeys(page);

      await page.click("[data-testid=nav-settings]");
      assert.equal(await page.locator("#settings-heading").innerText(), headings.settings);
      await assertNoRawKeys(page);
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
}

test("the situation screen offers the Authenticator phones and sends what was declared", async () => {
  const { page } = await openApp(browser, server.url, { lang: "en" });
  await page.click("[data-testid=start-lost]");
  await page.click("[data-testid=accounts-next]");
  const device = page.locator("[data-testid=lost-device]");
  assert.equal(await device.count(), 1);
  assert.equal(await device.isChecked(), true, "the only phone seen is offered ticked");
  await page.click("[data-testid=number-lost]");
  await page.fill("[data-testid=lost-number]", "+39 333 123 4567");
  await page.click("[data-testid=situation-submit]");
  await page.waitForSelector("[data-testid=results-screen]");
  const calls = await page.evaluate(() => window.__calls.filter((call) => call.cmd === "set_situation"));
  assert.deepEqual(calls[0].args.situation.lostDevices, ["iPhone di Marco"]);
  assert.deepEqual(calls[0].args.situation.unreachableNumbers, ["+39 333 123 4567"]);
  await page.close();
});

test("the manual checklist sends tagged methods and the verdict follows", async () => {
  const { page } = await openApp(browser, server.url, { lang: "it" });
  await page.click("[data-testid=start-lost]");
  await page.click("[data-testid=accounts-next]");
  await page.click("[data-testid=situation-submit]");
  await page.click("[data-testid=manual-open]");
  await page.fill("[data-testid=manual-text]", "iPhone di Marco");
  await page.click("[data-testid=manual-add]");
  await page.locator("[data-testid=manual-text]").nth(1).fill("+39 02 1234 5678");
  await page.click("[data-testid=manual-save]");
  await page.waitForSelector("[data-testid=manual-inventory]", { state: "detached" });
  const calls = await page.evaluate(() => window.__calls.filter((call) => call.cmd === "record_manual_inventory"));
  assert.equal(calls[0].args.id, "3");
  assert.deepEqual(calls[0].args.methods, [
    { kind: "authenticator_app", device: "iPhone di Marco" },
    { kind: "phone", number: "+39 02 1234 5678", line: "mobile" },
  ]);
  const verdicts = await page.locator("[data-testid=result] [data-testid=verdict]").evaluateAll((badges) =>
    badges.map((badge) => badge.getAttribute("data-verdict")),
  );
  assert.deepEqual(verdicts, ["needs_it", "self_service", "self_service"]);
  await page.close();
});

test("importing a file shows what it added", async () => {
  const { page } = await openApp(browser, server.url, { lang: "it" });
  await page.click("[data-testid=start-lost]");
  await page.click("[data-testid=accounts-import]");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=account-row]").length === 4);
  assert.equal(await page.locator("[role=status]").first().innerText(), "Importazione completata. Nuovi: 1; aggiornati: 0.");
  await page.close();
});

test("a refused field is explained in the person's language", async () => {
  const { page } = await openApp(browser, server.url, { lang: "it" });
  await page.click("[data-testid=start-lost]");
  await page.fill("[data-testid=field-upn]", "non è un nome");
  await page.click("[data-testid=account-submit]");
  const error = await page.locator("[data-testid=error]").innerText();
  assert.match(error, /^Il nome di accesso deve/);
  assert.equal(await page.locator("[data-testid=account-row]").count(), 3);
  await page.close();
});

test("keyboard only: every step is reachable with Tab and Enter, and focus is visible", async () => {
  const { page } = await openApp(browser, server.url, { lang: "en" });
  // Tab from the top of the page to the first journey.
  let focused = "";
  for (let presses = 0; presses < 15 && focused !== "start-lost"; presses++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? "");
  }
  assert.equal(focused, "start-lost");
  const outline = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return { width: style.outlineWidth, style: style.outlineStyle };
  });
  assert.equal(outline.style, "solid", "the focused control has a visible outline");
  assert.equal(outline.width, "3px");

  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=accounts-screen]");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "accounts-heading", "focus moves to the new screen's heading");

  // Add an account with the keyboard alone: Tab to the sign-in name, type, Enter submits the form.
  for (let presses = 0; presses < 30; presses++) {
    await page.keyboard.press("Tab");
    if ((await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) === "field-upn") break;
  }
  await page.keyboard.type("anna@contoso.com");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=account-row]").length === 4);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "field-upn", "ready for the next account");
  await page.close();
});

test("a hostile displayName is shown as text: no markup, no script, layout intact", async () => {
  const { page, errors } = await openApp(browser, server.url, { lang: "en", hostile: true });
  await page.click("[data-testid=start-lost]");
  await page.waitForSelector("[data-testid=account-row]");
  await page.click("[data-testid=accounts-next]");
  await page.waitForSelector("[data-testid=lost-device]");
  await page.click("[data-testid=situation-submit]");
  await page.waitForSelector("[data-testid=matrix]");
  await page.click("[data-testid=to-tickets]");
  await page.waitForSelector("[data-testid=ticket]");
  await page.click("[data-testid=nav-results]");
  await page.waitForSelector("[data-testid=matrix]");

  assert.equal(await page.evaluate(() => window.__pwned), undefined, "the onerror handler never ran");
  assert.equal(await page.locator("main img").count(), 0, "no <img> element was created from the name");
  const text = await page.locator("main").innerText();
  assert.ok(text.includes('<img src=x onerror="window.__pwned=1">'), "the name is shown literally");
  assert.ok(text.includes("A".repeat(5000)), "the long name is shown whole");
  // 5,000 characters and a right-to-left override do not push the page sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("practice mode shows its banner and can be left", async () => {
  const { page } = await openApp(browser, server.url, { lang: "it", practice: true });
  const banner = page.locator("[data-testid=practice-banner]");
  assert.match(await banner.innerText(), /Modalità prova/);
  await banner.locator("button").click();
  await page.waitForSelector("[data-testid=practice-banner]", { state: "detached" });
  await page.close();
});

test("opening a link goes through the shell, which refuses anything but Microsoft pages", async () => {
  const { page } = await openApp(browser, server.url, { lang: "en" });
  await page.click("[data-testid=start-ready]");
  await page.click("[data-testid=accounts-next]");
  await page.locator("[data-testid=security-info]").first().click();
  const calls = await page.evaluate(() => window.__calls.filter((call) => call.cmd === "open_link"));
  assert.equal(calls[0].args.url, "https://mysignins.microsoft.com/security-info");
  assert.equal(await page.locator("[data-testid=error]").count(), 0);
  assert.equal(HOSTILE.length > 5000, true);
  await page.close();
});
