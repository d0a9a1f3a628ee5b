//! The practice journey in the real app (issue 7): add the accounts, declare the loss, read the verdicts, draft
//! the tickets and save one as `.eml`, counting the clicks and keystrokes a person would need. It also saves a
//! screenshot of every screen it visits, in English and Italian (`make screenshots` copies them to docs/).

mod support;

use std::cell::Cell;

use fantoccini::Locator;
use support::Desktop;

/// The practice scenario's accounts of Marco Ferri (crates/sim/scenarios/practice.toml), and their IT desks.
const ACCOUNTS: [(&str, &str); 3] = [
    ("marco.ferri@ferriconsulting.it", "it@ferriconsulting.it"),
    ("m.ferri@oml.it", "helpdesk@oml.it"),
    ("marco.ferri@studiorinaldi.it", "it@studiorinaldi.it"),
];

/// A person's effort: every click and every key pressed.
struct Effort<'a> {
    desktop: &'a Desktop,
    clicks: Cell<usize>,
    keys: Cell<usize>,
}

impl Effort<'_> {
    async fn click(&self, css: &str) {
        self.desktop.click(css).await;
        self.clicks.set(self.clicks.get() + 1);
    }

    /// Types into the element (already focused by a click or by the app).
    async fn type_into(&self, css: &str, text: &str) {
        let element = self.desktop.wait_css(css).await;
        element
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
        self.keys.set(self.keys.get() + text.chars().count());
    }
}

/// A screenshot of the screen from its top (typing may have scrolled it), for docs/screenshots/.
async fn shot(desktop: &Desktop, name: &str) {
    desktop
        .client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .expect("scroll to the top");
    desktop.screenshot(name).await;
}

