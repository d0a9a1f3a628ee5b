//! The IT desk against the simulator: the admin signs in, finds the ticket's user (a guest by mail), compares
//! methods, previews and performs each action (audit lines with Graph's request-id, never the pass), and every
//! refusal: Lifeboat's own (not verified, TAP disabled, lifetime out of bounds, a pass already there, a guest's
//! sessions) and Microsoft's 403s read as the missing role or licence; the readiness report streamed.

mod support;

use std::sync::Arc;

use lifeboat_core::book::{LossKind, Membership};
use lifeboat_core::desk::actions::{perform, preview, DeskTarget};
use lifeboat_core::desk::note::NoteLine;
use lifeboat_core::desk::readiness::{CsvSink, ReadinessClass};
use lifeboat_core::desk::*;
use lifeboat_core::signin::{AccountTarget, BrowserError, BrowserOpener, SignInControl};
use lifeboat_core::ticket::block::{Ask, BlockAccount, BlockMethod, TicketBlock};
use lifeboat_core::Lang;
use lifeboat_sim::{BrowserScript, SimServer};
use support::sim::{Sim, SimClockSleeper};

const AUTHENTICATOR: &str = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod";
const PHONE: &str = "#microsoft.graph.phoneAuthenticationMethod";
const LOST_PHONE_APP: &str = "7c2e4a91-5b3d-4f6e-8a1c-9d2b4e6f8a03";
const GONE_ALREADY: &str = "0c2e4a91-5b3d-4f6e-8a1c-9d2b4e6f8a00";
const SMS: &str = "3179e48a-750b-4051-897c-87b9720928f7";

const SCENARIO: &str = r##"
[[tenants]]
id = "11111111-2222-4333-8444-555555555555"
domain = "contoso.it"
name = "Contoso"
kind = "business"
licence = "p2"
require_mfa = false
consented_scopes = ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All", "AuditLog.Read.All", "Policy.Read.AuthenticationMethod", "User.RevokeSessions.All"]

[tenants.temporary_access_pass]
minimum_lifetime_minutes = 30
maximum_lifetime_minutes = 120
default_lifetime_minutes = 45
is_usable_once = true

[[tenants]]
id = "66666666-7777-4888-9999-000000000000"
domain = "fabrikam.it"
name = "Fabrikam"
kind = "business"
licence = "free"
require_mfa = false
consented_scopes = ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All", "AuditLog.Read.All", "Policy.Read.AuthenticationMethod", "User.RevokeSessions.All"]

[tenants.temporary_access_pass]
state = "disabled"

[[users]]
tenant = "contoso.it"
upn = "anna@contoso.it"
display_name = "Anna Verdi"
mail = "anna@contoso.it"
password = "Anna-2026"

[[users.methods]]
"@odata.type" = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"
id = "7c2e4a91-5b3d-4f6e-8a1c-9d2b4e6f8a03"
displayName = "Redmi Note 12 di Anna"
in_hand = false

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "3179e48a-750b-4051-897c-87b9720928f7"
phoneNumber = "+39 3475550100"
phoneType = "mobile"

[[users]]
tenant = "contoso.it"
upn = "ernesto@contoso.it"
display_name = "Ernesto Bianchi"
password = "Ernesto-2026"
roles = ["User Administrator"]

[[users.methods]]
"@odata.type" = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"
id = "9e3a5c7b-1d2f-4e6a-b8c0-3f5d7e9a1b28"
displayName = "Pixel di Ernesto"

[[users]]
tenant = "contoso.it"
user_type = "guest"
home_upn = "gianni@partner.example"
password = "Gianni-2026"
display_name = "Gianni Ospite"

[[users.methods]]
"@odata.type" = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"
id = "6d1f3b5a-8c2e-4d7f-a9b1-0e4c6a8d2f59"
displayName = "iPhone di Gianni"

