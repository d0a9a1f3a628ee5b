//! How long the account book and the tickets take at a realistic and a large size. Prints its figures; run with
//! `cargo bench -p lifeboat-core --bench book_tickets`.
//!
//! - one crash-safe save (temporary file, two fsyncs, rename, backup) of a 50-account book;
//! - one load (read + parse);
//! - drafting every ticket (assessment of each account included) for 50 accounts in 10 tenants.

use std::time::{Duration, Instant};

use lifeboat_core::book::{
    AccountBook, AccountDetails, BookStore, FileBookStore, InventorySource, ItContact,
    StoredInventory,
};
use lifeboat_core::evidence::{SignInEvidence, SignInOutcome};
use lifeboat_core::ticket::{draft_tickets, TicketOptions, TicketSelection};
use lifeboat_core::Lang;
use time::macros::datetime;

const FIXTURE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/graph/methods-authenticator-and-sms-mobile.json"
));

fn book(accounts: usize, tenants: usize) -> AccountBook {
    let collection: serde_json::Value = serde_json::from_str(FIXTURE).expect("fixture is JSON");
    let methods = collection["value"].as_array().cloned().unwrap_or_default();
    let mut book = AccountBook {
        contact_email: Some("sandeep@personal.example".into()),
        ..AccountBook::default()
    };
    book.situation.lost_devices = vec!["Sandeep's iPhone".into()];
    for n in 0..accounts {
        let tenant = n % tenants;
        let id = book
            .add(AccountDetails {
                organisation: Some(format!("Organisation {tenant}")),
                it_contact: Some(ItContact::Email(format!("it@tenant{tenant}.example"))),
                full_name: Some("Sandeep Ferrari".into()),
                ..AccountDetails::new(format!("user{n}@tenant{tenant}.example"))
            })
            .expect("valid account");
        book.record_inventory(
            &id,
            StoredInventory {
                methods: methods.clone(),
                read_at: datetime!(2026-11-24 08:00 UTC),
                source: InventorySource::Graph,
            },
        )
        .expect("account exists");
        book.record_check(
            &id,
            SignInEvidence::new(SignInOutcome::BlockedByMfa, datetime!(2026-11-24 08:05 UTC)),
        )
        .expect("account exists");
    }
    book
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let dir = std::env::temp_dir().join(format!("lifeboat-bench-book-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let store = FileBookStore::new(dir.join("accounts.json"));
    let book = book(50, 10);
    let size = lifeboat_core::book::transfer::export_json(&book).len();

    let saves: Vec<Duration> = (0..30)
        .map(|_| {
            let started = Instant::now();
            store.save(&book).expect("save");
            started.elapsed()
        })
        .collect();
    let loads: Vec<Duration> = (0..30)
        .map(|_| {
            let started = Instant::now();
            let loaded = store.load().expect("load");
            let elapsed = started.elapsed();
            assert_eq!(loaded.accounts.len(), 50);
            elapsed
        })
        .collect();
    let options = TicketOptions {
        selection: TicketSelection::NeedingIt,
        lang: Some(Lang::It),
        default_lang: Lang::En,
        now: datetime!(2026-11-25 09:30 UTC),
    };
    let drafts: Vec<Duration> = (0..30)
        .map(|_| {
            let started = Instant::now();
            let tickets = draft_tickets(&book, &options).expect("tickets");
            let elapsed = started.elapsed();
            assert_eq!(tickets.len(), 10);
            elapsed
        })
        .collect();
    std::fs::remove_dir_all(&dir).expect("clean up");

    println!("account book, 50 accounts ({} KB):", size / 1024);
    println!(
        "  save (fsync + rename + backup), median of 30: {:.2} ms",
        median(saves).as_secs_f64() * 1e3
    );
    println!(
        "  load (read + parse), median of 30:            {:.2} ms",
        median(loads).as_secs_f64() * 1e3
    );
    println!(
        "tickets for 50 accounts in 10 tenants, median of 30: {:.2} ms",
        median(drafts).as_secs_f64() * 1e3
    );
}
