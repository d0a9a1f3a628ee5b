//! Opening the system browser, behind a trait so tests can play the browser themselves.

use url::Url;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not open a web browser: {0}")]
pub struct BrowserError(pub String);

/// Opens the authorization URL. The call returns once the browser was asked to open the page; the sign-in
/// then waits for the redirect.
pub trait BrowserOpener: Send + Sync {
    fn open(&self, url: &Url) -> Result<(), BrowserError>;
}

/// True when a browser opened here can show its page to the person: on Linux and the BSDs only inside a
/// graphical session (`DISPLAY` or `WAYLAND_DISPLAY` set); macOS and Windows always have one. Without it, a
/// sign-in handed to "the browser" would wait for a page nobody sees, so the device code is used instead.
/// `os` is `std::env::consts::OS`; `env` reads a variable (passed in so the rule does no I/O).
pub fn can_show_a_browser(os: &str, env: impl Fn(&str) -> Option<String>) -> bool {
    match os {
        "macos" | "windows" | "ios" | "android" => true,
        _ => ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|name| env(name).is_some_and(|value| !value.trim().is_empty())),
    }
}

/// The person's default browser (RFC 8252: never an embedded web view).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemBrowser;

impl BrowserOpener for SystemBrowser {
    fn open(&self, url: &Url) -> Result<(), BrowserError> {
        webbrowser::open(url.as_str()).map_err(|error| BrowserError(error.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An operating system, the environment variables set, and whether a browser can show.
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], bool);

    #[test]
    fn a_browser_can_show_only_where_there_is_a_graphical_session() {
        let table: [Case; 7] = [
            ("linux", &[], false),
            ("linux", &[("DISPLAY", ":0")], true),
            ("linux", &[("WAYLAND_DISPLAY", "wayland-0")], true),
            ("linux", &[("DISPLAY", " ")], false),
            ("freebsd", &[("TERM", "xterm")], false),
            ("macos", &[], true),
            ("windows", &[], true),
        ];
        for (os, vars, expected) in table {
            let env = |name: &str| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            };
            assert_eq!(can_show_a_browser(os, env), expected, "{os} {vars:?}");
        }
    }
}
