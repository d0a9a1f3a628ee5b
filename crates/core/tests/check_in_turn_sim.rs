//! "Check in turn" against the simulator over real HTTP: the browser leg is played by a form-filling client,
//! the person's buttons are pressed by the test host, and the book is a memory store. Asserts what the window
//! shows (the snapshots) and what the book keeps.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use lifeboat_core::assess::Verdict;
use lifeboat_core::book::{
    AccountBook, AccountDetails, AccountId, BookError, BookStore, MemoryBookStore, MethodsStatus,
};
use lifeboat_core::check_in_turn::{
    check_in_turn, CheckButtons, CheckHost, CheckPhase, CheckProgress, CheckRequest, CheckStage,
    CheckVia,
};
use lifeboat_core::clock::SystemClock;
use lifeboat_core::evidence::SignInOutcome;
use lifeboat_core::lang::Wording;
use lifeboat_core::signin::{BrowserError, BrowserOpener};
use lifeboat_core::Lang;
use lifeboat_sim::BrowserScript;
use support::browser::FormFillingBrowser;
use support::sim::*;
use url::Url;

const CANTINA_USER: &str = "sara.gialli@cantina.example.it";

/// What the person does at each sign-in page, by sign-in name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AtThePage {
    /// The simulator's script finishes the sign-in.
    Scripted,
    /// The page stays at the MFA prompt; the person presses "I'm stuck".
    PressStuck,
    /// The person presses "Skip".
    PressSkip,
    /// The person presses "Stop".
    PressStop,
}

struct Host {
    store: MemoryBookStore,
    buttons: CheckButtons,
    behaviour: Vec<(&'static str, AtThePage)>,
    snapshots: Mutex<Vec<CheckProgress>>,
    opened: Mutex<Vec<Url>>,
    /// The answer given when the run asks "did it ask for a second step?".
    answer: bool,
    /// How many book updates succeed before every later one fails as a disk refusing writes would; `None`
    /// for a book that always saves. The first update is the run reading the book.
    saves_allowed: Option<usize>,
    updates: std::sync::atomic::AtomicUsize,
}

impl Host {
    fn behaviour_for(&self, url: &Url) -> AtThePage {
        let hint = url
            .query_pairs()
            .find(|(key, _)| key == "login_hint")
            .map(|(_, value)| value.to_string())
            .unwrap_or_default();
        self.behaviour
            .iter()
            .find(|(upn, _)| *upn == hint)
            .map(|(_, at)| *at)
            .unwrap_or(AtThePage::Scripted)
    }
}

impl CheckHost for Host {
    fn update_book(
        &self,
        change: &mut dyn FnMut(&mut AccountBook) -> Result<(), BookError>,
    ) -> Result<AccountBook, BookError> {
        let done = self
            .updates
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if self.saves_allowed.is_some_and(|allowed| done >= allowed) {
            return Err(BookError::Io {
                path: "/home/anna/.local/share/lifeboat/accounts.toml".into(),
                action: "replace the account book",
                source: std::io::ErrorKind::PermissionDenied.into(),
            });
        }
        self.store.update(change)
    }

    fn open_sign_in(&self, url: &Url) -> Result<(), BrowserError> {
        self.opened.lock().unwrap().push(url.clone());
        let buttons = self.buttons.clone();
        match self.behaviour_for(url) {
            AtThePage::Scripted => FormFillingBrowser {
                max_forms: 0,
                ..FormFillingBrowser::new(&[])
            }
            .open(url)?,
            press => {
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    match press {
                        AtThePage::PressStuck => assert!(buttons.stuck_at_mfa()),
                        AtThePage::PressSkip => assert!(buttons.skip()),
                        _ => buttons.stop(),
                    }
                });
            }
        }
        Ok(())
    }

    fn progress(&self, progress: &CheckProgress) {
        if progress
            .rows
            .iter()
            .any(|row| row.stage == CheckStage::AskingSecondStep)
        {
            let buttons = self.buttons.clone();
            let answer = self.answer;
            tokio::spawn(async move {
                assert!(buttons.answer_second_step(answer));
            });
        }
        self.snapshots.lock().unwrap().push(progress.clone());
    }
}

fn book(upns: &[&str]) -> (AccountBook, Vec<AccountId>) {
    let mut book = AccountBook::default();
    book.situation.lost_devices = vec!["Redmi di Anna".into()];
    let ids = upns
        .iter()
        .map(|upn| book.add(AccountDetails::new(*upn)).unwrap())
        .collect();
    (book, ids)
}

