// Every screen in both languages, the check in turn driven through the fake shell's progress events, keyboard-only
// use with visible focus, and hostile names rendered inert, in headless Chromium with the IPC faked (harness.mjs).
// Run with `npm run test:browser` (after `vite build`).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { HOSTILE, calls, openApp, sharedApp } from "./harness.mjs";
import { LANGUAGES, SIGNED_IN_LIST_READ, UI_KEYS, say } from "./catalog.mjs";

/** The heading of each screen, from the catalog. */
const headingsIn = (lang) => ({
  start: say(lang, "start-heading"),
  accounts: say(lang, "accounts-heading"),
  check: say(lang, "check-heading"),
  situation: say(lang, "situation-heading"),
  results: say(lang, "results-heading-lost"),
  tickets: say(lang, "tickets-heading"),
  settings: say(lang, "settings-heading"),
});
const HEADINGS = Object.fromEntries(LANGUAGES.map((lang) => [lang, headingsIn(lang)]));

/** The start of a message: its first sentence. */
const opening = (text) => new RegExp(`^${text.split(/(?<=[.?]) /)[0].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);

const app = sharedApp();

/** No message key or placeholder leaked into the page, and no command failed (the error note). */
async function assertNoRawKeys(page) {
  assert.equal(await page.locator("[data-testid=error]").count(), 0, "an error note is shown");
  const text = await page.locator("body").innerText();
  assert.doesNotMatch(text, /\{\$?[a-zA-Z_]+\}/, "an unfilled {$placeholder} is visible");
  const key = text.match(new RegExp(`(?<![\\w/.@-])(${UI_KEYS.join("|")})(?![\\w/@-])`));
  assert.equal(key?.[0], undefined, "a message key is visible");
}

/** The check screen's rows as "stage" or "stage/outcome", top to bottom. */
function rows(page) {
  return page
    .locator("[data-testid=check-row]")
    .evaluateAll((items) => items.map((row) => (row.dataset.outcome ? `${row.dataset.stage}/${row.dataset.outcome}` : row.dataset.stage)));
}

/** Waits until the rows read `expected` (the fake runs the check in the background), then asserts it. */
async function waitForRows(page, expected) {
  await page
    .waitForFunction(
      (want) =>
        JSON.stringify(
          [...document.querySelectorAll("[data-testid=check-row]")].map((row) =>
            row.dataset.outcome ? `${row.dataset.stage}/${row.dataset.outcome}` : row.dataset.stage,
          ),
        ) === JSON.stringify(want),
      expected,
    )
    .catch(() => {});
  assert.deepEqual(await rows(page), expected);
}

/** Waits until `selector`'s text is `expected`, then asserts it. */
async function waitForText(page, selector, expected) {
  await page
    .waitForFunction(([css, want]) => document.querySelector(css)?.innerText.trim() === want, [selector, expected])
    .catch(() => {});
  assert.equal((await page.locator(selector).innerText()).trim(), expected);
}


/** Presses Tab until the element with `testid` has the focus; returns whether it got there. */
async function tabTo(page, testid, limit = 40) {
  if ((await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) === testid) return true;
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press("Tab");
    if ((await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) === testid) return true;
  }
  return false;
}

/** The focused control's outline. */
function focusOutline(page) {
  return page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return { width: style.outlineWidth, style: style.outlineStyle };
  });
}

/** From the start screen to the check screen of a journey ("lost" or "ready"). */
async function toCheck(page, journey = "lost") {
  await page.click(`[data-testid=start-${journey}]`);
  await page.waitForSelector("[data-testid=account-row]");
  await page.click("[data-testid=accounts-next]");
  await page.waitForSelector("[data-testid=check-screen]");
}

/** What the check screen says, per language, from the catalog. */
const checkIn = (lang) => ({
  start: say(lang, "check-start", { count: 3 }),
  again: say(lang, "check-again"),
  toSituation: say(lang, "check-toSituation"),
  toResults: say(lang, "check-toResults"),
  rechecking: (done, total) => say(lang, "check-rechecking", { done, total }),
  progress: (done, total) => say(lang, "check-progress", { done, total }),
  waiting: say(lang, "check-waiting-browser", { client: "Microsoft Graph Command Line Tools" }),
  methodsRead: say(lang, "check-methods-read", { count: 4 }),
  signedIn: SIGNED_IN_LIST_READ[lang],
  blocked: say(lang, "assess-sign-in-blocked-by-mfa"),
  skipped: say(lang, "assess-sign-in-skipped"),
  error: say(lang, "error-check_running"),
});
const CHECK = Object.fromEntries(LANGUAGES.map((lang) => [lang, checkIn(lang)]));

for (const lang of LANGUAGES) {
  describe(`every screen in ${lang}`, () => {
    test("start → accounts → check → situation → results → tickets, then settings", async () => {
      const { page, errors } = await openApp(app.browser, app.url, { lang });
      const headings = HEADINGS[lang];
      assert.equal(await page.locator("#start-heading").innerText(), headings.start);
      await assertNoRawKeys(page);

      await page.click("[data-testid=start-lost]");
      assert.equal(await page.locator("#accounts-heading").innerText(), headings.accounts);
      assert.equal(await page.locator("[data-testid=account-row]").count(), 3);
      await assertNoRawKeys(page);

      await page.click("[data-testid=accounts-next]");
      assert.equal(await page.locator("#check-heading").innerText(), headings.check);
      await waitForRows(page, ["waiting", "waiting", "waiting"]);
      await assertNoRawKeys(page);

      await page.click("[data-testid=check-later]");
      assert.equal(await page.locator("#situation-heading").innerText(), headings.situation);
      await assertNoRawKeys(page);

      await page.click("[data-testid=situation-submit]");
      assert.equal(await page.locator("#results-heading").innerText(), headings.results);
      await page.waitForSelector("[data-testid=matrix]");
      assert.equal(await page.locator("[data-testid=result]").count(), 3);
      await assertNoRawKeys(page);

      await page.click("[data-testid=to-tickets]");
      assert.equal(await page.locator("#tickets-heading").innerText(), headings.tickets);
      // No address to answer at yet: the window asks for one and says why before drafting.
      await page.waitForSelector("[data-testid=reply-address-form]");
      assert.ok((await page.locator("[data-testid=reply-address-form]").innerText()).includes(say(lang, "tickets-reply-why")));
      await assertNoRawKeys(page);
      await giveReplyAddress(page, "marco.ferri@gmail.example");
      assert.equal(await page.locator("[data-testid=ticket]").count(), 2, "one ticket per tenant needing IT");
      assert.deepEqual(await page.locator("[data-testid=ticket-from]").allInnerTexts(), ["marco.ferri@gmail.example", "marco.ferri@gmail.example"]);
      await assertNoRawKeys(page);

      await page.click("[data-testid=nav-settings]");
      assert.equal(await page.locator("#settings-heading").innerText(), headings.settings);
      await page.waitForSelector("[data-testid=app-current]");
      await assertNoRawKeys(page);
      assert.equal(await page.locator("[data-testid=error]").count(), 0, "no screen on the way failed a command");
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
}

for (const lang of LANGUAGES) {
  test(`the check in ${lang}: one account read, one stuck at MFA, one skipped, with the progress following`, async () => {
    const { page, errors } = await openApp(app.browser, app.url, { lang, holdRecheck: true });
    const words = CHECK[lang];
    await toCheck(page, "lost");
    assert.equal(await page.locator("#check-heading").innerText(), HEADINGS[lang].check);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "check-heading", "focus moves to the heading");
    // Before the run: the book's accounts, nothing in progress yet.
    await waitForRows(page, ["waiting", "waiting", "waiting"]);
    assert.equal(await page.locator("[data-testid=check-counter]").count(), 0);
    assert.equal((await page.locator("[data-testid=check-start]").innerText()).trim(), words.start);
    await assertNoRawKeys(page);

    await page.click("[data-testid=check-start]");
    assert.deepEqual(await calls(page, "check_start"), [{ accounts: null, lang, fresh: false }]);
    // Remembered sessions first, all at once.
    await waitForRows(page, ["rechecking", "rechecking", "rechecking"]);
    await waitForText(page, "[data-testid=check-counter]", words.rechecking(0, 3));
    assert.equal(await page.locator("[data-testid=check-strip] .segment").count(), 3);
    assert.equal(await page.locator("[data-testid=check-stop]").count(), 1, "a run can be stopped");
    assert.equal(await page.locator("[data-testid=check-start]").count(), 0, "no second run while one runs");
    assert.equal(await page.locator("[data-testid=check-later]").count(), 0);
    await assertNoRawKeys(page);

    // None was remembered: the first account's sign-in opens and the run waits for the person.
    await page.evaluate(() => window.__finishRecheck());
    await waitForRows(page, ["signing_in", "waiting", "waiting"]);
    await waitForText(page, "[data-testid=check-counter]", words.progress(0, 3));
    const card = page.locator("[data-testid=check-current]");
    assert.equal(await card.locator("h2").innerText(), "Ferri Consulting S.r.l.");
    assert.ok((await card.innerText()).includes(words.waiting), "says where to sign in, naming the app");
    const segments = () =>
      page.locator("[data-testid=check-strip] .segment").evaluateAll((items) =>
        items.map((item) => ["ok", "bad", "muted", "now", "todo"].filter((tone) => item.classList.contains(tone)).join(" ") + (item.classList.contains("current") ? "*" : "")),
      );
    assert.deepEqual(await segments(), ["now*", "todo", "todo"]);
    await assertNoRawKeys(page);

    // "Open sign-in again" asks the shell, in the window's language.
    await page.click("[data-testid=check-open]");
    await page.waitForFunction(() => window.__calls.some((call) => call.cmd === "check_open_sign_in"));
    assert.deepEqual(await calls(page, "check_open_sign_in"), [{ lang }]);

    // The person signs in in the browser: the methods are read.
    await page.evaluate(() => window.__completeSignIn({ methodCount: 4 }));
    await waitForRows(page, ["done/completed", "signing_in", "waiting"]);
    await waitForText(page, "[data-testid=check-counter]", words.progress(1, 3));
    const first = await page.locator("[data-testid=check-row]").nth(0).innerText();
    assert.ok(first.includes(words.signedIn), `the first row says how it ended: ${first}`);
    assert.ok(first.includes(words.methodsRead), `the first row says how many methods were read: ${first}`);
    assert.equal(await card.locator("h2").innerText(), "Officine Meccaniche Lombarde S.p.A.", "the next account's turn");

    // "I'm stuck at the MFA prompt" is an answer too.
    await page.click("[data-testid=check-stuck]");
    await waitForRows(page, ["done/completed", "done/blocked_by_mfa", "signing_in"]);
    await waitForText(page, "[data-testid=check-counter]", words.progress(2, 3));
    assert.ok((await page.locator("[data-testid=check-row]").nth(1).innerText()).includes(words.blocked));

    await page.click("[data-testid=check-skip]");
    await waitForRows(page, ["done/completed", "done/blocked_by_mfa", "done/skipped"]);
    await waitForText(page, "[data-testid=check-counter]", words.progress(3, 3));
    assert.ok((await page.locator("[data-testid=check-row]").nth(2).innerText()).includes(words.skipped));
    assert.equal((await calls(page, "check_stuck")).length, 1);
    assert.equal((await calls(page, "check_skip")).length, 1);

    // Finished: the next step and "check again", no current card, no stop.
    await page.waitForSelector("[data-testid=check-next]");
    assert.equal((await page.locator("[data-testid=check-next]").innerText()).trim(), words.toSituation);
    assert.equal((await page.locator("[data-testid=check-start]").innerText()).trim(), words.again);
    assert.equal(await page.locator("[data-testid=check-current]").count(), 0);
    assert.equal(await page.locator("[data-testid=check-stop]").count(), 0);
    assert.deepEqual(await segments(), ["ok", "bad", "muted"]);
    await assertNoRawKeys(page);

    // Switching the language after the run: the rows follow, since the core sent them in both languages.
    const other = lang === "en" ? "it" : "en";
    await page.click(`[data-testid=lang-${other}]`);
    await waitForText(page, "[data-testid=check-counter]", CHECK[other].progress(3, 3));
    const switched = await page.locator("[data-testid=check-row]").nth(0).innerText();
    assert.ok(switched.includes(CHECK[other].signedIn), `the row follows the switch: ${switched}`);
    assert.ok(!switched.includes(words.signedIn), `nothing is left in the run's language: ${switched}`);
    assert.ok((await page.locator("[data-testid=check-row]").nth(1).innerText()).includes(CHECK[other].blocked));
    await page.click(`[data-testid=lang-${lang}]`);
    await waitForText(page, "[data-testid=check-counter]", words.progress(3, 3));

    await page.click("[data-testid=check-next]");
    assert.equal(await page.locator("#situation-heading").innerText(), HEADINGS[lang].situation);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("the second-step question: asked when the methods could not be read, the answer goes to the shell", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "en", noConsent: ["1", "2"] });
  await toCheck(page, "ready");
  await page.click("[data-testid=check-start]");
  await waitForRows(page, ["signing_in", "waiting", "waiting"]);
  assert.equal(await page.locator("[data-testid=second-step-question]").count(), 0, "not asked before the sign-in ends");

  await page.evaluate(() => window.__completeSignIn());
  await waitForRows(page, ["asking_second_step/completed", "waiting", "waiting"]);
  assert.match(await page.locator("[data-testid=second-step-question]").innerText(), opening(say("en", "check-secondStep-question")));
  assert.equal(await page.locator("[data-testid=check-stuck]").count(), 0, "the sign-in is over: nothing to be stuck at");
  await assertNoRawKeys(page);

  await page.click("[data-testid=second-step-yes]");
  await waitForRows(page, ["done/completed", "signing_in", "waiting"]);
  assert.deepEqual(await calls(page, "check_answer_second_step"), [{ confirmed: true }]);
  const first = await page.locator("[data-testid=check-row]").nth(0).innerText();
  assert.ok(first.includes(say("en", "assess-sign-in-completed", { second_step: "confirmed", method: "" })), first);
  assert.ok(first.includes(say("en", "check-methods-needs_admin_consent")), first);
  assert.equal(await page.locator("[data-testid=second-step-question]").count(), 0);

  await page.evaluate(() => window.__completeSignIn());
  await waitForRows(page, ["done/completed", "asking_second_step/completed", "waiting"]);
  await page.click("[data-testid=second-step-no]");
  await waitForRows(page, ["done/completed", "done/completed", "signing_in"]);
  assert.deepEqual(await calls(page, "check_answer_second_step"), [{ confirmed: true }, { confirmed: false }]);
  assert.ok((await page.locator("[data-testid=check-row]").nth(1).innerText()).includes(say("en", "assess-sign-in-completed", { second_step: "denied", method: "" })));

  // The readiness journey goes on to the results.
  await page.evaluate(() => window.__completeSignIn());
  await waitForRows(page, ["done/completed", "done/completed", "done/completed"]);
  await page.waitForSelector("[data-testid=check-next]");
  assert.equal((await page.locator("[data-testid=check-next]").innerText()).trim(), CHECK.en.toResults);
  await page.click("[data-testid=check-next]");
  await page.waitForSelector("[data-testid=results-screen]");
  assert.deepEqual(errors, []);
  await page.close();
});

