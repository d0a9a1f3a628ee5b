//! The `#[tauri::command]`s the window calls. Each is a thin wrapper over one core call: read the book, ask the
//! core, save, return what the core computed. Nothing here decides anything about accounts or tickets.

pub mod book;
pub mod check;
pub mod desk;
pub mod moving;
pub mod reregister;
pub mod settings;
pub mod tickets;
pub mod troubleshoot;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use lifeboat_core::book::{AccountBook, BookError, BookStore, FileBookStore};
use lifeboat_core::config::IdentityConfig;
use lifeboat_core::settings::{Settings, SettingsError, SettingsStore};
use lifeboat_core::{AppInfo, Lang};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{ErrorCode, IpcError};

/// Which account book the window works on.
struct Mode {
    /// Practice mode: a separate, throw-away account book, never the person's real one.
    practice: bool,
    /// The account book; `None` when the platform gives no place for it.
    store: Option<FileBookStore>,
    /// A check is running on `store`: the mode cannot change until it ends, so its results can only ever land
    /// in the book it started with.
    check_running: bool,
}

/// The book a check run started with. The run writes only there, whatever the window does meanwhile; dropping
/// it (however the run ends) lets the mode change again.
pub struct BoundBook {
    mode: Arc<Mutex<Mode>>,
    store: FileBookStore,
}

impl BoundBook {
    /// Read-change-save of the run's own book, serialised with the window's commands.
    pub fn update(
        &self,
        change: &mut dyn FnMut(&mut AccountBook) -> Result<(), BookError>,
    ) -> Result<AccountBook, BookError> {
        let _serialised = lock_mode(&self.mode);
        self.store.update(change)
    }
}

impl Drop for BoundBook {
    fn drop(&mut self) {
        lock_mode(&self.mode).check_running = false;
    }
}

fn lock_mode(mode: &Mutex<Mode>) -> std::sync::MutexGuard<'_, Mode> {
    mode.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What the shell itself knows and the commands need.
pub struct ShellState {
    /// Where this run's log goes, for "export diagnostics" and bug reports; `None` when no log file could be made.
    pub log_file: Option<PathBuf>,
    /// The person's real account book.
    real_store: Option<FileBookStore>,
    /// Where practice mode keeps its book and saves tickets without asking; emptied whenever practice starts.
    practice_dir: PathBuf,
    /// The current mode; its lock also serialises read-change-save of the book between commands (shared with a
    /// running check's [`BoundBook`]).
    mode: Arc<Mutex<Mode>>,
    /// Where the settings are kept (`None`: no place on this platform, they last for this run).
    settings_store: Option<SettingsStore>,
    /// The settings in force.
    settings: Mutex<Settings>,
}

impl ShellState {
    /// Starts on `real_store`, or in practice mode when `practice` is set.
    pub fn new(
        log_file: Option<PathBuf>,
        real_store: Option<FileBookStore>,
        practice_dir: PathBuf,
        practice: bool,
        settings_store: Option<SettingsStore>,
    ) -> Self {
        let settings = settings_store
            .as_ref()
            .map(SettingsStore::load)
            .unwrap_or_default();
        let state = ShellState {
            log_file,
            real_store: real_store.clone(),
            practice_dir,
            settings_store,
            settings: Mutex::new(settings),
            mode: Arc::new(Mutex::new(Mode {
                practice: false,
                store: real_store,
                check_running: false,
            })),
        };
        if practice {
            state
                .set_practice(true)
                .expect("no check runs before the window opens");
        }
        state
    }