fn host(book: AccountBook, behaviour: Vec<(&'static str, AtThePage)>, answer: bool) -> Arc<Host> {
    Arc::new(Host {
        store: MemoryBookStore::new(book),
        buttons: CheckButtons::new(),
        behaviour,
        snapshots: Mutex::new(Vec::new()),
        opened: Mutex::new(Vec::new()),
        answer,
        saves_allowed: None,
        updates: Default::default(),
    })
}

async fn run(sim: &Sim, host: &Arc<Host>, ids: &[AccountId]) -> CheckProgress {
    let (checker, _) = sim.checker(Arc::new(SimClockSleeper(sim.server.clone())));
    run_with(&checker, host, ids).await
}

async fn run_with(
    checker: &lifeboat_core::signin::Checker,
    host: &Arc<Host>,
    ids: &[AccountId],
) -> CheckProgress {
    run_in(checker, host, ids, Lang::En).await
}

async fn run_in(
    checker: &lifeboat_core::signin::Checker,
    host: &Arc<Host>,
    ids: &[AccountId],
    lang: Lang,
) -> CheckProgress {
    let request = CheckRequest {
        accounts: ids.to_vec(),
        lang,
        remembers_sessions: true,
        note: None,
        device_code: false,
        ask_second_step: true,
        fresh: false,
    };
    tokio::time::timeout(
        Duration::from_secs(60),
        check_in_turn(
            checker,
            host.as_ref(),
            &SystemClock,
            &host.buttons.clone(),
            request,
        ),
    )
    .await
    .expect("the run finishes")
}

#[tokio::test]
async fn each_account_in_turn_then_remembered_sessions_all_at_once() {
    let sim = Sim::start(&scenario("", &[])).await;
    sim.server
        .set_script(STUDENT, BrowserScript::complete_with("sms"));
    sim.server
        .set_script(WORKER, BrowserScript::Complete { method: None });
    let (book, ids) = book(&[STUDENT, WORKER]);
    let host = host(book, Vec::new(), true);
    let (checker, _) = sim.checker(Arc::new(SimClockSleeper(sim.server.clone())));

    let first = run_with(&checker, &host, &ids).await;
    assert_eq!(first.phase, CheckPhase::Finished);
    assert_eq!(first.done, 2);
    assert_eq!(
        host.opened.lock().unwrap().len(),
        2,
        "one sign-in page each"
    );
    for row in &first.rows {
        assert_eq!(row.stage, CheckStage::Done, "{row:?}");
        assert_eq!(row.via, Some(CheckVia::Browser));
        assert_eq!(row.outcome, Some(SignInOutcome::Completed));
        assert_eq!(row.methods, Some(MethodsStatus::Read));
        assert!(row.method_count.unwrap() >= 1);
    }
    assert!(
        first.rows[0].method_count.unwrap() >= 3,
        "password, Authenticator, phone, email"
    );
    // Anna's Authenticator phone is lost, her SMS number works: she can recover alone.
    assert_eq!(first.rows[0].verdict, Verdict::SelfService);
    let saved = host.store.load().unwrap();
    assert!(saved.accounts.iter().all(|a| a.last_inventory.is_some()));
    assert_eq!(
        saved.accounts[0].details.tenant_id.as_deref(),
        Some(SCHOOL_ID)
    );
    // The snapshots went through every stage in order: re-check, then each sign-in.
    let snapshots = host.snapshots.lock().unwrap().clone();
    assert_eq!(snapshots[0].phase, CheckPhase::Rechecking);
    let signing: Vec<Option<AccountId>> = snapshots
        .iter()
        .filter(|s| s.rows.iter().any(|r| r.stage == CheckStage::SigningIn))
        .map(|s| s.current.clone())
        .collect();
    assert!(signing.contains(&Some(ids[0].clone())) && signing.contains(&Some(ids[1].clone())));

    // A second run: both sessions are remembered, so no page opens.
    let second = run_with(&checker, &host, &ids).await;
    assert_eq!(host.opened.lock().unwrap().len(), 2, "no new sign-in page");
    assert_eq!(second.rechecked, 2);
    assert!(second
        .rows
        .iter()
        .all(|row| row.via == Some(CheckVia::RememberedSession) && row.stage == CheckStage::Done));
}

#[tokio::test]
async fn stuck_and_skip_and_stop_are_recorded_as_the_person_pressed_them() {
    let sim = Sim::start(&scenario("", &[])).await;
    // Anna is left at the lost phone's push prompt: "I'm stuck".
    sim.server
        .set_script(STUDENT, BrowserScript::complete_with("push"));
    let (book, ids) = book(&[STUDENT, WORKER, CANTINA_USER]);
    let host = host(
        book,
        vec![
            (STUDENT, AtThePage::PressStuck),
            (WORKER, AtThePage::PressSkip),
            (CANTINA_USER, AtThePage::PressStop),
        ],
        true,
    );
    let last = run(&sim, &host, &ids).await;
    assert_eq!(last.phase, CheckPhase::Stopped);
    assert_eq!(last.rows[0].outcome, Some(SignInOutcome::BlockedByMfa));
    assert_eq!(last.rows[0].verdict, Verdict::NeedsIt);
    assert_eq!(last.rows[1].outcome, Some(SignInOutcome::Skipped));
    assert_eq!(last.rows[2].outcome, Some(SignInOutcome::Skipped));
    let saved = host.store.load().unwrap();
    assert_eq!(
        saved.accounts[0].last_check.as_ref().unwrap().outcome,
        SignInOutcome::BlockedByMfa,
        "the stuck sign-in is evidence kept in the book"
    );
}

#[tokio::test]
async fn a_stop_leaves_the_remaining_accounts_unchecked() {
    let sim = Sim::start(&scenario("", &[])).await;
    let (book, ids) = book(&[WORKER, STUDENT]);
    let host = host(book, vec![(WORKER, AtThePage::PressStop)], true);
    let last = run(&sim, &host, &ids).await;
    assert_eq!(last.phase, CheckPhase::Stopped);
    assert_eq!(last.rows[0].outcome, Some(SignInOutcome::Skipped));
    assert_eq!(last.rows[1].stage, CheckStage::NotChecked);
    assert_eq!(last.rows[1].outcome, None);
    assert_eq!(host.opened.lock().unwrap().len(), 1, "no page after Stop");
    assert_eq!(last.done, 2);
}

/// After "Stop" nothing reaches the book: the stopped sign-in's row says how it ended, but an account that had
/// no evidence before still has none (the person may be leaving practice mode and expects the run to be over).
#[tokio::test]
async fn nothing_is_recorded_after_stop() {
    let sim = Sim::start(&scenario("", &[])).await;
    let (book, ids) = book(&[WORKER, STUDENT]);
    let before = serde_json::to_string(&book).unwrap();
    let host = host(book, vec![(WORKER, AtThePage::PressStop)], true);
    let last = run(&sim, &host, &ids).await;
    assert_eq!(last.phase, CheckPhase::Stopped);
    assert_eq!(last.rows[0].outcome, Some(SignInOutcome::Skipped));
    let after = serde_json::to_string(&host.store.load().unwrap()).unwrap();
    assert_eq!(before, after, "the book is exactly as it was");
}

/// "Stop" during the re-check of remembered sessions ends the run at once: the re-checks in flight are dropped,
/// nothing they would have found is recorded, and no sign-in page opens.
#[tokio::test]
async fn stop_during_the_recheck_ends_the_run_and_records_nothing() {
    // Every request takes a while, so the re-checks are still in flight when Stop is pressed.
    let sim = Sim::start(&scenario("[faults]\nlatency_ms = 400", &[])).await;
    sim.server
        .set_script(WORKER, BrowserScript::Complete { method: None });
    let (book, ids) = book(&[WORKER]);
    let host = host(book, Vec::new(), true);
    let (checker, _) = sim.checker(Arc::new(SimClockSleeper(sim.server.clone())));
    // A first run signs in and remembers the session, so the second run re-checks it.
    let first = run_with(&checker, &host, &ids).await;
    assert_eq!(first.rows[0].via, Some(CheckVia::Browser));
    let before = serde_json::to_string(&host.store.load().unwrap()).unwrap();
    let opened = host.opened.lock().unwrap().len();

    let buttons = host.buttons.clone();
    let press = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        buttons.stop();
    });
    let last = run_with(&checker, &host, &ids).await;
    press.await.unwrap();
    assert_eq!(last.phase, CheckPhase::Stopped);
    assert_eq!(last.rows[0].stage, CheckStage::NotChecked);
    assert_eq!(last.rechecked, 0, "the re-check in flight was dropped");
    assert_eq!(
        host.opened.lock().unwrap().len(),
        opened,
        "no page after Stop"
    );
    let after = serde_json::to_string(&host.store.load().unwrap()).unwrap();
    assert_eq!(before, after, "nothing recorded after Stop");
}

