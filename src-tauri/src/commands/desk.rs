//! The IT desk in the window (docs/PRODUCT.md §5.1): open a Lifeboat ticket, sign in as the admin (never
//! remembered), complete the identity checklist, see the user's methods beside the ticket, preview and do the
//! actions, show a Temporary Access Pass once, draft the closing note. Every decision is `lifeboat_core::desk`'s;
//! these commands hold the session (ticket, admin, user now, verification, pass) and hand views to the window.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use lifeboat_core::desk::actions::{perform, preview};
use lifeboat_core::desk::note::NoteLine;
use lifeboat_core::desk::ticket::MAX_TICKET_BYTES;
use lifeboat_core::desk::*;
use lifeboat_core::signin::{
    AccountTarget, BrowserError, BrowserOpener, Checker, SignInControl, SystemBrowser,
};
use lifeboat_core::ticket::block::BlockAccount;
use lifeboat_core::token_store::MemoryTokenStore;
use lifeboat_core::Lang;

use super::check::{self, CheckState};
use super::{now, ShellState};
use crate::error::{ErrorCode, IpcError};

mod pass;
pub mod readiness;
mod views;

pub use pass::HeldPass;
pub use readiness::{ReadinessDone, READINESS_EVENT};
pub use views::{
    ActionPreview, ActionResult, DeskRow, DeskView, PassShown, Performed, PracticeTicket,
    VerifiedView, VerifyAnswer, VerifyGap,
};

/// What the desk keeps for the session: dropped when the window leaves the desk screen or opens another ticket.
#[derive(Default)]
pub struct DeskState {
    session: Mutex<Option<DeskSession>>,
    /// Numbers each session, so an answer that arrives after its session ended changes nothing.
    opened: std::sync::atomic::AtomicU64,
    /// The admin's sign-in in progress, for its Cancel button.
    signing_in: Mutex<Option<SignInControl>>,
}

struct DeskSession {
    id: u64,
    ticket: DeskTicket,
    /// The ticket's account the desk works on.
    upn: String,
    admin: Option<Admin>,
    now: Option<UserNow>,
    verification: Option<Verification>,
    /// A pass created in this session, until the admin hides it.
    pass: Option<HeldPass>,
}

struct Admin {
    upn: String,
    graph: DeskGraph,
}

