//! Sign-in, Graph and re-checks against the simulator (`lifeboat-sim`) over real HTTP on loopback: every
//! sign-in outcome, paging, 429 and 5xx, consent missing, wrong tenant, stuck at MFA, the device code flow.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use lifeboat_core::book::Membership;
use lifeboat_core::clock::RecordingSleeper;
use lifeboat_core::evidence::SignInOutcome;
use lifeboat_core::signin::{
    AccountTarget, DeviceCodePrompt, MethodsReading, RecheckOutcome, SignInControl, SignInError,
};
use lifeboat_core::token_store::TokenStore;
use lifeboat_core::Lang;
use lifeboat_sim::BrowserScript;
use support::browser::FormFillingBrowser;
use support::sim::*;

/// The system browser as the simulator's scripted completion expects it: follows redirects, fills nothing.
fn browser() -> FormFillingBrowser {
    FormFillingBrowser {
        max_forms: 0,
        ..FormFillingBrowser::new(&[])
    }
}

fn target(upn: &str) -> AccountTarget {
    AccountTarget {
        key: format!("key-{upn}"),
        upn: upn.into(),
        tenant: None,
        fresh: false,
    }
}

#[tokio::test]
async fn every_sign_in_outcome_is_classified_with_its_ticket_evidence() {
    let faults = [
        (
            "mfa@contoso.example.com",
            50076,
            SignInOutcome::BlockedByMfa,
        ),
        (
            "register@contoso.example.com",
            50079,
            SignInOutcome::MustRegister,
        ),
        (
            "riskyreg@contoso.example.com",
            53004,
            SignInOutcome::RegistrationBlocked,
        ),
        (
            "policy@contoso.example.com",
            53003,
            SignInOutcome::BlockedByPolicy,
        ),
        (
            "consent@contoso.example.com",
            65001,
            SignInOutcome::ConsentMissing,
        ),
        (
            "guest@contoso.example.com",
            50020,
            SignInOutcome::WrongAccountOrTenant,
        ),
        (
            "password@contoso.example.com",
            50126,
            SignInOutcome::PasswordProblem,
        ),
        (
            "disabled@contoso.example.com",
            50057,
            SignInOutcome::DisabledOrLocked,
        ),
        (
            "locked@contoso.example.com",
            50053,
            SignInOutcome::DisabledOrLocked,
        ),
        (
            "telecom@contoso.example.com",
            50088,
            SignInOutcome::Transient,
        ),
    ];
    let users: Vec<(&str, u32, &str)> = faults
        .iter()
        .map(|(user, code, _)| (*user, *code, "authorization_code"))
        .collect();
    let sim = Sim::start(&scenario("", &users)).await;
    let signin = sim.signin();
    for (user, code, expected) in faults {
        sim.server
            .set_script(user, BrowserScript::Complete { method: None });
        let attempt = signin
            .interactive(&target(user), &browser(), &SignInControl::new(), Lang::En)
            .await
            .unwrap();
        assert_eq!(
            attempt.evidence.outcome, expected,
            "{user}: {:?}",
            attempt.error
        );
        assert_eq!(attempt.evidence.aadsts, Some(code), "{user}");
        assert!(
            attempt.evidence.trace_id.is_some(),
            "{user} keeps the trace id for the ticket"
        );
        assert!(
            attempt.evidence.correlation_id.is_some(),
            "{user} keeps the correlation id"
        );
        assert!(attempt.session.is_none());
    }
}