[[users]]
tenant = "contoso.it"
upn = "bruno@contoso.it"
display_name = "Bruno Neri"
password = "Bruno-2026"
roles = ["Authentication Administrator"]

[[users]]
tenant = "contoso.it"
upn = "carla@contoso.it"
display_name = "Carla Blu"
password = "Carla-2026"
roles = ["Privileged Authentication Administrator", "Reports Reader", "Global Reader"]

[[users]]
tenant = "contoso.it"
upn = "gina@contoso.it"
display_name = "Gina Rosa"
password = "Gina-2026"
roles = ["Global Reader"]

[[users]]
tenant = "fabrikam.it"
upn = "fabio@fabrikam.it"
display_name = "Fabio Rossi"
password = "Fabio-2026"
roles = ["Privileged Authentication Administrator", "Reports Reader", "Global Reader"]

[[users]]
tenant = "fabrikam.it"
upn = "lia@fabrikam.it"
display_name = "Lia Gialli"
password = "Lia-2026"

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "3179e48a-750b-4051-897c-87b9720928f7"
phoneNumber = "+39 3475550199"
phoneType = "mobile"

[[generated_users]]
tenant = "contoso.it"
count = 2500
seed = 7
"##;

/// The practice browser: the simulator plays the scripted sign-in.
struct SimBrowser(Arc<SimServer>);

impl BrowserOpener for SimBrowser {
    fn open(&self, url: &url::Url) -> Result<(), BrowserError> {
        let (server, url) = (self.0.clone(), url.to_string());
        tokio::spawn(async move {
            let _ = server.browse(&url).await;
        });
        Ok(())
    }
}

struct Desk {
    sim: Sim,
    folder: std::path::PathBuf,
}

impl Desk {
    async fn start(name: &str) -> Desk {
        Self::start_with(name, SCENARIO).await
    }