impl DeskSession {
    fn account(&self) -> &BlockAccount {
        // `upn` is always one of the ticket's accounts (checked when chosen).
        self.ticket
            .account(Some(&self.upn))
            .unwrap_or(&self.ticket.block.accounts[0])
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl DeskState {
    /// Starts a session on `ticket` (its first account), dropping any other (and its sign-in in progress).
    fn open(&self, ticket: DeskTicket) -> u64 {
        self.close();
        let id = 1 + self
            .opened
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let upn = ticket.block.accounts[0].upn.clone();
        *lock(&self.session) = Some(DeskSession {
            id,
            ticket,
            upn,
            admin: None,
            now: None,
            verification: None,
            pass: None,
        });
        id
    }

    /// Runs `read` on the open session, or says there is none.
    fn with<T>(
        &self,
        read: impl FnOnce(&mut DeskSession) -> Result<T, IpcError>,
    ) -> Result<T, IpcError> {
        match lock(&self.session).as_mut() {
            Some(session) => read(session),
            None => Err(no_ticket()),
        }
    }

    /// Like [`DeskState::with`], only for the session numbered `id` (a ticket opened meanwhile wins).
    fn with_session<T>(
        &self,
        id: u64,
        change: impl FnOnce(&mut DeskSession) -> Result<T, IpcError>,
    ) -> Result<T, IpcError> {
        self.with(|session| match session.id == id {
            true => change(session),
            false => Err(no_ticket()),
        })
    }

    /// Ends the session: the ticket, the admin's Graph, the user now, the checklist and any pass go.
    pub fn close(&self) {
        lock(&self.session).take();
        if let Some(control) = lock(&self.signing_in).take() {
            control.cancel();
        }
    }
}

fn no_ticket() -> IpcError {
    IpcError::new(ErrorCode::DeskNoTicket, "No ticket is open at the desk.")
}

/// The error the window shows for a ticket that could not be opened: each kind its own code.
pub(crate) fn open_refused(error: &OpenError, lang: Lang) -> IpcError {
    let code = match error {
        OpenError::NotLifeboat => ErrorCode::TicketNotLifeboat,
        OpenError::Damaged(_) | OpenError::NoAccount => ErrorCode::TicketDamaged,
        OpenError::UnsupportedVersion(_) => ErrorCode::TicketNewer,
        OpenError::TooLarge => ErrorCode::TicketTooLarge,
        OpenError::UnknownAccount(_) => ErrorCode::UnknownAccount,
    };
    IpcError::new(code, error.explain(lang)).with_detail(error.to_string())
}

/// A desk step Graph or Lifeboat refused, in the admin's language: a 403 as the missing role.
pub(crate) fn desk_refused(error: &DeskError, lang: Lang) -> IpcError {
    let code = match error {
        DeskError::Refused(_) => ErrorCode::DeskRefused,
        DeskError::MissingRole { .. } | DeskError::NoLicence(_) => ErrorCode::DeskMissingRole,
        DeskError::UserNotFound(_) => ErrorCode::DeskUserNotFound,
        DeskError::Graph(_) => ErrorCode::DeskGraphFailed,
        DeskError::Io(_) => ErrorCode::FileError,
    };
    let refused = IpcError::new(code, error.explain(lang));
    match error.request_id() {
        Some(request_id) => refused.with_detail(request_id),
        None => refused,
    }
}

fn opened(desk: &DeskState, bytes: &[u8], lang: Lang) -> Result<DeskView, IpcError> {
    let ticket = DeskTicket::open(bytes).map_err(|error| open_refused(&error, lang))?;
    desk.open(ticket);
    tracing::info!("desk: ticket opened");
    desk.with(|session| Ok(views::view(session, lang)))
}

/// Reads at most one byte past the ticket limit, so a huge file is refused without being read whole.
fn read_ticket_file(path: &Path, lang: Lang) -> Result<Vec<u8>, IpcError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| {
            file.take(MAX_TICKET_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
        })
        .map_err(|error| {
            IpcError::new(ErrorCode::FileError, "The ticket could not be read.")
                .with_detail(format!("{}: {error}", path.display()))
        })?;
    if bytes.len() > MAX_TICKET_BYTES {
        return Err(open_refused(&OpenError::TooLarge, lang));
    }
    Ok(bytes)
}

/// Opens a ticket the admin picks (`.eml` or text); `None` when they cancel the dialog.
#[tauri::command(async)]
pub fn desk_open_file(
    app: tauri::AppHandle,
    desk: tauri::State<'_, DeskState>,
    lang: Lang,
) -> Result<Option<DeskView>, IpcError> {
    use tauri_plugin_dialog::DialogExt;
    let Some(path) = app
        .dialog()
        .file()
        .add_filter("Lifeboat ticket (.eml, .txt)", &["eml", "txt"])
        .blocking_pick_file()
        .and_then(|picked| picked.into_path().ok())
    else {
        return Ok(None);
    };
    let bytes = read_ticket_file(&path, lang)?;
    opened(&desk, &bytes, lang).map(Some)
}

/// Opens a ticket pasted as text (a helpdesk tool's copy of the mail).
#[tauri::command]
pub fn desk_open_text(
    desk: tauri::State<'_, DeskState>,
    text: String,
    lang: Lang,
) -> Result<DeskView, IpcError> {
    opened(&desk, text.as_bytes(), lang)
}

/// Practice: the `.eml` tickets saved in the practice folder, newest first.
#[tauri::command]
pub fn desk_practice_tickets(shell: tauri::State<'_, ShellState>) -> Vec<PracticeTicket> {
    shell
        .practice_dir()
        .map(|dir| practice_tickets(&dir))
        .unwrap_or_default()
}

fn practice_tickets(dir: &Path) -> Vec<PracticeTicket> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut tickets: Vec<(std::time::SystemTime, String)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let modified = entry.metadata().and_then(|meta| meta.modified()).ok()?;
            name.to_ascii_lowercase()
                .ends_with(".eml")
                .then_some((modified, name))
        })
        .collect();
    tickets.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    tickets
        .into_iter()
        .map(|(_, name)| PracticeTicket { name })
        .collect()
}