    fn mode(&self) -> std::sync::MutexGuard<'_, Mode> {
        lock_mode(&self.mode)
    }

    /// Enters practice mode on a fresh, empty practice book, or goes back to the real book. Refused while a
    /// check runs (`check_running`, detail `mode`): the person stops it or lets it finish first.
    pub fn set_practice(&self, practice: bool) -> Result<(), IpcError> {
        let mut mode = self.mode();
        if mode.check_running {
            return Err(IpcError::new(
                ErrorCode::CheckRunning,
                "A check is running: stop it or let it finish before switching between practice and your accounts.",
            )
            .with_detail("mode"));
        }
        if practice {
            let _ = std::fs::remove_dir_all(&self.practice_dir);
            mode.store = Some(FileBookStore::new(
                self.practice_dir.join("practice-accounts.json"),
            ));
        } else {
            mode.store = self.real_store.clone();
        }
        mode.practice = practice;
        Ok(())
    }

    /// Binds a check run to the current book. Refused when one already runs.
    pub fn begin_check(&self) -> Result<(BoundBook, bool), IpcError> {
        let mut mode = self.mode();
        if mode.check_running {
            return Err(IpcError::new(
                ErrorCode::CheckRunning,
                "A check is already running.",
            ));
        }
        let store = mode.store.clone().ok_or_else(Self::no_store)?;
        mode.check_running = true;
        let practice = mode.practice;
        drop(mode);
        Ok((
            BoundBook {
                mode: self.mode.clone(),
                store,
            },
            practice,
        ))
    }

    pub fn is_practice(&self) -> bool {
        self.mode().practice
    }

    /// The account book in use (the practice book in practice mode): the desk's audit log sits beside it.
    pub fn book_path(&self) -> Option<PathBuf> {
        self.mode()
            .store
            .as_ref()
            .map(|store| store.path().to_path_buf())
    }

    /// In practice mode, the folder where tickets are saved without a dialog.
    pub fn practice_dir(&self) -> Option<PathBuf> {
        self.is_practice().then(|| self.practice_dir.clone())
    }

    fn no_store() -> IpcError {
        IpcError::new(
            ErrorCode::FileError,
            "There is no place on this computer to keep the account book.",
        )
    }

    /// Reads the book (an absent file is an empty book).
    pub fn load(&self) -> Result<AccountBook, IpcError> {
        let mode = self.mode();
        Ok(mode.store.as_ref().ok_or_else(Self::no_store)?.load()?)
    }

    /// Reads the book, applies `change`, saves it when the change succeeded, and returns the new book.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut AccountBook) -> Result<T, IpcError>,
    ) -> Result<AccountBook, IpcError> {
        let mode = self.mode();
        mode.store
            .as_ref()
            .ok_or_else(Self::no_store)?
            .update(change)
    }
}

/// How to get past an account book that cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookRecoveryAction {
    /// Put the backup (the book before its last save) back; the unreadable file is set aside.
    RestoreBackup,
    /// Set the unreadable file aside and start from an empty list.
    StartNew,
}

/// What a recovery did: how many accounts the restored book holds (`None` for a new list) and where the file
/// it replaced now is.
pub struct BookRecovered {
    pub restored_accounts: Option<usize>,
    pub set_aside: Option<PathBuf>,
    pub book: AccountBook,
}

impl ShellState {
    /// Gets past an unreadable account book without destroying anything (the core's `FileBookStore` renames the
    /// file, never deletes it).
    pub fn recover_book(&self, action: BookRecoveryAction) -> Result<BookRecovered, IpcError> {
        let mode = self.mode();
        let store = mode.store.as_ref().ok_or_else(Self::no_store)?;
        let (restored_accounts, set_aside) = match action {
            BookRecoveryAction::RestoreBackup => {
                // A backup that cannot be read is, for the person, no backup: the choice left is a new list.
                let restored = store.restore_backup().map_err(|error| match error {
                    BookError::Unreadable { .. } => {
                        IpcError::new(ErrorCode::NoBackup, "The backup cannot be read either.")
                            .with_detail(error.to_string())
                    }
                    other => IpcError::from(other),
                })?;
                (Some(restored.accounts), restored.set_aside)
            }
            BookRecoveryAction::StartNew => (None, store.set_aside()?),
        };
        tracing::info!(?action, ?restored_accounts, "account book recovered");
        Ok(BookRecovered {
            restored_accounts,
            set_aside,
            book: store.load()?,
        })
    }

    /// Where real accounts sign in: Microsoft, with the sign-in app chosen in the settings.
    pub fn identity_config(&self) -> IdentityConfig {
        self.settings().identity_config()
    }

