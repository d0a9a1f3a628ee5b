//! Drives the real Lifeboat window over WebDriver: `tauri-driver` (crates.io) in front of Debian's
//! `WebKitWebDriver`, the app binary built by cargo, under the X display the caller provides (`make test` runs
//! these tests inside `xvfb-run`). Each test gets its own temporary HOME and XDG directories, so nothing touches
//! the real profile and runs do not share state.

#![allow(dead_code)] // each test binary uses a different part of this module

pub mod desk_ticket;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use std::future::Future;

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::wd::WindowHandle;
use fantoccini::{Client, ClientBuilder, Locator};

pub const APP: &str = env!("CARGO_BIN_EXE_lifeboat-desktop");

/// How long a test waits for the window to show what it expects.
const PATIENCE: Duration = Duration::from_secs(20);
/// The longest one WebDriver command may take inside a waiting loop: a command on a window that is loading or
/// closing can stay unanswered, and then it is tried again instead of holding the test forever.
const COMMAND: Duration = Duration::from_secs(10);
/// The longest a whole test may run: past it, the driver and the app are stopped, so a hang fails the test in
/// minutes instead of holding CI until its own limit.
const WATCHDOG: Duration = Duration::from_secs(300);

/// `command`, or `None` when it took longer than [`COMMAND`].
async fn bounded<T>(command: impl Future<Output = T>) -> Option<T> {
    tokio::time::timeout(COMMAND, command).await.ok()
}

/// True when the element a command went to is no longer in the page. WebKitWebDriver reports that as
/// "Node with identifier … was not found"; the W3C names are "stale element reference" and "no such element".
fn element_went_away(error: &CmdError) -> bool {
    match error {
        CmdError::Standard(error) => {
            error.error == ErrorStatus::StaleElementReference
                || error.error == ErrorStatus::NoSuchElement
                || error.message.contains("was not found")
        }
        _ => false,
    }
}

/// True when the page was replaced while the command ran ("Callback was not called before the unload event"):
/// a click or an Enter that submitted a form on the simulator's pages. The command had its effect.
fn page_moved_on(error: &CmdError) -> bool {
    matches!(error, CmdError::Standard(error) if error.message.contains("unload event"))
}

/// A running app session; the driver and the app stop when it is dropped.
pub struct Desktop {
    pub client: Client,
    driver: Child,
    pub home: PathBuf,
    /// Dropping it tells the watchdog the test ended.
    _watchdog: std::sync::mpsc::Sender<()>,
}

/// Stops the driver (by pid) and the app (by path) if the test is still running after [`WATCHDOG`].
fn watchdog(driver_pid: u32) -> std::sync::mpsc::Sender<()> {
    let (ended, wait) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(WATCHDOG) {
            eprintln!("the window test ran past {WATCHDOG:?}: stopping the driver and the app");
            let _ = Command::new("kill").arg(driver_pid.to_string()).status();
            let _ = Command::new("pkill").args(["-f", APP]).status();
        }
    });
    ended
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

fn require_tool(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo/bin")))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{name}` is not installed: run `make deps` (see README) before the desktop tests"
            )
        })
}