#[tokio::test]
async fn completed_stuck_cancelled_and_unknown_tenant() {
    let sim = Sim::start(&scenario("", &[])).await;
    let signin = sim.signin();

    sim.server
        .set_script(STUDENT, BrowserScript::complete_with("sms"));
    let done = signin
        .interactive(
            &target(STUDENT),
            &browser(),
            &SignInControl::new(),
            Lang::It,
        )
        .await
        .unwrap();
    assert_eq!(
        done.evidence.outcome,
        SignInOutcome::Completed,
        "{:?}",
        done.error
    );
    let identity = done.identity.unwrap();
    assert_eq!(
        identity.tenant_id, SCHOOL_ID,
        "the tenant id was discovered from the UPN's domain"
    );
    assert_eq!(identity.preferred_username.as_deref(), Some(STUDENT));

    // The only prompt left is the lost phone's: the browser stays there and the person presses the button.
    sim.server
        .set_script(STUDENT, BrowserScript::complete_with("push"));
    let control = SignInControl::new();
    let pressing = control.clone();
    let stuck_browser = browser();
    let watched = stuck_browser.clone();
    tokio::spawn(async move {
        while watched.visit().status.is_none() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        pressing.stuck_at_mfa();
    });
    let stuck = signin
        .interactive(&target(STUDENT), &stuck_browser, &control, Lang::It)
        .await
        .unwrap();
    assert_eq!(stuck.evidence.outcome, SignInOutcome::BlockedByMfa);
    assert_eq!(stuck.error, Some(SignInError::StuckAtMfa));
    assert!(
        stuck_browser.visit().body.contains("form") || stuck_browser.visit().status == Some(200)
    );

    sim.server.set_script(STUDENT, BrowserScript::Cancel);
    let cancelled = signin
        .interactive(
            &target(STUDENT),
            &browser(),
            &SignInControl::new(),
            Lang::En,
        )
        .await
        .unwrap();
    assert_eq!(
        cancelled.evidence.outcome,
        SignInOutcome::Skipped,
        "{:?}",
        cancelled.error
    );

    let nowhere = signin
        .interactive(
            &target("chi@nessuno.example.net"),
            &browser(),
            &SignInControl::new(),
            Lang::En,
        )
        .await
        .unwrap();
    assert_eq!(
        nowhere.evidence.outcome,
        SignInOutcome::WrongAccountOrTenant,
        "{:?}",
        nowhere.error
    );
    assert!(matches!(nowhere.error, Some(SignInError::Discovery(_))));

    assert_eq!(
        signin.discover_tenant_id(CONTOSO).await.unwrap().as_deref(),
        Some(CONTOSO_ID)
    );
}

#[tokio::test]
async fn a_session_taken_to_a_tenant_without_the_account_is_the_wrong_tenant() {
    let sim = Sim::start(&scenario("", &[])).await;
    let signin = sim.signin();
    sim.server
        .set_script(WORKER, BrowserScript::Complete { method: None });
    let attempt = signin
        .interactive(&target(WORKER), &browser(), &SignInControl::new(), Lang::En)
        .await
        .unwrap();
    assert_eq!(
        attempt.evidence.outcome,
        SignInOutcome::Completed,
        "{:?}",
        attempt.error
    );
    let refresh_token = attempt.session.unwrap().refresh_token.unwrap();
    // Refresh tokens are not tied to a tenant (docs/MICROSOFT.md §1.6), but Luca has no account in the school's.
    let wrong = AccountTarget {
        tenant: Some(SCHOOL_ID.into()),
        fresh: false,
        ..target(WORKER)
    };
    let attempt = signin.resume(&wrong, &refresh_token).await;
    assert_eq!(
        attempt.evidence.outcome,
        SignInOutcome::WrongAccountOrTenant,
        "{:?}",
        attempt.error
    );
    assert_eq!(attempt.evidence.aadsts, Some(50020));
}

#[tokio::test]
async fn methods_are_read_across_pages_after_the_consent_step() {
    let sim = Sim::start(&scenario("[simulator]\nmethods_page_size = 2\n", &[])).await;
    let (checker, store) = sim.checker(Arc::new(RecordingSleeper::new()));
    sim.server
        .set_script(STUDENT, BrowserScript::complete_with("sms"));
    let check = checker
        .check_interactive(
            &target(STUDENT),
            &browser(),
            &SignInControl::new(),
            Lang::It,
        )
        .await
        .unwrap();
    assert_eq!(
        check.evidence.outcome,
        SignInOutcome::Completed,
        "{:?}",
        check.problem
    );
    match &check.methods {
        MethodsReading::Read { methods, .. } => {
            assert_eq!(methods.len(), 5, "three pages of two, two and one");
            assert!(methods
                .iter()
                .all(|method| method.get("@odata.type").is_some()));
            // The lost phone is listed: Graph does not know it is lost.
            assert!(methods.iter().any(|m| m["displayName"] == "Redmi di Anna"));
        }
        other => panic!("methods not read: {other:?}"),
    }
    assert_eq!(
        check.profile.as_ref().map(|me| me.display_name.as_deref()),
        Some(Some("Anna Verdi"))
    );
    assert!(
        store.load(&target(STUDENT).key).unwrap().is_some(),
        "the session is kept for re-checks"
    );
    assert!(
        !check.remembered,
        "a memory store does not remember across runs"
    );
}