    pub fn settings(&self) -> Settings {
        self.settings
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn settings_path(&self) -> Option<String> {
        self.settings_store
            .as_ref()
            .map(|store| store.path().display().to_string())
    }

    /// Validates, saves (when there is a place) and puts the settings in force.
    pub fn save_settings(&self, settings: Settings) -> Result<(), SettingsError> {
        settings.validate()?;
        if let Some(store) = &self.settings_store {
            store.save(&settings)?;
        }
        *self
            .settings
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = settings;
        Ok(())
    }
}

/// What kind of session the window is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    /// Practice mode: show the banner; nothing touches the real book.
    pub practice: bool,
    /// Where the account book is kept, for the settings screen.
    pub book_path: Option<String>,
    /// In practice mode, the address of the simulator standing in for Microsoft (once it runs).
    pub simulator_url: Option<String>,
}

/// Facts about this build and the language to start in: the one chosen in the settings, else the environment's.
#[tauri::command]
pub fn app_info(state: tauri::State<'_, ShellState>) -> Result<AppInfo, IpcError> {
    Ok(lifeboat_core::about(
        state.settings().lang.unwrap_or_else(environment_lang),
    ))
}

/// Practice or real, and where the book lives.
#[tauri::command]
pub async fn session_info(
    state: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, check::CheckState>,
) -> Result<SessionInfo, IpcError> {
    let (practice, book_path) = {
        let mode = state.mode();
        (
            mode.practice,
            mode.store
                .as_ref()
                .map(|store| store.path().display().to_string()),
        )
    };
    Ok(SessionInfo {
        practice,
        book_path,
        simulator_url: if practice {
            checks.practice_url().await
        } else {
            None
        },
    })
}

/// Enters practice mode (a fresh practice book, a fresh simulator) or goes back to the real book. Refused while
/// a check runs: its results belong to the book it started with.
#[tauri::command]
pub async fn set_practice(
    state: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, check::CheckState>,
    practice: bool,
) -> Result<SessionInfo, IpcError> {
    state.set_practice(practice)?;
    checks.end_practice().await;
    tracing::info!(practice, "mode changed");
    session_info(state, checks).await
}

