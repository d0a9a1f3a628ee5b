// The IT desk screen in headless Chromium with the IPC faked (harness.mjs): each unreadable ticket worded by its
// code, the actions locked until the checklist is complete (second person and PAA for an administrator's
// account), a guest's revoke disabled with the core's reason, the pass shown once, a 403 shown as the missing
// role. Every expected sentence is read from the catalog.
import { test } from "node:test";
import assert from "node:assert/strict";
import { calls, openApp, sharedApp } from "./harness.mjs";
import { LANGUAGES, say } from "./catalog.mjs";

const app = sharedApp();


/** From the start screen to the desk, a ticket pasted and opened. */
async function pasteTicket(page, text) {
  await page.click("[data-testid=start-desk]");
  await page.waitForSelector("[data-testid=desk-screen]");
  await page.fill("[data-testid=desk-paste]", text);
  await page.click("[data-testid=desk-paste-open]");
}

/** A ticket opened and the admin signed in. */
async function signedIn(page, kind) {
  await pasteTicket(page, `TICKET ${kind}`);
  await page.waitForSelector("[data-testid=desk-ticket]");
  await page.fill("[data-testid=desk-admin]", "assistenza.tecnica@liceovolta.edu.it");
  await page.click("[data-testid=desk-sign-in-start]");
  await page.waitForSelector("[data-testid=desk-verify]");
}

async function verifyInPerson(page) {
  await page.check("[data-testid=desk-how-in_person]");
  await page.click("[data-testid=desk-verify-submit]");
  await page.waitForSelector("[data-testid=desk-verified]");
}

