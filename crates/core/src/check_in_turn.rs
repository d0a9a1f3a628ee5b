//! "Check in turn" (docs/PRODUCT.md §2 J1, §4): every selected account is checked once. Remembered sessions are
//! re-checked first, all at once; then each remaining tenant gets an interactive sign-in, one at a time, with
//! "I'm stuck at the MFA prompt", "Skip" and "Stop" always available. A sign-in that completes without a method
//! list asks the person, one click, whether it asked for a second step they still hold (docs/PRODUCT.md §3: only that
//! answer makes a completed sign-in proof). Every change is saved to the book as it happens, so nothing is lost
//! when the window closes half-way.
//!
//! The run is driven by a [`CheckHost`] (the desktop shell; tests use a double): it keeps the book, opens the
//! browser and shows the [`CheckProgress`] snapshots. The person's buttons reach the run through
//! [`CheckButtons`].

use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use tokio::sync::oneshot;
use ts_rs::TS;
use url::Url;

use crate::assess::{assess, Verdict};
use crate::book::{AccountBook, AccountId, BookError, MethodsStatus};
use crate::clock::Clock;
use crate::evidence::{SignInEvidence, SignInOutcome};
use crate::lang::Wording;
use crate::problem::Problem;
use crate::signin::{
    AccountCheck, AccountTarget, BrowserError, BrowserOpener, Checker, DeviceCodePrompt,
    MethodsReading, RecheckOutcome, SetupError, SignInControl,
};
use crate::situation::Situation;
use crate::Lang;

/// Where one account is in the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckStage {
    /// Its turn has not come yet.
    Waiting,
    /// Its remembered session is being resumed.
    Rechecking,
    /// The sign-in page is open; the run waits for the person.
    SigningIn,
    /// The browser could not open: a code to type at the shown address.
    DeviceCode,
    /// The sign-in completed; the run waits for "did it ask for a second step?".
    AskingSecondStep,
    /// Checked; the row holds what was found.
    Done,
    /// The run was stopped before its turn, or the sign-in could not even start.
    NotChecked,
}

/// How the account was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckVia {
    RememberedSession,
    Browser,
    DeviceCode,
}

/// One account's line on the check screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckRow {
    pub id: AccountId,
    pub upn: String,
    /// The organisation as typed, else the tenant the sign-in goes to.
    pub organisation: String,
    pub stage: CheckStage,
    pub via: Option<CheckVia>,
    /// How this run's sign-in ended.
    pub outcome: Option<SignInOutcome>,
    /// The outcome in words.
    pub outcome_text: Option<Wording>,
    pub aadsts: Option<u32>,
    pub methods: Option<MethodsStatus>,
    pub method_count: Option<usize>,
    /// The verdict from everything the book now knows (this run included).
    pub verdict: Verdict,
    pub headline: Wording,
    /// What went wrong around the sign-in (from a `Problem`).
    pub problem: Option<Wording>,
    /// This run's sign-in evidence (with Entra's codes and ids for a ticket).
    pub evidence: Option<SignInEvidence>,
}

/// Where the whole run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckPhase {
    Rechecking,
    SigningIn,
    Finished,
    Stopped,
}

/// A snapshot of the run, sent after every change (the window simply shows the newest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckProgress {
    pub phase: CheckPhase,
    pub rows: Vec<CheckRow>,
    /// The account whose turn it is.
    pub current: Option<AccountId>,
    /// Accounts finished (checked or not checked) out of `rows.len()`.
    pub done: usize,
    /// Remembered sessions answered so far, out of `recheck_total` (every selected account is tried).
    pub rechecked: usize,
    pub recheck_total: usize,
    /// The code to type when the browser could not be opened.
    pub device_code: Option<DeviceCodePrompt>,
    /// The app the person signs in with ("Microsoft Graph Command Line Tools").
    pub client_name: String,
    /// False when sessions cannot be remembered (no keyring): every run signs in again.
    pub remembers_sessions: bool,
    /// Why sessions are not remembered, or another note for the whole run.
    pub note: Option<Wording>,
    /// A problem with the run itself (the book could not be saved).
    pub error: Option<Wording>,
}