/// Without consent to read methods, a completed sign-in proves something only with the person's answer.
#[tokio::test]
async fn without_a_method_list_the_answer_to_the_second_step_question_decides() {
    for (answer, verdict) in [(true, Verdict::SelfService), (false, Verdict::Unknown)] {
        let sim = Sim::start(&scenario("", &[])).await;
        sim.server
            .set_script(CANTINA_USER, BrowserScript::Complete { method: None });
        let (book, ids) = book(&[CANTINA_USER]);
        let host = host(book, Vec::new(), answer);
        let last = run(&sim, &host, &ids).await;
        let row = &last.rows[0];
        assert_eq!(row.outcome, Some(SignInOutcome::Completed));
        assert_eq!(row.methods, Some(MethodsStatus::NeedsAdminConsent));
        assert_eq!(row.verdict, verdict, "answer {answer}");
        assert!(host
            .snapshots
            .lock()
            .unwrap()
            .iter()
            .any(|s| s.rows[0].stage == CheckStage::AskingSecondStep));
        let saved = host.store.load().unwrap();
        assert_eq!(
            saved.accounts[0]
                .last_check
                .as_ref()
                .unwrap()
                .second_step_confirmed,
            Some(answer)
        );
    }
}

/// A refused sign-in reads in the run's language, with the AADSTS code IT looks up.
#[tokio::test]
async fn a_refused_sign_in_is_explained_in_both_languages() {
    const POLICY_USER: &str = "policy@contoso.example.com";
    let expected = [
        (
            Lang::It,
            "Un criterio di sicurezza dell'organizzazione ha bloccato l'accesso (AADSTS53003): serve l'aiuto dell'IT.",
            "bloccato da un criterio di accesso",
        ),
        (
            Lang::En,
            "An access policy of the organisation blocked the sign-in (AADSTS53003); IT has to help.",
            "blocked by an access policy",
        ),
    ];
    for (lang, _, _) in expected {
        let sim = Sim::start(&scenario("", &[(POLICY_USER, 53003, "authorization_code")])).await;
        sim.server
            .set_script(POLICY_USER, BrowserScript::Complete { method: None });
        let (book, ids) = book(&[POLICY_USER]);
        let host = host(book, Vec::new(), true);
        let (checker, _) = sim.checker(Arc::new(SimClockSleeper(sim.server.clone())));
        let last = run_in(&checker, &host, &ids, lang).await;
        let row = &last.rows[0];
        assert_eq!(row.outcome, Some(SignInOutcome::BlockedByPolicy), "{row:?}");
        assert_eq!(row.aadsts, Some(53003));
        // Whatever language the run started in, the row carries both: the window follows a switch.
        for (shown, problem, outcome) in expected {
            let said =
                |wording: &Option<Wording>| wording.as_ref().map(|w| w.text(shown).to_owned());
            assert_eq!(
                said(&row.problem).as_deref(),
                Some(problem),
                "{lang}, shown in {shown}"
            );
            assert_eq!(
                said(&row.outcome_text).as_deref(),
                Some(outcome),
                "{lang}, shown in {shown}"
            );
        }
    }
}