test("stopping the check: the sign-in in progress is skipped, the rest not checked, and a new run can start", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "en" });
  await toCheck(page, "lost");
  await page.click("[data-testid=check-start]");
  await waitForRows(page, ["signing_in", "waiting", "waiting"]);
  await page.click("[data-testid=check-stop]");
  await waitForRows(page, ["done/skipped", "not_checked", "not_checked"]);
  assert.equal((await calls(page, "check_stop")).length, 1);
  const texts = await page.locator("[data-testid=check-row]").allInnerTexts();
  assert.ok(texts[1].includes(say("en", "check-stage-not_checked")) && texts[2].includes(say("en", "check-stage-not_checked")), texts.join(" | "));
  await page.waitForSelector("[data-testid=check-next]");
  assert.equal(await page.locator("[data-testid=check-stop]").count(), 0);

  await page.click("[data-testid=check-start]");
  await waitForRows(page, ["signing_in", "waiting", "waiting"]);
  assert.equal((await calls(page, "check_start")).length, 2);
  assert.equal(await page.locator("[data-testid=check-next]").count(), 0, "a new run hides the next step until it ends");
  assert.deepEqual(errors, []);
  await page.close();
});

test("leaving the check screen mid-run and coming back shows the run where it is, with one listener", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "en" });
  await toCheck(page, "lost");
  await page.click("[data-testid=check-start]");
  await waitForRows(page, ["signing_in", "waiting", "waiting"]);
  await page.evaluate(() => window.__completeSignIn());
  await waitForRows(page, ["done/completed", "signing_in", "waiting"]);
  assert.equal(await page.evaluate(() => window.__listenerCount("check-progress")), 1);

  await page.click("[data-testid=nav-accounts]");
  await page.waitForSelector("[data-testid=accounts-screen]");
  await page.waitForFunction(() => window.__listenerCount("check-progress") === 0).catch(() => {});
  assert.equal(await page.evaluate(() => window.__listenerCount("check-progress")), 0, "the screen stops listening when it goes");

  await page.click("[data-testid=nav-check]");
  await waitForRows(page, ["done/completed", "signing_in", "waiting"]);
  await waitForText(page, "[data-testid=check-counter]", CHECK.en.progress(1, 3));
  assert.equal(await page.evaluate(() => window.__listenerCount("check-progress")), 1);
  // And it still follows the run.
  await page.click("[data-testid=check-skip]");
  await waitForRows(page, ["done/completed", "done/skipped", "signing_in"]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a remembered session needs no sign-in; without a browser a device code is shown; practice says where to sign in", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "en", practice: true, remembered: ["2"], deviceCode: ["3"] });
  await toCheck(page, "lost");
  assert.match(await page.locator("[data-testid=check-practice-hint]").innerText(), opening(say("en", "check-practiceHint")));
  await page.click("[data-testid=check-start]");
  await waitForRows(page, ["signing_in", "done/completed", "waiting"]);
  assert.ok((await page.locator("[data-testid=check-row]").nth(1).innerText()).includes(say("en", "check-via-remembered")));
  assert.ok((await page.locator("[data-testid=check-current]").innerText()).includes(say("en", "check-waiting-practice")));
  await waitForText(page, "[data-testid=check-counter]", CHECK.en.progress(1, 3));

  await page.evaluate(() => window.__completeSignIn());
  await waitForRows(page, ["done/completed", "done/completed", "device_code"]);
  const code = await page.locator("[data-testid=device-code]").innerText();
  assert.ok(code.includes("https://microsoft.com/devicelogin") && code.includes("FAKE-CODE"), code);
  await page.click("[data-testid=check-stuck]");
  await waitForRows(page, ["done/completed", "done/completed", "done/blocked_by_mfa"]);
  await page.waitForSelector("[data-testid=check-next]");
  await assertNoRawKeys(page);
  assert.deepEqual(errors, []);
  await page.close();
});