/// What the run needs from its surroundings.
pub trait CheckHost: Send + Sync {
    /// Reads the book, applies `change`, saves it, and returns the saved book.
    fn update_book(
        &self,
        change: &mut dyn FnMut(&mut AccountBook) -> Result<(), BookError>,
    ) -> Result<AccountBook, BookError>;
    /// Opens the sign-in page (the system browser; in practice, the simulator's page).
    fn open_sign_in(&self, url: &Url) -> Result<(), BrowserError>;
    /// The sign-in of the current account ended (practice closes its sign-in window).
    fn sign_in_ended(&self) {}
    /// Shows the newest snapshot.
    fn progress(&self, progress: &CheckProgress);
}

/// The person's buttons during a run. Cheap to clone; every clone presses the same buttons.
#[derive(Clone, Default)]
pub struct CheckButtons {
    inner: Arc<ButtonsInner>,
}

#[derive(Default)]
struct ButtonsInner {
    stop: SignInControl,
    current: Mutex<Option<SignInControl>>,
    sign_in_url: Mutex<Option<Url>>,
    answer: Mutex<Option<oneshot::Sender<bool>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl CheckButtons {
    pub fn new() -> Self {
        Self::default()
    }

    /// "I'm stuck at the MFA prompt": the sign-in in progress ends as blocked by MFA. False when no sign-in is
    /// waiting.
    pub fn stuck_at_mfa(&self) -> bool {
        lock(&self.inner.current)
            .as_ref()
            .map(SignInControl::stuck_at_mfa)
            .is_some()
    }

    /// "Skip": the sign-in in progress ends as skipped and the next account's turn comes.
    pub fn skip(&self) -> bool {
        lock(&self.inner.current)
            .as_ref()
            .map(SignInControl::cancel)
            .is_some()
    }

    /// "Stop": ends the sign-in in progress as skipped and checks nothing more.
    pub fn stop(&self) {
        self.inner.stop.cancel();
        self.skip();
        lock(&self.inner.answer).take();
    }

    /// The answer to "did the sign-in ask for a second step, and did you pass it with something you still
    /// have?". False when nothing is asking.
    pub fn answer_second_step(&self, confirmed: bool) -> bool {
        lock(&self.inner.answer)
            .take()
            .is_some_and(|sender| sender.send(confirmed).is_ok())
    }

    /// The page of the sign-in in progress, to open again ("Open sign-in" after the person closed it).
    pub fn sign_in_url(&self) -> Option<Url> {
        lock(&self.inner.sign_in_url).clone()
    }

    fn stopped(&self) -> bool {
        self.inner.stop.interruption().is_some()
    }
}

/// The opener handed to the sign-in: remembers the page for "Open sign-in", then asks the host.
struct RememberingOpener<'a> {
    host: &'a dyn CheckHost,
    buttons: &'a CheckButtons,
}

impl BrowserOpener for RememberingOpener<'_> {
    fn open(&self, url: &Url) -> Result<(), BrowserError> {
        *lock(&self.buttons.inner.sign_in_url) = Some(url.clone());
        self.host.open_sign_in(url)
    }
}

/// What a run is asked to do.
pub struct CheckRequest {
    /// The accounts to check, in this order.
    pub accounts: Vec<AccountId>,
    pub lang: Lang,
    pub remembers_sessions: bool,
    /// Why sessions are not remembered (shown in `lang`).
    pub note: Option<Problem>,
    /// Sign in with the device code flow instead of opening a browser.
    pub device_code: bool,
    /// Ask "did it ask for a second step?" after a completed sign-in without a method list. Off where nobody
    /// can answer (a script): the verdict then stays cautious.
    pub ask_second_step: bool,
    /// Every sign-in of the run is fresh (`AccountTarget::fresh`): the proof of a move or a re-registration.
    pub fresh: bool,
}

/// The run's own state: the snapshot being built and what the host needs to publish it.
struct Run<'a> {
    host: &'a dyn CheckHost,
    clock: &'a dyn Clock,
    buttons: &'a CheckButtons,
    lang: Lang,
    progress: Mutex<CheckProgress>,
}

