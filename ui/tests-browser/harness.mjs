// Runs the built UI (ui/dist) in headless Chromium with the Tauri IPC replaced by an in-page fake backend, so
// every screen can be driven without the Rust shell. The real shell is covered by the WebDriver tests (tests/).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { LANGUAGES, SIGNED_IN_LIST_READ, say } from "./catalog.mjs";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png" };

/** Serves ui/dist on a free loopback port. */
export async function serveDist() {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dist, path === "/" ? "index.html" : path);
    try {
      const body = await readFile(file);
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** Launches Debian's Chromium headless with a throw-away profile. */
export async function launch() {
  const profile = await mkdtemp(join(tmpdir(), "lifeboat-ui-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1100, height: 760 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The fake backend, injected before the app's code. It keeps a book in memory and answers the commands the
 * window uses with the shapes the generated types describe. `seed` is the initial state (accounts, devices).
 * Every call is recorded in `window.__calls`.
 */
export function fakeBackend(seed) {
  /* global window */
  const state = { ...seed, sent: new Set(), simulatorUrl: null, answers: {}, rereg: {} };
  // The re-registration as the core would show it: its steps, and the proof once confirmed.
  const REREG_STEPS = ["sign_in_with_pass", "add_authenticator", "make_default", "remove_lost_device", "add_second_method", "verify"];
  const setSituation = (form) => (
    (state.situation = {
      lostDevices: form.lostDevices,
      heldDevices: form.heldDevices,
      unreachableNumbers: form.unreachableNumbers,
      otpOnHeldDevice: form.otpOnHeldDevice ?? false,
      authenticatorPasskeyOnHeldDevice: form.passkeyOnHeldDevice ?? false,
      externalMethodUsable: form.externalMethodUsable ?? false,
      now: null,
    }),
    book()
  );
  const reregView = (id) => {
    const rereg = state.rereg[id];
    if (!rereg) return null;
    return {
      began: "2026-12-02 10:00 UTC",
      steps: REREG_STEPS.map((step) => ({
        step,
        text: `[core] ${step}`,
        done: step === "verify" ? Boolean(rereg.verified) : rereg.done.includes(step),
        tickable: step !== "verify",
      })),
      securityInfoUrl: "https://mysignins.microsoft.com/security-info",
      methodChoices: [
        { id: "new-pixel", label: "Microsoft Authenticator on “Pixel 9”" },
        { id: "sms", label: "SMS to the number ending 0101" },
      ],
      verified: rereg.verified ? `[core] proven with ${rereg.verified}` : null,
    };
  };
  const BOOK = "/home/marco/.config/lifeboat/accounts.json";
  const UNREADABLE = {
    code: "book_unreadable",
    message: "The account book could not be read.",
    detail: `${BOOK}: expected value at line 1 column 3; the file was left untouched`,
  };
  window.__calls = [];
  const verdictHeadline = Object.fromEntries(
    Object.entries(state.wording.headline).map(([verdict, texts]) => [verdict, texts[state.lang] ?? texts.en]),
  );
  const book = () => ({
    accounts: state.accounts.map((account) => ({
      id: account.id,
      upn: account.upn,
      organisation: account.organisation,
      label: null,
      membership: account.membership ?? "member",
      tenantDomain: null,
      itContact: account.itContact ?? null,
      tenantKey: account.upn.split("@")[1],
      verdict: account.verdict,
      headline: verdictHeadline[account.verdict],
      hasInventory: account.verdict !== "unknown",
      fullName: account.fullName ?? null,
      personId: account.personId ?? null,
      department: account.department ?? null,
      adminRole: account.adminRole ?? false,
    })),
    person: state.person,
    situation: state.situation,
    authenticatorDevices: state.devices,
  });
  const results = (readiness) => ({
    readiness,
    accounts: state.accounts.map((account, index) => ({
      id: account.id,
      upn: account.upn,
      organisation: account.organisation,
      verdict: account.verdict,
      // The fake's grade follows the readiness answer, as the core's does (B with the number, D without).
      grade: account.verdict === "unknown" ? null : readiness && state.answers.phoneNumberCurrent !== false ? "B" : "D",
      headline: verdictHeadline[account.verdict],
      gradeMeaning: null,
      usable: [],
      notCounted: [{ method: `Microsoft Authenticator on ${state.devices[0] ?? "?"}`, reason: "on the lost device" }],
      evidence: ["List of methods read from Microsoft."],
      steps: ["Ask your IT department to reset your sign-in methods."],
      // A look-alike host on the first account when the test asks for one: the shell must refuse it.
      securityInfoUrl:
        state.lookAlikeLink && index === 0
          ? "https://mysignins.microsoft.com.evil.example/security-info"
          : "https://mysignins.microsoft.com/security-info",
      needsTicket: account.verdict !== "self_service",
      needsInventory: account.verdict === "unknown",
      offersReregistration: account.verdict === "needs_it" && !state.rereg[account.id],
      reregistration: reregView(account.id),
    })),
    questions: readiness
      ? {
          askNumber: true,
          phoneNumberCurrent: state.answers.phoneNumberCurrent ?? null,
          authenticatorBackupOn: state.answers.authenticatorBackupOn ?? null,
        }
      : null,
    devices: state.devices.map((device) => ({
      device,
      kinds: ["authenticator_app"],
      cells: state.accounts.map((account, index) => ({ account: account.id, holds: true, locksOut: index === 0, gradeAfter: "F" })),
      lockedOut: 1,
    })),
  });
  const tickets = (lang) => {
    // The core drafts nothing without an address the person can read (never a locked account).
    if (!state.person.contactEmail) throw { code: "reply_address_needed", message: "no reply address" };
    return state.accounts
      .filter((account) => account.verdict !== "self_service")
      .map((account) => ({
        sent: state.sent.has(account.upn.split("@")[1]),
        ticket: {
          tenantKey: account.upn.split("@")[1],
          organisation: account.organisation,
          lang: lang ?? "en",
          accounts: [account.id],
          to: account.itContact ? [account.itContact] : [],
          helpdeskUrls: [],
          fromName: state.person.fullName,
          fromAddress: state.person.contactEmail,
          subject: lang === "it" ? `Ripristino MFA per ${account.upn}` : `MFA reset for ${account.upn}`,
          body: `Hello,\n${account.organisation}\n${account.upn}`,
          shortBody: "Hello",
          fileStem: `ticket-${account.upn.split("@")[1]}`,
          draftedAt: "2026-09-14T09:30:00Z",
        },
      }));
  };
  // Events: the shell's side of `listen` (event name → listener id → callback id from transformCallback).
  const listeners = new Map();
  let nextEventId = 1;
  const emit = (event, payload) => {
    for (const [id, handler] of listeners.get(event) ?? []) {
      // The shell serialises each payload, so the window never shares an object with the backend.
      window[`_${handler}`]?.({ event, id, payload: structuredClone(payload) });
    }
  };
  window.__listenerCount = (event) => listeners.get(event)?.size ?? 0;

  // The check in turn, as lifeboat_core::check_in_turn runs it: remembered sessions first (all at once), then each
  // other account signs in, one at a time. The fake waits at every sign-in until the test acts: the stuck / skip /
  // stop buttons, or `window.__completeSignIn()` for a sign-in the person finished. An account seeded with
  // `noConsent` completes without a method list, so the run asks the second-step question and waits for the answer.
  // `holdRecheck` keeps the run in its rechecking phase until `window.__finishRecheck()`. Every snapshot sent is
  // also kept in `window.__checkEvents`.
  /** A sentence as the core sends it in a check row: every language, the window shows the chosen one. */
  const wording = (key) => state.wording.outcome[key];
  const headlineWording = (verdict) => state.wording.headline[verdict];
  const check = { last: null, running: false, stopped: false, waiting: null, releaseRecheck: null };
  window.__checkEvents = [];
  const tick = () => new Promise((resolve) => setTimeout(resolve, 10));
  /** Waits for the person (or the test); `kind` says which buttons are live: "sign_in" or "answer". */
  const waitFor = (kind) =>
    new Promise((resolve) => {
      check.waiting = { kind, resolve: (value) => ((check.waiting = null), resolve(value)) };
    });
  window.__finishRecheck = () => {
    const release = check.releaseRecheck;
    check.releaseRecheck = null;
    release?.();
    return Boolean(release);
  };
  window.__completeSignIn = ({ methodCount = 4 } = {}) => {
    if (check.waiting?.kind !== "sign_in") return false;
    check.waiting.resolve({ kind: "completed", methodCount });
    return true;
  };
  async function runCheck(ids) {
    const accounts = ids.map((id) => state.accounts.find((account) => account.id === id));
    const progress = {
      phase: "rechecking",
      rows: accounts.map((account) => ({
        id: account.id,
        upn: account.upn,
        organisation: account.organisation,
        stage: "rechecking",
        via: null,
        outcome: null,
        outcomeText: null,
        aadsts: null,
        methods: null,
        methodCount: null,
        verdict: account.verdict,
        headline: headlineWording(account.verdict),
        problem: null,
      })),
      current: null,
      done: 0,
      rechecked: 0,
      recheckTotal: accounts.length,
      deviceCode: null,
      clientName: "Microsoft Graph Command Line Tools",
      remembersSessions: true,
      note: null,
      error: null,
    };
    const row = (id) => progress.rows.find((candidate) => candidate.id === id);
    const publish = () => {
      progress.done = progress.rows.filter((candidate) => candidate.stage === "done" || candidate.stage === "not_checked").length;
      check.last = structuredClone(progress);
      window.__checkEvents.push(structuredClone(progress));
      emit("check-progress", progress);
    };
    publish();
    if (state.holdRecheck) await new Promise((resolve) => (check.releaseRecheck = resolve));

    const interactive = [];
    for (const account of accounts) {
      await tick();
      const line = row(account.id);
      if (account.remembered) {
        Object.assign(line, {
          stage: "done",
          via: "remembered_session",
          outcome: "completed",
          outcomeText: wording("read"),
          methods: "read",
          methodCount: 3,
        });
      } else {
        line.stage = "waiting";
        interactive.push(account);
      }
      progress.rechecked += 1;
      publish();
    }

    progress.phase = "signing_in";
    publish();
    for (const account of interactive) {
      const line = row(account.id);
      if (check.stopped) {
        line.stage = "not_checked";
        publish();
        continue;
      }
      progress.current = account.id;
      progress.deviceCode = null;
      line.stage = "signing_in";
      publish();
      if (account.deviceCode) {
        line.stage = "device_code";
        progress.deviceCode = {
          userCode: "FAKE-CODE",
          verificationUri: "https://microsoft.com/devicelogin",
          message: "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKE-CODE to authenticate.",
          expiresInSeconds: 900,
        };
        publish();
      }
      const ended = await waitFor("sign_in");
      progress.deviceCode = null;
      line.via = account.deviceCode ? "device_code" : "browser";
      if (ended.kind === "completed" && account.noConsent) {
        Object.assign(line, { outcome: "completed", outcomeText: wording("unanswered"), methods: "needs_admin_consent", methodCount: null });
        line.stage = "asking_second_step";
        publish();
        const confirmed = await waitFor("answer");
        if (confirmed !== null) {
          line.outcomeText = wording(confirmed ? "confirmed" : "denied");
          line.verdict = confirmed ? "self_service" : "needs_it";
          line.headline = headlineWording(line.verdict);
        }
      } else if (ended.kind === "completed") {
        Object.assign(line, { outcome: "completed", outcomeText: wording("read"), methods: "read", methodCount: ended.methodCount });
      } else {
        Object.assign(line, { outcome: ended.kind, outcomeText: wording(ended.kind), methods: "not_read", methodCount: null });
      }
      line.stage = "done";
      publish();
    }
    progress.current = null;
    progress.deviceCode = null;
    progress.phase = check.stopped ? "stopped" : "finished";
    publish();
    check.running = false;
  }
  // The move to a new phone. The fake keeps what the person did and answers with a view of the core's shape; the
  // words are the fake's own (the window shows whatever the core sends), marked so a test can tell them apart.
  const moveView = () => {
    const move = state.move;
    if (!move) return null;
    const accounts = state.accounts.map((account) => {
      const done = move.done[account.id] ?? [];
      const neverUsed = move.neverUsed.includes(account.id);
      const confirmed = move.confirmed.includes(account.id);
      const verified = neverUsed || confirmed;
      return {
        id: account.id,
        upn: account.upn,
        organisation: account.organisation,
        basis: account.noConsent ? "declared" : "read",
        basisText: account.noConsent ? "[core] planned from what you declared" : "[core] planned from the methods read",
        onlyOldPhone: !verified && account.id === "1",
        movesByItself: [{ method: "[core] mobile phone ending 5678", why: "[core] follows the SIM" }],
        redo: [{ method: `[core] Microsoft Authenticator on ${move.oldPhone}`, why: "[core] bound to the old phone" }],
        steps: ["add_authenticator", "make_default", "verify", "remove_old"].map((step) => ({
          step,
          text: `[core] step ${step}`,
          done: step === "verify" ? verified : done.includes(step),
          seenInReread: false,
        })),
        evidence: [
          ...(neverUsed ? [{ evidence: { kind: "never_used_old_phone" }, text: "[core] never used the old phone" }] : []),
          ...(confirmed ? [{ evidence: { kind: "fresh_sign_in_confirmed", at: "2026-12-03T10:00:00Z" }, text: "[core] fresh sign-in" }] : []),
        ],
        standing: verified ? { standing: "verified" } : { standing: "depends_on_old_phone", reasons: ["no_new_registration"] },
        standingText: verified ? "[core] verified" : "[core] still depends on the old phone",
        reasons: verified ? [] : ["[core] no new registration read yet"],
        securityInfoUrl: "https://mysignins.microsoft.com/security-info",
      };
    });
    const dependent = accounts.filter((account) => account.standing.standing !== "verified").length;
    return {
      oldPhone: move.oldPhone,
      newPhone: move.newPhone,
      beganAt: "2026-12-03T09:00:00Z",
      asOf: "2026-12-03T10:00:00Z",
      lang: state.lang,
      accounts,
      safeToWipe: dependent === 0,
      answer: dependent === 0 ? "[core] yes, safe to wipe" : `[core] not yet: ${dependent} accounts depend on it`,
    };
  };
  const moveScreen = () => {
    const view = moveView();
    return {
      choices: state.devices,
      view,
      reread: view ? view.accounts.filter((account) => account.standing.standing !== "verified" && account.basis === "read").map((account) => account.id) : [],
    };
  };
  const moveCommands = {
    get_move: () => moveScreen(),
    start_move: ({ form }) => {
      if (!form.oldPhone.trim()) throw { code: "invalid_account", message: "[core] name the old phone", detail: "oldPhone" };
      if (form.oldPhone.trim().toLowerCase() === form.newPhone.trim().toLowerCase()) {
        throw { code: "invalid_account", message: "[core] the same phone twice", detail: "newPhone" };
      }
      state.move = { oldPhone: form.oldPhone, newPhone: form.newPhone, done: {}, neverUsed: [], confirmed: [] };
      return moveScreen();
    },
    mark_move_step: ({ id, step, done }) => {
      const steps = (state.move.done[id] ??= []);
      state.move.done[id] = done ? [...steps, step] : steps.filter((other) => other !== step);
      return moveScreen();
    },
    mark_never_used_old_phone: ({ id, neverUsed }) => {
      state.move.neverUsed = neverUsed ? [...state.move.neverUsed, id] : state.move.neverUsed.filter((other) => other !== id);
      return moveScreen();
    },
    prepare_fresh_sign_in: () => null,
    confirm_fresh_sign_in: ({ id }) => {
      const row = check.last?.rows.find((candidate) => candidate.id === id);
      if (row?.outcome !== "completed" || row.via === "remembered_session") {
        throw { code: "invalid_account", message: "[core] that sign-in is no proof", detail: "move" };
      }
      state.move.confirmed.push(id);
      return moveScreen();
    },
    end_move: () => ((state.move = null), moveScreen()),
    save_move_record: ({ format }) => ({ path: `/tmp/lifeboat-move.${format === "json" ? "json" : "txt"}` }),
    set_practice_journey: () => null,
    save_prevention_record: () => ({ path: "/tmp/lifeboat-readiness.html" }),
    // Practice's sample person, as the scenario lists them; refused outside practice, as the shell does.
    add_practice_accounts: () => {
      if (!state.practice) throw { code: "invalid_input", message: "Sample accounts exist only in practice mode." };
      const samples = ["marco.ferri@ferriconsulting.it", "ext.marco.ferri@oml.it", "marco.ferri@ferriconsulting.it", "marco.ferri@cantinacollieuganei.it"];
      state.accounts = samples.map((upn, index) => ({ id: String(index + 1), upn, organisation: upn.split("@")[1], verdict: "unknown" }));
      return book();
    },
    // The core's advice; the fake gives one symptom, with its own marked words, and a clock 47 s behind.
    troubleshoot_account: ({ id }) => ({
      clock: { seconds: -47 },
      advice:
        id === "1"
          ? [{ symptom: "codes_rejected", title: "[core] codes refused", because: "[core] 47 seconds behind", steps: ["[core] set the clock"] }]
          : [],
    }),
    open_security_info: () => null,
  };
  const checkCommands = {
    check_start: ({ accounts, lang }) => {
      if (state.checkStartError) throw state.checkStartError;
      if (check.running) throw { code: "check_running", message: "A check is already running." };
      const ids = (accounts ?? state.accounts.map((account) => account.id)).filter((id) =>
        state.accounts.some((account) => account.id === id),
      );
      if (ids.length === 0) throw { code: "invalid_input", message: "There is no account to check: add one first." };
      if (state.practice) state.simulatorUrl = "http://127.0.0.1:41234/";
      state.freshRunDone = true;
      Object.assign(check, { running: true, stopped: false, waiting: null });
      // The shell answers at once and runs the check in the background.
      setTimeout(() => void runCheck(ids), 0);
      return null;
    },
    check_progress: () => check.last,
    check_stuck: () => {
      if (check.waiting?.kind !== "sign_in") return { taken: false };
      check.waiting.resolve({ kind: "blocked_by_mfa" });
      return { taken: true };
    },
    check_skip: () => {
      if (check.waiting?.kind !== "sign_in") return { taken: false };
      check.waiting.resolve({ kind: "skipped" });
      return { taken: true };
    },
    check_stop: () => {
      if (!check.running) return { taken: false };
      check.stopped = true;
      // The sign-in in progress ends as skipped; an unanswered second-step question stays unanswered.
      if (check.waiting?.kind === "sign_in") check.waiting.resolve({ kind: "skipped" });
      else if (check.waiting?.kind === "answer") check.waiting.resolve(null);
      return { taken: true };
    },
    check_answer_second_step: ({ confirmed }) => {
      if (check.waiting?.kind !== "answer") return { taken: false };
      check.waiting.resolve(confirmed);
      return { taken: true };
    },
    check_open_sign_in: () => {
      if (check.waiting?.kind !== "sign_in") return { taken: false };
      if (state.noBrowser) throw { code: "no_browser", message: "No web browser could be opened on this computer.", detail: "xdg-open failed" };
      return { taken: true };
    },
  };

  // The IT desk, as lifeboat_core::desk decides and the shell holds the session. The pasted text picks the
  // ticket: "TICKET member|guest|admin" opens one, "DAMAGED" and "NEWER" are refused as such, anything else is
  // not Lifeboat's. `deskForbidden` makes Graph refuse the deletion with a 403. The core's sentences come from
  // the catalog through `state.deskWording`, every language.
  const desk = { session: null };
  const deskSay = (key, lang) => state.deskWording[key][lang] ?? state.deskWording[key].en;
  const LOST = { id: "lost-phone", odataType: "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod" };
  const deskView = (lang) => {
    const session = desk.session;
    if (!session) return null;
    const { kind, admin, removed, tapCreated, verified } = session;
    const account = {
      upn: kind === "guest" ? "marco.ferri@ferriconsulting.it" : "giulia.ferri@studenti.liceovolta.edu.it",
      membership: kind === "guest" ? "guest" : "member",
      adminRole: kind === "admin",
      aadsts: 50076,
      methodsRead: [LOST],
      remove: [LOST],
      ask: ["temporaryAccessPass", "removeMethods", "revokeSessions"],
    };
    const rows = [
      { method: { ...LOST, label: "Redmi Note 12 di Giulia", inTicket: true, toRemove: true, presentNow: !removed }, state: removed ? "already_gone" : "to_remove" },
      { method: { id: "pw", odataType: "#microsoft.graph.passwordAuthenticationMethod", label: null, inTicket: true, toRemove: false, presentNow: true }, state: "unchanged" },
    ];
    return {
      ticket: {
        block: { version: 1, tenantId: null, tenantDomain: "liceovolta.edu.it", lang: "it", loss: "lost", lostDevices: ["Redmi Note 12 di Giulia"], replyTo: "giulia@example.org", accounts: [account] },
        subject: "Telefono perso",
      },
      account,
      tenant: "liceovolta.edu.it",
      asks: ["[core] a pass", "[core] delete", "[core] revoke"],
      admin,
      user: admin ? { id: "u-1", userPrincipalName: account.upn, displayName: "Giulia Ferri", mail: null, guest: kind === "guest" } : null,
      rows: admin ? rows : [],
      hasTemporaryAccessPass: tapCreated,
      tapPolicy: admin ? { state: "enabled", defaultLifetimeInMinutes: 60, minimumLifetimeInMinutes: 60, maximumLifetimeInMinutes: 480, isUsableOnce: true } : null,
      policyNote: null,
      verified: verified ? { how: "[core] in person", secondPerson: verified.secondPerson, by: admin } : null,
      revokeRefusal: admin && kind === "guest" ? deskSay("guest", lang) : null,
    };
  };
  const deskActions = (request) => [
    ...request.remove.map((id) => ({ kind: "remove_method", id })),
    ...(request.tap ? [{ kind: "create_tap", lifetimeMinutes: request.tap.lifetimeMinutes, replaceExisting: request.tap.replaceExisting }] : []),
    ...(request.revoke ? [{ kind: "revoke_sessions" }] : []),
  ];
  const deskPreview = (action, lang) => {
    if (action.kind === "revoke_sessions" && desk.session.kind === "guest") return { action, text: deskSay("guest", lang), refused: true };
    if (action.kind === "create_tap" && desk.session.tapCreated && !action.replaceExisting) {
      return { action, text: deskSay("tap_exists", lang), refused: true };
    }
    return { action, text: `[core] preview ${action.kind}`, refused: false };
  };
  const deskCommands = {
    desk_open_text: ({ text, lang }) => {
      const ticket = text.match(/TICKET (member|guest|admin)/);
      if (!ticket) {
        const code = text.includes("DAMAGED") ? "ticket_damaged" : text.includes("NEWER") ? "ticket_newer" : "ticket_not_lifeboat";
        throw { code, message: deskSay(code, lang), detail: code };
      }
      desk.session = { kind: ticket[1], admin: null, removed: false, tapCreated: false, verified: null };
      return deskView(lang);
    },
    desk_open_file: () => null,
    desk_practice_tickets: () => [],
    desk_practice_admins: () => [],
    desk_view: ({ lang }) => deskView(lang),
    desk_close: () => void (desk.session = null),
    desk_sign_in: ({ admin, lang }) => {
      if (!desk.session) throw { code: "desk_no_ticket", message: "No ticket is open at the desk." };
      desk.session.admin = admin;
      return deskView(lang);
    },
    desk_cancel_sign_in: () => false,
    desk_verify: ({ form, lang }) => {
      const gaps = [];
      if (!form.how) gaps.push("how_missing");
      if (desk.session.kind === "admin" && !form.secondPerson) gaps.push("second_person_missing");
      if (desk.session.kind === "admin" && !form.privilegedAdminConfirmed) gaps.push("privileged_admin_not_confirmed");
      if (gaps.length === 0) desk.session.verified = { secondPerson: desk.session.kind === "admin" ? form.secondPerson : null };
      return { gaps: gaps.map((gap) => ({ gap, text: deskSay(gap, lang) })), view: deskView(lang) };
    },
    desk_preview: ({ request, lang }) => deskActions(request).map((action) => deskPreview(action, lang)),
    desk_perform: ({ request, lang }) => {
      if (!desk.session.verified) throw { code: "desk_refused", message: "[core] verify first" };
      let pass = null;
      const results = deskActions(request).map((action) => {
        const preview = deskPreview(action, lang);
        if (preview.refused) {
          return { action, text: preview.text, done: false, requestId: null, problem: { code: "desk_refused", message: preview.text }, auditError: null };
        }
        if (action.kind === "remove_method" && state.deskForbidden) {
          const text = deskSay("forbidden", lang);
          return { action, text, done: false, requestId: "r-403", problem: { code: "desk_missing_role", message: text, detail: "r-403" }, auditError: null };
        }
        if (action.kind === "remove_method") desk.session.removed = true;
        if (action.kind === "create_tap") {
          desk.session.tapCreated = true;
          pass = { pass: "FAKE-PASS-8842", minutes: 60, start: null };
        }
        return { action, text: preview.text, done: true, requestId: `r-${action.kind}`, problem: null, auditError: null };
      });
      return { results, pass, view: deskView(lang) };
    },
    desk_hide_pass: () => null,
    desk_copy_pass: () => null,
    desk_note: () => "[core] Richiesta per giulia.ferri@studenti.liceovolta.edu.it: chiusa.",
    // The readiness report: two pages' counts as events, then it waits for `window.__finishReadiness()`.
    desk_readiness: async ({ lang }) => {
      if (state.deskNoLicence) throw { code: "desk_missing_role", message: deskSay("no_licence", lang), detail: "r-lic" };
      const pages = [
        { users: 2, pages: 1, noMethod: 1, singleAuthenticator: 0, fine: 1 },
        { users: 4, pages: 2, noMethod: 1, singleAuthenticator: 1, fine: 2 },
      ];
      for (const page of pages) {
        await tick();
        emit("desk-readiness-progress", page);
      }
      await new Promise((resolve) => (window.__finishReadiness = resolve));
      return { summary: pages[1], path: "/tmp/lifeboat-readiness.csv", message: deskSay("readiness_message", lang) };
    },
  };

  state.settings = { signInApp: { kind: "graph_command_line_tools" }, lang: null };
  const settingsView = () => ({
    settings: state.settings,
    clientId: state.settings.signInApp.kind === "custom" ? state.settings.signInApp.clientId : "14d82eec-204b-4c2f-b7e8-296a70dab67e",
    clientName: state.settings.signInApp.kind === "custom" ? state.settings.signInApp.name : "Microsoft Graph Command Line Tools",
    defaultClientId: "14d82eec-204b-4c2f-b7e8-296a70dab67e",
    settingsPath: "/home/test/.config/lifeboat/settings.json",
  });

  const handlers = {
    app_info: () => ({ product: "Lifeboat", version: "0.1.0", os: "linux", lang: state.lang }),
    session_info: () => ({
      practice: state.practice,
      bookPath: "/home/test/.local/share/lifeboat/accounts.json",
      simulatorUrl: state.practice ? state.simulatorUrl : null,
    }),
    set_practice: ({ practice }) => ((state.practice = practice), handlers.session_info()),
    get_book: () => {
      if (state.bookUnreadable) throw UNREADABLE;
      return book();
    },
    restore_book_backup: () => {
      if (!state.bookUnreadable.backup) throw { code: "no_backup", message: "There is no backup to restore.", detail: `${BOOK}: there is no backup to restore` };
      state.bookUnreadable = null;
      return { restoredAccounts: state.accounts.length, setAside: `${BOOK}.set-aside-1`, book: book() };
    },
    set_book_aside: () => {
      state.bookUnreadable = null;
      state.accounts = [];
      return { restoredAccounts: null, setAside: `${BOOK}.set-aside-1`, book: book() };
    },
    add_account: ({ form }) => {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.upn.trim())) {
        throw { code: "invalid_account", message: "not a sign-in name", detail: "upn" };
      }
      state.accounts.push({
        id: String(state.accounts.length + 1),
        upn: form.upn.trim(),
        organisation: form.organisation || form.upn.split("@")[1],
        verdict: "unknown",
        itContact: form.itContact || null,
        personId: form.personId || null,
        department: form.department || null,
        fullName: form.fullName || null,
        adminRole: form.adminRole ?? false,
      });
      return book();
    },
    update_account: ({ id, form }) => {
      const account = state.accounts.find((candidate) => candidate.id === id);
      Object.assign(account, {
        upn: form.upn,
        organisation: form.organisation || account.organisation,
        personId: form.personId || null,
        department: form.department || null,
        fullName: form.fullName || null,
        adminRole: form.adminRole ?? false,
      });
      return book();
    },
    // The core refuses a locked work account as the reply address; the fake refuses the book's own sign-in names.
    set_person: ({ form }) => {
      if (form.contactEmail && state.accounts.some((account) => account.upn.toLowerCase() === form.contactEmail.trim().toLowerCase())) {
        throw { code: "invalid_account", message: "a locked account", detail: "contactEmail" };
      }
      // As the core's PersonForm: a field left out is kept, an empty one is cleared.
      const given = (name) => (name in form ? form[name] || null : state.person[name]);
      state.person = {
        fullName: given("fullName"),
        contactEmail: given("contactEmail"),
        lostOn: given("lostOn"),
        lossKind: given("lossKind"),
      };
      return book();
    },
    remove_account: ({ id }) => ((state.accounts = state.accounts.filter((account) => account.id !== id)), book()),
    import_accounts: () => {
      state.accounts.push({ id: String(state.accounts.length + 1), upn: "giulia.ferri@studenti.liceovolta.edu.it", organisation: "Liceo Volta", verdict: "unknown" });
      return { added: 1, updated: 0, book: book() };
    },
    // The readiness answers come alone (`replace: false`); a declaration comes whole (`replace`).
    set_situation: ({ form }) => {
      if (!form.replace) {
        for (const key of ["phoneNumberCurrent", "authenticatorBackupOn"]) {
          if (key in form) state.answers[key] = form[key];
        }
        return book();
      }
      return setSituation(form);
    },
    start_reregistration: ({ id }) => void (state.rereg[id] = { done: [], verified: null }),
    mark_reregistration_step: ({ id, step, done }) => {
      const rereg = state.rereg[id];
      rereg.done = rereg.done.filter((ticked) => ticked !== step).concat(done ? [step] : []);
    },
    // The core refuses a confirmation without a fresh sign-in of a run; the fake asks for the run first.
    confirm_reregistration: ({ id, method }) => {
      if (!state.freshRunDone) throw { code: "invalid_account", message: "[core] sign in afresh first", detail: "reregistration" };
      state.rereg[id].verified = method;
      state.accounts.find((account) => account.id === id).verdict = "self_service";
    },
    end_reregistration: ({ id }) => void delete state.rereg[id],
    practice_it_acts: () => ({ pass: "PRACTICE-TAP-1234", lifetimeMinutes: 60 }),
    // The verdict after a manual list is the core's to decide; the fake answers what the test chose.
    record_manual_inventory: ({ id }) => {
      state.accounts.find((candidate) => candidate.id === id).verdict = state.verdictAfterManual;
      return book();
    },
    get_results: ({ readiness }) => results(readiness),
    get_tickets: ({ lang }) => tickets(lang),
    save_ticket_eml: ({ edit }) => ({ path: `/tmp/${edit.tenantKey}.eml` }),
    open_ticket_in_mail: () => false,
    copy_text: () => null,
    copy_ticket: () => null,
    mark_ticket_sent: ({ tenantKey, sent }) => void (sent ? state.sent.add(tenantKey) : state.sent.delete(tenantKey)),
    open_link: ({ url }) => {
      if (!url.startsWith("https://mysignins.microsoft.com/")) throw { code: "link_refused", message: "refused" };
      return null;
    },
    ...checkCommands,
    ...moveCommands,
    ...deskCommands,
    get_settings: () => settingsView(),
    save_settings: ({ settings }) => ((state.settings = settings), settingsView()),
    forget_sessions: () => ({ sessions: 0 }),
    export_diagnostics: () => ({ path: "/tmp/lifeboat-diagnostics.txt" }),
    discover_tenant: ({ upn, membership, tenantDomain }) => {
      // As the core decides: a guest's organisation is the inviting one, never the home domain.
      const home = membership === "guest" ? "" : (upn.split("@")[1] ?? "");
      const domain = (tenantDomain ?? home).trim().toLowerCase();
      if (!domain.includes(".")) return { status: "incomplete" };
      const known = ["contoso.com", ...state.accounts.map((account) => account.upn.split("@")[1])];
      return known.includes(domain) ? { status: "found", domain, tenantId: null } : { status: "unknown", domain };
    },
    "plugin:event|listen": ({ event, handler }) => {
      const eventId = nextEventId++;
      if (!listeners.has(event)) listeners.set(event, new Map());
      listeners.get(event).set(eventId, handler);
      return eventId;
    },
    "plugin:event|unlisten": ({ event, eventId }) => void listeners.get(event)?.delete(eventId),
  };
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
    transformCallback: (callback) => {
      const id = Math.floor(Math.random() * 1e9);
      window[`_${id}`] = callback;
      return id;
    },
    unregisterCallback: (id) => delete window[`_${id}`],
    invoke: async (cmd, args = {}) => {
      window.__calls.push({ cmd, args });
      const handler = handlers[cmd];
      if (!handler) throw `command ${cmd} not found`;
      return handler(args);
    },
  };
  // `unlisten()` drops the window's callback here before telling the shell (@tauri-apps/api/event.js).
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = {
    unregisterListener: (event, eventId) => {
      const handler = listeners.get(event)?.get(eventId);
      if (handler !== undefined) delete window[`_${handler}`];
    },
  };
}

/** The sample state: three accounts, one with a hostile organisation name, and a hostile device name. */
export const HOSTILE = `<img src=x onerror="window.__pwned=1">\u202E${"A".repeat(5000)}`;

/**
 * The fake's initial state. Check-related options: `noConsent` / `remembered` / `deviceCode` list account ids
 * whose sign-in completes without a method list (the second-step question follows), whose remembered session is
 * still good (checked without a sign-in), or which cannot open a browser (a device code is shown);
 * `holdRecheck` holds the run in its rechecking phase until `window.__finishRecheck()`; `checkStartError` is
 * thrown by `check_start`; `noBrowser` makes `check_open_sign_in` fail; `bookUnreadable` (`{ backup: boolean }`)
 * makes `get_book` fail as with a damaged book file until it is restored or set aside.
 */
export function seed({
  lang = "en",
  hostile = false,
  practice = false,
  noConsent = [],
  remembered = [],
  deviceCode = [],
  holdRecheck = false,
  checkStartError = null,
  noBrowser = false,
  bookUnreadable = null,
  lookAlikeLink = false,
  verdictAfterManual = "self_service",
  emptyBook = false,
  deskForbidden = false,
  deskNoLicence = false,
} = {}) {
  const flags = (account) => ({
    ...account,
    noConsent: noConsent.includes(account.id),
    remembered: remembered.includes(account.id),
    deviceCode: deviceCode.includes(account.id),
  });
  return {
    lang,
    wording: coreWording(),
    deskWording: deskWording(),
    deskForbidden,
    deskNoLicence,
    practice,
    holdRecheck,
    checkStartError,
    noBrowser,
    bookUnreadable,
    lookAlikeLink,
    verdictAfterManual,
    person: { fullName: null, contactEmail: null, lostOn: null, lossKind: null },
    situation: {
      lostDevices: [],
      heldDevices: [],
      unreachableNumbers: [],
      otpOnHeldDevice: false,
      authenticatorPasskeyOnHeldDevice: false,
      externalMethodUsable: false,
      now: null,
    },
    devices: [hostile ? HOSTILE : "iPhone di Marco"],
    accounts: [
      { id: "1", upn: "marco.ferri@ferriconsulting.it", organisation: hostile ? HOSTILE : "Ferri Consulting S.r.l.", verdict: "needs_it", itContact: "it@ferriconsulting.it" },
      { id: "2", upn: "m.ferri@oml.it", organisation: "Officine Meccaniche Lombarde S.p.A.", verdict: "self_service" },
      { id: "3", upn: "marco.ferri@studiorinaldi.it", organisation: "Studio Legale Rinaldi & Associati", verdict: "unknown" },
    ]
      .filter(() => !emptyBook)
      .map(flags),
  };
}

/** The core's sentences the fake sends as `Wording`s ({ en, it, … }), read from the catalog. */
function coreWording() {
  const every = (id, args) => Object.fromEntries(LANGUAGES.map((lang) => [lang, say(lang, id, args)]));
  const completed = (second_step) => every("assess-sign-in-completed", { second_step, method: "" });
  return {
    outcome: {
      read: SIGNED_IN_LIST_READ,
      unanswered: completed("unanswered"),
      confirmed: completed("confirmed"),
      denied: completed("denied"),
      blocked_by_mfa: every("assess-sign-in-blocked-by-mfa"),
      skipped: every("assess-sign-in-skipped"),
    },
    headline: {
      self_service: every("assess-verdict-self-service"),
      needs_it: every("assess-verdict-needs-it"),
      unknown: every("assess-verdict-unknown"),
    },
  };
}

/** The desk core's sentences the fake sends, in every language, from the catalog (locales/<code>/desk.ftl). */
export function deskWording() {
  const every = (id, args) => Object.fromEntries(LANGUAGES.map((lang) => [lang, say(lang, id, args)]));
  return {
    ticket_not_lifeboat: every("desk-open-not-lifeboat"),
    ticket_damaged: every("desk-open-damaged", { why: "checksum" }),
    ticket_newer: every("desk-open-unsupported-version", { version: "9" }),
    guest: every("desk-refused-guest-sessions"),
    forbidden: every("desk-403-methods", { requestId: "r-403" }),
    how_missing: every("desk-verify-how-missing"),
    second_person_missing: every("desk-verify-second-person-missing"),
    privileged_admin_not_confirmed: every("desk-verify-privileged-admin"),
    readiness_message: every("desk-readiness-message"),
    tap_exists: every("desk-refused-tap-exists"),
    no_licence: every("desk-403-licence", { requestId: "r-lic" }),
  };
}

/**
 * Serves ui/dist and launches the browser once for a test file (node:test's `before`/`after`): `app.url` and
 * `app.browser` are there once `before` has run.
 */
export function sharedApp() {
  const app = { url: null, browser: null, server: null };
  before(async () => {
    app.server = await serveDist();
    app.url = app.server.url;
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    app.server?.close();
  });
  return app;
}

/** The arguments of every call the window made to one command. */
export function calls(page, cmd) {
  return page.evaluate((name) => window.__calls.filter((call) => call.cmd === name).map((call) => call.args), cmd);
}

/** Opens the app on a fresh page with the fake backend seeded. */
export async function openApp(browser, url, options) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // Fail in seconds, not the default 30 s, when an expected element never shows.
  page.setDefaultTimeout(5000);
  await page.addInitScript(fakeBackend, seed(options));
  await page.goto(url);
  await page.waitForSelector("[data-testid=start-screen]");
  return { page, errors };
}