    async fn start_with(name: &str, scenario: &str) -> Desk {
        let folder =
            std::env::temp_dir().join(format!("lifeboat-desk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        Desk {
            sim: Sim::start(scenario).await,
            folder,
        }
    }

    /// Signs `admin` in through the browser, then asks for `scope`.
    async fn graph(&self, admin: &str, tenant: &str, scope: &str) -> DeskGraph {
        let (checker, _) = self
            .sim
            .checker(Arc::new(SimClockSleeper(self.sim.server.clone())));
        self.sim
            .server
            .set_script(admin, BrowserScript::Complete { method: None });
        let target = AccountTarget::for_desk_admin(admin, Some(tenant), &self.sim.config());
        let check = checker
            .check_interactive(
                &target,
                &SimBrowser(self.sim.server.clone()),
                &SignInControl::new(),
                Lang::En,
            )
            .await
            .unwrap();
        assert!(check.problem.is_none(), "{:?}", check.problem);
        let token = checker
            .scoped_token(&target, scope)
            .await
            .unwrap()
            .expect("a remembered session");
        DeskGraph::new(checker.graph().clone(), token)
    }

    fn audit(&self) -> AuditLog {
        AuditLog::beside_book(&self.folder.join("book.json"))
    }
}

fn account(upn: &str, membership: Membership, admin_role: bool) -> BlockAccount {
    BlockAccount {
        upn: upn.into(),
        membership,
        admin_role,
        aadsts: Some(50076),
        methods_read: vec![
            BlockMethod {
                id: LOST_PHONE_APP.into(),
                odata_type: AUTHENTICATOR.into(),
            },
            BlockMethod {
                id: GONE_ALREADY.into(),
                odata_type: AUTHENTICATOR.into(),
            },
            BlockMethod {
                id: SMS.into(),
                odata_type: PHONE.into(),
            },
        ],
        remove: vec![
            BlockMethod {
                id: LOST_PHONE_APP.into(),
                odata_type: AUTHENTICATOR.into(),
            },
            BlockMethod {
                id: GONE_ALREADY.into(),
                odata_type: AUTHENTICATOR.into(),
            },
        ],
        ask: vec![
            Ask::TemporaryAccessPass,
            Ask::RemoveMethods,
            Ask::RevokeSessions,
        ],
    }
}

fn ticket(accounts: Vec<BlockAccount>) -> DeskTicket {
    let block = TicketBlock {
        version: lifeboat_core::ticket::block::VERSION,
        tenant_id: Some("11111111-2222-4333-8444-555555555555".into()),
        tenant_domain: Some("contoso.it".into()),
        lang: "it".into(),
        loss: LossKind::Lost,
        lost_devices: vec!["Redmi Note 12 di Anna".into()],
        reply_to: "anna.verdi@example.org".into(),
        accounts,
    };
    DeskTicket::open(block.armored_lines().join("\n").as_bytes()).unwrap()
}

fn verified(account: &BlockAccount, admin: &str) -> Verification {
    VerificationForm {
        how: Some(IdentityCheck::VideoCallWithId),
        second_person: Some("Paola Neri".into()),
        privileged_admin_confirmed: true,
    }
    .complete(account, admin, time::OffsetDateTime::now_utc())
    .unwrap()
}

#[tokio::test]
async fn a_member_ticket_from_open_to_closing_note() {
    let desk = Desk::start("member").await;
    let ticket = ticket(vec![account("anna@contoso.it", Membership::Member, false)]);
    let account = ticket.account(None).unwrap();
    let graph = desk
        .graph("carla@contoso.it", "contoso.it", DESK_SCOPES)
        .await;
    let user = graph.find_user(account).await.unwrap();
    let methods = graph.methods(&user).await.unwrap();
    let comparison = compare(account, &methods);
    let ids = |rows: Vec<&MethodRow>| rows.iter().map(|row| row.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(comparison.still_to_remove().collect()),
        [LOST_PHONE_APP]
    );
    assert_eq!(ids(comparison.already_gone().collect()), [GONE_ALREADY]);
    let policy = graph.tap_policy().await.unwrap();
    let target = DeskTarget {
        account,
        user: &user,
        comparison: &comparison,
        tap_policy: Some(&policy),
    };
    let verification = verified(account, "carla@contoso.it");
    let audit = desk.audit();
    let now = time::OffsetDateTime::now_utc();

    let remove = DeskAction::RemoveMethod {
        id: LOST_PHONE_APP.into(),
    };
    let shown = preview(&target, &remove).unwrap();
    assert_eq!(
        shown.path,
        format!(
            "users/{}/authentication/microsoftAuthenticatorMethods/{LOST_PHONE_APP}",
            user.id
        )
    );
    assert!(
        shown.words(Lang::En).contains("Redmi Note 12 di Anna"),
        "{}",
        shown.words(Lang::En)
    );
    let removed = perform(&graph, &verification, &target, &remove, &audit, now)
        .await
        .unwrap();

    let tap = DeskAction::CreateTap {
        lifetime_minutes: Some(60),
        replace_existing: false,
    };
    let created = perform(&graph, &verification, &target, &tap, &audit, now)
        .await
        .unwrap();
    let pass = created.pass.as_ref().expect("the pass, shown once");
    assert!(pass.expose().len() >= 8);
    assert_eq!(format!("{pass:?}"), "[redacted]");
    assert_eq!(created.pass_lifetime_minutes, Some(60));

    let revoke = DeskAction::RevokeSessions;
    let revoked = perform(&graph, &verification, &target, &revoke, &audit, now)
        .await
        .unwrap();

    let after = graph.methods(&user).await.unwrap();
    assert!(
        !after.iter().any(|m| m["id"] == LOST_PHONE_APP),
        "the lost phone's app is gone"
    );
    assert!(after
        .iter()
        .any(|m| m["@odata.type"] == "#microsoft.graph.temporaryAccessPassAuthenticationMethod"));

    let log = std::fs::read_to_string(audit.path()).unwrap();
    assert!(
        !log.contains(pass.expose()),
        "the pass never reaches the audit log"
    );
    let entries = audit.read().unwrap();
    let summary: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.action.as_str(), e.outcome.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("remove_method", "done"),
            ("create_tap", "done"),
            ("revoke_sessions", "done")
        ]
    );
    for (entry, done) in entries.iter().zip([&removed, &created, &revoked]) {
        assert!(entry.request_id.is_some(), "{entry:?}");
        assert_eq!(entry.request_id, done.request_id);
        assert_eq!(entry.admin, "carla@contoso.it");
        assert_eq!(entry.target, "anna@contoso.it");
    }

    let mut lines = vec![NoteLine::verified(&verification)];
    lines.extend([&removed, &created, &revoked].into_iter().map(NoteLine::of));
    lines.push(NoteLine::AlreadyGone {
        label: GONE_ALREADY.into(),
    });
    let note = closing_note(&ticket, &account.upn, &lines);
    // The audit log alone gives the same note (the CLI drafts it in a later run).
    audit
        .append(&AuditEntry::of_verification(&verification))
        .unwrap();
    let mut from_audit = NoteLine::from_audit(&audit.read().unwrap(), &account.upn);
    from_audit.rotate_right(1);
    from_audit.push(NoteLine::AlreadyGone {
        label: GONE_ALREADY.into(),
    });
    assert_eq!(from_audit, lines);
    assert!(
        note.contains("Redmi Note 12 di Anna")
            && note.contains("60")
            && !note.contains("Paola Neri"),
        "{note}"
    );
    let it = Lang::parse("it").unwrap();
    assert!(
        note.contains(&it.say("desk-note-revoked")),
        "in the ticket's language: {note}"
    );
    assert!(!note.contains(pass.expose()));
}