for (const lang of LANGUAGES) {
  test(`a refused check is explained in the error note (${lang})`, async () => {
    const { page, errors } = await openApp(app.browser, app.url, {
      lang,
      checkStartError: { code: "check_running", message: "A check is already running." },
    });
    await toCheck(page, "lost");
    await page.click("[data-testid=check-start]");
    await waitForText(page, "[data-testid=error]", CHECK[lang].error);
    assert.equal(await page.locator("[data-testid=check-start]").isEnabled(), true, "the person can try again");
    assert.equal(await page.locator("[data-testid=check-counter]").count(), 0, "no run is shown");
    await waitForRows(page, ["waiting", "waiting", "waiting"]);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("a browser that cannot be opened again is explained, and the run goes on", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "en", noBrowser: true });
  await toCheck(page, "lost");
  await page.click("[data-testid=check-start]");
  await waitForRows(page, ["signing_in", "waiting", "waiting"]);
  await page.click("[data-testid=check-open]");
  await waitForText(
    page,
    "[data-testid=error]",
    say("en", "error-no_browser"),
  );
  await page.click("[data-testid=check-skip]");
  await waitForRows(page, ["done/skipped", "signing_in", "waiting"]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the situation screen offers the Authenticator phones and sends what was declared", async () => {
  const { page } = await openApp(app.browser, app.url, { lang: "en" });
  await page.click("[data-testid=start-lost]");
  await page.click("[data-testid=accounts-next]");
  await page.click("[data-testid=check-later]");
  await page.waitForSelector("[data-testid=lost-device]");
  const device = page.locator("[data-testid=lost-device]");
  assert.equal(await device.count(), 1);
  assert.equal(await device.isChecked(), true, "the only phone seen is offered ticked");
  await page.click("[data-testid=number-lost]");
  await page.fill("[data-testid=lost-number]", "+39 333 123 4567");
  // What happened and who the person is, once for every ticket. A locked work account is refused as the reply
  // address, with the reason, and nothing moves on.
  await page.click("[data-testid=loss-broken]");
  await page.fill("[data-testid=lost-on]", "2026-11-28");
  await page.fill("[data-testid=full-name]", "Marco Ferri");
  await page.fill("[data-testid=contact-email]", "marco.ferri@ferriconsulting.it");
  await page.click("[data-testid=situation-submit]");
  assert.match(await page.locator("[data-testid=error]").innerText(), /not one of the work or school accounts you are locked out of/);
  assert.equal(await page.locator("[data-testid=results-screen]").count(), 0);
  await page.fill("[data-testid=contact-email]", "marco.ferri@gmail.example");
  await page.click("[data-testid=situation-submit]");
  await page.waitForSelector("[data-testid=results-screen]");
  const calls = await page.evaluate(() => window.__calls.filter((call) => call.cmd === "set_situation"));
  assert.equal(calls[0].args.form.replace, true, "the whole declaration");
  assert.deepEqual(calls[0].args.form.lostDevices, ["iPhone di Marco"]);
  assert.deepEqual(calls[0].args.form.unreachableNumbers, ["+39 333 123 4567"]);
  const person = await page.evaluate(() => window.__calls.filter((call) => call.cmd === "set_person").at(-1).args.form);
  assert.deepEqual(person, { fullName: "Marco Ferri", contactEmail: "marco.ferri@gmail.example", lostOn: "2026-11-28", lossKind: "broken" });
  await page.close();
});

test("the account form keeps the details an IT desk needs to verify the person", async () => {
  const { page } = await openApp(app.browser, app.url, { lang: "it" });
  await page.click("[data-testid=start-lost]");
  await page.fill("[data-testid=field-upn]", "giulia.ferri@studenti.liceovolta.edu.it");
  await page.click("[data-testid=ticket-details] summary");
  await page.fill("[data-testid=field-person-id]", "S-20231187");
  await page.fill("[data-testid=field-department]", "4B Liceo scientifico");
  await page.check("[data-testid=field-admin-role]");
  await page.click("[data-testid=account-submit]");
  await page.waitForSelector("text=giulia.ferri@studenti.liceovolta.edu.it");
  const added = await page.evaluate(() => window.__calls.filter((call) => call.cmd === "add_account").at(-1).args.form);
  assert.equal(added.personId, "S-20231187");
  assert.equal(added.department, "4B Liceo scientifico");
  assert.equal(added.adminRole, true);
  assert.equal(added.fullName, "");
  // Editing shows them again, unfolded, so they can be corrected.
  await page.click('[aria-label="Modifica giulia.ferri@studenti.liceovolta.edu.it"]');
  assert.equal(await page.locator("[data-testid=ticket-details]").getAttribute("open"), "");
  assert.equal(await page.inputValue("[data-testid=field-person-id]"), "S-20231187");
  assert.equal(await page.isChecked("[data-testid=field-admin-role]"), true);
  await page.close();
});

test("the manual checklist sends tagged methods and the results show the verdict the shell returns", async () => {
  // An unusual verdict, so the badge can only come from the refreshed results, not from the window.
  const { page } = await openApp(app.browser, app.url, { lang: "it", verdictAfterManual: "not_registered" });
  await page.click("[data-testid=start-lost]");
  await page.click("[data-testid=accounts-next]");
  await page.click("[data-testid=check-later]");
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
  assert.deepEqual(verdicts, ["needs_it", "self_service", "not_registered"]);
  await page.close();
});

test("importing a file shows what it added", async () => {
  const { page } = await openApp(app.browser, app.url, { lang: "it" });
  await page.click("[data-testid=start-lost]");
  await page.click("[data-testid=accounts-import]");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=account-row]").length === 4);
  assert.equal(await page.locator("[role=status]").first().innerText(), say("it", "accounts-imported", { added: 1, updated: 0 }));
  await page.close();
});