#[tokio::test]
async fn consent_missing_keeps_the_sign_in_proof() {
    let sim = Sim::start(&scenario("", &[])).await;
    let (checker, _store) = sim.checker(Arc::new(RecordingSleeper::new()));
    let upn = format!("sara.gialli@{NO_CONSENT}");
    sim.server
        .set_script(&upn, BrowserScript::complete_with("sms"));
    let check = checker
        .check_interactive(&target(&upn), &browser(), &SignInControl::new(), Lang::En)
        .await
        .unwrap();
    assert_eq!(
        check.evidence.outcome,
        SignInOutcome::Completed,
        "{:?}",
        check.problem
    );
    match check.methods {
        MethodsReading::NeedsAdminConsent {
            aadsts, trace_id, ..
        } => {
            assert_eq!(aadsts, Some(65001));
            assert!(trace_id.is_some());
        }
        other => panic!("expected the admin-consent mark, got {other:?}"),
    }
    assert!(check.profile.is_some(), "/me still works with User.Read");
}

#[tokio::test]
async fn throttling_waits_retry_after_including_fractions() {
    let head = "[faults]\nthrottle_every = 2\nretry_after_seconds = 0.25\n";
    let sim = Sim::start(&scenario(
        &format!("[simulator]\nmethods_page_size = 2\n{head}"),
        &[],
    ))
    .await;
    let sleeper = Arc::new(RecordingSleeper::new());
    let (checker, _store) = sim.checker(sleeper.clone());
    sim.server
        .set_script(STUDENT, BrowserScript::complete_with("sms"));
    let check = checker
        .check_interactive(
            &target(STUDENT),
            &browser(),
            &SignInControl::new(),
            Lang::En,
        )
        .await
        .unwrap();
    assert!(
        matches!(&check.methods, MethodsReading::Read { methods, .. } if methods.len() == 5),
        "{:?}",
        check.methods
    );
    assert!(check.profile.is_some());
    let waits = sleeper.waits();
    assert!(!waits.is_empty(), "every second Graph call was throttled");
    assert!(
        waits.iter().all(|wait| *wait == Duration::from_millis(250)),
        "{waits:?}"
    );
}

#[tokio::test]
async fn server_errors_back_off_and_give_up_with_graphs_code() {
    let head =
        "[faults]\nserver_error_rate = 1.0\nserver_error_status = 503\nretry_after_seconds = 0\n";
    let sim = Sim::start(&scenario(head, &[])).await;
    let sleeper = Arc::new(RecordingSleeper::new());
    let (checker, _store) = sim.checker(sleeper.clone());
    sim.server
        .set_script(STUDENT, BrowserScript::complete_with("sms"));
    let check = checker
        .check_interactive(
            &target(STUDENT),
            &browser(),
            &SignInControl::new(),
            Lang::En,
        )
        .await
        .unwrap();
    assert_eq!(
        check.evidence.outcome,
        SignInOutcome::Completed,
        "sign-in does not depend on Graph"
    );
    match &check.methods {
        MethodsReading::Failed {
            code,
            request_id,
            problem,
        } => {
            assert_eq!(code.as_deref(), Some("serviceNotAvailable"), "{problem:?}");
            let request_id = request_id.as_deref().expect("Graph's request-id is kept");
            // The person reads it in either language, with what IT needs to look it up.
            for lang in Lang::ALL {
                let text = problem.text(lang);
                assert!(text.contains("serviceNotAvailable"), "{text}");
                assert!(text.contains(request_id), "{text}");
                assert!(text.contains("HTTP 503"), "{text}");
            }
            assert!(problem
                .text(Lang::It)
                .starts_with("Microsoft Graph ha continuato"));
            assert!(problem.detail().contains("kept refusing"), "{problem:?}");
        }
        other => panic!("expected a failed read, got {other:?}"),
    }
    assert!(
        sleeper.waits().len() >= 4,
        "retried before giving up: {:?}",
        sleeper.waits()
    );
}

#[tokio::test]
async fn server_errors_that_pass_are_retried_to_success() {
    let head = "[faults]\nserver_error_rate = 0.5\nserver_error_status = 500\nseed = 11\n";
    let sim = Sim::start(&scenario(head, &[])).await;
    let sleeper = Arc::new(RecordingSleeper::new());
    let (checker, _store) = sim.checker(sleeper.clone());
    sim.server
        .set_script(STUDENT, BrowserScript::complete_with("sms"));
    let check = checker
        .check_interactive(
            &target(STUDENT),
            &browser(),
            &SignInControl::new(),
            Lang::En,
        )
        .await
        .unwrap();
    assert!(
        matches!(check.methods, MethodsReading::Read { .. }),
        "{:?}",
        check.methods
    );
    let policy = lifeboat_core::config::RetryPolicy::default();
    for wait in sleeper.waits() {
        assert!(wait <= policy.max_delay);
    }
}