impl Run<'_> {
    fn publish(&self) {
        let snapshot = {
            let mut progress = lock(&self.progress);
            progress.done = progress
                .rows
                .iter()
                .filter(|row| matches!(row.stage, CheckStage::Done | CheckStage::NotChecked))
                .count();
            progress.clone()
        };
        self.host.progress(&snapshot);
    }

    fn with_row(&self, id: &AccountId, change: impl FnOnce(&mut CheckRow)) {
        if let Some(row) = lock(&self.progress)
            .rows
            .iter_mut()
            .find(|row| &row.id == id)
        {
            change(row);
        }
    }

    fn set_stage(&self, id: &AccountId, stage: CheckStage) {
        self.with_row(id, |row| row.stage = stage);
        self.publish();
    }

    /// The verdict the book now supports, in the row.
    fn refresh_verdict(&self, id: &AccountId, book: &AccountBook) {
        let Some(account) = book.get(id) else { return };
        let situation = Situation {
            now: Some(self.clock.now()),
            ..book.situation.clone()
        };
        let assessment = assess(&account.evidence(), &situation);
        let headline = Wording::of(|lang| assessment.headline(lang));
        self.with_row(id, |row| {
            row.verdict = assessment.verdict;
            row.headline = headline;
        });
    }

    /// A result could not be saved: the run says why and goes on.
    fn not_saved(&self, error: &BookError) {
        tracing::warn!(%error, "a check result could not be saved");
        lock(&self.progress).error = Some(Problem::result_not_saved(error).wording());
    }

    /// Saves a check in the book and in the row. Returns the saved book, or `None` when saving failed (the
    /// row and the run say so; the run goes on, since the sign-in evidence is still shown) or when the run was
    /// stopped: after "Stop" the row still shows how the sign-in ended, but nothing more reaches the book (the
    /// person may be leaving practice mode, or closing the window, and expects the run to be over).
    fn record(&self, id: &AccountId, check: &AccountCheck, via: CheckVia) -> Option<AccountBook> {
        let saved = if self.buttons.stopped() {
            tracing::info!("the run was stopped: this sign-in's result is not recorded");
            None
        } else {
            Some(self.host.update_book(&mut |book| {
                book.record_account_check(id, check)?;
                Ok(())
            }))
        };
        self.with_row(id, |row| {
            row.via = Some(via);
            row.outcome = Some(check.evidence.outcome);
            row.outcome_text = Some(match &check.methods {
                // With the list read, the verdict rests on it: the second-step question is not asked.
                MethodsReading::Read { .. }
                    if check.evidence.outcome == SignInOutcome::Completed =>
                {
                    Wording::of(|lang| lang.say("assess-sign-in-list-read"))
                }
                _ => Wording::of(|lang| check.evidence.describe(lang)),
            });
            row.aadsts = check.evidence.aadsts;
            row.evidence = Some(check.evidence.clone());
            row.methods = Some(MethodsStatus::of(&check.methods));
            row.method_count = match &check.methods {
                MethodsReading::Read { methods, .. } => Some(methods.len()),
                _ => None,
            };
            row.problem = match &check.methods {
                MethodsReading::Failed { problem, .. } => Some(problem),
                _ => check.problem.as_ref(),
            }
            .map(Problem::wording);
        });
        match saved? {
            Ok(book) => {
                self.refresh_verdict(id, &book);
                Some(book)
            }
            Err(error) => {
                self.not_saved(&error);
                None
            }
        }
    }
}

impl Run<'_> {
    /// "Stop" came while remembered sessions were being re-checked: every account not yet answered is left
    /// unchecked, and no sign-in page opens.
    fn stopped_during_recheck(&self) -> CheckProgress {
        for row in lock(&self.progress).rows.iter_mut() {
            if matches!(row.stage, CheckStage::Rechecking | CheckStage::Waiting) {
                row.stage = CheckStage::NotChecked;
            }
        }
        self.end()
    }

    /// The last snapshot: finished, or stopped when "Stop" was pressed.
    fn end(&self) -> CheckProgress {
        {
            let mut progress = lock(&self.progress);
            progress.current = None;
            progress.device_code = None;
            progress.phase = if self.buttons.stopped() {
                CheckPhase::Stopped
            } else {
                CheckPhase::Finished
            };
        }
        *lock(&self.buttons.inner.sign_in_url) = None;
        self.publish();
        let last = lock(&self.progress).clone();
        last
    }
}