/** What the accounts screen says about a damaged account book, per language, from the catalog. */
const SET_ASIDE = "/home/marco/.config/lifeboat/accounts.json.set-aside-1";
const bookRecoveryIn = (lang) => ({
  unreadable: opening(say(lang, "error-book_unreadable")),
  restored: say(lang, "accounts-recover-restored", { count: 3, path: SET_ASIDE }),
  noBackup: opening(say(lang, "error-no_backup")),
  started: say(lang, "accounts-recover-started", { path: SET_ASIDE }),
  details: say(lang, "error-details"),
});
const BOOK_RECOVERY = Object.fromEntries(LANGUAGES.map((lang) => [lang, bookRecoveryIn(lang)]));

for (const lang of LANGUAGES) {
  test(`a damaged account book: explained, its backup put back, or a new list started (${lang})`, async () => {
    const words = BOOK_RECOVERY[lang];
    let { page, errors } = await openApp(app.browser, app.url, { lang, bookUnreadable: { backup: true } });
    await page.click("[data-testid=start-lost]");
    await page.waitForSelector("[data-testid=book-recovery]");
    assert.match(await page.locator("[data-testid=error] p").first().innerText(), words.unreadable);
    const detail = await page.locator("[data-testid=error-detail]").innerText();
    assert.ok(detail.startsWith(words.details), detail);
    assert.ok(detail.includes("accounts.json: expected value at line 1 column 3"), "the technical reason names the file");
    assert.equal(await page.locator("[data-testid=account-row]").count(), 0, "no list is shown from an unreadable book");
    assert.equal(await page.locator("[data-testid=account-form]").count(), 0, "nothing can be added to it meanwhile");
    assert.equal(await page.locator("[data-testid=accounts-import]").count(), 0);
    await page.click("[data-testid=book-restore]");
    await waitForText(page, "[data-testid=book-recovered]", words.restored);
    assert.equal(await page.locator("[data-testid=account-row]").count(), 3);
    assert.equal(await page.locator("[data-testid=error]").count(), 0);
    assert.equal(await page.locator("[data-testid=book-recovery]").count(), 0, "the recovery buttons are gone");
    assert.deepEqual(errors, []);
    await page.close();

    // Without a backup, putting it back is refused with its own sentence; a new list can still start.
    ({ page, errors } = await openApp(app.browser, app.url, { lang, bookUnreadable: { backup: false } }));
    await page.click("[data-testid=start-lost]");
    await page.click("[data-testid=book-restore]");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=error]").length === 2);
    assert.match(await page.locator("[data-testid=error]").nth(1).innerText(), words.noBackup);
    await page.click("[data-testid=book-start-new]");
    await waitForText(page, "[data-testid=book-recovered]", words.started);
    await page.waitForSelector("[data-testid=accounts-empty]");
    assert.equal(await page.locator("[data-testid=error]").count(), 0);
    const calls = await page.evaluate(() => window.__calls.map((call) => call.cmd));
    assert.deepEqual(
      calls.filter((cmd) => cmd === "restore_book_backup" || cmd === "set_book_aside"),
      ["restore_book_backup", "set_book_aside"],
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("the organisation is looked up while a name is typed; a guest's is the inviting one", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "en" });
  await page.click("[data-testid=start-lost]");
  await page.fill("[data-testid=field-upn]", "anna@contoso.com");
  await page.waitForSelector("[data-testid=tenant-lookup][data-status=found]");
  assert.ok((await page.locator("[data-testid=tenant-lookup]").innerText()).includes("contoso.com"));
  // A guest signs in to the inviting organisation: nothing is shown until that is typed.
  await page.selectOption("[data-testid=field-membership]", "guest");
  await page.waitForFunction(() =>
    window.__calls.some((call) => call.cmd === "discover_tenant" && call.args.membership === "guest"),
  );
  assert.equal(await page.locator("[data-testid=tenant-lookup]").count(), 0);
  await page.fill("[data-testid=field-tenant]", "fabrikam.example");
  await page.waitForSelector("[data-testid=tenant-lookup][data-status=unknown]");
  assert.ok((await page.locator("[data-testid=tenant-lookup]").innerText()).includes("fabrikam.example"));
  assert.deepEqual((await calls(page, "discover_tenant")).at(-1), {
    upn: "anna@contoso.com",
    membership: "guest",
    tenantDomain: "fabrikam.example",
  });
  assert.deepEqual(errors, []);
  await page.close();
});

