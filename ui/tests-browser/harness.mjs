// Runs the built UI (ui/dist) in headless Chromium with the Tauri IPC replaced by an in-page fake backend, so
// every screen can be driven without the Rust shell. The real shell is covered by the WebDriver tests (tests/).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

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
  const state = { ...seed, sent: new Set() };
  window.__calls = [];
  const verdictHeadline = { self_service: "You can recover this account yourself.", needs_it: "IT must act.", unknown: "Not known." };
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
    })),
    situation: state.situation,
    authenticatorDevices: state.devices,
  });
  const results = (readiness) => ({
    readiness,
    accounts: state.accounts.map((account) => ({
      id: account.id,
      upn: account.upn,
      organisation: account.organisation,
      verdict: account.verdict,
      grade: account.verdict === "unknown" ? null : "D",
      headline: verdictHeadline[account.verdict],
      gradeMeaning: null,
      usable: [],
      notCounted: [{ method: `Microsoft Authenticator on ${state.devices[0] ?? "?"}`, reason: "on the lost device" }],
      evidence: ["List of methods read from Microsoft."],
      steps: ["Ask your IT department to reset your sign-in methods."],
      securityInfoUrl: "https://mysignins.microsoft.com/security-info",
      needsTicket: account.verdict !== "self_service",
      needsInventory: account.verdict === "unknown",
    })),
    devices: state.devices.map((device) => ({
      device,
      kinds: ["authenticator_app"],
      cells: state.accounts.map((account, index) => ({ account: account.id, holds: true, locksOut: index === 0, gradeAfter: "F" })),
      lockedOut: 1,
    })),
  });
  const tickets = (lang) =>
    state.accounts
      .filter((account) => account.verdict !== "self_service")
      .map((account) => ({
        sent: state.sent.has(account.upn.split("@")[1]),
        ticket: {
          tenantKey: account.upn.split("@")[1],
          lang: lang ?? "en",
          accounts: [account.id],
          to: account.itContact ? [account.itContact] : [],
          helpdeskUrls: [],
          fromName: null,
          fromAddress: account.upn,
          subject: lang === "it" ? `Ripristino MFA per ${account.upn}` : `MFA reset for ${account.upn}`,
          body: `Hello,\n${account.organisation}\n${account.upn}`,
          shortBody: "Hello",
          fileStem: `ticket-${account.upn.split("@")[1]}`,
          draftedAt: "2026-09-14T09:30:00Z",
        },
      }));
  const handlers = {
    app_info: () => ({ product: "Lifeboat", version: "0.1.0", os: "linux", lang: state.lang }),
    session_info: () => ({ practice: state.practice, bookPath: "/home/test/.local/share/lifeboat/accounts.json" }),
    set_practice: ({ practice }) => ((state.practice = practice), handlers.session_info()),
    get_book: () => book(),
    add_account: ({ form }) => {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.upn.trim())) {
        throw { code: "invalid_account", message: "not a sign-in name", detail: "upn" };
      }
      state.accounts.push({ id: String(state.accounts.length + 1), upn: form.upn.trim(), organisation: form.organisation || form.upn.split("@")[1], verdict: "unknown", itContact: form.itContact || null });
      return book();
    },
    update_account: ({ id, form }) => {
      const account = state.accounts.find((candidate) => candidate.id === id);
      Object.assign(account, { upn: form.upn, organisation: form.organisation || account.organisation });
      return book();
    },
    remove_account: ({ id }) => ((state.accounts = state.accounts.filter((account) => account.id !== id)), book()),
    import_accounts: () => {
      state.accounts.push({ id: String(state.accounts.length + 1), upn: "giulia.ferri@studenti.liceovolta.edu.it", organisation: "Liceo Volta", verdict: "unknown" });
      return { added: 1, updated: 0, book: book() };
    },
    set_situation: ({ situation }) => ((state.situation = situation), book()),
    record_manual_inventory: ({ id, methods }) => {
      const account = state.accounts.find((candidate) => candidate.id === id);
      account.verdict = methods.some((method) => method.kind === "phone") ? "self_service" : "needs_it";
      return book();
    },
    get_results: ({ readiness }) => results(readiness),
    get_tickets: ({ lang }) => tickets(lang),
    save_ticket_eml: ({ edit }) => ({ path: `/tmp/${edit.tenantKey}.eml` }),
    open_ticket_in_mail: () => false,
    copy_text: () => null,
    mark_ticket_sent: ({ tenantKey, sent }) => void (sent ? state.sent.add(tenantKey) : state.sent.delete(tenantKey)),
    open_link: ({ url }) => {
      if (!url.startsWith("https://mysignins.microsoft.com/")) throw { code: "link_refused", message: "refused" };
      return null;
    },
  };
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
    transformCallback: (callback) => {
      const id = Math.floor(Math.random() * 1e9);
      window[`_${id}`] = callback;
      return id;
    },
    invoke: async (cmd, args = {}) => {
      window.__calls.push({ cmd, args });
      const handler = handlers[cmd];
      if (!handler) throw `command ${cmd} not found`;
      return handler(args);
    },
  };
}

/** The sample state: three accounts, one with a hostile organisation name, and a hostile device name. */
export const HOSTILE = `<img src=x onerror="window.__pwned=1">\u202E${"A".repeat(5000)}`;

export function seed({ lang = "en", hostile = false, practice = false } = {}) {
  return {
    lang,
    practice,
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
    ],
  };
}

/** Opens the app on a fresh page with the fake backend seeded. */
export async function openApp(browser, url, options) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.addInitScript(fakeBackend, seed(options));
  await page.goto(url);
  await page.waitForSelector("[data-testid=start-screen]");
  return { page, errors };
}