#[tokio::test]
async fn lifeboat_refuses_before_any_request_and_audits_the_refusal() {
    let desk = Desk::start("refusals").await;
    let anna = account("anna@contoso.it", Membership::Member, false);
    let guest = account("gianni@partner.example", Membership::Guest, false);
    let graph = desk
        .graph("carla@contoso.it", "contoso.it", DESK_SCOPES)
        .await;
    let policy = graph.tap_policy().await.unwrap();
    let audit = desk.audit();
    let now = time::OffsetDateTime::now_utc();

    let user = graph.find_user(&anna).await.unwrap();
    let methods = graph.methods(&user).await.unwrap();
    let comparison = compare(&anna, &methods);
    let target = DeskTarget {
        account: &anna,
        user: &user,
        comparison: &comparison,
        tap_policy: Some(&policy),
    };
    let someone_else = verified(&guest, "carla@contoso.it");
    let table: Vec<(DeskAction, ActionRefusal)> = vec![
        (
            DeskAction::CreateTap {
                lifetime_minutes: Some(600),
                replace_existing: false,
            },
            ActionRefusal::TapLifetime {
                asked: 600,
                minimum: 30,
                maximum: 120,
            },
        ),
        (
            DeskAction::RemoveMethod {
                id: GONE_ALREADY.into(),
            },
            ActionRefusal::MethodGone {
                id: GONE_ALREADY.into(),
            },
        ),
    ];
    for (action, refusal) in table {
        assert_eq!(preview(&target, &action).unwrap_err(), refusal);
    }
    let error = perform(
        &graph,
        &someone_else,
        &target,
        &DeskAction::RevokeSessions,
        &audit,
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(
        error,
        DeskError::Refused(ActionRefusal::NotVerified {
            upn: "anna@contoso.it".into()
        })
    );

    // A pass already there is replaced only when the admin says so.
    let verification = verified(&anna, "carla@contoso.it");
    let tap = DeskAction::CreateTap {
        lifetime_minutes: None,
        replace_existing: false,
    };
    let first = perform(&graph, &verification, &target, &tap, &audit, now)
        .await
        .unwrap();
    assert_eq!(
        first.pass_lifetime_minutes,
        Some(45),
        "the policy's default"
    );
    let methods = graph.methods(&user).await.unwrap();
    let comparison = compare(&anna, &methods);
    let target = DeskTarget {
        comparison: &comparison,
        ..target
    };
    let again = perform(&graph, &verification, &target, &tap, &audit, now)
        .await
        .unwrap_err();
    assert_eq!(again, DeskError::Refused(ActionRefusal::TapExists));
    assert!(again.explain(Lang::En).contains("replaces"));
    let replace = DeskAction::CreateTap {
        lifetime_minutes: None,
        replace_existing: true,
    };
    assert!(
        perform(&graph, &verification, &target, &replace, &audit, now)
            .await
            .is_ok()
    );

    // A guest is found by mail; their sessions cannot be revoked from here.
    let gianni = graph.find_user(&guest).await.unwrap();
    assert!(gianni.guest);
    let methods = graph.methods(&gianni).await.unwrap();
    let comparison = compare(&guest, &methods);
    let target = DeskTarget {
        account: &guest,
        user: &gianni,
        comparison: &comparison,
        tap_policy: Some(&policy),
    };
    let error = perform(
        &graph,
        &someone_else,
        &target,
        &DeskAction::RevokeSessions,
        &audit,
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(error, DeskError::Refused(ActionRefusal::GuestSessions));

    let outcomes: Vec<(String, String)> = audit
        .read()
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.outcome))
        .collect();
    let expected: Vec<(String, String)> = [
        ("revoke_sessions", "refused"),
        ("create_tap", "done"),
        ("create_tap", "refused"),
        ("create_tap", "done"),
        ("revoke_sessions", "refused"),
    ]
    .iter()
    .map(|(a, o)| (a.to_string(), o.to_string()))
    .collect();
    assert_eq!(outcomes, expected);
}