/// A book that cannot be written: the run still shows what the sign-in found, and says in the run's language
/// that the result was not saved and why; a book that cannot even be read stops the run before any sign-in.
#[tokio::test]
async fn a_book_that_cannot_be_saved_is_explained_and_the_run_goes_on() {
    let sim = Sim::start(&scenario("", &[])).await;
    sim.server
        .set_script(STUDENT, BrowserScript::complete_with("sms"));
    let (checker, _) = sim.checker(Arc::new(SimClockSleeper(sim.server.clone())));
    let expected = [
        (Lang::It, "Il risultato non è stato salvato: il sistema nega a Lifeboat l'accesso a /home/anna/.local/share/lifeboat/accounts.toml."),
        (Lang::En, "The result was not saved: the system denies Lifeboat access to /home/anna/.local/share/lifeboat/accounts.toml."),
    ];
    for (lang, sentence) in expected {
        let (book, ids) = book(&[STUDENT]);
        let mut refusing = Arc::into_inner(host(book, Vec::new(), true)).unwrap();
        refusing.saves_allowed = Some(1);
        let refusing = Arc::new(refusing);
        let last = run_in(&checker, &refusing, &ids, lang).await;
        assert_eq!(last.phase, CheckPhase::Finished, "{lang}");
        assert_eq!(
            last.error.as_ref().map(|w| w.text(lang)),
            Some(sentence),
            "{lang}"
        );
        assert_eq!(last.rows[0].outcome, Some(SignInOutcome::Completed));
        assert!(refusing.store.load().unwrap().accounts[0]
            .last_check
            .is_none());
    }

    let (book, ids) = book(&[STUDENT]);
    let mut unreadable = Arc::into_inner(host(book, Vec::new(), true)).unwrap();
    unreadable.saves_allowed = Some(0);
    let unreadable = Arc::new(unreadable);
    let last = run_in(&checker, &unreadable, &ids, Lang::It).await;
    assert_eq!(last.phase, CheckPhase::Stopped);
    assert!(last.rows.is_empty());
    assert!(
        unreadable.opened.lock().unwrap().is_empty(),
        "no sign-in page"
    );
    assert_eq!(
        last.error.as_ref().map(|w| w.text(Lang::It)),
        Some("Il controllo non è partito: il sistema nega a Lifeboat l'accesso a /home/anna/.local/share/lifeboat/accounts.toml.")
    );
}