impl Desktop {
    /// Starts the app with extra environment variables and waits until the start screen is interactive.
    pub async fn start(extra_env: &[(&str, &str)]) -> Desktop {
        assert!(
            std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
            "the desktop tests need a display: run them through `make test` (which uses xvfb-run)"
        );
        let tauri_driver = require_tool("tauri-driver");
        let webkit_driver = require_tool("WebKitWebDriver");

        let home = std::env::temp_dir().join(format!(
            "lifeboat-e2e-{}-{}",
            std::process::id(),
            free_port()
        ));
        for sub in ["config", "data", "cache", "runtime"] {
            std::fs::create_dir_all(home.join(sub)).unwrap();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(home.join("runtime"), std::fs::Permissions::from_mode(0o700))
                .unwrap();
        }

        let port = free_port();
        let native_port = free_port();
        let mut command = Command::new(tauri_driver);
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .arg("--native-driver")
            .arg(&webkit_driver)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_RUNTIME_DIR", home.join("runtime"))
            .env("NO_AT_BRIDGE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (key, value) in extra_env {
            command.env(key, value);
        }
        // Its own process group: WebKitWebDriver and the app it starts join it, and all go together at the end
        // (killing tauri-driver alone leaves WebKitWebDriver running, holding the test's output open).
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let driver = command.spawn().expect("start tauri-driver");
        let watchdog = watchdog(driver.id());
        assert!(
            wait_for_port(port, Duration::from_secs(20)),
            "tauri-driver did not listen on {port}"
        );

        let capabilities = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": APP },
        });
        let capabilities = capabilities.as_object().unwrap().clone();
        let client = ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("WebDriver session with the app");
        let desktop = Desktop {
            client,
            driver,
            home,
            _watchdog: watchdog,
        };
        desktop.wait_css("[data-testid=start-screen]").await;
        desktop
    }

    /// Waits (up to 20 s) for an element. Every failed look is tried again, not only "no such element": while
    /// a page is being replaced (the practice sign-in moving to its next page), WebKitWebDriver answers
    /// "Callback was not called before the unload event".
    pub async fn wait_css(&self, css: &str) -> Element {
        self.wait_for(Locator::Css(css)).await
    }

    async fn wait_for(&self, locator: Locator<'_>) -> Element {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match bounded(self.client.find(locator)).await {
                Some(Ok(element)) => return element,
                Some(Err(error)) if Instant::now() >= deadline => {
                    panic!("element {locator:?} did not appear: {error}")
                }
                None if Instant::now() >= deadline => {
                    panic!("element {locator:?}: the driver stopped answering")
                }
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Finds the element and does `act` to it. When the element went away between the look and the act
    /// (Svelte re-rendered that part of the screen), the act never happened, so it is looked for and done
    /// again; when the page moved on during the act, it happened. Any other failure fails the test at once,
    /// since repeating it could act twice.
    async fn act_on<F, Fut>(&self, locator: Locator<'_>, what: &str, act: F)
    where
        F: Fn(Element) -> Fut,
        Fut: Future<Output = Result<(), CmdError>>,
    {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let element = self.wait_for(locator).await;
            // A click that submits a form can leave WebKitWebDriver waiting on the page that went: past the
            // command's time the act is taken as done, like "the page moved on"; the next wait tells otherwise.
            let Some(acted) = bounded(act(element)).await else {
                return;
            };
            match acted {
                Ok(()) => return,
                Err(error) if page_moved_on(&error) => return,
                Err(error) if element_went_away(&error) && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await
                }
                Err(error) => panic!("{what} {locator:?}: {error}"),
            }
        }
    }

    pub async fn click(&self, css: &str) {
        self.click_at(Locator::Css(css)).await;
    }

    pub async fn click_at(&self, locator: Locator<'_>) {
        self.act_on(locator, "click", |element| async move {
            element.click().await.map(drop)
        })
        .await;
    }

    /// Types `text` into the element (WebDriver focuses it first).
    pub async fn type_into(&self, css: &str, text: &str) {
        self.act_on(Locator::Css(css), "type into", |element| async move {
            element.send_keys(text).await
        })
        .await;
    }

    pub async fn clear(&self, css: &str) {
        self.act_on(Locator::Css(css), "clear", |element| async move {
            element.clear().await
        })
        .await;
    }

    /// Waits (up to 20 s) until the element's text satisfies `check`; returns the text.
    pub async fn wait_text(&self, css: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Some(Ok(element)) = bounded(self.client.find(Locator::Css(css))).await {
                if let Some(Ok(text)) = bounded(element.text()).await {
                    if check(&text) {
                        return text;
                    }
                    last = text;
                }
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        panic!("text of {css} never matched; last seen: {last:?}");
    }

    /// `read(element)` over every element matching `css`, in one script run, so a re-render between looking
    /// and reading cannot leave a reference to an element that has gone.
    async fn read_all(&self, css: &str, read: &str) -> Vec<String> {
        let script = format!(
            "return Array.from(document.querySelectorAll(arguments[0]), (element) => String({read} ?? ''));"
        );
        let value = self
            .client
            .execute(&script, vec![css.into()])
            .await
            .unwrap_or_else(|e| panic!("read {css}: {e}"));
        serde_json::from_value(value).expect("a list of strings")
    }

    /// The attribute `name` of every element matching `css` ("" where it is missing).
    pub async fn attributes(&self, css: &str, name: &str) -> Vec<String> {
        let read = format!("element.getAttribute({})", serde_json::json!(name));
        self.read_all(css, &read).await
    }

    /// The text a person sees in every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        self.read_all(css, "element.innerText").await
    }

    /// The DOM property `name` (`value`, `checked`) of every element matching `css`, as text.
    pub async fn properties(&self, css: &str, name: &str) -> Vec<String> {
        let read = format!("element[{}]", serde_json::json!(name));
        self.read_all(css, &read).await
    }

    pub async fn count(&self, css: &str) -> usize {
        self.read_all(css, "''").await.len()
    }

    /// Saves a PNG of the window under `target/e2e-screenshots/` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // WebKit paints asynchronously: wait for two frames so the picture shows the DOM the test just checked.
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));",
                vec![],
            )
            .await
            .expect("wait for a painted frame");
        let png = self.client.screenshot().await.expect("screenshot");
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Waits (up to 20 s) for a window other than `main` to show a page, switches to it and returns it: the
    /// practice sign-in window with the simulator's pages.
    pub async fn switch_to_other_window(&self, main: &WindowHandle) -> WindowHandle {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            let handles = bounded(self.client.windows()).await;
            for handle in handles.and_then(Result::ok).unwrap_or_default() {
                if &handle == main {
                    continue;
                }
                let switched = bounded(self.client.switch_to_window(handle.clone())).await;
                if matches!(switched, Some(Ok(()))) {
                    if let Some(Ok(title)) = bounded(self.client.title()).await {
                        if !title.is_empty() {
                            return handle;
                        }
                    }
                }
            }
            let _ = bounded(self.client.switch_to_window(main.clone())).await;
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        panic!("no second window opened");
    }

    /// Waits (up to 20 s) until the sign-in window `closing` has closed, and switches back to `main`. Only
    /// that window counts: the next account's sign-in may already have opened a new one.
    pub async fn back_to_main_window(&self, main: &WindowHandle, closing: &WindowHandle) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let handles = bounded(self.client.windows()).await;
            let handles = handles
                .and_then(Result::ok)
                .unwrap_or_else(|| vec![closing.clone()]);
            if !handles.contains(closing) {
                break;
            }
            if Instant::now() >= deadline {
                let stuck = self.describe_window(closing).await;
                panic!(
                    "the sign-in window did not close\n{stuck}\nthe app's log ends:\n{}",
                    self.log_tail(30)
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.switch_to_main_window(main).await;
    }

    /// What a window shows (address, title, text), for a failure message; each read bounded.
    async fn describe_window(&self, window: &WindowHandle) -> String {
        if !matches!(
            bounded(self.client.switch_to_window(window.clone())).await,
            Some(Ok(()))
        ) {
            return "(the window could not be reached)".into();
        }
        let url = bounded(self.client.current_url()).await;
        let title = bounded(self.client.title()).await;
        let text = bounded(
            self.client
                .execute("return document.body.innerText", vec![]),
        )
        .await;
        format!("window at {url:?}, titled {title:?}, showing {text:?}")
    }

    /// The last `lines` of the app's log file.
    pub fn log_tail(&self, lines: usize) -> String {
        let log = self
            .home
            .join("data/org.lifeboat.desktop/logs/lifeboat.log");
        let text = std::fs::read_to_string(&log).unwrap_or_else(|error| format!("({error})"));
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }

    /// Signs in in the practice sign-in window an action in `main` opened: the password the simulator's page
    /// shows, then "approve" on the simulated device (a security key in hand); back to `main` once it closed.
    pub async fn sign_in_approving(&self, main: &WindowHandle) {
        let sign_in = self.switch_to_other_window(main).await;
        let password = self.wait_text(".sim code", |text| !text.is_empty()).await;
        self.type_into("input[type=password]", &format!("{password}\u{E007}"))
            .await;
        self.click("button[value=approve]").await;
        self.back_to_main_window(main, &sign_in).await;
    }

    /// Switches back to `main` at once, leaving any other window open (a sign-in still waiting).
    pub async fn switch_to_main_window(&self, main: &WindowHandle) {
        self.client
            .switch_to_window(main.clone())
            .await
            .expect("back to the main window");
    }

    pub async fn stop(self) {
        let _ = self.client.clone().close().await;
        // Drop stops the driver and removes the temporary home.
    }
}

impl Drop for Desktop {
    /// Also runs when a test fails half-way: the driver goes, and so does the app it started, which would
    /// otherwise keep running and, being single-instance, stop the next test's app from opening.
    fn drop(&mut self) {
        // The whole group tauri-driver leads: the driver, WebKitWebDriver and the app.
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if std::thread::panicking() {
            // The app is the driver's grandchild (tauri-driver → WebKitWebDriver → app): end it by its path.
            let _ = Command::new("pkill").args(["-f", APP]).status();
        }
        let _ = std::fs::remove_dir_all(&self.home);
    }
}