/// Signs `target` in with the device code flow, showing the code in the snapshot while it waits.
async fn by_device_code(
    run: &Run<'_>,
    checker: &Checker,
    id: &AccountId,
    target: &AccountTarget,
    control: &SignInControl,
) -> AccountCheck {
    run.set_stage(id, CheckStage::DeviceCode);
    let show = |prompt: &DeviceCodePrompt| {
        lock(&run.progress).device_code = Some(prompt.clone());
        run.publish();
    };
    let check = checker
        .check_device_code(target, &show, control, run.lang)
        .await;
    lock(&run.progress).device_code = None;
    check
}

/// Runs the check of `request.accounts` to the end (or until "Stop") and returns the last snapshot.
pub async fn check_in_turn(
    checker: &Checker,
    host: &dyn CheckHost,
    clock: &dyn Clock,
    buttons: &CheckButtons,
    request: CheckRequest,
) -> CheckProgress {
    let lang = request.lang;
    // The first snapshot: every selected account waiting for its re-check (none when the book cannot be read).
    let first_snapshot = |phase, rows: Vec<CheckRow>, error: Option<Wording>| CheckProgress {
        phase,
        recheck_total: rows.len(),
        rows,
        current: None,
        done: 0,
        rechecked: 0,
        device_code: None,
        client_name: checker.signin().config().client_name.clone(),
        remembers_sessions: request.remembers_sessions,
        note: request.note.as_ref().map(Problem::wording),
        error,
    };
    let book = match host.update_book(&mut |_| Ok(())) {
        Ok(book) => book,
        Err(error) => {
            tracing::warn!(%error, "the account book could not be read for a check");
            let problem = Problem::check_not_started(&error).wording();
            let progress = first_snapshot(CheckPhase::Stopped, Vec::new(), Some(problem));
            host.progress(&progress);
            return progress;
        }
    };
    let situation = Situation {
        now: Some(clock.now()),
        ..book.situation.clone()
    };
    let mut targets: Vec<(AccountId, AccountTarget)> = Vec::new();
    let mut rows = Vec::new();
    for id in &request.accounts {
        let Some(account) = book.get(id) else {
            continue;
        };
        let mut target = checker.target_for(account);
        target.fresh = request.fresh;
        let assessment = assess(&account.evidence(), &situation);
        rows.push(CheckRow {
            id: id.clone(),
            upn: account.details.upn.clone(),
            organisation: account
                .organisation_name()
                .or_else(|| target.tenant_segment())
                .unwrap_or_default(),
            stage: CheckStage::Rechecking,
            via: None,
            outcome: None,
            outcome_text: None,
            aadsts: None,
            methods: None,
            method_count: None,
            verdict: assessment.verdict,
            headline: Wording::of(|lang| assessment.headline(lang)),
            problem: None,
            evidence: None,
        });
        targets.push((id.clone(), target));
    }
    let run = Run {
        host,
        clock,
        buttons,
        lang,
        progress: Mutex::new(first_snapshot(CheckPhase::Rechecking, rows, None)),
    };
    run.publish();

    // Remembered sessions first, all at once: no browser, a few seconds for the whole book. "Stop" ends the
    // phase at once (the re-checks still in flight are dropped) and nothing after it is recorded.
    let only_targets: Vec<AccountTarget> = targets.iter().map(|(_, t)| t.clone()).collect();
    let rechecking = checker.recheck_all(&only_targets, |result| {
        if buttons.stopped() {
            return;
        }
        if let Some((id, _)) = targets.iter().find(|(_, t)| t.key == result.account_key) {
            match &result.outcome {
                RecheckOutcome::Checked { check } => {
                    run.record(id, check, CheckVia::RememberedSession);
                    run.with_row(id, |row| row.stage = CheckStage::Done);
                }
                RecheckOutcome::SessionEnded { reason } => {
                    let reason = reason.wording();
                    run.with_row(id, |row| {
                        row.stage = CheckStage::Waiting;
                        row.problem = Some(reason);
                    });
                }
                RecheckOutcome::NotRemembered | RecheckOutcome::StoreFailed { .. } => {
                    run.with_row(id, |row| row.stage = CheckStage::Waiting)
                }
            }
        }
        lock(&run.progress).rechecked += 1;
        run.publish();
    });
    let rechecks = tokio::select! {
        rechecks = rechecking => rechecks,
        _ = buttons.inner.stop.interrupted() => Vec::new(),
    };
    if buttons.stopped() {
        return run.stopped_during_recheck();
    }
    let interactive: Vec<(AccountId, AccountTarget)> = targets
        .into_iter()
        .zip(rechecks)
        .filter(|(_, result)| !matches!(result.outcome, RecheckOutcome::Checked { .. }))
        .map(|(pair, _)| pair)
        .collect();

    // Then the others, one at a time.
    lock(&run.progress).phase = CheckPhase::SigningIn;
    run.publish();
    for (id, target) in interactive {
        if buttons.stopped() {
            run.set_stage(&id, CheckStage::NotChecked);
            continue;
        }
        let control = SignInControl::new();
        *lock(&buttons.inner.current) = Some(control.clone());
        *lock(&buttons.inner.sign_in_url) = None;
        {
            let mut progress = lock(&run.progress);
            progress.current = Some(id.clone());
            progress.device_code = None;
        }
        run.set_stage(&id, CheckStage::SigningIn);
        let opener = RememberingOpener { host, buttons };
        let checked = if request.device_code {
            Ok((
                by_device_code(&run, checker, &id, &target, &control).await,
                CheckVia::DeviceCode,
            ))
        } else {
            match checker
                .check_interactive(&target, &opener, &control, lang)
                .await
            {
                Ok(check) => Ok((check, CheckVia::Browser)),
                Err(SetupError::Browser(error)) => {
                    // No browser could be opened: the device code works from any other device.
                    tracing::info!(%error, "no browser; falling back to the device code");
                    Ok((
                        by_device_code(&run, checker, &id, &target, &control).await,
                        CheckVia::DeviceCode,
                    ))
                }
                Err(error) => Err(error),
            }
        };
        *lock(&buttons.inner.current) = None;
        host.sign_in_ended();
        let (check, via) = match checked {
            Ok(pair) => pair,
            Err(error) => {
                tracing::warn!(%error, "the sign-in could not start");
                let problem = Problem::of(&error).wording();
                run.with_row(&id, |row| row.problem = Some(problem));
                run.set_stage(&id, CheckStage::NotChecked);
                continue;
            }
        };
        let book = run.record(&id, &check, via);
        let ask = request.ask_second_step
            && check.evidence.outcome == SignInOutcome::Completed
            && !matches!(check.methods, MethodsReading::Read { .. })
            && book.is_some();
        if ask {
            let (sender, receiver) = oneshot::channel();
            *lock(&buttons.inner.answer) = Some(sender);
            run.set_stage(&id, CheckStage::AskingSecondStep);
            // A stop drops the sender: the question stays unanswered and the verdict stays cautious.
            if let Ok(confirmed) = receiver.await {
                let saved =
                    host.update_book(&mut |book| book.confirm_second_step(&id, confirmed, None));
                match saved {
                    Ok(book) => run.refresh_verdict(&id, &book),
                    Err(error) => run.not_saved(&error),
                }
                let mut evidence = check.evidence.clone();
                evidence.second_step_confirmed = Some(confirmed);
                let text = Wording::of(|lang| evidence.describe(lang));
                run.with_row(&id, |row| {
                    row.outcome_text = Some(text);
                    row.evidence = Some(evidence);
                });
            }
        }
        run.set_stage(&id, CheckStage::Done);
    }
    run.end()
}