/// What a file to save is: its suggested name, the dialog's filter, and what to say when writing fails.
pub(crate) struct FileToSave<'a> {
    pub name: &'a str,
    pub filter: (&'a str, &'a [&'a str]),
    pub failed: &'a str,
}

/// Writes `bytes` where the person chooses in a save dialog, or (practice mode) straight into the practice
/// folder. `None` when they cancel the dialog.
pub(crate) fn save_file(
    app: &tauri::AppHandle,
    state: &ShellState,
    file: FileToSave<'_>,
    bytes: &[u8],
) -> Result<Option<tickets::SavedFile>, IpcError> {
    let Some(path) = path_to_save(app, state, &file) else {
        return Ok(None);
    };
    std::fs::write(&path, bytes).map_err(|error| {
        IpcError::new(ErrorCode::FileError, file.failed)
            .with_detail(format!("{}: {error}", path.display()))
    })?;
    Ok(Some(tickets::SavedFile {
        path: path.display().to_string(),
    }))
}

/// Where to write `file`: the person's choice in a save dialog, or (practice mode) the practice folder; its
/// folder made. `None` when they cancel the dialog.
pub(crate) fn path_to_save(
    app: &tauri::AppHandle,
    state: &ShellState,
    file: &FileToSave<'_>,
) -> Option<PathBuf> {
    use tauri_plugin_dialog::DialogExt;
    let path = match state.practice_dir() {
        Some(dir) => Some(dir.join(file.name)),
        None => app
            .dialog()
            .file()
            .set_file_name(file.name)
            .add_filter(file.filter.0, file.filter.1)
            .blocking_save_file()
            .and_then(|chosen| chosen.into_path().ok()),
    }?;
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    Some(path)
}

/// The moment a command runs, passed to the core's rules (they never read the clock).
fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

/// The language from `LIFEBOAT_LANG`, then the POSIX locale variables. On Windows and macOS, where those are
/// usually unset, the UI falls back to the web view's own `navigator.language`.
fn environment_lang() -> Lang {
    Lang::from_environment(|name| std::env::var(name).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lifeboat_core::book::AccountDetails;

    /// A state whose "real" book and practice folder live in a fresh temporary directory.
    fn state(name: &str) -> (ShellState, PathBuf) {
        let dir =
            std::env::temp_dir().join(format!("lifeboat-shell-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let real = FileBookStore::new(dir.join("real").join("accounts.json"));
        (
            ShellState::new(
                None,
                Some(real),
                dir.join("practice"),
                false,
                Some(SettingsStore::new(dir.join("settings.json"))),
            ),
            dir,
        )
    }

    #[test]
    fn an_unreadable_book_is_restored_from_its_backup_or_set_aside_and_nothing_is_deleted() {
        let (state, dir) = state("recover");
        let book_path = dir.join("real").join("accounts.json");
        state
            .update(|book| Ok(book.add(AccountDetails::new("anna@contoso.com"))?))
            .unwrap();
        state
            .update(|book| Ok(book.add(AccountDetails::new("marco@fabrikam.com"))?))
            .unwrap();
        std::fs::write(&book_path, b"{ broken").unwrap();
        assert_eq!(state.load().unwrap_err().code, ErrorCode::BookUnreadable);

        // The backup holds the book before the last save: one account.
        let restored = state
            .recover_book(BookRecoveryAction::RestoreBackup)
            .unwrap();
        assert_eq!(restored.restored_accounts, Some(1));
        assert_eq!(restored.book.accounts.len(), 1);
        let aside = restored.set_aside.expect("the broken file was kept");
        assert_eq!(std::fs::read(&aside).unwrap(), b"{ broken");

        // Broken again, this time started afresh: an empty list, both broken files kept.
        std::fs::write(&book_path, b"{ broken again").unwrap();
        let fresh = state.recover_book(BookRecoveryAction::StartNew).unwrap();
        assert_eq!(fresh.restored_accounts, None);
        assert!(fresh.book.accounts.is_empty());
        assert!(state.load().unwrap().accounts.is_empty());
        assert_eq!(
            std::fs::read(fresh.set_aside.unwrap()).unwrap(),
            b"{ broken again"
        );
        assert_eq!(std::fs::read(&aside).unwrap(), b"{ broken");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn restoring_without_a_usable_backup_has_its_own_code_and_moves_nothing() {
        let (state, dir) = state("no-backup");
        let real = dir.join("real");
        std::fs::create_dir_all(&real).unwrap();
        std::fs::write(real.join("accounts.json"), b"[]").unwrap();
        let refused = state.recover_book(BookRecoveryAction::RestoreBackup);
        assert_eq!(
            refused.err().map(|error| error.code),
            Some(ErrorCode::NoBackup)
        );
        // A backup that is itself unreadable counts as none.
        std::fs::write(real.join("accounts.json.bak"), b"{}").unwrap();
        let refused = state
            .recover_book(BookRecoveryAction::RestoreBackup)
            .err()
            .unwrap();
        assert_eq!(refused.code, ErrorCode::NoBackup);
        assert!(refused.detail.unwrap().contains("accounts.json.bak"));
        // Nothing was moved.
        assert_eq!(std::fs::read(real.join("accounts.json")).unwrap(), b"[]");
        assert_eq!(
            std::fs::read(real.join("accounts.json.bak")).unwrap(),
            b"{}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_failed_change_is_not_saved() {
        let (state, dir) = state("failed-change");
        state
            .update(|book| Ok(book.add(AccountDetails::new("anna@contoso.com"))?))
            .unwrap();
        let refused = state.update(|book| Ok(book.add(AccountDetails::new("not a name"))?));
        assert_eq!(refused.unwrap_err().code, ErrorCode::InvalidAccount);
        assert_eq!(state.load().unwrap().accounts.len(), 1);
        let _ = std::fs::remove_dir_all(dir);
    }

    /// A check bound to the practice book, whose sign-in waits for a browser nobody uses: while it runs, the
    /// mode cannot switch (so its results cannot land in the real book), and when it is stopped the real book is
    /// byte for byte what it was.
    #[tokio::test]
    async fn a_running_check_keeps_its_book_and_the_mode_until_it_ends() {
        use lifeboat_core::check_in_turn::{check_in_turn, CheckButtons, CheckHost, CheckProgress};
        use lifeboat_core::check_in_turn::{CheckPhase, CheckRequest};
        use lifeboat_core::signin::{BrowserError, Checker};
        use lifeboat_core::token_store::MemoryTokenStore;

        struct NobodyAtTheBrowser {
            book: BoundBook,
            opened: tokio::sync::Notify,
        }
        impl CheckHost for NobodyAtTheBrowser {
            fn update_book(
                &self,
                change: &mut dyn FnMut(&mut AccountBook) -> Result<(), BookError>,
            ) -> Result<AccountBook, BookError> {
                self.book.update(change)
            }
            fn open_sign_in(&self, _url: &url::Url) -> Result<(), BrowserError> {
                self.opened.notify_one();
                Ok(())
            }
            fn progress(&self, _progress: &CheckProgress) {}
        }

        let (state, dir) = state("bound");
        state
            .update(|book| Ok(book.add(AccountDetails::new("anna@contoso.com"))?))
            .unwrap();
        let real_path = dir.join("real").join("accounts.json");
        let real_bytes = std::fs::read(&real_path).unwrap();
        state.set_practice(true).unwrap();
        state
            .update(|book| Ok(book.add(AccountDetails::new("marco.ferri@ferriconsulting.it"))?))
            .unwrap();
        let ids: Vec<_> = state
            .load()
            .unwrap()
            .accounts
            .into_iter()
            .map(|a| a.id)
            .collect();

        let server =
            lifeboat_sim::SimServer::start(lifeboat_sim::Scenario::practice(), "127.0.0.1:0")
                .await
                .unwrap();
        let config = IdentityConfig::with_base(&url::Url::parse(server.base_url()).unwrap());
        let checker =
            Checker::with_defaults(config, std::sync::Arc::new(MemoryTokenStore::new())).unwrap();
        let (bound, practice) = state.begin_check().unwrap();
        assert!(practice);
        let host = std::sync::Arc::new(NobodyAtTheBrowser {
            book: bound,
            opened: tokio::sync::Notify::new(),
        });
        let buttons = CheckButtons::new();
        let run = {
            let (host, buttons) = (host.clone(), buttons.clone());
            tokio::spawn(async move {
                let request = CheckRequest {
                    accounts: ids,
                    lang: Lang::En,
                    remembers_sessions: false,
                    note: None,
                    device_code: false,
                    ask_second_step: true,
                    fresh: false,
                };
                check_in_turn(
                    &checker,
                    host.as_ref(),
                    &lifeboat_core::clock::SystemClock,
                    &buttons,
                    request,
                )
                .await
            })
        };
        tokio::time::timeout(std::time::Duration::from_secs(30), host.opened.notified())
            .await
            .expect("the sign-in page opens");

        // Mid-run: no switch, no second run.
        let refused = state.set_practice(false).unwrap_err();
        assert_eq!(refused.code, ErrorCode::CheckRunning);
        assert_eq!(refused.detail.as_deref(), Some("mode"));
        assert!(state.is_practice());
        assert_eq!(
            state.begin_check().err().map(|e| e.code),
            Some(ErrorCode::CheckRunning)
        );

        buttons.stop();
        let last = run.await.unwrap();
        assert_eq!(last.phase, CheckPhase::Stopped);
        drop(host);
        state
            .set_practice(false)
            .expect("the run is over: the mode may change");
        assert_eq!(
            std::fs::read(&real_path).unwrap(),
            real_bytes,
            "the real book is untouched"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn practice_never_touches_the_real_book_and_starts_empty() {
        let (state, dir) = state("practice");
        state
            .update(|book| Ok(book.add(AccountDetails::new("anna@contoso.com"))?))
            .unwrap();
        state.set_practice(true).unwrap();
        assert!(state.is_practice());
        assert!(state.load().unwrap().accounts.is_empty());
        state
            .update(|book| Ok(book.add(AccountDetails::new("marco@fabrikam.com"))?))
            .unwrap();
        assert!(state
            .practice_dir()
            .unwrap()
            .join("practice-accounts.json")
            .exists());

        state.set_practice(false).unwrap();
        let real: Vec<String> = state
            .load()
            .unwrap()
            .accounts
            .into_iter()
            .map(|a| a.details.upn)
            .collect();
        assert_eq!(real, vec!["anna@contoso.com"]);
        assert_eq!(state.practice_dir(), None);

        state.set_practice(true).unwrap();
        assert!(
            state.load().unwrap().accounts.is_empty(),
            "practice starts over every time"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