/// Practice: opens one of [`desk_practice_tickets`] by its file name (a bare name, never a path).
#[tauri::command]
pub fn desk_open_practice(
    shell: tauri::State<'_, ShellState>,
    desk: tauri::State<'_, DeskState>,
    name: String,
    lang: Lang,
) -> Result<DeskView, IpcError> {
    let dir = shell.practice_dir().ok_or_else(|| {
        IpcError::new(
            ErrorCode::InvalidInput,
            "Practice tickets exist only in practice mode.",
        )
    })?;
    let listed = practice_tickets(&dir).into_iter().any(|t| t.name == name);
    if !listed {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            "No such practice ticket.",
        ));
    }
    let bytes = read_ticket_file(&dir.join(&name), lang)?;
    opened(&desk, &bytes, lang)
}

/// Works on another of the ticket's accounts: its checklist and its user now start over.
#[tauri::command]
pub fn desk_choose_account(
    desk: tauri::State<'_, DeskState>,
    upn: String,
    lang: Lang,
) -> Result<DeskView, IpcError> {
    desk.with(|session| {
        let account = session
            .ticket
            .account(Some(&upn))
            .map_err(|error| open_refused(&error, lang))?;
        session.upn = account.upn.clone();
        session.now = None;
        session.verification = None;
        Ok(views::view(session, lang))
    })
}

/// The desk as it stands, in `lang` (after a language switch); `None` when no ticket is open.
#[tauri::command]
pub fn desk_view(desk: tauri::State<'_, DeskState>, lang: Lang) -> Option<DeskView> {
    lock(&desk.session)
        .as_ref()
        .map(|session| views::view(session, lang))
}

/// Leaving the desk screen: everything of the session goes, a pass above all.
#[tauri::command]
pub fn desk_close(desk: tauri::State<'_, DeskState>) {
    desk.close();
}

/// Practice: the practice tenants' administrators; for the open ticket's organisation unless `all`.
#[tauri::command]
pub fn desk_practice_admins(
    shell: tauri::State<'_, ShellState>,
    desk: tauri::State<'_, DeskState>,
    all: bool,
) -> Vec<String> {
    if !shell.is_practice() {
        return Vec::new();
    }
    if all {
        return practice_admins_where(|_| true);
    }
    let tenant = desk
        .with(|session| {
            let domain = session.upn.rsplit('@').next().unwrap_or_default();
            Ok((
                session.ticket.tenant().map(str::to_string),
                domain.to_string(),
            ))
        })
        .ok();
    tenant
        .map(|(tenant, domain)| practice_admins(tenant.as_deref(), &domain))
        .unwrap_or_default()
}

/// The practice scenario's users who hold a role in the tenant named `tenant` (id or domain) or, without one,
/// whose domain the user's own domain ends with.
fn practice_admins(tenant: Option<&str>, user_domain: &str) -> Vec<String> {
    let scenario = lifeboat_sim::Scenario::practice();
    let matches = |t: &lifeboat_sim::Tenant| match tenant {
        Some(name) => t.id().eq_ignore_ascii_case(name) || t.domain().eq_ignore_ascii_case(name),
        None => user_domain.to_ascii_lowercase().ends_with(t.domain()),
    };
    let Some(tenant) = scenario.tenants().iter().find(|t| matches(t)) else {
        return Vec::new();
    };
    practice_admins_where(|tenant_id| tenant_id == tenant.id())
}

/// The practice scenario's users who hold a role, in the tenants (by id) `keep` accepts.
fn practice_admins_where(keep: impl Fn(&str) -> bool) -> Vec<String> {
    lifeboat_sim::Scenario::practice()
        .users()
        .iter()
        .filter(|user| keep(user.tenant_id()) && !user.roles().is_empty())
        .map(|user| user.upn().to_string())
        .collect()
}

/// Shows the admin's sign-in page: the system browser, or in practice the simulator's page in the practice
/// sign-in window.
struct AdminBrowser {
    app: tauri::AppHandle,
    practice: bool,
    lang: Lang,
}

impl BrowserOpener for AdminBrowser {
    fn open(&self, url: &url::Url) -> Result<(), BrowserError> {
        match self.practice {
            true => check::open_practice_sign_in(&self.app, url, self.lang),
            false => SystemBrowser.open(url),
        }
    }
}