#[tokio::test]
async fn a_disabled_tap_policy_is_refused_and_explained() {
    let desk = Desk::start("disabled").await;
    let lia = account("lia@fabrikam.it", Membership::Member, false);
    let graph = desk
        .graph("fabio@fabrikam.it", "fabrikam.it", DESK_SCOPES)
        .await;
    let policy = graph.tap_policy().await.unwrap();
    assert!(!policy.enabled());
    let user = graph.find_user(&lia).await.unwrap();
    let methods = graph.methods(&user).await.unwrap();
    let comparison = compare(&lia, &methods);
    let target = DeskTarget {
        account: &lia,
        user: &user,
        comparison: &comparison,
        tap_policy: Some(&policy),
    };
    let refusal = preview(
        &target,
        &DeskAction::CreateTap {
            lifetime_minutes: None,
            replace_existing: false,
        },
    )
    .unwrap_err();
    assert_eq!(refusal, ActionRefusal::TapDisabled);
    assert!(refusal.explain(Lang::En).contains("disabled"));
}

#[tokio::test]
async fn microsofts_refusals_are_read_as_the_missing_role_or_licence() {
    let desk = Desk::start("roles").await;
    let ernesto = account("ernesto@contoso.it", Membership::Member, true);
    // An Authentication Administrator: no policy reading, no reset of an administrator, no report.
    let graph = desk
        .graph("bruno@contoso.it", "contoso.it", DESK_SCOPES)
        .await;
    let error = graph.tap_policy().await.unwrap_err();
    assert!(
        matches!(
            error,
            DeskError::MissingRole {
                call: DeskCall::ReadTapPolicy,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.request_id().is_some());
    assert!(error.explain(Lang::En).contains("Global Reader"));

    let user = graph.find_user(&ernesto).await.unwrap();
    let comparison = compare(
        &ernesto,
        &[
            serde_json::json!({"@odata.type": AUTHENTICATOR, "id": "9e3a5c7b-1d2f-4e6a-b8c0-3f5d7e9a1b28"}),
        ],
    );
    let target = DeskTarget {
        account: &ernesto,
        user: &user,
        comparison: &comparison,
        tap_policy: None,
    };
    let verification = VerificationForm {
        how: Some(IdentityCheck::InPerson),
        second_person: Some("Paola Neri".into()),
        privileged_admin_confirmed: true,
    }
    .complete(
        &ernesto,
        "bruno@contoso.it",
        time::OffsetDateTime::now_utc(),
    )
    .unwrap();
    let remove = DeskAction::RemoveMethod {
        id: "9e3a5c7b-1d2f-4e6a-b8c0-3f5d7e9a1b28".into(),
    };
    let error = perform(
        &graph,
        &verification,
        &target,
        &remove,
        &desk.audit(),
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            error,
            DeskError::MissingRole {
                call: DeskCall::RemoveMethod,
                admin_target: true,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error
        .explain(Lang::En)
        .contains("Privileged Authentication Administrator"));
    let failed = desk.audit().read().unwrap();
    assert_eq!(failed[0].outcome, "failed");
    assert_eq!(failed[0].request_id.as_deref(), error.request_id());

    let report = ReadinessReport {
        graph: graph.client(),
        token: &token_of(&desk, "bruno@contoso.it", "contoso.it").await,
    };
    let mut sink = CsvSink::new(Vec::new()).unwrap();
    let error = report.run(&mut sink, &mut |_| {}).await.unwrap_err();
    assert!(
        matches!(
            error,
            DeskError::MissingRole {
                call: DeskCall::Report,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.explain(Lang::En).contains("AuditLog.Read.All"));

    let token = token_of(&desk, "fabio@fabrikam.it", "fabrikam.it").await;
    let report = ReadinessReport {
        graph: graph.client(),
        token: &token,
    };
    let error = report.run(&mut sink, &mut |_| {}).await.unwrap_err();
    assert!(matches!(error, DeskError::NoLicence(_)), "{error:?}");
    assert!(error.explain(Lang::En).contains("P1 or P2"));
}

async fn token_of(
    desk: &Desk,
    admin: &str,
    tenant: &str,
) -> lifeboat_core::token_store::AccessToken {
    let (checker, _) = desk
        .sim
        .checker(Arc::new(SimClockSleeper(desk.sim.server.clone())));
    desk.sim
        .server
        .set_script(admin, BrowserScript::Complete { method: None });
    let target = AccountTarget::for_desk_admin(admin, Some(tenant), &desk.sim.config());
    checker
        .check_interactive(
            &target,
            &SimBrowser(desk.sim.server.clone()),
            &SignInControl::new(),
            Lang::En,
        )
        .await
        .unwrap();
    checker
        .scoped_token(&target, READINESS_SCOPES)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn readiness_streams_the_report_page_by_page_into_csv() {
    let desk = Desk::start("readiness").await;
    let graph = desk
        .graph("carla@contoso.it", "contoso.it", DESK_SCOPES)
        .await;
    let token = token_of(&desk, "carla@contoso.it", "contoso.it").await;
    let report = ReadinessReport {
        graph: graph.client(),
        token: &token,
    };
    let mut sink = CsvSink::new(Vec::new()).unwrap();
    let mut pages_seen = Vec::new();
    let summary = report
        .run(&mut sink, &mut |so_far| {
            pages_seen.push((so_far.pages, so_far.users))
        })
        .await
        .unwrap();
    // Six scenario users and 2,500 generated ones, in pages of 999.
    assert_eq!(summary.users, 2506);
    assert_eq!(summary.pages, 3);
    assert_eq!(pages_seen, [(1, 999), (2, 1998), (3, 2506)]);
    assert_eq!(
        summary.no_method + summary.single_authenticator + summary.fine,
        summary.users
    );
    assert!(
        summary.single_authenticator > 500 && summary.no_method > 100,
        "{summary:?}"
    );
    let mut out = Vec::new();
    let mut check = CsvSink::new(&mut out).unwrap();
    let summary2 = report.run(&mut check, &mut |_| {}).await.unwrap();
    check.finish().unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text.lines().count() as u64,
        1 + summary2.no_method + summary2.single_authenticator,
        "a header, then only the users to tell"
    );
    assert!(text
        .lines()
        .skip(1)
        .all(|line| line.starts_with(ReadinessClass::NoMethod.code())
            || line.starts_with(ReadinessClass::SingleAuthenticator.code())));
    assert!(readiness::draft_message(Lang::En).contains("second method"));
}

#[tokio::test]
async fn an_audit_log_that_cannot_be_written_stops_the_action_before_graph_is_asked() {
    let desk = Desk::start("unwritable").await;
    let anna = account("anna@contoso.it", Membership::Member, false);
    let graph = desk
        .graph("carla@contoso.it", "contoso.it", DESK_SCOPES)
        .await;
    let user = graph.find_user(&anna).await.unwrap();
    let methods = graph.methods(&user).await.unwrap();
    let comparison = compare(&anna, &methods);
    let target = DeskTarget {
        account: &anna,
        user: &user,
        comparison: &comparison,
        tap_policy: None,
    };
    // Beneath a file: no folder can be made there, so no line can be written.
    let file = desk.folder.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let nowhere = AuditLog::at(file.join("audit.jsonl"));
    let remove = DeskAction::RemoveMethod {
        id: LOST_PHONE_APP.into(),
    };
    let verification = verified(&anna, "carla@contoso.it");
    let now = time::OffsetDateTime::now_utc();
    let error = perform(&graph, &verification, &target, &remove, &nowhere, now)
        .await
        .unwrap_err();
    assert!(matches!(error, DeskError::Io(_)), "{error:?}");
    let after = graph.methods(&user).await.unwrap();
    assert!(
        after.iter().any(|m| m["id"] == LOST_PHONE_APP),
        "nothing was deleted without its audit line"
    );
}

#[tokio::test]
async fn readiness_waits_out_throttling_and_still_reads_every_user() {
    let throttled = format!("[faults]\nthrottle_every = 2\nretry_after_seconds = 1.5\n{SCENARIO}");
    let desk = Desk::start_with("throttled", &throttled).await;
    let token = token_of(&desk, "carla@contoso.it", "contoso.it").await;
    let graph = desk
        .graph("carla@contoso.it", "contoso.it", DESK_SCOPES)
        .await;
    let report = ReadinessReport {
        graph: graph.client(),
        token: &token,
    };
    let mut sink = CsvSink::new(std::io::sink()).unwrap();
    let summary = report.run(&mut sink, &mut |_| {}).await.unwrap();
    assert_eq!((summary.users, summary.pages), (2506, 3));
}

#[tokio::test]
async fn a_reader_cannot_revoke_and_is_told_which_role_can() {
    let desk = Desk::start("reader").await;
    let anna = account("anna@contoso.it", Membership::Member, false);
    let graph = desk
        .graph("gina@contoso.it", "contoso.it", DESK_SCOPES)
        .await;
    let user = graph.find_user(&anna).await.unwrap();
    let methods = graph.methods(&user).await.unwrap();
    let comparison = compare(&anna, &methods);
    let target = DeskTarget {
        account: &anna,
        user: &user,
        comparison: &comparison,
        tap_policy: None,
    };
    let verification = verified(&anna, "gina@contoso.it");
    let now = time::OffsetDateTime::now_utc();
    let error = perform(
        &graph,
        &verification,
        &target,
        &DeskAction::RevokeSessions,
        &desk.audit(),
        now,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            error,
            DeskError::MissingRole {
                call: DeskCall::RevokeSessions,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.explain(Lang::En).contains("User.RevokeSessions.All"));
    assert_eq!(desk.audit().read().unwrap()[0].outcome, "failed");
}
