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

/// The person's default browser (RFC 8252: never an embedded web view).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemBrowser;

impl BrowserOpener for SystemBrowser {
    fn open(&self, url: &Url) -> Result<(), BrowserError> {
        webbrowser::open(url.as_str()).map_err(|error| BrowserError(error.to_string()))
    }
}
