//! The practice browser: follows an authorize URL over real HTTP the way a person's browser would, and says
//! where the sign-in ended. The simulator's own state decides that (the flow's step), never the page's HTML,
//! so front ends running against the simulator (`lifeboat check --sim`, practice tests) need not read pages.
//!
//! The request to `/authorize` carries a private header naming this browse; the authorize handler records what
//! it answered under that name. A redirect or `form_post` answer is then delivered to the client's redirect
//! URI over HTTP, so the client's loopback listener receives it exactly as from a browser.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use url::Url;

use crate::ids::opaque_secret;
use crate::server::SimServer;
use crate::signin::FlowOutcome;
use crate::state::{State, Step};

/// Names a browse in the `/authorize` request (a simulator-only header; Microsoft has no such thing).
pub(crate) const BROWSE_HEADER: &str = "x-lifeboat-sim-browse";

/// How long one browse may take, both legs together.
const BROWSE_TIMEOUT: Duration = Duration::from_secs(30);

/// What `/authorize` answered to one browse.
#[derive(Debug, Clone)]
pub(crate) enum BrowseStop {
    /// A redirect or auto-posting form to the client's redirect URI.
    Answer(FlowOutcome),
    /// A page: the flow's (if the sign-in started one) or an error page.
    Page(Option<String>),
}

/// Where a browse ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowseOutcome {
    /// The sign-in answered the client (a code, or an error such as `access_denied`), and the answer was
    /// delivered to the client's redirect URI over HTTP.
    DeliveredToClient,
    /// The sign-in waits at the second step: the MFA prompt, "Sign in another way" or "I can't use any of
    /// these". Nothing reaches the client.
    StoppedAtMfaPrompt,
    /// The sign-in waits at any other page (account, password, "More information required", consent, an
    /// error page). Nothing reaches the client.
    StoppedElsewhere,
}

#[derive(Debug, thiserror::Error)]
pub enum BrowseError {
    #[error("not a URL: {0}")]
    BadUrl(String),
    #[error("the sign-in answered a redirect URI that is not on loopback ({0}); the practice browser only delivers to loopback")]
    NotLoopback(String),
    #[error("could not reach {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("no answer from {0} within 30 seconds")]
    TimedOut(String),
}

/// Called by the authorize handler for a request that named a browse.
pub(crate) fn record(
    state: &mut State,
    browse: &str,
    flow_id: Option<&str>,
    outcome: &FlowOutcome,
) {
    let stop = match outcome {
        FlowOutcome::Page => BrowseStop::Page(flow_id.map(str::to_string)),
        answer => BrowseStop::Answer(answer.clone()),
    };
    state.browses.insert(browse.to_string(), stop);
}

impl SimServer {
    /// Opens `url` (an authorize URL of this simulator) as a person's browser would: the sign-in runs through
    /// the same pages and scripts (set one with [`SimServer::set_script`] for the person in `login_hint`), and
    /// when it answers the client, the redirect (or `form_post`) is delivered to the client's loopback
    /// redirect URI over HTTP. The browser has no cookies, so every browse is a new browser session.
    pub async fn browse(&self, url: &str) -> Result<BrowseOutcome, BrowseError> {
        let start = Url::parse(url).map_err(|_| BrowseError::BadUrl(url.to_string()))?;
        tokio::time::timeout(BROWSE_TIMEOUT, self.browse_from(start))
            .await
            .map_err(|_| BrowseError::TimedOut(url.to_string()))?
    }