test("a refused field is explained in the person's language", async () => {
  const { page } = await openApp(app.browser, app.url, { lang: "it" });
  await page.click("[data-testid=start-lost]");
  await page.fill("[data-testid=field-upn]", "non è un nome");
  await page.click("[data-testid=account-submit]");
  const error = await page.locator("[data-testid=error]").innerText();
  assert.match(error, opening(say("it", "error-field-upn")));
  assert.equal(await page.locator("[data-testid=account-row]").count(), 3);
  await page.close();
});

test("keyboard only: every step is reachable with Tab and Enter, and focus is visible", async () => {
  const { page } = await openApp(app.browser, app.url, { lang: "en" });
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

test("keyboard only on the check screen: start, I'm stuck and the second-step answer, with visible focus", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "en", noConsent: ["2"] });
  await toCheck(page, "lost");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "check-heading");

  assert.ok(await tabTo(page, "check-start"), "Tab reaches the start button");
  assert.deepEqual(await focusOutline(page), { width: "3px", style: "solid" }, "the focused control has a visible outline");
  await page.keyboard.press("Enter");
  await waitForRows(page, ["signing_in", "waiting", "waiting"]);
  // The start button is gone: the focus went to the account whose turn it is, not back to the page.
  await page.waitForFunction(() => document.activeElement?.closest("[data-testid=check-current]") !== null);

  assert.ok(await tabTo(page, "check-stuck"), "Tab reaches “I'm stuck” during the run");
  assert.deepEqual(await focusOutline(page), { width: "3px", style: "solid" });
  await page.keyboard.press("Enter");
  await waitForRows(page, ["done/blocked_by_mfa", "signing_in", "waiting"]);
  assert.equal((await calls(page, "check_stuck")).length, 1);

  await page.evaluate(() => window.__completeSignIn());
  await waitForRows(page, ["done/blocked_by_mfa", "asking_second_step/completed", "waiting"]);
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "second-step-yes");
  assert.ok(await tabTo(page, "second-step-yes"), "Tab reaches the answer");
  assert.deepEqual(await focusOutline(page), { width: "3px", style: "solid" });
  await page.keyboard.press("Enter");
  await waitForRows(page, ["done/blocked_by_mfa", "done/completed", "signing_in"]);
  assert.deepEqual(await calls(page, "check_answer_second_step"), [{ confirmed: true }]);

  assert.ok(await tabTo(page, "check-skip"), "Tab reaches Skip");
  await page.keyboard.press("Enter");
  await waitForRows(page, ["done/blocked_by_mfa", "done/completed", "done/skipped"]);
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "check-next");
  assert.ok(await tabTo(page, "check-next"), "Tab reaches the next step");
  assert.deepEqual(await focusOutline(page), { width: "3px", style: "solid" });
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=situation-screen]");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a hostile displayName is shown as text: no markup, no script, layout intact", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "en", hostile: true });
  await page.click("[data-testid=start-lost]");
  await page.waitForSelector("[data-testid=account-row]");
  await page.click("[data-testid=accounts-next]");
  await page.click("[data-testid=check-later]");
  await page.waitForSelector("[data-testid=lost-device]");
  await page.click("[data-testid=situation-submit]");
  await page.waitForSelector("[data-testid=matrix]");
  await page.click("[data-testid=to-tickets]");
  await giveReplyAddress(page, "marco@example.org");
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