#[tokio::test]
async fn device_code_flow_against_the_simulator() {
    let sim = Sim::start(&scenario("", &[])).await;
    let signin = sim.signin();
    let server = sim.server.clone();
    let show = move |prompt: &DeviceCodePrompt| {
        assert_eq!(prompt.expires_in_seconds, 900);
        // Asked with `mkt=it-IT`, Entra's sentence comes in Italian (docs/MICROSOFT.md §1.7).
        assert!(
            prompt.message.starts_with("Per accedere")
                && prompt.message.contains(&prompt.user_code),
            "{}",
            prompt.message
        );
        let outcome = server.complete_device_login(
            &prompt.user_code,
            STUDENT,
            &BrowserScript::complete_with("sms"),
        );
        assert!(outcome.is_ok(), "{outcome:?}");
    };
    let attempt = signin
        .device_code(&target(STUDENT), &show, &SignInControl::new(), Lang::It)
        .await;
    assert_eq!(
        attempt.evidence.outcome,
        SignInOutcome::Completed,
        "{:?}",
        attempt.error
    );
    assert_eq!(attempt.identity.unwrap().tenant_id, SCHOOL_ID);

    let server = sim.server.clone();
    let declined = move |prompt: &DeviceCodePrompt| {
        let _ = server.complete_device_login(&prompt.user_code, STUDENT, &BrowserScript::Cancel);
    };
    let attempt = signin
        .device_code(&target(STUDENT), &declined, &SignInControl::new(), Lang::En)
        .await;
    assert_eq!(
        attempt.evidence.outcome,
        SignInOutcome::Skipped,
        "{:?}",
        attempt.error
    );
    assert_eq!(attempt.error, Some(SignInError::DeviceCodeDeclined));

    let attempt = signin
        .device_code(
            &target(STUDENT),
            &|_: &DeviceCodePrompt| {},
            &SignInControl::new(),
            Lang::En,
        )
        .await;
    assert_eq!(
        attempt.error,
        Some(SignInError::DeviceCodeExpired),
        "nobody typed the code"
    );
}

#[tokio::test]
async fn polling_too_fast_gets_slow_down_and_five_more_seconds() {
    let sim = Sim::start(&scenario("", &[])).await;
    // The first two waits move the simulator's clock by only half: the second poll comes too early. The
    // person finishes the device login during the third wait.
    struct HurriedSleeper {
        server: Arc<lifeboat_sim::SimServer>,
        waits: Mutex<Vec<Duration>>,
        user_code: Mutex<Option<String>>,
    }
    impl lifeboat_core::clock::Sleeper for HurriedSleeper {
        fn sleep(&self, duration: Duration) -> lifeboat_core::clock::BoxFuture<'_, ()> {
            let mut waits = self.waits.lock().unwrap();
            waits.push(duration);
            let moved = if waits.len() <= 2 {
                duration / 2
            } else {
                duration
            };
            self.server
                .advance_clock(time::Duration::try_from(moved).unwrap());
            if waits.len() == 3 {
                let code = self.user_code.lock().unwrap().clone().unwrap();
                let _ = self.server.complete_device_login(
                    &code,
                    STUDENT,
                    &BrowserScript::complete_with("sms"),
                );
            }
            Box::pin(tokio::task::yield_now())
        }
    }
    let sleeper = Arc::new(HurriedSleeper {
        server: sim.server.clone(),
        waits: Mutex::default(),
        user_code: Mutex::default(),
    });
    let signin = sim.signin_with(sim.config(), sleeper.clone());
    let remember = sleeper.clone();
    let show = move |prompt: &DeviceCodePrompt| {
        *remember.user_code.lock().unwrap() = Some(prompt.user_code.clone())
    };
    let attempt = signin
        .device_code(&target(STUDENT), &show, &SignInControl::new(), Lang::En)
        .await;
    let waits = sleeper.waits.lock().unwrap().clone();
    assert_eq!(
        waits,
        vec![
            Duration::from_secs(5),
            Duration::from_secs(5),
            Duration::from_secs(10)
        ],
        "slow_down adds 5 s"
    );
    assert_eq!(
        attempt.evidence.outcome,
        SignInOutcome::Completed,
        "{:?}",
        attempt.error
    );
}

