//! Which pages a front end may open in the system browser.

/// Hosts of Microsoft pages Lifeboat may open in the system browser: the Security info page, the sign-in pages
/// and Microsoft's documentation (docs/MICROSOFT.md §0.7).
const MICROSOFT_HOSTS: [&str; 6] = [
    "mysignins.microsoft.com",
    "login.microsoftonline.com",
    "myaccount.microsoft.com",
    "aka.ms",
    "learn.microsoft.com",
    "support.microsoft.com",
];

/// The Microsoft page the window asked to open, parsed: `https` on one of Microsoft's own hosts, with no user
/// name, password or port. Anything else is `None` — `mailto:` links included: a ticket's draft is built and
/// opened by Lifeboat itself, never from text the window sends (a crafted `mailto:` can ask a mail app to attach
/// local files). The caller opens the returned URL, not the string it received.
pub fn microsoft_page(link: &str) -> Option<url::Url> {
    let url = url::Url::parse(link.trim()).ok()?;
    let microsoft_host = url
        .host_str()
        .is_some_and(|host| MICROSOFT_HOSTS.contains(&host.to_ascii_lowercase().as_str()));
    (url.scheme() == "https"
        && microsoft_host
        && url.username().is_empty()
        && url.password().is_none()
        && url.port().is_none())
    .then_some(url)
}