test("a hostile organisation name is shown as text on the check screen too", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "en", hostile: true });
  const inert = async (when) => {
    assert.equal(await page.evaluate(() => window.__pwned), undefined, `${when}: the onerror handler never ran`);
    assert.equal(await page.locator("main img").count(), 0, `${when}: no <img> element was created from the name`);
    const text = await page.locator("main").innerText();
    assert.ok(text.includes('<img src=x onerror="window.__pwned=1">'), `${when}: the name is shown literally`);
    assert.ok(text.includes("A".repeat(5000)), `${when}: the long name is shown whole`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${when}: the page scrolls sideways by ${overflow}px`);
  };
  await toCheck(page, "lost");
  await waitForRows(page, ["waiting", "waiting", "waiting"]);
  await inert("before the run (the book's rows)");

  await page.click("[data-testid=check-start]");
  await waitForRows(page, ["signing_in", "waiting", "waiting"]);
  // The name is now in the current account's card as well as in its row.
  assert.ok((await page.locator("[data-testid=check-current] h2").innerText()).includes('<img src=x onerror="window.__pwned=1">'));
  await inert("during the sign-in");

  await page.evaluate(() => window.__completeSignIn());
  await waitForRows(page, ["done/completed", "signing_in", "waiting"]);
  await inert("after the sign-in");
  assert.deepEqual(errors, []);
  await page.close();
});

test("practice mode shows its banner and can be left", async () => {
  const { page } = await openApp(app.browser, app.url, { lang: "it", practice: true });
  const banner = page.locator("[data-testid=practice-banner]");
  assert.match(await banner.innerText(), /Modalità prova/);
  await banner.locator("button").click();
  await page.waitForSelector("[data-testid=practice-banner]", { state: "detached" });
  await page.close();
});

test("opening a link goes through the shell, and a refused link is explained", async () => {
  const toResults = async (options) => {
    const { page } = await openApp(app.browser, app.url, { lang: "en", ...options });
    await page.click("[data-testid=start-ready]");
    await page.click("[data-testid=accounts-next]");
    await page.click("[data-testid=check-later]");
    await page.waitForSelector("[data-testid=results-screen]");
    await page.locator("[data-testid=security-info]").first().click();
    await page.waitForFunction(() => window.__calls.some((call) => call.cmd === "open_link"));
    const urls = await page.evaluate(() => window.__calls.filter((call) => call.cmd === "open_link").map((call) => call.args.url));
    return { page, urls };
  };
  // A Microsoft page opens without a word.
  const accepted = await toResults({});
  assert.deepEqual(accepted.urls, ["https://mysignins.microsoft.com/security-info"]);
  assert.equal(await accepted.page.locator("[data-testid=error]").count(), 0);
  await accepted.page.close();
  // A look-alike host is handed to the shell too (the window holds no opener), refused there, and explained.
  const refused = await toResults({ lookAlikeLink: true });
  assert.deepEqual(refused.urls, ["https://mysignins.microsoft.com.evil.example/security-info"]);
  await refused.page.waitForSelector("[data-testid=error]");
  assert.equal(await refused.page.locator("[data-testid=error]").innerText(), say("en", "error-link_refused"));
  await refused.page.close();
});

/** Answers the tickets screen's question: where IT can reply. */
async function giveReplyAddress(page, address) {
  await page.waitForSelector("[data-testid=reply-address-form]");
  await page.fill("[data-testid=reply-address]", address);
  await page.click("[data-testid=reply-address-save]");
  await page.waitForSelector("[data-testid=ticket]");
}

for (const lang of LANGUAGES) {
  test(`tickets in ${lang}: a locked account is refused as the reply address, copying uses the core's text`, async () => {
    const { page, errors } = await openApp(app.browser, app.url, { lang });
    await page.click("[data-testid=start-lost]");
    await page.click("[data-testid=accounts-next]");
    await page.click("[data-testid=check-later]");
    await page.click("[data-testid=situation-submit]");
    await page.click("[data-testid=to-tickets]");
    await page.waitForSelector("[data-testid=reply-address-form]");
    assert.equal(await page.locator("[data-testid=ticket]").count(), 0, "nothing drafted before the address");
    // One of the locked accounts: refused with the field's own sentence, and still no ticket.
    await page.fill("[data-testid=reply-address]", "Marco.Ferri@FerriConsulting.it");
    await page.click("[data-testid=reply-address-save]");
    await page.waitForSelector("[data-testid=reply-address-form] [data-testid=error]");
    assert.equal(await page.locator("[data-testid=reply-address-form] [data-testid=error]").innerText(), say(lang, "error-field-contactEmail"));
    assert.equal(await page.locator("[data-testid=ticket]").count(), 0);
    // A reachable one: kept through set_person, then the tickets are drafted with it.
    await giveReplyAddress(page, "marco.ferri@gmail.example");
    const person = await page.evaluate(() => window.__calls.filter((call) => call.cmd === "set_person").at(-1).args.form);
    assert.deepEqual(person, { contactEmail: "marco.ferri@gmail.example" });
    // Copying hands the person's edit to the shell, which copies the core's text (recipients, web forms, subject).
    await page.locator("[data-testid=ticket-subject]").first().fill("Edited subject");
    await page.locator("[data-testid=ticket-copy]").first().click();
    await page.waitForFunction(() => window.__calls.some((call) => call.cmd === "copy_ticket"));
    const copied = await page.evaluate(() => window.__calls.find((call) => call.cmd === "copy_ticket").args.edit);
    assert.equal(copied.subject, "Edited subject");
    assert.equal(copied.tenantKey, "ferriconsulting.it");
    assert.equal(await page.evaluate(() => window.__calls.some((call) => call.cmd === "copy_text")), false);
    assert.equal(await page.locator("[data-testid=ticket-note]").first().innerText(), say(lang, "tickets-copied"));
    assert.deepEqual(errors, []);
    await page.close();
  });
}

/** To the move screen of the move journey, with the check left for later. */
async function toMove(page) {
  await toCheck(page, "move");
  await page.click("[data-testid=check-later]");
  await page.waitForSelector("[data-testid=move-screen]");
}


