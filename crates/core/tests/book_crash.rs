//! Crash safety of the account book: a child process saves the book in a loop and is killed at random moments,
//! hundreds of times. After every kill the book must parse, and hold at least the last save the child reported
//! as returned. The backup must parse too.
//!
//! This test binary has no libtest harness (`harness = false`): run with `--crash-child <file>` it is the child
//! that saves in a loop; run plainly it is the parent. Portable: it uses only `std::process` to spawn and kill.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lifeboat_core::book::{
    AccountBook, AccountDetails, BookStore, FileBookStore, InventorySource, StoredInventory,
};

const KILLS: u32 = 300;
/// Upper bound for the whole run, so a pathological disk cannot hang the suite.
const BUDGET: Duration = Duration::from_secs(45);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(position) = args.iter().position(|arg| arg == "--crash-child") {
        let path = PathBuf::from(args.get(position + 1).expect("--crash-child needs a file"));
        child(&path);
        return;
    }
    if args.iter().any(|arg| arg == "--list") {
        println!("kill_while_saving: test");
        return;
    }
    let filters: Vec<&String> = args
        .iter()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .collect();
    if !filters.is_empty()
        && !filters
            .iter()
            .any(|filter| "kill_while_saving".contains(filter.as_str()))
    {
        println!("kill_while_saving: filtered out");
        return;
    }
    parent();
    println!("test kill_while_saving ... ok");
}

/// The save counter lives in the first account's label.
fn counter(book: &AccountBook) -> u64 {
    book.accounts
        .first()
        .and_then(|account| account.details.label.as_deref())
        .and_then(|label| label.strip_prefix("save "))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// A book of realistic size (about 60 KB): 40 accounts, each with an inventory.
fn initial_book() -> AccountBook {
    let mut book = AccountBook::default();
    let methods: Vec<serde_json::Value> = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/graph/methods-authenticator-and-sms-mobile.json"
    )))
    .map(|collection: serde_json::Value| {
        collection["value"].as_array().cloned().unwrap_or_default()
    })
    .expect("the fixture is JSON");
    for n in 0..40 {
        let id = book
            .add(AccountDetails {
                label: Some("save 0".into()),
                organisation: Some(format!(
                    "Organizzazione numero {n} — Università degli Studi"
                )),
                full_name: Some("Maria Teresa Àlvarez".into()),
                ..AccountDetails::new(format!("person{n}@tenant{n}.example"))
            })
            .expect("valid account");
        book.record_inventory(
            &id,
            StoredInventory {
                methods: methods.clone(),
                read_at: time::macros::datetime!(2026-11-20 10:00 UTC),
                source: InventorySource::Graph,
            },
        )
        .expect("account exists");
    }
    book
}

/// Loads, bumps the counter, saves, reports; forever (until killed).
fn child(path: &Path) {
    let store = FileBookStore::new(path);
    let mut stdout = std::io::stdout().lock();
    loop {
        let mut book = store.load().expect("the child can always load the book");
        let next = counter(&book) + 1;
        let first = book.accounts[0].id.clone();
        let mut details = book.accounts[0].details.clone();
        details.label = Some(format!("save {next}"));
        book.replace_details(&first, details).expect("valid edit");
        store.save(&book).expect("save");
        // Only now has the save returned: the parent may count on it.
        writeln!(stdout, "saved {next}").expect("parent reads");
        stdout.flush().expect("parent reads");
    }
}

/// A small deterministic generator (xorshift64*) for the kill delays; the seed is printed for replay.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn parent() {
    let dir = std::env::temp_dir().join(format!("lifeboat-book-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("accounts.json");
    let store = FileBookStore::new(&path);
    store.save(&initial_book()).unwrap();

    let seed = std::env::var("LIFEBOAT_CRASH_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("book_crash: seed {seed} (set LIFEBOAT_CRASH_SEED to replay)");
    let mut random = Random(seed);
    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();
    let mut highest_acknowledged = 0;
    let mut kills = 0;
    let mut saves_seen = 0;

    while kills < KILLS {
        assert!(
            started.elapsed() < BUDGET,
            "crash test exceeded {BUDGET:?} after {kills} kills"
        );
        let mut child = Command::new(&exe)
            .arg("--crash-child")
            .arg(&path)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let acknowledged = Arc::new(AtomicU64::new(0));
        let first_ack = Arc::new(std::sync::Barrier::new(2));
        let reader = {
            let acknowledged = Arc::clone(&acknowledged);
            let first_ack = Arc::clone(&first_ack);
            let stdout = child.stdout.take().unwrap();
            std::thread::spawn(move || {
                let mut waited = false;
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    let n: u64 = line
                        .strip_prefix("saved ")
                        .and_then(|n| n.parse().ok())
                        .expect("child protocol");
                    acknowledged.fetch_max(n, Ordering::SeqCst);
                    if !waited {
                        first_ack.wait();
                        waited = true;
                    }
                }
                if !waited {
                    first_ack.wait();
                }
            })
        };
        // Let the child get going (one save returned), then kill it somewhere in the next few saves.
        first_ack.wait();
        std::thread::sleep(Duration::from_micros(random.next() % 12_000));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        reader.join().unwrap();
        assert!(!status.success(), "the child only ends by being killed");
        kills += 1;

        let acked = acknowledged.load(Ordering::SeqCst);
        highest_acknowledged = highest_acknowledged.max(acked);
        let book = store
            .load()
            .unwrap_or_else(|error| panic!("after kill {kills} the book does not parse: {error}"));
        let on_disk = counter(&book);
        assert!(
            on_disk >= highest_acknowledged,
            "after kill {kills}: the book holds save {on_disk}, but save {highest_acknowledged} had returned"
        );
        assert_eq!(book.accounts.len(), 40, "after kill {kills}: accounts lost");
        store.load_backup().unwrap_or_else(|error| {
            panic!("after kill {kills} the backup does not parse: {error}")
        });
        saves_seen = on_disk;
    }

    // Each temporary file left behind is a save that a kill interrupted: the test did hit the dangerous window.
    let interrupted = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    eprintln!(
        "book_crash: {kills} kills, {saves_seen} saves, {interrupted} saves interrupted mid-write, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        interrupted > 0,
        "no kill landed during a save: the test did not exercise the crash window"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
