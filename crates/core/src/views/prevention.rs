//! The prevention record: a page the person saves or prints (to PDF from the browser) after a recovery or a
//! readiness check — each account's readiness grade, the devices whose loss alone would lock an account out (the
//! single points of failure across accounts), and the field guide's checklist. Plain HTML with its own styles,
//! every value escaped, nothing fetched.

use time::OffsetDateTime;

use super::results::readiness_view;
use crate::args;
use crate::assess::format_time;
use crate::book::AccountBook;
use crate::lang::Lang;

/// The record as one self-contained HTML document in `lang`, as of `now`.
pub fn prevention_record(book: &AccountBook, lang: Lang, now: OffsetDateTime) -> String {
    let view = readiness_view(book, lang, now);
    let mut body = String::new();
    body += &format!(
        "<h1>{}</h1>\n<p class=\"when\">{}</p>\n",
        escape(&lang.say("prevention-heading")),
        escape(&lang.say_with("prevention-as-of", &args! { "at" => format_time(now) }))
    );

    body += &format!(
        "<h2>{}</h2>\n<table>\n",
        escape(&lang.say("prevention-accounts"))
    );
    body += &format!(
        "<tr><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        escape(&lang.say("prevention-account")),
        escape(&lang.say("prevention-grade")),
        escape(&lang.say("prevention-meaning"))
    );
    for account in &view.accounts {
        let grade = account
            .grade
            .map(|grade| grade.letter().to_string())
            .unwrap_or_else(|| "?".into());
        let meaning = account
            .grade_meaning
            .as_deref()
            .unwrap_or(&account.headline);
        body += &format!(
            "<tr><td>{}<br><small>{}</small></td><td class=\"grade\">{}</td><td>{}</td></tr>\n",
            escape(&account.organisation),
            escape(&account.upn),
            escape(&grade),
            escape(meaning)
        );
    }
    body += "</table>\n";

    body += &format!(
        "<h2>{}</h2>\n",
        escape(&lang.say("prevention-single-points"))
    );
    let single: Vec<_> = view
        .devices
        .iter()
        .filter(|device| device.locked_out > 0)
        .collect();
    if single.is_empty() {
        body += &format!(
            "<p>{}</p>\n",
            escape(&lang.say("prevention-no-single-point"))
        );
    } else {
        body += "<ul>\n";
        for device in single {
            let names: Vec<&str> = device
                .cells
                .iter()
                .filter(|cell| cell.locks_out)
                .filter_map(|cell| view.accounts.iter().find(|a| a.id == cell.account))
                .map(|account| account.upn.as_str())
                .collect();
            body += &format!(
                "<li>{}</li>\n",
                escape(&lang.say_with(
                    "prevention-single-point",
                    &args! {
                        "device" => device.device.as_str(),
                        "count" => device.locked_out,
                        "accounts" => names.join(", "),
                    },
                ))
            );
        }
        body += "</ul>\n";
    }

    body += &format!(
        "<h2>{}</h2>\n<ul class=\"checklist\">\n",
        escape(&lang.say("prevention-checklist"))
    );
    // The two the readiness journey asks about show the person's answer; the others are for them to tick.
    let situation = &book.situation;
    for (id, answer) in [
        ("prevention-check-second-device", None),
        ("prevention-check-key", None),
        ("prevention-check-backup", situation.authenticator_backup_on),
        ("prevention-check-number", situation.phone_number_current),
        ("prevention-check-codes", None),
    ] {
        let (box_, said) = match answer {
            Some(true) => ("☑", String::new()),
            Some(false) => (
                "☐",
                format!(" <em>{}</em>", escape(&lang.say("prevention-you-said-no"))),
            ),
            None => ("☐", String::new()),
        };
        body += &format!("<li>{box_} {}{said}</li>\n", escape(&lang.say(id)));
    }
    body += "</ul>\n";
    body += &format!(
        "<p class=\"note\">{}</p>\n",
        escape(&lang.say("prevention-footer"))
    );

    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        lang.code(),
        escape(&lang.say("prevention-heading"))
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}\
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}\
.grade{font-size:1.4rem;font-weight:700;text-align:center}.when,.note,small{color:#555}\
.checklist{list-style:none;padding-left:0}.checklist li{margin:.4rem 0}@media print{body{margin:0}}";

/// Text for HTML: `&`, `<`, `>`, `"` and `'` as entities, so a name can never become markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{AccountDetails, InventorySource, StoredInventory};
    use time::macros::datetime;

    fn book(organisation: &str) -> AccountBook {
        let mut book = AccountBook::default();
        for (upn, fixture) in [
            ("sandeep@contoso.com", "methods-authenticator-only.json"),
            (
                "sandeep@fabrikam.com",
                "methods-fido2-key-and-authenticator.json",
            ),
        ] {
            let path = format!(
                "{}/../../fixtures/graph/{fixture}",
                env!("CARGO_MANIFEST_DIR")
            );
            let json: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let id = book
                .add(AccountDetails {
                    organisation: Some(organisation.into()),
                    ..AccountDetails::new(upn)
                })
                .unwrap();
            book.record_inventory(
                &id,
                StoredInventory {
                    methods: json["value"].as_array().unwrap().clone(),
                    read_at: datetime!(2026-11-24 08:10 UTC),
                    source: InventorySource::Graph,
                },
            )
            .unwrap();
        }
        book
    }

    #[test]
    fn the_record_grades_each_account_names_the_single_points_and_lists_the_checklist() {
        let now = datetime!(2026-12-03 12:00 UTC);
        for (lang, single, checklist) in [
            (
                Lang::En,
                "Losing “Sandeep's iPhone” alone would lock out 1 account",
                "A second method",
            ),
            (
                Lang::It,
                "Perdere solo “Sandeep's iPhone” bloccherebbe 1 account",
                "Un secondo metodo",
            ),
        ] {
            let html = prevention_record(&book("Contoso"), lang, now);
            assert!(html.starts_with("<!DOCTYPE html>"));
            assert!(html.contains(&format!("<html lang=\"{}\">", lang.code())));
            assert!(html.contains("sandeep@contoso.com") && html.contains("sandeep@fabrikam.com"));
            assert!(html.contains(&escape(single)), "{lang:?}: {html}");
            assert!(html.contains(checklist), "{lang:?}");
            assert_eq!(html.matches("class=\"grade\"").count(), 2);
        }
    }

    #[test]
    fn the_checklist_shows_the_readiness_answers() {
        let now = datetime!(2026-12-03 12:00 UTC);
        let mut answered = book("Contoso");
        answered.situation.authenticator_backup_on = Some(true);
        answered.situation.phone_number_current = Some(false);
        let html = prevention_record(&answered, Lang::En, now);
        let line = |start: &str| {
            html.lines()
                .find(|line| line.contains(start))
                .unwrap_or_else(|| panic!("{start}: {html}"))
                .to_string()
        };
        assert!(line("cloud backup on").starts_with("<li>☑"));
        let number = line("The phone number registered");
        assert!(
            number.starts_with("<li>☐") && number.contains("you said no"),
            "{number}"
        );
        assert!(line("A second method").starts_with("<li>☐"));
        // Not asked: nothing ticked, nothing said.
        let html = prevention_record(&book("Contoso"), Lang::En, now);
        assert!(!html.contains('☑') && !html.contains("you said no"));
    }

    #[test]
    fn a_hostile_name_stays_text() {
        let html = prevention_record(
            &book("<img src=x onerror=alert(1)> & \"Co\""),
            Lang::En,
            datetime!(2026-12-03 12:00 UTC),
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;"));
    }
}