for (const lang of LANGUAGES) {
  test(`the move in ${lang}: phones offered, a refusal in the core's words, the plan, steps ticked, safe to wipe, the record`, async () => {
    const { page, errors } = await openApp(app.browser, app.url, { lang });
    await toMove(page);
    assert.equal(await page.locator("#moving-heading").innerText(), say(lang, "moving-heading"));
    // The phones the accounts know are offered as the old one.
    assert.equal(await page.inputValue("[data-testid=old-phone]"), "iPhone di Marco", "the only phone known, chosen");
    assert.ok((await page.locator("[data-testid=move-form]").innerText()).includes(say(lang, "moving-old-phone-hint", { phones: "iPhone di Marco" })));
    await assertNoRawKeys(page);
    // The same phone twice: refused, in the sentence the core wrote, and nothing started.
    await page.fill("[data-testid=new-phone]", "IPHONE di marco");
    await page.click("[data-testid=move-start]");
    assert.equal(await page.locator("[data-testid=move-refusal]").innerText(), "[core] the same phone twice");
    assert.equal(await page.locator("[data-testid=move-account]").count(), 0);

    await page.fill("[data-testid=new-phone]", "Pixel 9 di Marco");
    await page.click("[data-testid=move-start]");
    await page.waitForSelector("[data-testid=move-account]");
    assert.deepEqual((await calls(page, "start_move")).at(-1).form, { oldPhone: "iPhone di Marco", newPhone: "Pixel 9 di Marco", restart: false });
    assert.equal(await page.locator("[data-testid=move-refusal]").count(), 0, "the refusal goes once the move starts");
    assert.equal(await page.locator("[data-testid=move-account]").count(), 3);
    assert.equal(await page.locator("[data-testid=move-answer] p").innerText(), "[core] not yet: 3 accounts depend on it");
    assert.equal(await page.locator("[data-testid=move-first]").count(), 1, "the account with nothing but the old phone is marked first");
    const first = page.locator("[data-testid=move-account]").first();
    assert.ok((await first.innerText()).includes("[core] Microsoft Authenticator on iPhone di Marco"));
    await assertNoRawKeys(page);

    // A step the person did is ticked; "verify" is evidence, never a box to tick.
    await first.locator("[data-step=add_authenticator] input").check();
    await page.waitForFunction(() => window.__calls.some((call) => call.cmd === "mark_move_step"));
    assert.deepEqual((await calls(page, "mark_move_step"))[0], { id: "1", step: "add_authenticator", done: true, lang });
    assert.equal(await first.locator("[data-step=verify] input").count(), 0);
    await first.locator("[data-testid=move-security-info]").click();
    await page.waitForFunction(() => window.__calls.some((call) => call.cmd === "open_security_info"));
    assert.deepEqual((await calls(page, "open_security_info"))[0], { id: "1", lang });

    // Every account marked as never having used the old phone: safe to wipe.
    for (let index = 0; index < 3; index += 1) {
      await page.locator("[data-testid=move-account]").nth(index).locator("[data-testid=move-never-used]").check();
      await page.waitForFunction((n) => window.__calls.filter((call) => call.cmd === "mark_never_used_old_phone").length === n, index + 1);
    }
    await page.waitForSelector("[data-testid=move-answer].safe");
    assert.equal(await page.locator("[data-testid=move-answer] p").innerText(), "[core] yes, safe to wipe");

    // The core words the view in one language: switching asks for it again in the other.
    const other = LANGUAGES.find((code) => code !== lang);
    await page.click(`[data-testid=lang-${other}]`);
    await page.waitForFunction((code) => window.__calls.some((call) => call.cmd === "get_move" && call.args.lang === code), other);
    await page.click(`[data-testid=lang-${lang}]`);
    await page.click("[data-testid=move-save-text]");
    await page.waitForFunction(() => document.querySelector("[data-testid=move-note]")?.textContent !== "");
    assert.equal(await page.locator("[data-testid=move-note]").innerText(), say(lang, "moving-saved", { path: "/tmp/lifeboat-move.txt" }));
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("the move: a fresh sign-in proves an unreadable account, a re-read goes through the check", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "en", noConsent: ["3"] });
  await toMove(page);
  await page.fill("[data-testid=new-phone]", "Pixel 9 di Marco");
  await page.click("[data-testid=move-start]");
  await page.waitForSelector("[data-testid=move-account]");
  const unreadable = page.locator("[data-testid=move-account]").nth(2);
  assert.equal(await unreadable.locator("[data-testid=move-confirm]").count(), 0, "nothing to confirm before a sign-in");
  assert.equal(await page.locator("[data-testid=move-account]").first().locator("[data-testid=move-fresh-sign-in]").count(), 0, "a readable account is proven by a re-read");

  // The fresh sign-in: the remembered session is forgotten first, then the check runs for that account only.
  await unreadable.locator("[data-testid=move-fresh-sign-in]").click();
  await page.waitForSelector("[data-testid=check-screen]");
  assert.deepEqual(await calls(page, "prepare_fresh_sign_in"), [{ id: "3" }]);
  assert.deepEqual((await calls(page, "check_start")).at(-1).accounts, ["3"]);
  assert.equal((await calls(page, "check_start")).at(-1).fresh, true, "a fresh sign-in asks again");
  await waitForRows(page, ["signing_in"]);
  await page.evaluate(() => window.__completeSignIn());
  await page.click("[data-testid=second-step-yes]");
  await page.click("[data-testid=check-next]");
  await page.waitForSelector("[data-testid=move-screen]");
  await page.waitForSelector("[data-testid=move-confirm]");
  assert.equal(await page.locator("[data-testid=move-confirm]").innerText(), say("en", "moving-confirm", { new: "Pixel 9 di Marco" }));
  await page.click("[data-testid=move-confirm]");
  await page.waitForSelector("[data-testid=move-account][data-standing=verified]");
  assert.deepEqual((await calls(page, "confirm_fresh_sign_in"))[0], { id: "3", lang: "en" });

  // The re-read: the check runs for the accounts the shell says a re-read can still tell something about.
  assert.equal(await page.locator("[data-testid=move-reread]").innerText(), say("en", "moving-reread", { count: 2 }));
  await page.click("[data-testid=move-reread]");
  await page.waitForSelector("[data-testid=check-screen]");
  assert.deepEqual((await calls(page, "check_start")).at(-1).accounts, ["1", "2"]);
  assert.equal((await calls(page, "check_start")).at(-1).fresh, false, "a re-read may use remembered sessions");
  assert.deepEqual(errors, []);
  await page.close();
});

