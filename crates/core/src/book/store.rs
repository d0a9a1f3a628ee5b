//! Keeping the account book on disk without ever losing it.
//!
//! A save writes the new book to a temporary file in the same directory, flushes it to the disk (`fsync`),
//! renames it over the book (an atomic replace on every platform Lifeboat runs on) and, on Unix, flushes the
//! directory so the rename itself survives a power cut. Before that, the current file is copied the same way to
//! `<name>.bak`, so the previous version is always one step away. A process killed at any instant therefore
//! leaves either the old book or the new one, both complete.
//!
//! A book file that does not parse is never overwritten: loading reports it (naming the backup), saving
//! refuses, and [`FileBookStore::restore_backup`] sets the unreadable file aside before putting the backup back.
//!
//! Two Lifeboats may work on one book at once (the window and the command line). Every change takes an advisory
//! lock on `<name>.lock` beside the book for the whole read-change-save, so neither loses the other's change; a
//! writer waits a few seconds for it, then gives up with [`BookError::Busy`]. Readers need no lock: they see
//! the old file or the new one. A file larger than any real book ([`MAX_BOOK_BYTES`]) is not read at all.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use super::error::BookError;
use super::model::AccountBook;
use super::schema;

/// Where an account book is read from and written to. The desktop app and the CLI use [`FileBookStore`];
/// tests of code that edits books can use [`MemoryBookStore`].
pub trait BookStore {
    /// The saved book, or an empty one when nothing was saved yet.
    fn load(&self) -> Result<AccountBook, BookError>;
    /// Replaces the saved book. When this returns `Ok`, the new book survives a crash.
    fn save(&self, book: &AccountBook) -> Result<(), BookError>;

    /// Reads the book, applies `change`, and saves it only when the change succeeded; returns the saved book.
    fn update<T, E: From<BookError>>(
        &self,
        change: impl FnOnce(&mut AccountBook) -> Result<T, E>,
    ) -> Result<AccountBook, E>
    where
        Self: Sized,
    {
        let mut book = self.load()?;
        change(&mut book)?;
        self.save(&book)?;
        Ok(book)
    }
}

/// The platform's place for the account book: the configuration directory (`~/.config/lifeboat` on Linux,
/// `~/Library/Application Support/org.lifeboat.Lifeboat` on macOS, `%APPDATA%\lifeboat\Lifeboat\config` on
/// Windows). `None` when the platform has no home directory.
pub fn default_book_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "lifeboat", "Lifeboat")
        .map(|dirs| dirs.config_dir().join("accounts.json"))
}

/// The book the desktop app uses: the file `LIFEBOAT_BOOK` names (`override_path`, read by the caller), as the
/// CLI's `--book` does, else the default. An empty value counts as unset.
pub fn chosen_book_path(override_path: Option<std::ffi::OsString>) -> Option<PathBuf> {
    override_path
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
        .or_else(default_book_path)
}

/// The largest account book Lifeboat reads: a few thousand accounts with their method lists fit in a small part
/// of it; anything bigger is not an account book, and reading it whole could exhaust memory.
pub const MAX_BOOK_BYTES: u64 = 32 * 1024 * 1024;
/// How long a change waits for another Lifeboat's change to finish.
const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(5);

/// The account book in one JSON file, with its backup beside it.
#[derive(Debug, Clone)]
pub struct FileBookStore {
    path: PathBuf,
    lock_wait: Duration,
}

/// What [`FileBookStore::restore_backup`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// How many accounts the restored book holds.
    pub accounts: usize,
    /// Where the file that was replaced now is (nothing is deleted).
    pub set_aside: Option<PathBuf>,
}

/// Temporary files older than this are leftovers of a process that died mid-save.
const STALE_TEMP_AGE: Duration = Duration::from_secs(3600);