/// Signs the admin in (a session kept in memory for this ticket only), then reads the ticket's user now.
#[tauri::command]
pub async fn desk_sign_in(
    app: tauri::AppHandle,
    shell: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, CheckState>,
    desk: tauri::State<'_, DeskState>,
    admin: String,
    lang: Lang,
) -> Result<DeskView, IpcError> {
    let (id, tenant, account) = desk.with(|session| {
        let tenant = session.ticket.tenant().map(str::to_string);
        Ok((session.id, tenant, session.account().clone()))
    })?;
    let asked = AdminSignIn {
        admin: &admin,
        tenant: tenant.as_deref(),
        scope: DESK_SCOPES,
        lang,
    };
    let (upn, graph) = admin_sign_in(&app, &shell, &checks, &desk, asked).await?;
    let user_now = user_now(&graph, &account)
        .await
        .map_err(|error| desk_refused(&error, lang))?;
    tracing::info!("desk: admin signed in, user read");
    desk.with_session(id, |session| {
        session.admin = Some(Admin { upn, graph });
        session.now = Some(user_now);
        session.verification = None;
        Ok(views::view(session, lang))
    })
}

/// Who signs in, for which organisation (`None`: their own) and permissions.
struct AdminSignIn<'a> {
    admin: &'a str,
    tenant: Option<&'a str>,
    scope: &'a str,
    lang: Lang,
}

/// Signs the admin in and returns their sign-in name and Graph. Their session is never remembered: a fresh
/// in-memory token store for each sign-in.
async fn admin_sign_in(
    app: &tauri::AppHandle,
    shell: &ShellState,
    checks: &CheckState,
    desk: &DeskState,
    asked: AdminSignIn<'_>,
) -> Result<(String, DeskGraph), IpcError> {
    let identity = check::identity(shell, checks).await?;
    let config = identity.config;
    let checker = Checker::with_defaults(config.clone(), Arc::new(MemoryTokenStore::new()))
        .map_err(|error| {
            IpcError::new(ErrorCode::Internal, "The sign-in could not be prepared.")
                .with_detail(error.to_string())
        })?;
    let target = AccountTarget::for_desk_admin(asked.admin, asked.tenant, &config);
    let browser = AdminBrowser {
        app: app.clone(),
        practice: identity.practice,
        lang: asked.lang,
    };
    let signed_in = sign_in(desk, &checker, &target, &browser, &asked).await;
    check::close_practice_sign_in(app);
    Ok((target.upn.clone(), signed_in?))
}

async fn sign_in(
    desk: &DeskState,
    checker: &Checker,
    target: &AccountTarget,
    browser: &AdminBrowser,
    asked: &AdminSignIn<'_>,
) -> Result<DeskGraph, IpcError> {
    let lang = asked.lang;
    let control = SignInControl::new();
    *lock(&desk.signing_in) = Some(control.clone());
    let check = checker
        .check_interactive(target, browser, &control, lang)
        .await;
    lock(&desk.signing_in).take();
    let failed = |why: String| IpcError::new(ErrorCode::DeskSignInFailed, why);
    let check = check.map_err(|error| failed(error.to_string()))?;
    sign_in_outcome(&check, lang).map_err(|error| failed(error.explain(lang)))?;
    admin_graph(checker, target, asked.scope)
        .await
        .map_err(|error| failed(error.explain(lang)))
}

/// Cancels the admin's sign-in in progress (they closed the browser tab, or chose another account).
#[tauri::command]
pub fn desk_cancel_sign_in(app: tauri::AppHandle, desk: tauri::State<'_, DeskState>) -> bool {
    let control = lock(&desk.signing_in).take();
    if let Some(control) = &control {
        control.cancel();
    }
    check::close_practice_sign_in(&app);
    control.is_some()
}

/// Completes the identity checklist (recorded in the audit log beside the book); the gaps otherwise, each in
/// words for its field.
#[tauri::command]
pub fn desk_verify(
    shell: tauri::State<'_, ShellState>,
    desk: tauri::State<'_, DeskState>,
    form: VerificationForm,
    lang: Lang,
) -> Result<VerifyAnswer, IpcError> {
    let audit = audit_log(&shell)?;
    desk.with(|session| {
        let admin = signed_in(session)?.upn.clone();
        let completed = complete_checklist(&form, session.account(), &admin, &audit, now());
        let gaps = match completed {
            Ok(verification) => {
                session.verification = Some(verification);
                Vec::new()
            }
            Err(ChecklistError::Incomplete(gaps)) => gaps,
            Err(ChecklistError::Audit(detail)) => {
                return Err(desk_refused(&DeskError::Io(detail), lang))
            }
        };
        Ok(VerifyAnswer {
            gaps: gaps.iter().map(|gap| VerifyGap::of(*gap, lang)).collect(),
            view: views::view(session, lang),
        })
    })
}