    async fn browse_from(&self, start: Url) -> Result<BrowseOutcome, BrowseError> {
        let browse = opaque_secret("sim-browse");
        send(&start, "GET", &[(BROWSE_HEADER, &browse)], None).await?;
        let stop = self.sim.lock().browses.remove(&browse);
        match stop {
            None | Some(BrowseStop::Page(None)) => Ok(BrowseOutcome::StoppedElsewhere),
            Some(BrowseStop::Page(Some(flow_id))) => {
                let state = self.sim.lock();
                let step = state.flows.get(&flow_id).map(|flow| &flow.step);
                Ok(match step {
                    Some(Step::Challenge(_) | Step::OtherWays | Step::CantUseAny) => {
                        BrowseOutcome::StoppedAtMfaPrompt
                    }
                    _ => BrowseOutcome::StoppedElsewhere,
                })
            }
            Some(BrowseStop::Answer(FlowOutcome::Redirect(location))) => {
                let target = loopback(&location)?;
                send(&target, "GET", &[], None).await?;
                Ok(BrowseOutcome::DeliveredToClient)
            }
            Some(BrowseStop::Answer(FlowOutcome::FormPost { action, fields })) => {
                let target = loopback(&action)?;
                let body = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(fields.iter())
                    .finish();
                let headers = [("Content-Type", "application/x-www-form-urlencoded")];
                send(&target, "POST", &headers, Some(body)).await?;
                Ok(BrowseOutcome::DeliveredToClient)
            }
            Some(BrowseStop::Answer(FlowOutcome::Page)) => Ok(BrowseOutcome::StoppedElsewhere),
        }
    }
}

/// The redirect target, if it is plain HTTP on a loopback name (the only place a practice sign-in answers).
fn loopback(target: &str) -> Result<Url, BrowseError> {
    let url = Url::parse(target).map_err(|_| BrowseError::BadUrl(target.to_string()))?;
    let on_loopback = match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    };
    if url.scheme() == "http" && on_loopback {
        Ok(url)
    } else {
        Err(BrowseError::NotLoopback(target.to_string()))
    }
}

/// One HTTP/1.1 exchange with `Connection: close`; returns the status code. Both ends are plain HTTP on this
/// machine (the simulator and the client's loopback listener), so a small client is enough.
async fn send(
    url: &Url,
    method: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Result<u16, BrowseError> {
    let unreachable = |reason: String| BrowseError::Unreachable {
        url: url.to_string(),
        reason,
    };
    let port = url
        .port_or_known_default()
        .ok_or_else(|| unreachable("no port".to_string()))?;
    let mut stream = match url.host() {
        Some(url::Host::Domain(name)) => TcpStream::connect((name, port)).await,
        Some(url::Host::Ipv4(address)) => TcpStream::connect((address, port)).await,
        Some(url::Host::Ipv6(address)) => TcpStream::connect((address, port)).await,
        None => return Err(unreachable("no host".to_string())),
    }
    .map_err(|error| unreachable(error.to_string()))?;
    let mut target = url.path().to_string();
    if let Some(query) = url.query() {
        target.push('?');
        target.push_str(query);
    }
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    };
    let mut request = format!(
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nUser-Agent: lifeboat-sim practice browser\r\nAccept: text/html\r\n"
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or_default();
    if method == "POST" {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|error| unreachable(error.to_string()))?;
    // Read to the end (the server closes): the answer is only needed for its status line.
    let mut response = Vec::new();
    stream
        .take(1 << 20)
        .read_to_end(&mut response)
        .await
        .map_err(|error| unreachable(error.to_string()))?;
    let status_line = response
        .split(|byte| *byte == b'\n')
        .next()
        .unwrap_or_default();
    String::from_utf8_lossy(status_line)
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| unreachable("no HTTP status line in the answer".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_http_targets_are_delivered() {
        for target in [
            "http://localhost:53117/?code=x",
            "http://127.0.0.1:8400/callback?code=x",
            "http://[::1]:8400/?code=x",
        ] {
            assert!(loopback(target).is_ok(), "{target}");
        }
        for target in [
            "https://localhost:53117/",
            "https://login.microsoftonline.com/common/oauth2/nativeclient?code=x",
            "http://contoso.com/?code=x",
            "not a url",
        ] {
            assert!(loopback(target).is_err(), "{target}");
        }
    }
}
