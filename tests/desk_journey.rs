//! The IT desk in the real app, in practice mode (issue 18): Giulia's school receives her Lifeboat ticket. The
//! test saves a Lifeboat-made `.eml` into the practice folder; the school's practice admin opens it, signs in
//! in the practice sign-in window, completes the identity checklist, sees her methods beside the ticket,
//! previews and then does the deletion of her lost phone and a one-time Temporary Access Pass, sees the pass
//! once, and drafts the closing note. Screenshots of each step in English and Italian (`desk-*-en.png`,
//! `desk-*-it.png`).

mod support;

use std::path::Path;

use fantoccini::wd::WindowHandle;
use lifeboat_core::book::Membership;
use lifeboat_core::ticket::block::BlockMethod;
use lifeboat_core::{args, Lang};
use support::desk_ticket::{block, ticket_eml, GIULIA, GIULIA_PHONE, SCHOOL_ADMIN};
use support::Desktop;

/// Giulia's password registration, as crates/sim/scenarios/practice.toml has it.
const GIULIA_PASSWORD: &str = "28c10230-6103-485e-b985-444c60001490";

/// Giulia's ticket as Lifeboat drafts it (in Italian; the methods read were her password and the lost phone),
/// saved where the person's side saves tickets in practice.
fn save_giulia_ticket(practice_dir: &Path) {
    let mut ticket = block(
        "liceovolta.edu.it",
        GIULIA,
        Membership::Member,
        &[GIULIA_PHONE],
    );
    let account = &mut ticket.accounts[0];
    let password = BlockMethod {
        id: GIULIA_PASSWORD.into(),
        odata_type: "#microsoft.graph.passwordAuthenticationMethod".into(),
    };
    account.methods_read = vec![password, account.remove[0].clone()];
    std::fs::create_dir_all(practice_dir).unwrap();
    let name = "ticket-liceovolta.edu.it.eml";
    std::fs::write(practice_dir.join(name), ticket_eml(&ticket)).unwrap();
}

/// A screenshot with the element `css` at the top of the window.
async fn shot_at(desktop: &Desktop, css: &str, name: &str) {
    desktop
        .client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
            vec![css.into()],
        )
        .await
        .expect("scroll to the section");
    desktop.screenshot(name).await;
}