fn signed_in(session: &DeskSession) -> Result<&Admin, IpcError> {
    session.admin.as_ref().ok_or_else(|| {
        IpcError::new(
            ErrorCode::DeskNotSignedIn,
            "Sign in with your admin account first.",
        )
    })
}

/// The desk's audit log: beside the book in use (the practice book in practice mode).
fn audit_log(shell: &ShellState) -> Result<AuditLog, IpcError> {
    let book: PathBuf = shell.book_path().ok_or_else(|| {
        IpcError::new(
            ErrorCode::FileError,
            "There is no place on this computer to keep the desk's audit log.",
        )
    })?;
    Ok(AuditLog::beside_book(&book))
}

/// Each requested action as the request it will make, or why Lifeboat refuses it. Nothing is sent.
#[tauri::command]
pub fn desk_preview(
    desk: tauri::State<'_, DeskState>,
    request: ActionRequest,
    lang: Lang,
) -> Result<Vec<ActionPreview>, IpcError> {
    desk.with(|session| {
        let now = user_read(session)?;
        let target = now.target(session.account());
        Ok(request
            .actions(&now.comparison)
            .into_iter()
            .map(|action| ActionPreview::of(preview(&target, &action), action, lang))
            .collect())
    })
}

fn user_read(session: &DeskSession) -> Result<&UserNow, IpcError> {
    signed_in(session)?;
    session.now.as_ref().ok_or_else(|| {
        IpcError::new(
            ErrorCode::DeskNotSignedIn,
            "Sign in with your admin account first.",
        )
    })
}

/// Does the requested actions through Graph, one after the other, each written to the audit log; then reads
/// the user again. A pass comes back this once and is held (in memory) only for "Copy" until hidden.
#[tauri::command]
pub async fn desk_perform(
    shell: tauri::State<'_, ShellState>,
    desk: tauri::State<'_, DeskState>,
    request: ActionRequest,
    lang: Lang,
) -> Result<Performed, IpcError> {
    let audit = audit_log(&shell)?;
    let (id, account, graph, now_read, verification) = desk.with(|session| {
        let verification = session.verification.clone().ok_or_else(|| {
            let refusal = ActionRefusal::NotVerified {
                upn: session.upn.clone(),
            };
            desk_refused(&DeskError::Refused(refusal), lang)
        })?;
        let now = user_read(session)?.clone();
        let graph = signed_in(session)?.graph.clone();
        Ok((
            session.id,
            session.account().clone(),
            graph,
            now,
            verification,
        ))
    })?;
    let target = now_read.target(&account);
    let mut results = Vec::new();
    let mut pass = None;
    for action in request.actions(&now_read.comparison) {
        let done = perform(&graph, &verification, &target, &action, &audit, now()).await;
        let (result, created) = ActionResult::of(action, done, lang);
        // What was done, never with what a pass was.
        tracing::info!(action = result.action.code(), done = result.done, request_id = ?result.request_id, "desk action");
        results.push(result);
        pass = created.or(pass);
    }
    let reread = user_now(&graph, &account).await;
    desk.with_session(id, |session| {
        if let Ok(fresh) = reread {
            session.now = Some(fresh);
        }
        let shown = pass.as_ref().map(PassShown::of);
        session.pass = pass.map(|created| created.held);
        Ok(Performed {
            results,
            pass: shown,
            view: views::view(session, lang),
        })
    })
}

/// The admin hid the pass: it is dropped, "Copy" has nothing to copy any more.
#[tauri::command]
pub fn desk_hide_pass(desk: tauri::State<'_, DeskState>) {
    if let Some(session) = lock(&desk.session).as_mut() {
        session.pass.take();
    }
}