#[tokio::test]
async fn remembered_sessions_are_rechecked_together() {
    let users = [("ended@contoso.example.com", 50173, "refresh_token")];
    let sim = Sim::start(&scenario("", &users)).await;
    let (checker, store) = sim.checker(Arc::new(RecordingSleeper::new()));
    let sara = format!("sara.gialli@{NO_CONSENT}");
    for (upn, script) in [
        (STUDENT, BrowserScript::complete_with("sms")),
        (WORKER, BrowserScript::Complete { method: None }),
        (sara.as_str(), BrowserScript::complete_with("sms")),
        (
            "ended@contoso.example.com",
            BrowserScript::Complete { method: None },
        ),
    ] {
        sim.server.set_script(upn, script);
        let check = checker
            .check_interactive(&target(upn), &browser(), &SignInControl::new(), Lang::En)
            .await
            .unwrap();
        assert_eq!(
            check.evidence.outcome,
            SignInOutcome::Completed,
            "{upn}: {:?}",
            check.problem
        );
    }
    let targets = vec![
        target(STUDENT),
        target(WORKER),
        target(&sara),
        target("ended@contoso.example.com"),
        target("never@contoso.example.com"),
    ];
    let mut seen = 0;
    let results = checker.recheck_all(&targets, |_| seen += 1).await;
    assert_eq!(seen, 5, "progress for every account");
    assert_eq!(
        results
            .iter()
            .map(|r| r.account_key.clone())
            .collect::<Vec<_>>(),
        targets.iter().map(|t| t.key.clone()).collect::<Vec<_>>()
    );
    let methods = |index: usize| match &results[index].outcome {
        RecheckOutcome::Checked { check } => check.methods.clone(),
        other => panic!("{}: {other:?}", results[index].account_key),
    };
    assert!(matches!(methods(0), MethodsReading::Read { methods, .. } if methods.len() == 5));
    assert!(matches!(methods(1), MethodsReading::Read { methods, .. } if methods.len() == 1));
    assert!(matches!(
        methods(2),
        MethodsReading::NeedsAdminConsent {
            aadsts: Some(65001),
            ..
        }
    ));
    match &results[3].outcome {
        RecheckOutcome::SessionEnded { reason } => {
            assert!(
                reason
                    .text(Lang::It)
                    .starts_with("La sessione ricordata è scaduta"),
                "{reason:?}"
            );
            assert!(
                reason
                    .text(Lang::En)
                    .starts_with("The remembered session has expired"),
                "{reason:?}"
            );
            for lang in Lang::ALL {
                assert!(reason.text(lang).contains("AADSTS50173"), "{reason:?}");
            }
        }
        other => panic!("expected the session to have ended, got {other:?}"),
    }
    assert!(
        store.load(&targets[3].key).unwrap().is_none(),
        "an ended session is forgotten"
    );
    assert_eq!(results[4].outcome, RecheckOutcome::NotRemembered);

    checker.forget(&targets[0].key).await.unwrap();
    assert!(
        store.load(&targets[0].key).unwrap().is_none(),
        "forget this account deletes its session"
    );
}

#[tokio::test]
async fn an_organisation_is_looked_up_from_the_name_being_typed() {
    use lifeboat_core::signin::discovery::TenantLookup;
    let sim = Sim::start(&scenario("", &[])).await;
    let signin = sim.signin();
    assert_eq!(
        signin
            .look_up_organisation(STUDENT, Membership::Member, None)
            .await,
        TenantLookup::Found {
            domain: SCHOOL.into(),
            tenant_id: Some(SCHOOL_ID.into())
        }
    );
    // A guest: the inviting organisation counts, not the home domain.
    assert_eq!(
        signin
            .look_up_organisation(STUDENT, Membership::Guest, Some(" Contoso.Example.com "))
            .await,
        TenantLookup::Found {
            domain: CONTOSO.into(),
            tenant_id: Some(CONTOSO_ID.into())
        }
    );
    assert_eq!(
        signin
            .look_up_organisation("anna@scuola.exampel.it", Membership::Member, None)
            .await,
        TenantLookup::Unknown {
            domain: "scuola.exampel.it".into()
        }
    );
    assert_eq!(
        signin
            .look_up_organisation("anna@", Membership::Member, None)
            .await,
        TenantLookup::Incomplete
    );
    // A guest whose inviting organisation is not typed yet: the home domain is never looked up instead.
    for typed in [None, Some("  ")] {
        assert_eq!(
            signin
                .look_up_organisation(STUDENT, Membership::Guest, typed)
                .await,
            TenantLookup::Incomplete
        );
    }
}