async fn desk_journey(lang: Lang) {
    let code = lang.code();
    let desktop = Desktop::start(&[("LIFEBOAT_LANG", code), ("LIFEBOAT_PRACTICE", "1")]).await;
    let main = desktop.client.window().await.unwrap();
    desktop.wait_css("[data-testid=practice-banner]").await;
    // Practice empties its folder when it starts: the person's side would have saved the ticket since.
    let practice_dir = desktop.home.join("cache/org.lifeboat.desktop/practice");
    save_giulia_ticket(&practice_dir);
    desktop.screenshot(&format!("desk-start-{code}")).await;

    desktop.click("[data-testid=start-desk]").await;
    desktop.wait_css("[data-testid=desk-screen]").await;
    desktop.click("[data-testid=desk-practice-ticket]").await;
    desktop
        .wait_text("[data-testid=desk-ticket-upn]", |text| text == GIULIA)
        .await;
    // The school's practice admin is offered for the ticket's organisation.
    assert_eq!(
        desktop
            .properties("[data-testid=desk-admin-choice]", "value")
            .await,
        [SCHOOL_ADMIN]
    );
    shot_at(
        &desktop,
        "[data-testid=desk-ticket]",
        &format!("desk-ticket-{code}"),
    )
    .await;

    // The admin signs in in the practice sign-in window: the password the page shows, the security key.
    desktop.click("[data-testid=desk-sign-in-start]").await;
    desktop.sign_in_approving(&main).await;
    desktop.wait_css("[data-testid=desk-signed-in]").await;

    // Before the checklist: the methods beside the ticket, the actions locked.
    desktop.wait_css("[data-testid=desk-actions-locked]").await;
    assert_eq!(
        desktop
            .attributes("[data-testid=desk-row]", "data-state")
            .await,
        ["unchanged", "to_remove"]
    );
    desktop
        .click("[data-testid=desk-how-call_back_on_file]")
        .await;
    shot_at(
        &desktop,
        "[data-testid=desk-verify]",
        &format!("desk-checklist-{code}"),
    )
    .await;
    desktop.click("[data-testid=desk-verify-submit]").await;
    desktop.wait_css("[data-testid=desk-verified]").await;
    assert_eq!(desktop.count("[data-testid=desk-actions-locked]").await, 0);

    // The lost phone's registration is ticked already; the pass is added; both previewed, nothing sent yet.
    assert_eq!(
        desktop
            .properties("[data-testid=desk-action-remove]", "checked")
            .await,
        ["true"]
    );
    desktop.click("[data-testid=desk-action-tap]").await;
    desktop.click("[data-testid=desk-preview]").await;
    desktop.wait_css("[data-testid=desk-previews]").await;
    let previews = desktop.texts("[data-testid=desk-preview-line]").await;
    assert_eq!(previews.len(), 2, "{previews:?}");
    assert!(
        previews[0].contains(&format!("microsoftAuthenticatorMethods/{GIULIA_PHONE}")),
        "{previews:?}"
    );
    assert!(
        previews[1].contains("temporaryAccessPassMethods"),
        "{previews:?}"
    );
    shot_at(
        &desktop,
        "[data-testid=desk-actions]",
        &format!("desk-preview-{code}"),
    )
    .await;

    // Done through Graph: each with its request-id; the pass shown once; the side by side read again.
    desktop.click("[data-testid=desk-perform]").await;
    desktop.wait_css("[data-testid=desk-pass]").await;
    assert_eq!(
        desktop
            .attributes("[data-testid=desk-result]", "data-done")
            .await,
        ["true", "true"]
    );
    let pass = desktop
        .wait_text("[data-testid=desk-pass-value]", |text| {
            !text.trim().is_empty()
        })
        .await;
    let states = desktop
        .attributes("[data-testid=desk-row]", "data-state")
        .await;
    assert_eq!(
        states,
        ["unchanged", "already_gone", "new"],
        "the pass is new"
    );
    shot_at(
        &desktop,
        "[data-testid=desk-results]",
        &format!("desk-pass-{code}"),
    )
    .await;

    // The closing note, in the ticket's language (Italian), from the audit log; never the pass.
    desktop.click("[data-testid=desk-note-draft]").await;
    desktop.wait_css("[data-testid=desk-note-text]").await;
    let note = desktop
        .properties("[data-testid=desk-note-text]", "value")
        .await
        .remove(0);
    let opening = Lang::It.say_with("desk-note-opening", &args! { "upn" => GIULIA });
    assert!(note.starts_with(&opening), "{note}");
    assert!(note.contains("Redmi Note 12 di Giulia"), "{note}");
    assert!(
        !note.contains(pass.trim()),
        "the note never carries the pass"
    );
    let audit = std::fs::read_to_string(practice_dir.join("lifeboat-desk-audit.jsonl")).unwrap();
    assert!(
        audit.contains("\"create_tap\"") && audit.contains("\"remove_method\""),
        "{audit}"
    );
    assert!(
        !audit.contains(pass.trim()),
        "the audit never carries the pass"
    );
    shot_at(
        &desktop,
        "[data-testid=desk-note]",
        &format!("desk-note-{code}"),
    )
    .await;

    // Away and back: the session is gone, and the pass with it.
    desktop.click("[data-testid=nav-home]").await;
    desktop.click("[data-testid=start-desk]").await;
    desktop.wait_css("[data-testid=desk-practice-ticket]").await;
    assert_eq!(desktop.count("[data-testid=desk-pass]").await, 0);
    assert_eq!(desktop.count("[data-testid=desk-ticket]").await, 0);

    readiness(&desktop, &main, code, &practice_dir).await;
    desktop.stop().await;
}

/// The readiness report of Officine Meccaniche Lombarde (its 1,200 generated people, two a page in practice):
/// its admin signs in, the progress bar runs, the CSV lands in the practice folder, the message is drafted.
async fn readiness(desktop: &Desktop, main: &WindowHandle, code: &str, practice_dir: &Path) {
    desktop
        .click("[data-testid=desk-readiness-admin-choice] option[value='helpdesk.it@oml.it']")
        .await;
    assert_eq!(
        desktop
            .properties("[data-testid=desk-readiness-admin-choice]", "value")
            .await,
        ["helpdesk.it@oml.it"]
    );
    desktop.click("[data-testid=desk-readiness-start]").await;
    desktop.sign_in_approving(main).await;
    desktop.wait_css("[data-testid=desk-readiness-done]").await;
    let csv = std::fs::read_to_string(practice_dir.join("lifeboat-readiness.csv")).unwrap();
    assert!(csv.starts_with("group,userPrincipalName"), "{csv}");
    assert!(
        csv.lines().count() > 100,
        "the users to tell, page after page"
    );
    let message = desktop
        .properties("[data-testid=desk-readiness-message]", "value")
        .await;
    assert_eq!(
        message,
        [Lang::parse(code).unwrap().say("desk-readiness-message")]
    );
    let chosen = desktop
        .properties("[data-testid=desk-readiness-admin-choice]", "value")
        .await;
    assert_eq!(
        chosen,
        ["helpdesk.it@oml.it"],
        "still the admin who signed in"
    );
    shot_at(
        desktop,
        "[data-testid=desk-readiness]",
        &format!("desk-readiness-{code}"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_school_desk_from_ticket_to_closing_note_in_english() {
    desk_journey(Lang::En).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_school_desk_from_ticket_to_closing_note_in_italian() {
    desk_journey(Lang::It).await;
}