/// Graph refusing the method list, then a remembered session Entra has ended: both read in Italian.
#[tokio::test]
async fn an_italian_check_says_in_italian_why_graph_refused_and_why_a_session_ended() {
    const ENDED_USER: &str = "ended@contoso.example.com";
    let head =
        "[faults]\nserver_error_rate = 1.0\nserver_error_status = 503\nretry_after_seconds = 0\n";
    let sim = Sim::start(&scenario(head, &[(ENDED_USER, 50173, "refresh_token")])).await;
    sim.server
        .set_script(STUDENT, BrowserScript::complete_with("sms"));
    sim.server
        .set_script(ENDED_USER, BrowserScript::Complete { method: None });
    let (book, ids) = book(&[STUDENT, ENDED_USER]);
    let host = host(book, Vec::new(), true);
    let (checker, _) = sim.checker(Arc::new(SimClockSleeper(sim.server.clone())));

    let first = run_in(&checker, &host, &ids, Lang::It).await;
    let graph = &first.rows[0];
    assert_eq!(graph.outcome, Some(SignInOutcome::Completed), "{graph:?}");
    assert_eq!(graph.methods, Some(MethodsStatus::Failed));
    let problem = graph
        .problem
        .as_ref()
        .map(|w| w.text(Lang::It))
        .expect("the failed read is explained");
    assert!(
        problem
            .starts_with("Microsoft Graph ha continuato a rifiutare la lettura dei metodi dopo "),
        "{problem}"
    );
    assert!(
        problem.contains("HTTP 503 serviceNotAvailable, request-id "),
        "{problem}"
    );
    assert!(problem.ends_with(": riprova più tardi."), "{problem}");
    // The refresh token is refused (AADSTS50173) when the methods scope is asked for.
    let refused = first.rows[1]
        .problem
        .as_ref()
        .map(|w| w.text(Lang::It))
        .expect("the refusal is explained");
    assert_eq!(
        refused,
        "Il permesso di leggere l'elenco dei metodi non è stato concesso. Microsoft chiede di accedere di \
         nuovo perché la sessione è scaduta o non è più valida (AADSTS50173)."
    );

    // The next run re-checks the remembered sessions: Entra has ended the second one.
    let opened = host.opened.lock().unwrap().len();
    host.snapshots.lock().unwrap().clear();
    run_in(&checker, &host, &ids, Lang::It).await;
    let ended = "La sessione ricordata è scaduta o è stata chiusa dall'organizzazione (AADSTS50173): serve \
                 un nuovo accesso.";
    assert!(
        host.snapshots.lock().unwrap().iter().any(|snapshot| {
            let row = &snapshot.rows[1];
            row.stage == CheckStage::Waiting
                && row.problem.as_ref().map(|w| w.text(Lang::It)) == Some(ended)
        }),
        "the row said why the remembered session could not be used"
    );
    assert_eq!(
        host.opened.lock().unwrap().len(),
        opened + 1,
        "only the ended session signs in again"
    );
}