async fn count(desktop: &Desktop, css: &str) -> usize {
    desktop
        .client
        .find_all(Locator::Css(css))
        .await
        .map(|found| found.len())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_journey_explains_every_account_and_drafts_every_ticket() {
    let desktop = Desktop::start(&[("LIFEBOAT_LANG", "en"), ("LIFEBOAT_PRACTICE", "1")]).await;
    let effort = Effort {
        desktop: &desktop,
        clicks: Cell::new(0),
        keys: Cell::new(0),
    };

    desktop.wait_css("[data-testid=practice-banner]").await;
    effort.click("[data-testid=start-lost]").await;
    desktop.wait_css("[data-testid=accounts-empty]").await;
    shot(&desktop, "accounts-empty-en").await;

    for (index, (upn, it_desk)) in ACCOUNTS.iter().enumerate() {
        // After each "Add", the sign-in name field has the focus again: only the first one needs a click.
        if index == 0 {
            effort.click("[data-testid=field-upn]").await;
        }
        effort.type_into("[data-testid=field-upn]", upn).await;
        effort.click("[data-testid=field-it]").await;
        effort.type_into("[data-testid=field-it]", it_desk).await;
        effort.click("[data-testid=account-submit]").await;
        desktop
            .wait_text("[role=status]", |text| text.contains(upn))
            .await;
    }
    assert_eq!(
        count(&desktop, "[data-testid=account-row]").await,
        ACCOUNTS.len()
    );
    shot(&desktop, "accounts-en").await;

    effort.click("[data-testid=accounts-next]").await;
    desktop.wait_css("[data-testid=situation-screen]").await;
    effort.click("[data-testid=other-device]").await;
    effort
        .type_into("[data-testid=other-device]", "iPhone di Marco")
        .await;
    effort.click("[data-testid=number-lost]").await;
    effort.click("[data-testid=lost-number]").await;
    effort
        .type_into("[data-testid=lost-number]", "+39 333 123 4567")
        .await;
    shot(&desktop, "situation-en").await;
    effort.click("[data-testid=situation-submit]").await;

    desktop.wait_css("[data-testid=results-screen]").await;
    desktop.wait_css("[data-testid=result-headline]").await;
    assert_eq!(
        count(&desktop, "[data-testid=result]").await,
        ACCOUNTS.len()
    );
    shot(&desktop, "results-unknown-en").await;

    // No methods could be read: the person notes them from each Security info page. The second account also
    // has its office phone, which was not lost.
    for (index, extra_phone) in [(0, None), (1, Some("+39 02 1234 5678")), (2, None)] {
        effort.click("[data-testid=manual-open]").await;
        desktop.wait_css("[data-testid=manual-inventory]").await;
        effort.click("[data-testid=manual-text]").await;
        effort
            .type_into("[data-testid=manual-text]", "iPhone di Marco")
            .await;
        if let Some(number) = extra_phone {
            effort.click("[data-testid=manual-add]").await;
            let fields = desktop
                .client
                .find_all(Locator::Css("[data-testid=manual-text]"))
                .await
                .unwrap();
            fields[1].click().await.unwrap();
            effort.clicks.set(effort.clicks.get() + 1);
            fields[1].send_keys(number).await.unwrap();
            effort.keys.set(effort.keys.get() + number.chars().count());
        }
        if index == 1 {
            desktop
                .client
                .execute(
                    "document.querySelector('[data-testid=manual-inventory]').scrollIntoView({ block: 'center' });",
                    vec![],
                )
                .await
                .expect("scroll to the checklist");
            desktop.screenshot("manual-inventory-en").await;
        }
        effort.click("[data-testid=manual-save]").await;
        desktop
            .wait_text(
                &format!(
                    "[data-testid=result]:nth-child({}) [data-testid=verdict]",
                    index + 1
                ),
                |text| text != "Not known yet",
            )
            .await;
    }
    let mut verdicts = Vec::new();
    for badge in desktop
        .client
        .find_all(Locator::Css("[data-testid=result] [data-testid=verdict]"))
        .await
        .unwrap()
    {
        verdicts.push(
            badge
                .attr("data-verdict")
                .await
                .unwrap()
                .unwrap_or_default(),
        );
    }
    assert_eq!(verdicts, ["needs_it", "self_service", "needs_it"]);
    // Every account is explained: a verdict and its headline in words.
    for headline in desktop
        .client
        .find_all(Locator::Css("[data-testid=result-headline]"))
        .await
        .unwrap()
    {
        assert!(!headline.text().await.unwrap().trim().is_empty());
    }
    desktop.wait_css("[data-testid=matrix]").await;
    shot(&desktop, "results-en").await;

    effort.click("[data-testid=to-tickets]").await;
    desktop.wait_css("[data-testid=ticket]").await;
    // The two organisations whose only method was on the lost phone get a ticket; the third does not.
    assert_eq!(count(&desktop, "[data-testid=ticket]").await, 2);
    let to = desktop
        .wait_text("[data-testid=ticket-to]", |text| !text.is_empty())
        .await;
    assert_eq!(to, ACCOUNTS[0].1);
    shot(&desktop, "tickets-en").await;

    effort.click("[data-testid=ticket-save]").await;
    let note = desktop
        .wait_text("[data-testid=ticket-note]", |text| {
            text.starts_with("Saved to ")
        })
        .await;
    let saved = std::path::PathBuf::from(note.trim_start_matches("Saved to ").trim());
    let eml =
        std::fs::read_to_string(&saved).unwrap_or_else(|e| panic!("{}: {e}", saved.display()));
    assert!(
        saved.starts_with(desktop.home.join("cache")),
        "practice saves beside its own book: {}",
        saved.display()
    );
    assert!(eml.contains(&format!("To: {}", ACCOUNTS[0].1)), "{eml}");
    assert!(eml.contains(ACCOUNTS[0].0), "{eml}");

    let (clicks, keys) = (effort.clicks.get(), effort.keys.get());
    println!("practice journey: {clicks} clicks, {keys} keystrokes");
    eprintln!("practice journey: {clicks} clicks, {keys} keystrokes");
    assert!(
        clicks <= 40,
        "{clicks} clicks: the journey must take at most 40"
    );

    // The same screens in Italian.
    desktop.click("[data-testid=lang-it]").await;
    desktop
        .wait_text("#tickets-heading", |text| {
            text == "I ticket per i reparti IT"
        })
        .await;
    shot(&desktop, "tickets-it").await;
    desktop.click("[data-testid=nav-results]").await;
    desktop
        .wait_text("#results-heading", |text| {
            text == "Che cosa puoi fare per ogni account"
        })
        .await;
    desktop.wait_css("[data-testid=result-headline]").await;
    shot(&desktop, "results-it").await;
    desktop.click("[data-testid=nav-situation]").await;
    desktop
        .wait_text("#situation-heading", |text| text == "Che cosa hai perso?")
        .await;
    shot(&desktop, "situation-it").await;
    desktop.click("[data-testid=nav-accounts]").await;
    desktop.wait_css("[data-testid=account-row]").await;
    shot(&desktop, "accounts-it").await;
    desktop.click("[data-testid=nav-settings]").await;
    desktop
        .wait_text("#settings-heading", |text| text == "Impostazioni")
        .await;
    shot(&desktop, "settings-it").await;
    desktop.click("[data-testid=lang-en]").await;
    desktop
        .wait_text("#settings-heading", |text| text == "Settings")
        .await;
    shot(&desktop, "settings-en").await;
    desktop.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn readiness_journey_grades_without_a_declared_loss() {
    let desktop = Desktop::start(&[("LIFEBOAT_LANG", "it"), ("LIFEBOAT_PRACTICE", "1")]).await;
    desktop.click("[data-testid=start-ready]").await;
    desktop.click("[data-testid=field-upn]").await;
    desktop
        .wait_css("[data-testid=field-upn]")
        .await
        .send_keys("giulia.ferri@studenti.liceovolta.edu.it")
        .await
        .unwrap();
    desktop.click("[data-testid=account-submit]").await;
    desktop.wait_css("[data-testid=account-row]").await;

    // A bad sign-in name is refused with the field named, and nothing is added.
    desktop
        .wait_css("[data-testid=field-upn]")
        .await
        .send_keys("non è un nome")
        .await
        .unwrap();
    desktop.click("[data-testid=account-submit]").await;
    let error = desktop
        .wait_text("[data-testid=error]", |text| !text.is_empty())
        .await;
    assert!(error.starts_with("Il nome di accesso deve"), "{error}");
    assert_eq!(count(&desktop, "[data-testid=account-row]").await, 1);
    shot(&desktop, "accounts-error-it").await;
    desktop
        .wait_css("[data-testid=field-upn]")
        .await
        .clear()
        .await
        .unwrap();

    desktop.click("[data-testid=accounts-next]").await;
    desktop
        .wait_text("#results-heading", |text| text == "Quanto sei pronto")
        .await;
    desktop.wait_css("[data-testid=result-headline]").await;
    assert_eq!(
        count(&desktop, "[data-testid=nav-situation]").await,
        0,
        "readiness has no loss to declare"
    );
    shot(&desktop, "readiness-it").await;
    desktop.stop().await;
}