/// Copies the pass the shell holds to the clipboard, and clears the clipboard a minute later if it still
/// holds the pass (the admin may have copied something else meanwhile).
#[tauri::command]
pub fn desk_copy_pass(
    app: tauri::AppHandle,
    desk: tauri::State<'_, DeskState>,
) -> Result<(), IpcError> {
    let held = desk.with(|session| {
        session.pass.clone().ok_or_else(|| {
            IpcError::new(
                ErrorCode::InvalidInput,
                "There is no pass to copy any more.",
            )
        })
    })?;
    let clipboard: Arc<dyn pass::PassClipboard> = Arc::new(pass::SystemClipboard(app));
    pass::copy(clipboard.as_ref(), &held).map_err(|error| {
        IpcError::new(ErrorCode::Internal, "The pass could not be copied.").with_detail(error)
    })?;
    std::thread::spawn(move || {
        pass::clear_after(clipboard.as_ref(), &held, &|| {
            std::thread::sleep(pass::CLEAR_AFTER)
        })
    });
    Ok(())
}

/// The closing note for the helpdesk ticket, in the ticket's language, from what the audit log records.
#[tauri::command]
pub fn desk_note(
    shell: tauri::State<'_, ShellState>,
    desk: tauri::State<'_, DeskState>,
) -> Result<String, IpcError> {
    let audit = audit_log(&shell)?;
    let entries = audit.read().map_err(|error| {
        IpcError::new(
            ErrorCode::FileError,
            "The desk's audit log could not be read.",
        )
        .with_detail(error.to_string())
    })?;
    desk.with(|session| {
        let lines = NoteLine::from_audit(&entries, &session.upn);
        Ok(closing_note(&session.ticket, &session.upn, &lines))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_unreadable_ticket_has_its_own_code_and_sentence() {
        let cases = [
            (OpenError::NotLifeboat, ErrorCode::TicketNotLifeboat),
            (OpenError::Damaged("checksum"), ErrorCode::TicketDamaged),
            (OpenError::NoAccount, ErrorCode::TicketDamaged),
            (OpenError::UnsupportedVersion(9), ErrorCode::TicketNewer),
            (OpenError::TooLarge, ErrorCode::TicketTooLarge),
        ];
        for (error, code) in cases {
            let refused = open_refused(&error, Lang::It);
            assert_eq!(refused.code, code, "{error:?}");
            assert_eq!(refused.message, error.explain(Lang::It));
        }
        let foreign = DeskTicket::open(b"Hello IT, my phone is gone.").unwrap_err();
        assert_eq!(
            open_refused(&foreign, Lang::En).code,
            ErrorCode::TicketNotLifeboat
        );
    }

    #[test]
    fn a_pasted_ticket_over_the_limit_is_refused_as_too_large() {
        let desk = DeskState::default();
        let huge = vec![b'a'; MAX_TICKET_BYTES + 1];
        let refused = opened(&desk, &huge, Lang::En).unwrap_err();
        assert_eq!(refused.code, ErrorCode::TicketTooLarge);
        assert_eq!(
            desk.with(|_| Ok(())).unwrap_err().code,
            ErrorCode::DeskNoTicket
        );
    }

    #[test]
    fn practice_tickets_are_listed_newest_first_and_only_eml() {
        let dir = std::env::temp_dir().join(format!("lifeboat-desk-list-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("old.eml"), "a").unwrap();
        std::fs::write(dir.join("practice-accounts.json"), "{}").unwrap();
        let old = std::fs::File::options()
            .write(true)
            .open(dir.join("old.eml"))
            .unwrap();
        old.set_modified(std::time::SystemTime::UNIX_EPOCH).unwrap();
        std::fs::write(dir.join("new.EML"), "b").unwrap();
        let names: Vec<String> = practice_tickets(&dir).into_iter().map(|t| t.name).collect();
        assert_eq!(names, ["new.EML", "old.eml"]);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn the_school_has_its_practice_admin() {
        assert_eq!(
            practice_admins(Some("liceovolta.edu.it"), "studenti.liceovolta.edu.it"),
            ["assistenza.tecnica@liceovolta.edu.it"]
        );
        assert_eq!(
            practice_admins(None, "liceovolta.edu.it"),
            ["assistenza.tecnica@liceovolta.edu.it"]
        );
        assert!(practice_admins(Some("elsewhere.example"), "x").is_empty());
        let every = practice_admins_where(|_| true);
        assert!(
            every.contains(&"helpdesk.it@oml.it".to_string()),
            "{every:?}"
        );
        assert!(!every.contains(&"giulia.ferri@studenti.liceovolta.edu.it".to_string()));
    }
}