for (const lang of LANGUAGES) {
  test(`trouble after the reset in ${lang}: the core's advice per account, and the clock in seconds`, async () => {
    const { page, errors } = await openApp(app.browser, app.url, { lang });
    await page.click("[data-testid=start-lost]");
    await page.click("[data-testid=accounts-next]");
    await page.click("[data-testid=check-later]");
    await page.click("[data-testid=situation-submit]");
    await page.waitForSelector("[data-testid=result]");
    const first = page.locator("[data-testid=result]").first();
    await first.locator("[data-testid=troubleshoot-open]").click();
    await first.locator("[data-testid=troubleshooting]").waitFor();
    assert.deepEqual(await calls(page, "troubleshoot_account"), [{ id: "1", lang }]);
    assert.equal(await first.locator("[data-testid=troubleshoot-clock]").innerText(), say(lang, "results-troubleshoot-clock", { seconds: -47 }));
    assert.equal(await first.locator("[data-testid=troubleshoot-item]").getAttribute("data-symptom"), "codes_rejected");
    assert.ok((await first.locator("[data-testid=troubleshoot-item]").innerText()).includes("[core] 47 seconds behind"));
    // An account with nothing to advise says so.
    const second = page.locator("[data-testid=result]").nth(1);
    await second.locator("[data-testid=troubleshoot-open]").click();
    await second.locator("[data-testid=troubleshooting]").waitFor();
    assert.ok((await second.locator("[data-testid=troubleshooting]").innerText()).includes(say(lang, "results-troubleshoot-nothing")));
    // The prevention record, written by the core, saved where the person chooses.
    await page.click("[data-testid=save-record]");
    await page.waitForFunction(() => document.querySelector("[data-testid=record-note]")?.textContent !== "");
    assert.equal(await page.locator("[data-testid=record-note]").innerText(), say(lang, "results-recordSaved", { path: "/tmp/lifeboat-readiness.html" }));
    assert.deepEqual(await calls(page, "save_prevention_record"), [{ lang }]);
    await assertNoRawKeys(page);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("practice offers its sample person's accounts with one click, and only in practice", async () => {
  for (const practice of [true, false]) {
    const { page, errors } = await openApp(app.browser, app.url, { lang: "it", practice, emptyBook: true });
    await page.click("[data-testid=start-lost]");
    await page.waitForSelector("[data-testid=accounts-empty]");
    if (!practice) {
      assert.equal(await page.locator("[data-testid=practice-samples]").count(), 0, "no samples for real accounts");
      await page.close();
      continue;
    }
    await page.click("[data-testid=practice-samples]");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=account-row]").length === 4);
    assert.equal(await page.locator("[role=status]").first().innerText(), say("it", "accounts-samples-added", { count: 4 }));
    assert.equal(await page.locator("[data-testid=practice-samples]").count(), 0, "the offer goes once the book has accounts");
    assert.deepEqual(errors, []);
    await page.close();
  }
});

for (const lang of LANGUAGES) {
  test(`readiness questions in ${lang}: each answer goes to the core alone and the grades come back changed`, async () => {
    const { page, errors } = await openApp(app.browser, app.url, { lang });
    await page.click("[data-testid=start-ready]");
    await page.click("[data-testid=accounts-next]");
    await page.click("[data-testid=check-later]");
    await page.waitForSelector("[data-testid=readiness-questions]");
    const grade = () => page.locator("[data-testid=result] .grade").first().innerText();
    assert.equal(await grade(), say(lang, "results-grade", { grade: "B" }));
    await page.click("[data-testid=number-current-no]");
    await page.waitForFunction(() => document.querySelector("[data-testid=result] .grade")?.textContent?.includes("D"));
    assert.equal(await grade(), say(lang, "results-grade", { grade: "D" }));
    await page.click("[data-testid=backup-on-yes]");
    await page.waitForFunction(() => window.__calls.filter((call) => call.cmd === "set_situation").length === 2);
    const sent = (await calls(page, "set_situation")).map(({ form }) => form);
    assert.equal(sent[0].replace, false, "an answer never replaces what was declared");
    assert.equal(sent[0].phoneNumberCurrent, false);
    assert.equal(sent[1].authenticatorBackupOn, true);
    assert.ok(!("phoneNumberCurrent" in sent[1]), "one answer at a time");
    assert.ok(await page.locator("[data-testid=number-current-no]").isChecked());
    assert.ok(await page.locator("[data-testid=backup-on-yes]").isChecked());
    await assertNoRawKeys(page);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("after IT acted: practice's IT desk sends a pass, steps are ticked, the proof needs a fresh sign-in, then the account is green", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "en", practice: true });
  await page.click("[data-testid=start-lost]");
  await page.click("[data-testid=accounts-next]");
  await page.click("[data-testid=check-later]");
  await page.click("[data-testid=situation-submit]");
  const first = page.locator("[data-testid=result]").first();
  await first.locator("[data-testid=practice-it-acts]").click();
  await first.locator("[data-testid=practice-pass]").waitFor();
  assert.equal(await first.locator("[data-testid=practice-pass] code").innerText(), "PRACTICE-TAP-1234");
  assert.deepEqual(await calls(page, "start_reregistration"), [{ id: "1", lang: "en" }]);
  // The steps are the core's, in its order; "verify" is never a tick.
  const steps = await first.locator("[data-testid=rereg-step]").evaluateAll((items) => items.map((item) => item.dataset.step));
  assert.deepEqual(steps, ["sign_in_with_pass", "add_authenticator", "make_default", "remove_lost_device", "add_second_method", "verify"]);
  assert.equal(await first.locator("[data-testid=rereg-tick-verify]").count(), 0);
  await first.locator("[data-testid=rereg-tick-add_authenticator]").check();
  await page.waitForFunction(() => window.__calls.some((call) => call.cmd === "mark_reregistration_step"));
  assert.deepEqual(await calls(page, "mark_reregistration_step"), [{ id: "1", step: "add_authenticator", done: true, lang: "en" }]);
  // Confirming before the fresh sign-in is refused in the core's words.
  await first.locator("[data-testid=rereg-confirm]").click();
  await first.locator("[data-testid=error]").waitFor();
  assert.ok((await first.locator("[data-testid=error]").innerText()).includes("[core] sign in afresh first"));
  // The proof: the remembered session is forgotten, then the check runs for this account alone.
  await first.locator("[data-testid=rereg-verify]").click();
  await page.waitForSelector("[data-testid=check-screen]");
  assert.deepEqual(await calls(page, "prepare_fresh_sign_in"), [{ id: "1" }]);
  assert.deepEqual((await calls(page, "check_start")).at(-1), { accounts: ["1"], lang: "en", fresh: true });
  await page.click("[data-testid=nav-results]");
  const again = page.locator("[data-testid=result]").first();
  await again.locator("[data-testid=rereg-method]").selectOption("new-pixel");
  await again.locator("[data-testid=rereg-confirm]").click();
  await again.locator("[data-testid=rereg-verified]").waitFor();
  assert.equal(await again.locator("[data-testid=rereg-verified]").innerText(), "[core] proven with new-pixel");
  assert.deepEqual((await calls(page, "confirm_reregistration")).at(-1), { id: "1", method: "new-pixel", lang: "en" });
  assert.equal(await again.locator("[data-testid=rereg-verify]").count(), 0);
  await assertNoRawKeys(page);
  assert.deepEqual(errors, []);
  await page.close();
});
