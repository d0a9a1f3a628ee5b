//! A damaged account book in the real window (issue 7; "bad input loses nothing"): the Accounts screen says the
//! file was left as it was, and puts the backup back or starts a new list on request. The damaged bytes are
//! always kept beside the book. The book is named by `LIFEBOAT_BOOK`, as a person sharing it with the CLI would.

mod support;

use std::path::PathBuf;

use lifeboat_core::book::{AccountBook, AccountDetails, BookStore, FileBookStore};
use lifeboat_core::{args, Lang};
use support::Desktop;

/// A save cut short half-way.
const DAMAGED: &[u8] =
    b"{\"format\": \"lifeboat-account-book\", \"schemaVersion\": 1, \"accounts\": [";

/// A book whose file is damaged while its backup holds Marco's two accounts. Returns the folder and the book.
fn damaged_book(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("lifeboat-e2e-book-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("accounts.json");
    let store = FileBookStore::new(&path);
    let mut book = AccountBook::default();
    book.add(AccountDetails::new("marco.ferri@ferriconsulting.it"))
        .unwrap();
    book.add(AccountDetails::new("ext.marco.ferri@oml.it"))
        .unwrap();
    store.save(&book).unwrap();
    // The second save keeps the first as the backup.
    store.save(&book).unwrap();
    std::fs::write(&path, DAMAGED).unwrap();
    (dir, path)
}

/// The app, started on a damaged book, showing the Accounts screen.
struct Damaged {
    dir: PathBuf,
    book: PathBuf,
    desktop: Desktop,
}

impl Damaged {
    /// Starts the app on a damaged book in `lang`. Until the person chooses, the screen says so (`note` begins
    /// the message), the damaged file is untouched and nothing can be added over it.
    async fn open(lang: &str, note: &str) -> Damaged {
        let (dir, book) = damaged_book(lang);
        let desktop = Desktop::start(&[
            ("LIFEBOAT_LANG", lang),
            ("LIFEBOAT_BOOK", book.to_str().unwrap()),
        ])
        .await;
        desktop.click("[data-testid=start-lost]").await;
        desktop.wait_css("[data-testid=book-recovery]").await;
        let said = desktop
            .wait_text("[data-testid=error] p", |text| !text.is_empty())
            .await;
        assert!(said.starts_with(note), "{said}");
        assert_eq!(std::fs::read(&book).unwrap(), DAMAGED);
        assert_eq!(desktop.count("[data-testid=field-upn]").await, 0);
        let detail = desktop
            .wait_text("[data-testid=error-detail]", |text| !text.is_empty())
            .await;
        assert!(detail.contains(book.to_str().unwrap()), "{detail}");
        desktop
            .screenshot(&format!("accounts-book-unreadable-{lang}"))
            .await;
        Damaged { dir, book, desktop }
    }

    /// Presses `button`, waits for the sentence `said` (with `{path}` where the damaged file went), and checks
    /// that the damaged bytes are there.
    async fn choose(&self, button: &str, said: &str) {
        self.desktop.click(&format!("[data-testid={button}]")).await;
        let aside = self.dir.join("accounts.json.set-aside-1");
        let expected = said.replace("{path}", &aside.display().to_string());
        self.desktop
            .wait_text("[data-testid=book-recovered]", |text| text == expected)
            .await;
        assert_eq!(self.desktop.count("[data-testid=book-recovery]").await, 0);
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            DAMAGED,
            "the damaged bytes are kept"
        );
    }

    async fn close(self, screenshot: &str) {
        self.desktop.screenshot(screenshot).await;
        self.desktop.stop().await;
        std::fs::remove_dir_all(self.dir).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_book_is_kept_and_its_backup_put_back() {
    let damaged = Damaged::open(
        "en",
        &first_sentence(&Lang::En.say("error-book_unreadable")),
    )
    .await;
    damaged
        .choose(
            "book-restore",
            &Lang::En.say_with(
                "accounts-recover-restored",
                &args! { "count" => 2, "path" => "{path}" },
            ),
        )
        .await;
    assert_eq!(damaged.desktop.count("[data-testid=account-row]").await, 2);
    let restored = FileBookStore::new(&damaged.book).load().unwrap();
    assert_eq!(restored.accounts.len(), 2);
    damaged.close("accounts-book-restored-en").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_book_is_kept_and_a_new_list_started() {
    let damaged = Damaged::open(
        "it",
        &first_sentence(&Lang::It.say("error-book_unreadable")),
    )
    .await;
    damaged
        .choose(
            "book-start-new",
            &Lang::It.say_with("accounts-recover-started", &args! { "path" => "{path}" }),
        )
        .await;
    damaged
        .desktop
        .wait_css("[data-testid=accounts-empty]")
        .await;
    damaged.desktop.wait_css("[data-testid=field-upn]").await;
    let store = FileBookStore::new(&damaged.book);
    assert!(store.backup_path().exists(), "the backup stays for later");
    assert!(store.load().unwrap().accounts.is_empty());
    damaged.close("accounts-book-new-it").await;
}

/// A catalog message's first sentence, with its full stop: what the window's note starts with.
fn first_sentence(message: &str) -> String {
    match message.split_once(". ") {
        Some((first, _)) => format!("{first}."),
        None => message.to_owned(),
    }
}