for (const lang of LANGUAGES) {
  test(`the start screen offers the IT desk in ${lang}, and each unreadable ticket is told apart by its code`, async () => {
    const { page, errors } = await openApp(app.browser, app.url, { lang });
    assert.equal((await page.locator("[data-testid=start-desk] .title").innerText()).trim(), say(lang, "desk-start-title"));
    const cases = [
      ["Hello IT, my phone is gone.", "ticket_not_lifeboat", say(lang, "desk-open-not-lifeboat")],
      ["-----BEGIN LIFEBOAT TICKET----- DAMAGED", "ticket_damaged", say(lang, "desk-open-damaged", { why: "checksum" })],
      ["-----BEGIN LIFEBOAT TICKET----- NEWER", "ticket_newer", say(lang, "desk-open-unsupported-version", { version: "9" })],
    ];
    await page.click("[data-testid=start-desk]");
    for (const [text, code, sentence] of cases) {
      await page.fill("[data-testid=desk-paste]", text);
      await page.click("[data-testid=desk-paste-open]");
      const refused = page.locator(`[data-testid=desk-open-refused][data-code=${code}]`);
      await refused.waitFor();
      assert.equal((await refused.locator("strong").innerText()).trim(), say(lang, `desk-refused-${code}`));
      assert.equal((await refused.locator("p").innerText()).trim(), sentence);
      assert.equal(await page.locator("[data-testid=desk-ticket]").count(), 0, "nothing opened");
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test(`the actions stay locked until the checklist is complete, in ${lang}`, async () => {
    const { page, errors } = await openApp(app.browser, app.url, { lang });
    await signedIn(page, "member");
    assert.equal((await page.locator("[data-testid=desk-actions-locked]").innerText()).trim(), say(lang, "desk-actions-locked"));
    assert.equal(await page.locator("[data-testid=desk-action-choices]").getAttribute("disabled"), "");
    assert.equal(await page.locator("[data-testid=desk-action-tap]").isDisabled(), true, "inside the locked fieldset");
    assert.equal(await page.locator("[data-testid=desk-preview]").isDisabled(), true);
    assert.equal(await page.locator("[data-testid=desk-admin-note]").count(), 0, "a member needs no second person");
    // Submitted empty: the core's gap, on its field; still locked.
    await page.click("[data-testid=desk-verify-submit]");
    await page.waitForSelector("[data-testid=desk-gap-how]");
    assert.equal((await page.locator("[data-testid=desk-gap-how]").innerText()).trim(), say(lang, "desk-verify-how-missing"));
    assert.equal(await page.locator("[data-testid=desk-actions-locked]").count(), 1);
    await verifyInPerson(page);
    assert.equal(await page.locator("[data-testid=desk-actions-locked]").count(), 0);
    assert.equal(await page.locator("[data-testid=desk-action-choices]").getAttribute("disabled"), null);
    assert.equal(await page.locator("[data-testid=desk-action-tap]").isDisabled(), false);
    // The registration the ticket names is ticked already; the side-by-side rows carry their state.
    assert.deepEqual(await page.locator("[data-testid=desk-action-remove]").evaluateAll((boxes) => boxes.map((box) => box.checked)), [true]);
    assert.deepEqual(
      await page.locator("[data-testid=desk-row]").evaluateAll((rows) => rows.map((row) => row.dataset.state)),
      ["to_remove", "unchanged"],
    );
    assert.deepEqual((await calls(page, "desk_verify")).at(-1).form, { how: { kind: "in_person" }, secondPerson: null, privilegedAdminConfirmed: false });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test(`an administrator's account needs a second person and a Privileged Authentication Administrator, in ${lang}`, async () => {
    const { page, errors } = await openApp(app.browser, app.url, { lang });
    await signedIn(page, "admin");
    assert.equal((await page.locator("[data-testid=desk-admin-note]").innerText()).trim(), say(lang, "desk-verify-admin-note"));
    await page.check("[data-testid=desk-how-in_person]");
    await page.click("[data-testid=desk-verify-submit]");
    await page.waitForSelector("[data-testid=desk-gap-second-person]");
    assert.equal((await page.locator("[data-testid=desk-gap-second-person]").innerText()).trim(), say(lang, "desk-verify-second-person-missing"));
    assert.equal((await page.locator("[data-testid=desk-gap-privileged]").innerText()).trim(), say(lang, "desk-verify-privileged-admin"));
    assert.equal(await page.locator("[data-testid=desk-actions-locked]").count(), 1, "still locked");
    await page.fill("[data-testid=desk-second-person]", "Paola Neri");
    await page.check("[data-testid=desk-privileged]");
    await page.click("[data-testid=desk-verify-submit]");
    await page.waitForSelector("[data-testid=desk-verified]");
    assert.ok((await page.locator("[data-testid=desk-verified]").innerText()).includes("Paola Neri"));
    assert.equal(await page.locator("[data-testid=desk-actions-locked]").count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test(`a guest's sessions cannot be revoked, and the window says why, in ${lang}`, async () => {
    const { page, errors } = await openApp(app.browser, app.url, { lang });
    await signedIn(page, "guest");
    await verifyInPerson(page);
    assert.equal(await page.locator("[data-testid=desk-action-revoke]").isDisabled(), true);
    assert.equal((await page.locator("[data-testid=desk-revoke-reason]").innerText()).trim(), say(lang, "desk-refused-guest-sessions"));
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("the pass is shown once: gone after leaving the desk and coming back", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "en" });
  await signedIn(page, "member");
  await verifyInPerson(page);
  await page.check("[data-testid=desk-action-tap]");
  await page.click("[data-testid=desk-preview]");
  await page.waitForSelector("[data-testid=desk-previews]");
  assert.deepEqual(await page.locator("[data-testid=desk-preview-line]").allInnerTexts(), [
    "[core] preview remove_method",
    "[core] preview create_tap",
  ]);
  await page.click("[data-testid=desk-perform]");
  await page.waitForSelector("[data-testid=desk-pass]");
  assert.equal((await page.locator("[data-testid=desk-pass-value]").innerText()).trim(), "FAKE-PASS-8842");
  assert.deepEqual(
    await page.locator("[data-testid=desk-result]").evaluateAll((items) => items.map((item) => item.dataset.done)),
    ["true", "true"],
  );
  assert.ok((await page.locator("[data-testid=desk-results]").innerText()).includes(say("en", "desk-result-request-id", { requestId: "r-create_tap" })));
  await page.click("[data-testid=desk-pass-copy]");
  await page.waitForSelector("text=" + say("en", "desk-pass-copied"));
  assert.equal((await calls(page, "desk_copy_pass")).length, 1, "copied through the shell, which holds the pass");

  // Away and back: the session ended with the screen, and nothing shows the pass again.
  await page.click("[data-testid=nav-home]");
  await page.waitForSelector("[data-testid=start-screen]");
  await page.waitForFunction(() => window.__calls.some((call) => call.cmd === "desk_close"));
  await page.click("[data-testid=start-desk]");
  await page.waitForSelector("[data-testid=desk-screen]");
  assert.equal(await page.locator("[data-testid=desk-pass]").count(), 0);
  assert.equal(await page.locator("[data-testid=desk-ticket]").count(), 0);
  assert.ok(!(await page.locator("body").innerText()).includes("FAKE-PASS-8842"));
  assert.deepEqual(errors, []);
  await page.close();
});

test("a second pass is refused in the preview until the admin says to replace the first", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "it" });
  await signedIn(page, "member");
  await verifyInPerson(page);
  await page.uncheck("[data-testid=desk-action-remove]");
  await page.check("[data-testid=desk-action-tap]");
  await page.click("[data-testid=desk-preview]");
  await page.click("[data-testid=desk-perform]");
  await page.waitForSelector("[data-testid=desk-pass]");
  // Again: the core's refusal in the preview, and nothing to do.
  await page.check("[data-testid=desk-action-tap]");
  await page.click("[data-testid=desk-preview]");
  const line = page.locator("[data-testid=desk-preview-line]");
  await line.waitFor();
  assert.equal(await line.getAttribute("data-refused"), "true");
  assert.equal((await line.innerText()).trim(), say("it", "desk-refused-tap-exists"));
  assert.equal(await page.locator("[data-testid=desk-perform]").isDisabled(), true);
  // Replacing it is a choice of its own.
  await page.check("[data-testid=desk-tap-replace]");
  await page.click("[data-testid=desk-preview]");
  await page.waitForSelector("[data-testid=desk-preview-line][data-refused=false]");
  assert.equal(await page.locator("[data-testid=desk-perform]").isDisabled(), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test("hiding the pass drops it", async () => {
  const { page } = await openApp(app.browser, app.url, { lang: "it" });
  await signedIn(page, "member");
  await verifyInPerson(page);
  await page.uncheck("[data-testid=desk-action-remove]");
  await page.check("[data-testid=desk-action-tap]");
  await page.click("[data-testid=desk-preview]");
  await page.click("[data-testid=desk-perform]");
  await page.waitForSelector("[data-testid=desk-pass]");
  await page.click("[data-testid=desk-pass-hide]");
  assert.equal(await page.locator("[data-testid=desk-pass]").count(), 0);
  assert.equal((await calls(page, "desk_hide_pass")).length, 1);
  await page.close();
});

for (const lang of LANGUAGES) {
  test(`a 403 is shown as the missing role, in ${lang}`, async () => {
    const { page, errors } = await openApp(app.browser, app.url, { lang, deskForbidden: true });
    await signedIn(page, "member");
    await verifyInPerson(page);
    await page.click("[data-testid=desk-preview]");
    await page.click("[data-testid=desk-perform]");
    const result = page.locator("[data-testid=desk-result]");
    await result.waitFor();
    assert.equal(await result.getAttribute("data-code"), "desk_missing_role");
    assert.equal(await result.getAttribute("data-done"), "false");
    const text = await result.innerText();
    assert.ok(text.includes(say(lang, "desk-403-methods", { requestId: "r-403" })), text);
    assert.ok(text.startsWith(say(lang, "desk-result-not-done")), text);
    // The closing note comes from the shell (the core, from the audit), in the ticket's language.
    await page.click("[data-testid=desk-note-draft]");
    await page.waitForSelector("[data-testid=desk-note-text]");
    assert.ok((await page.locator("[data-testid=desk-note-text]").inputValue()).startsWith("[core] Richiesta"));
    assert.deepEqual(errors, []);
    await page.close();
  });
}

for (const lang of LANGUAGES) {
  test(`the readiness report: a progress bar fed by the shell's events, then the counts, the file and the message, in ${lang}`, async () => {
    const { page, errors } = await openApp(app.browser, app.url, { lang });
    await page.click("[data-testid=start-desk]");
    await page.fill("[data-testid=desk-readiness-admin]", "helpdesk.it@oml.it");
    await page.click("[data-testid=desk-readiness-start]");
    await page.waitForSelector("[data-testid=desk-readiness-running] progress");
    const progress = say(lang, "desk-readiness-progress", { users: 4, pages: 2 });
    await page.waitForFunction((want) => document.querySelector("[data-testid=desk-readiness-progress]")?.innerText === want, progress);
    await page.evaluate(() => window.__finishReadiness());
    await page.waitForSelector("[data-testid=desk-readiness-done]");
    assert.equal(await page.locator("[data-testid=desk-readiness-running]").count(), 0);
    assert.equal(
      (await page.locator("[data-testid=desk-readiness-summary]").innerText()).trim(),
      say(lang, "desk-readiness-done", { users: 4, noMethod: 1, single: 1, fine: 2 }),
    );
    assert.equal(
      (await page.locator("[data-testid=desk-readiness-path]").innerText()).trim(),
      say(lang, "desk-readiness-saved", { path: "/tmp/lifeboat-readiness.csv" }),
    );
    assert.equal(await page.locator("[data-testid=desk-readiness-message]").inputValue(), say(lang, "desk-readiness-message"));
    await page.click("[data-testid=desk-readiness-copy]");
    assert.deepEqual(await calls(page, "copy_text"), [{ text: say(lang, "desk-readiness-message") }]);
    assert.deepEqual(await calls(page, "desk_readiness"), [{ admin: "helpdesk.it@oml.it", lang }]);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("a tenant without the licence the report needs is told so", async () => {
  const { page, errors } = await openApp(app.browser, app.url, { lang: "it", deskNoLicence: true });
  await page.click("[data-testid=start-desk]");
  await page.fill("[data-testid=desk-readiness-admin]", "amministrazione@cantinacollieuganei.it");
  await page.click("[data-testid=desk-readiness-start]");
  const note = page.locator("[data-testid=desk-readiness] [data-testid=error]");
  await note.waitFor();
  assert.equal((await note.innerText()).trim(), say("it", "desk-403-licence", { requestId: "r-lic" }));
  assert.deepEqual(errors, []);
  await page.close();
});
