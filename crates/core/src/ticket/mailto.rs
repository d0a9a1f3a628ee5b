//! A ticket as a `mailto:` link (RFC 6068).
//!
//! Everything outside the unreserved characters is percent-encoded as UTF-8 (in addresses, `@` stays), line
//! breaks become `%0D%0A`, and only the `subject` and `body` header fields are written, so no user value can add
//! a header (`%0A` typed into a name arrives as the literal text `%0A`). Many browsers and mail clients cut links
//! around 2,000 characters, so past [`MAX_LINK_CHARS`] the body is shortened at a line end and closed with a
//! note pointing to the full `.eml`.

use crate::book::model::is_plausible_email;

/// The longest link Lifeboat produces.
pub const MAX_LINK_CHARS: usize = 2000;

/// A built link, and whether the body had to be shortened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailtoLink {
    pub uri: String,
    pub shortened: bool,
}

/// Percent-encodes everything but RFC 3986 unreserved characters (and `@` when `keep_at`).
fn encode(text: &str, keep_at: bool) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || (keep_at && byte == b'@') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Text with `\n` line ends, encoded with CRLF line breaks as RFC 6068 §5 asks.
fn encode_body(text: &str) -> String {
    text.split('\n')
        .map(|line| encode(line.trim_end_matches('\r'), false))
        .collect::<Vec<_>>()
        .join("%0D%0A")
}

fn compose(to: &str, subject: &str, body: Option<&str>) -> String {
    let mut uri = format!("mailto:{to}?subject={}", encode(subject, false));
    if let Some(body) = body {
        uri.push_str("&body=");
        uri.push_str(&encode_body(body));
    }
    uri
}

/// Builds the link. `body` goes in whole when it fits; otherwise `short_body` does, a shorter message whose last
/// paragraph is a note pointing to the full text (the `.eml`). If even that is too long, its lines are cut from
/// the end, keeping the note.
pub fn build_mailto(to: &[String], subject: &str, body: &str, short_body: &str) -> MailtoLink {
    let addresses: Vec<String> = to
        .iter()
        .filter(|address| is_plausible_email(address))
        .map(|address| encode(address, true))
        .collect();
    // Keep only the addresses that leave room for a subject and the note.
    let mut to_part = String::new();
    for address in addresses {
        let candidate = if to_part.is_empty() {
            address
        } else {
            format!("{to_part},{address}")
        };
        if candidate.len() > MAX_LINK_CHARS / 2 {
            break;
        }
        to_part = candidate;
    }

    let full = compose(&to_part, subject, Some(body));
    if full.len() <= MAX_LINK_CHARS {
        return MailtoLink {
            uri: full,
            shortened: false,
        };
    }
    let short = compose(&to_part, subject, Some(short_body));
    if short.len() <= MAX_LINK_CHARS {
        return MailtoLink {
            uri: short,
            shortened: true,
        };
    }

    let (head, note) = short_body.rsplit_once("\n\n").unwrap_or(("", short_body));
    // The subject may need cutting too (a hostile 10 KB organisation name, say).
    let mut subject: String = subject.to_string();
    let note_only = |subject: &str| compose(&to_part, subject, Some(note)).len();
    while note_only(&subject) > MAX_LINK_CHARS && !subject.is_empty() {
        let keep = subject.chars().count() * 3 / 4;
        subject = subject.chars().take(keep).collect::<String>() + "…";
        if keep == 0 {
            subject.clear();
        }
    }
    let note = if note_only(&subject) <= MAX_LINK_CHARS {
        note
    } else {
        ""
    };

    // The longest prefix of whole lines of the short body that fits with the note.
    let lines: Vec<&str> = head.split('\n').collect();
    let with_prefix = |prefix: &str| {
        let shortened = if prefix.is_empty() {
            note.to_string()
        } else {
            format!("{prefix}\n\n{note}")
        };
        compose(&to_part, &subject, Some(&shortened))
    };
    let mut best = with_prefix("");
    let (mut low, mut high) = (0, lines.len());
    while low < high {
        let middle = (low + high).div_ceil(2);
        let candidate = with_prefix(lines[..middle].join("\n").trim_end());
        if candidate.len() <= MAX_LINK_CHARS {
            best = candidate;
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    if best.len() > MAX_LINK_CHARS {
        best = compose(&to_part, &subject, None);
    }
    MailtoLink {
        uri: best,
        shortened: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ticket_is_encoded_whole() {
        let link = build_mailto(
            &["it@contoso.com".into()],
            "MFA reset – Città",
            "Hello,\nline two & more?\n",
            "see ticket.eml",
        );
        assert!(!link.shortened);
        assert_eq!(
            link.uri,
            "mailto:it@contoso.com?subject=MFA%20reset%20%E2%80%93%20Citt%C3%A0&body=Hello%2C%0D%0Aline%20two%20%26%20more%3F%0D%0A"
        );
    }

    #[test]
    fn hostile_values_cannot_add_headers() {
        let link = build_mailto(
            &[
                "it@contoso.com?bcc=x@evil.example".into(),
                "ok@contoso.com".into(),
            ],
            "x&bcc=evil@example.com",
            "%0Abcc: evil@example.com\r\n",
            "",
        );
        assert_eq!(link.uri.matches('?').count(), 1);
        assert_eq!(link.uri.matches('&').count(), 1);
        assert!(
            link.uri.starts_with(
                "mailto:ok@contoso.com?subject=x%26bcc%3Devil%40example.com&body=%250Abcc"
            ),
            "{}",
            link.uri
        );
    }

    #[test]
    fn long_body_is_cut_at_a_line_and_points_to_the_eml() {
        let body: String = (0..200)
            .map(|n| format!("line {n} with some words\n"))
            .collect();
        let short = format!("{body}\n\nFull text: ticket.eml");
        let link = build_mailto(&["it@contoso.com".into()], "Subject", &body, &short);
        assert!(link.shortened);
        assert!(link.uri.len() <= MAX_LINK_CHARS);
        assert!(
            link.uri
                .ends_with("%0D%0A%0D%0AFull%20text%3A%20ticket.eml"),
            "{}",
            link.uri
        );
        assert!(link.uri.contains("line%2010%20"), "keeps the beginning");
    }

    #[test]
    fn huge_subject_is_cut_too() {
        let link = build_mailto(
            &["it@contoso.com".into()],
            &"è".repeat(5000),
            "body",
            "note",
        );
        assert!(link.shortened);
        assert!(link.uri.len() <= MAX_LINK_CHARS, "{}", link.uri.len());
        assert!(link.uri.contains("&body="));
    }
}
