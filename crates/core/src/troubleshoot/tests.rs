use time::macros::datetime;

use super::*;
use crate::book::{AccountBook, AccountDetails, InventorySource, StoredInventory};

fn account_with(fixture: &str) -> Account {
    let path = format!(
        "{}/../../fixtures/graph/{fixture}",
        env!("CARGO_MANIFEST_DIR")
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut book = AccountBook::default();
    let id = book
        .add(AccountDetails::new("sandeep@contoso.com"))
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
    book.get(&id).unwrap().clone()
}

fn situation(lost: &[&str], unreachable: &[&str]) -> Situation {
    Situation {
        lost_devices: lost.iter().map(|name| name.to_string()).collect(),
        unreachable_numbers: unreachable.iter().map(|n| n.to_string()).collect(),
        now: Some(datetime!(2026-12-03 12:00 UTC)),
        ..Situation::default()
    }
}

#[test]
fn each_symptom_applies_only_when_the_evidence_triggers_it() {
    use Symptom::*;
    let offset = |seconds| Some(ClockOffset { seconds });
    let table: [(&str, Situation, Option<ClockOffset>, &[Symptom]); 8] = [
        (
            "methods-authenticator-only.json",
            situation(&["Sandeep's iPhone"], &[]),
            None,
            &[RepeatedPrompts],
        ),
        (
            "methods-authenticator-only.json",
            situation(&[], &[]),
            None,
            &[PushNotArriving],
        ),
        (
            "methods-softwareoath-only.json",
            situation(&[], &[]),
            None,
            &[CodesRejected],
        ),
        (
            "methods-password-only.json",
            situation(&[], &[]),
            offset(47),
            &[CodesRejected],
        ),
        (
            "methods-password-only.json",
            situation(&[], &[]),
            offset(-29),
            &[],
        ),
        (
            "methods-authenticator-and-sms-mobile.json",
            situation(&[], &["+1 206 555 0123"]),
            None,
            &[PushNotArriving, NumberNoLongerWorks],
        ),
        (
            "methods-authenticator-and-sms-mobile.json",
            situation(&["Sandeep's iPhone"], &["+1 206 555 0123"]),
            offset(31),
            &[RepeatedPrompts, CodesRejected, NumberNoLongerWorks],
        ),
        (
            "methods-password-only.json",
            situation(&["Sandeep's iPhone"], &["+1 206 555 0123"]),
            None,
            &[],
        ),
    ];
    for (fixture, declared, clock, expected) in table {
        let account = account_with(fixture);
        let found: Vec<Symptom> = advice_for(&account, &declared, clock, Lang::En)
            .iter()
            .map(|advice| advice.symptom)
            .collect();
        assert_eq!(found, expected, "{fixture} {declared:?} {clock:?}");
    }
}

#[test]
fn the_advice_says_its_evidence_and_the_clock_by_how_many_seconds() {
    let account = account_with("methods-authenticator-only.json");
    for (lang, ahead, behind) in [
        (Lang::En, "47 seconds ahead", "61 seconds behind"),
        (Lang::It, "avanti di 47 secondi", "indietro di 61 secondi"),
    ] {
        let advice = advice_for(
            &account,
            &situation(&[], &[]),
            Some(ClockOffset { seconds: 47 }),
            lang,
        );
        let codes = advice
            .iter()
            .find(|advice| advice.symptom == Symptom::CodesRejected)
            .unwrap();
        assert!(codes.because.contains(ahead), "{lang:?}: {}", codes.because);
        assert!(!codes.steps.is_empty());
        let advice = advice_for(
            &account,
            &situation(&[], &[]),
            Some(ClockOffset { seconds: -61 }),
            lang,
        );
        assert!(advice.iter().any(|advice| advice.because.contains(behind)));
    }
    let stale = advice_for(
        &account,
        &situation(&["Sandeep's iPhone"], &[]),
        None,
        Lang::En,
    );
    assert!(
        stale[0].because.contains("Sandeep's iPhone"),
        "{}",
        stale[0].because
    );
}