impl FileBookStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileBookStore {
            path: path.into(),
            lock_wait: DEFAULT_LOCK_WAIT,
        }
    }

    /// The same book with another wait for the lock (tests make it short).
    pub fn with_lock_wait(mut self, wait: Duration) -> Self {
        self.lock_wait = wait;
        self
    }

    /// `<book>.lock`: the file whose advisory lock guards every change. It is never renamed or removed, so
    /// every process locks the same file.
    pub fn lock_path(&self) -> PathBuf {
        sibling(&self.path, ".lock")
    }

    /// Holds the book's lock until the guard is dropped, waiting for another process's change to finish.
    fn lock(&self) -> Result<BookLock, BookError> {
        if let Some(dir) = parent_dir(&self.path) {
            fs::create_dir_all(dir).map_err(|source| BookError::Io {
                path: dir.to_path_buf(),
                action: "create the directory",
                source,
            })?;
        }
        let path = self.lock_path();
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| BookError::Io {
                path: path.clone(),
                action: "open the lock file",
                source,
            })?;
        let deadline = std::time::Instant::now() + self.lock_wait;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(BookLock(file)),
                Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(BookError::Busy {
                        path: self.path.clone(),
                    })
                }
                Err(fs::TryLockError::Error(source)) => {
                    return Err(BookError::Io {
                        path,
                        action: "lock the account book",
                        source,
                    })
                }
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `<book>.bak`: the book as it was before the last save.
    pub fn backup_path(&self) -> PathBuf {
        sibling(&self.path, ".bak")
    }

    /// Reads the backup, to show the person what restoring it would bring back.
    pub fn load_backup(&self) -> Result<AccountBook, BookError> {
        let path = self.backup_path();
        match fs::read(&path) {
            Ok(bytes) => schema::parse(&bytes).map_err(|problem| problem.at(&path)),
            Err(error) if error.kind() == ErrorKind::NotFound => Err(BookError::NoBackup {
                path: self.path.clone(),
            }),
            Err(source) => Err(BookError::Io {
                path,
                action: "read the backup",
                source,
            }),
        }
    }

    /// Puts the backup back in place of the book. The current book file, readable or not, is first renamed to
    /// `<book>.set-aside-<n>` so nothing the person had is destroyed.
    pub fn restore_backup(&self) -> Result<Restored, BookError> {
        let _lock = self.lock()?;
        let backup = self.load_backup()?;
        let backup_bytes = schema::to_bytes(&backup);
        let set_aside = self.set_aside_locked()?;
        write_atomically(&self.path, &backup_bytes)?;
        Ok(Restored {
            accounts: backup.accounts.len(),
            set_aside,
        })
    }

    /// Renames the book file, readable or not, to `<book>.set-aside-<n>` (the first free `n`), so the next load
    /// starts from an empty book and nothing the person had is destroyed. Returns where it went; `None` when
    /// there was no file. The backup stays where it is.
    pub fn set_aside(&self) -> Result<Option<PathBuf>, BookError> {
        let _lock = self.lock()?;
        self.set_aside_locked()
    }

    fn set_aside_locked(&self) -> Result<Option<PathBuf>, BookError> {
        if !self.path.exists() {
            return Ok(None);
        }
        let aside = first_free(&self.path, ".set-aside-");
        fs::rename(&self.path, &aside).map_err(|source| BookError::Io {
            path: self.path.clone(),
            action: "set the current book aside",
            source,
        })?;
        Ok(Some(aside))
    }

    /// Removes temporary files left by processes that died mid-save long ago; errors are irrelevant here.
    fn remove_stale_temporaries(&self) {
        let (Some(dir), Some(prefix)) = (parent_dir(&self.path), temp_prefix(&self.path)) else {
            return;
        };
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let now = SystemTime::now();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with(&prefix) && name.ends_with(".tmp")) {
                continue;
            }
            let old = entry
                .metadata()
                .and_then(|meta| meta.modified())
                .ok()
                .and_then(|modified| now.duration_since(modified).ok())
                .is_some_and(|age| age > STALE_TEMP_AGE);
            if old {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

impl BookStore for FileBookStore {
    fn load(&self) -> Result<AccountBook, BookError> {
        match read_limited(&self.path) {
            Ok(bytes) => schema::parse(&bytes).map_err(|problem| {
                let backup = self.backup_path();
                let reason = if backup.exists() {
                    format!(
                        "{problem}; the file was left untouched; the backup {} holds the previous save",
                        backup.display()
                    )
                } else {
                    format!("{problem}; the file was left untouched")
                };
                BookError::Unreadable { path: self.path.clone(), reason }
            }),
            Err(error) if error.kind() == ErrorKind::NotFound => Ok(AccountBook::default()),
            Err(error) if error.kind() == ErrorKind::InvalidData => Err(BookError::Unreadable {
                path: self.path.clone(),
                reason: format!("{error}; the file was left untouched"),
            }),
            Err(source) => Err(BookError::Io { path: self.path.clone(), action: "read the account book", source }),
        }
    }

    fn save(&self, book: &AccountBook) -> Result<(), BookError> {
        let _lock = self.lock()?;
        self.save_locked(book)
    }

    /// Read-change-save under the book's lock, so a change made meanwhile by another process is never lost.
    fn update<T, E: From<BookError>>(
        &self,
        change: impl FnOnce(&mut AccountBook) -> Result<T, E>,
    ) -> Result<AccountBook, E> {
        let _lock = self.lock()?;
        let mut book = self.load()?;
        change(&mut book)?;
        self.save_locked(&book)?;
        Ok(book)
    }
}

impl FileBookStore {
    fn save_locked(&self, book: &AccountBook) -> Result<(), BookError> {
        let new_bytes = schema::to_bytes(book);
        if let Some(dir) = parent_dir(&self.path) {
            fs::create_dir_all(dir).map_err(|source| BookError::Io {
                path: dir.to_path_buf(),
                action: "create the directory",
                source,
            })?;
        }
        match read_limited(&self.path) {
            Ok(old_bytes) => {
                if let Err(problem) = schema::parse(&old_bytes) {
                    return Err(BookError::RefusedToOverwrite {
                        path: self.path.clone(),
                        reason: problem.to_string(),
                        backup: self.backup_path(),
                    });
                }
                write_atomically(&self.backup_path(), &old_bytes)?;
            }
            Err(error) if error.kind() == ErrorKind::NotFound => {}
            Err(error) if error.kind() == ErrorKind::InvalidData => {
                return Err(BookError::RefusedToOverwrite {
                    path: self.path.clone(),
                    reason: error.to_string(),
                    backup: self.backup_path(),
                });
            }
            Err(source) => {
                return Err(BookError::Io {
                    path: self.path.clone(),
                    action: "read the account book",
                    source,
                })
            }
        }
        write_atomically(&self.path, &new_bytes)?;
        self.remove_stale_temporaries();
        Ok(())
    }
}

/// Holds the advisory lock of a book while it lives (the OS releases it when the file closes).
struct BookLock(#[allow(dead_code)] File);

/// Reads a whole file that claims to be an account book, refusing one larger than [`MAX_BOOK_BYTES`] as not a
/// book (an `InvalidData` error whose text says why).
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_BOOK_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BOOK_BYTES {
        return Err(std::io::Error::new(
            ErrorKind::InvalidData,
            format!(
                "the file is larger than {} MB, far more than any account book",
                MAX_BOOK_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

/// An account book held in memory, for tests and for practice mode.
#[derive(Debug, Default)]
pub struct MemoryBookStore {
    book: Mutex<AccountBook>,
}

impl MemoryBookStore {
    pub fn new(book: AccountBook) -> Self {
        MemoryBookStore {
            book: Mutex::new(book),
        }
    }
}

impl BookStore for MemoryBookStore {
    fn load(&self) -> Result<AccountBook, BookError> {
        Ok(self
            .book
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone())
    }

    fn save(&self, book: &AccountBook) -> Result<(), BookError> {
        *self
            .book
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = book.clone();
        Ok(())
    }
}

/// Writes `bytes` to a fresh temporary file beside `target`, flushes it, renames it over `target` and flushes
/// the directory. Readers see the old content or the new, never a mix.
pub(crate) fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), BookError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let io_error = |path: &Path, action: &'static str| {
        let path = path.to_path_buf();
        move |source| BookError::Io {
            path,
            action,
            source,
        }
    };
    let prefix = temp_prefix(target).ok_or_else(|| BookError::Io {
        path: target.to_path_buf(),
        action: "name a temporary file",
        source: std::io::Error::new(ErrorKind::InvalidInput, "the path has no file name"),
    })?;
    let temp = target.with_file_name(format!(
        "{prefix}{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = create_private(&temp).map_err(io_error(&temp, "create a temporary file"))?;
        file.write_all(bytes).map_err(io_error(&temp, "write"))?;
        file.sync_all().map_err(io_error(&temp, "flush to disk"))?;
        drop(file);
        fs::rename(&temp, target).map_err(io_error(target, "replace"))?;
        sync_directory(target).map_err(io_error(target, "flush the directory"))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// A new file only the owner can read (the book holds personal details).
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Makes a rename in the directory durable. Only Unix needs (and allows) this.
#[cfg(unix)]
fn sync_directory(target: &Path) -> std::io::Result<()> {
    match parent_dir(target) {
        Some(dir) => File::open(dir)?.sync_all(),
        None => File::open(".")?.sync_all(),
    }
}

#[cfg(not(unix))]
fn sync_directory(_target: &Path) -> std::io::Result<()> {
    Ok(())
}

fn parent_dir(path: &Path) -> Option<&Path> {
    path.parent().filter(|dir| !dir.as_os_str().is_empty())
}

/// `.<name>.` : temporary files are hidden and named after the file they replace.
fn temp_prefix(path: &Path) -> Option<String> {
    path.file_name()
        .map(|name| format!(".{}.", name.to_string_lossy()))
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|name| name.to_os_string())
        .unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

fn first_free(path: &Path, infix: &str) -> PathBuf {
    (1..)
        .map(|n| sibling(path, &format!("{infix}{n}")))
        .find(|candidate| !candidate.exists())
        .expect("some numbered name is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::model::{Account, AccountDetails, AccountId};

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("lifeboat-store-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn book_with(upn: &str) -> AccountBook {
        AccountBook {
            accounts: vec![Account {
                id: AccountId::from("1"),
                details: AccountDetails::new(upn),
                last_inventory: None,
                last_check: None,
                ticket_sent_at: None,
                reregistration: None,
            }],
            ..AccountBook::default()
        }
    }

    #[test]
    fn lifeboat_book_names_the_book_and_an_empty_value_is_unset() {
        assert_eq!(
            chosen_book_path(Some("/srv/marco/accounts.json".into())),
            Some(PathBuf::from("/srv/marco/accounts.json"))
        );
        assert_eq!(chosen_book_path(Some("".into())), default_book_path());
        assert_eq!(chosen_book_path(None), default_book_path());
    }

    #[test]
    fn missing_file_is_an_empty_book_and_first_save_creates_the_directory() {
        let dir = temp_dir("first");
        let store = FileBookStore::new(dir.join("nested/accounts.json"));
        assert_eq!(store.load().unwrap(), AccountBook::default());
        store.save(&book_with("a@contoso.com")).unwrap();
        assert_eq!(store.load().unwrap(), book_with("a@contoso.com"));
        assert!(
            !store.backup_path().exists(),
            "nothing to back up on the first save"
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn second_save_keeps_the_previous_version_as_backup() {
        let dir = temp_dir("backup");
        let store = FileBookStore::new(dir.join("accounts.json"));
        store.save(&book_with("first@contoso.com")).unwrap();
        store.save(&book_with("second@contoso.com")).unwrap();
        assert_eq!(store.load().unwrap(), book_with("second@contoso.com"));
        assert_eq!(store.load_backup().unwrap(), book_with("first@contoso.com"));
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "no temporary file is left behind: {leftovers:?}"
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn unreadable_book_is_reported_never_overwritten_and_backup_can_be_restored() {
        let dir = temp_dir("corrupt");
        let store = FileBookStore::new(dir.join("accounts.json"));
        store.save(&book_with("first@contoso.com")).unwrap();
        store.save(&book_with("second@contoso.com")).unwrap();
        fs::write(store.path(), b"{\"format\": \"lifeboat-account-bo").unwrap();

        let error = store.load().unwrap_err();
        let message = error.to_string();
        assert!(message.contains("accounts.json"), "{message}");
        assert!(
            message.contains("accounts.json.bak"),
            "the message offers the backup: {message}"
        );

        let refused = store.save(&book_with("third@contoso.com")).unwrap_err();
        assert!(
            matches!(refused, BookError::RefusedToOverwrite { .. }),
            "{refused}"
        );
        assert_eq!(
            fs::read(store.path()).unwrap(),
            b"{\"format\": \"lifeboat-account-bo"
        );

        let restored = store.restore_backup().unwrap();
        assert_eq!(restored.accounts, 1);
        let aside = restored
            .set_aside
            .expect("the unreadable file was set aside");
        assert_eq!(
            fs::read(&aside).unwrap(),
            b"{\"format\": \"lifeboat-account-bo"
        );
        assert_eq!(store.load().unwrap(), book_with("first@contoso.com"));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_unreadable_book_set_aside_keeps_its_bytes_and_the_next_load_is_empty() {
        let dir = temp_dir("set-aside");
        let store = FileBookStore::new(dir.join("accounts.json"));
        assert_eq!(
            store.set_aside().unwrap(),
            None,
            "no file, nothing to set aside"
        );
        store.save(&book_with("a@contoso.com")).unwrap();
        store.save(&book_with("b@contoso.com")).unwrap();
        fs::write(store.path(), b"{ not json").unwrap();
        assert!(matches!(store.load(), Err(BookError::Unreadable { .. })));

        let first = store.set_aside().unwrap().expect("the file was there");
        assert_eq!(fs::read(&first).unwrap(), b"{ not json");
        assert_eq!(store.load().unwrap(), AccountBook::default());
        // The backup is untouched, and a second set-aside does not overwrite the first.
        assert_eq!(store.load_backup().unwrap(), book_with("a@contoso.com"));
        store.save(&book_with("c@contoso.com")).unwrap();
        let second = store.set_aside().unwrap().unwrap();
        assert_ne!(first, second);
        assert_eq!(fs::read(&first).unwrap(), b"{ not json");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn restoring_without_backup_says_so() {
        let dir = temp_dir("nobackup");
        let store = FileBookStore::new(dir.join("accounts.json"));
        assert!(matches!(
            store.restore_backup(),
            Err(BookError::NoBackup { .. })
        ));
        fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn book_file_is_private_to_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("private");
        let store = FileBookStore::new(dir.join("accounts.json"));
        store.save(&book_with("a@contoso.com")).unwrap();
        let mode = fs::metadata(store.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "mode {mode:o}");
        fs::remove_dir_all(dir).unwrap();
    }

    /// While another process holds the book's lock, a change waits, then gives up with `Busy` and changes
    /// nothing; once the lock is free, the same change goes through.
    #[test]
    fn a_change_waits_for_the_lock_then_gives_up_and_loses_nothing() {
        let dir = temp_dir("busy");
        let store = FileBookStore::new(dir.join("accounts.json"))
            .with_lock_wait(Duration::from_millis(200));
        store.save(&book_with("a@contoso.com")).unwrap();
        let before = fs::read(store.path()).unwrap();

        let holder = File::create(store.lock_path()).unwrap();
        holder.lock().unwrap();
        let refused =
            store.update(|book| book.add(AccountDetails::new("b@contoso.com")).map(|_| ()));
        assert!(
            matches!(refused, Err(BookError::Busy { .. })),
            "{refused:?}"
        );
        assert!(refused
            .unwrap_err()
            .to_string()
            .contains("another Lifeboat"));
        assert_eq!(
            fs::read(store.path()).unwrap(),
            before,
            "the book is untouched"
        );

        drop(holder);
        let saved = store
            .update(|book| book.add(AccountDetails::new("b@contoso.com")).map(|_| ()))
            .unwrap();
        assert_eq!(saved.accounts.len(), 2);
        fs::remove_dir_all(dir).unwrap();
    }

    /// A file far larger than any account book is not read whole, is reported as unreadable, and is never
    /// overwritten.
    #[test]
    fn a_huge_file_is_not_a_book_and_is_left_alone() {
        let dir = temp_dir("huge");
        let store = FileBookStore::new(dir.join("accounts.json"));
        let file = File::create(store.path()).unwrap();
        file.set_len(MAX_BOOK_BYTES + 1).unwrap();
        drop(file);
        let error = store.load().unwrap_err();
        assert!(matches!(error, BookError::Unreadable { .. }), "{error:?}");
        assert!(error.to_string().contains("larger than 32 MB"), "{error}");
        let refused = store.save(&book_with("a@contoso.com")).unwrap_err();
        assert!(
            matches!(refused, BookError::RefusedToOverwrite { .. }),
            "{refused:?}"
        );
        assert_eq!(
            fs::metadata(store.path()).unwrap().len(),
            MAX_BOOK_BYTES + 1
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn memory_store_round_trips() {
        let store = MemoryBookStore::default();
        store.save(&book_with("a@contoso.com")).unwrap();
        assert_eq!(store.load().unwrap(), book_with("a@contoso.com"));
    }
}
