//! A damaged account book in the real window (issue 7; "bad input loses nothing"): the Accounts screen says the
//! file was left as it was, and puts the backup back or starts a new list on request. The damaged bytes are
//! always kept beside the book. The book is named by `LIFEBOAT_BOOK`, as a person sharing it with the CLI would.

mod support;

use std::path::{Path, PathBuf};

use lifeboat_core::book::{AccountBook, AccountDetails, BookStore, FileBookStore};
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

async fn start_on_accounts(lang: &str, book: &Path) -> Desktop {
    let desktop = Desktop::start(&[
        ("LIFEBOAT_LANG", lang),
        ("LIFEBOAT_BOOK", book.to_str().unwrap()),
    ])
    .await;
    desktop.click("[data-testid=start-lost]").await;
    desktop.wait_css("[data-testid=book-recovery]").await;
    desktop
}

/// Until the person chooses, the damaged file is untouched and nothing can be added over it.
async fn check_untouched(desktop: &Desktop, book: &Path) {
    assert_eq!(std::fs::read(book).unwrap(), DAMAGED);
    assert_eq!(desktop.count("[data-testid=field-upn]").await, 0);
    let detail = desktop
        .wait_text("[data-testid=error-detail]", |text| !text.is_empty())
        .await;
    assert!(detail.contains(book.to_str().unwrap()), "{detail}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_book_is_kept_and_its_backup_put_back() {
    let (dir, book) = damaged_book("restore");
    let desktop = start_on_accounts("en", &book).await;
    let note = desktop
        .wait_text("[data-testid=error] p", |text| !text.is_empty())
        .await;
    assert!(
        note.starts_with("Your list of accounts could not be read, so Lifeboat has left the file exactly as it was."),
        "{note}"
    );
    check_untouched(&desktop, &book).await;
    desktop.screenshot("accounts-book-unreadable-en").await;

    desktop.click("[data-testid=book-restore]").await;
    let aside = dir.join("accounts.json.set-aside-1");
    desktop
        .wait_text("[data-testid=book-recovered]", |text| {
            text == format!(
                "The previous version is back: 2 accounts. The unreadable file was kept as {}.",
                aside.display()
            )
        })
        .await;
    assert_eq!(desktop.count("[data-testid=account-row]").await, 2);
    assert_eq!(desktop.count("[data-testid=book-recovery]").await, 0);
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        DAMAGED,
        "the damaged bytes are kept"
    );
    let restored = FileBookStore::new(&book).load().unwrap();
    assert_eq!(restored.accounts.len(), 2);
    desktop.screenshot("accounts-book-restored-en").await;
    desktop.stop().await;
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_book_is_kept_and_a_new_list_started() {
    let (dir, book) = damaged_book("new");
    let desktop = start_on_accounts("it", &book).await;
    let note = desktop
        .wait_text("[data-testid=error] p", |text| !text.is_empty())
        .await;
    assert!(
        note.starts_with("Non è stato possibile leggere il tuo elenco di account"),
        "{note}"
    );
    check_untouched(&desktop, &book).await;
    desktop.screenshot("accounts-book-unreadable-it").await;

    desktop.click("[data-testid=book-start-new]").await;
    let aside = dir.join("accounts.json.set-aside-1");
    desktop
        .wait_text("[data-testid=book-recovered]", |text| {
            text == format!(
                "È iniziato un elenco nuovo. Il file illeggibile è stato conservato come {}.",
                aside.display()
            )
        })
        .await;
    desktop.wait_css("[data-testid=accounts-empty]").await;
    desktop.wait_css("[data-testid=field-upn]").await;
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        DAMAGED,
        "the damaged bytes are kept"
    );
    let store = FileBookStore::new(&book);
    assert!(store.backup_path().exists(), "the backup stays for later");
    assert!(store.load().unwrap().accounts.is_empty());
    desktop.screenshot("accounts-book-new-it").await;
    desktop.stop().await;
    std::fs::remove_dir_all(dir).unwrap();
}
