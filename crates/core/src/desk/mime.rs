//! Just enough MIME (RFC 2045/2046) to find a mail's text: the first `text/plain` part, its transfer encoding
//! (quoted-printable or base64) undone, as UTF-8. Lifeboat's own drafts are one quoted-printable part; a ticket
//! forwarded by a helpdesk tool may be multipart or base64.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// Nesting read at most: a mail is a few levels deep; a crafted one must not recurse forever.
const MAX_DEPTH: usize = 8;

/// Whether `bytes` start like a mail's header (a `Name: value` first line and some header a mail has).
pub fn looks_like_mail(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]);
    let (head, _) = split_head(&text);
    let names: Vec<String> = unfold(head)
        .iter()
        .filter_map(|line| {
            line.split_once(':')
                .map(|(name, _)| name.trim().to_ascii_lowercase())
        })
        .collect();
    head.lines()
        .next()
        .is_some_and(|line| line.split_once(':').is_some_and(|(name, _)| is_token(name)))
        && names.iter().any(|name| {
            ["content-type", "mime-version", "subject", "from", "to"].contains(&name.as_str())
        })
}

/// The text of the first `text/plain` part (or of a mail without a type), and the subject.
pub fn plain_text(bytes: &[u8]) -> (Option<String>, Option<String>) {
    let text = String::from_utf8_lossy(bytes);
    let (head, _) = split_head(&text);
    let subject = header(head, "subject").map(|value| value.trim().to_string());
    (part_text(&text, 0), subject)
}

fn part_text(entity: &str, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let (head, body) = split_head(entity);
    let content_type = header(head, "content-type").unwrap_or_else(|| "text/plain".into());
    let media = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if media.starts_with("multipart/") {
        let boundary = parameter(&content_type, "boundary")?;
        return parts(body, &boundary).find_map(|part| part_text(part, depth + 1));
    }
    if media != "text/plain" {
        return None;
    }
    let encoding = header(head, "content-transfer-encoding")
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "quoted-printable" => decode_quoted_printable(body),
        "base64" => STANDARD
            .decode(
                body.bytes()
                    .filter(|b| !b.is_ascii_whitespace())
                    .collect::<Vec<u8>>(),
            )
            .ok()?,
        _ => body.as_bytes().to_vec(),
    };
    Some(String::from_utf8_lossy(&bytes).replace("\r\n", "\n"))
}

/// The header and the body, split at the first empty line (CRLF or LF).
fn split_head(entity: &str) -> (&str, &str) {
    let crlf = entity.find("\r\n\r\n").map(|at| (at, 4));
    let lf = entity.find("\n\n").map(|at| (at, 2));
    let earliest = match (crlf, lf) {
        (Some(c), Some(l)) => Some(if l.0 < c.0 { l } else { c }),
        (found, None) | (None, found) => found,
    };
    match earliest {
        Some((at, len)) => (&entity[..at], &entity[at + len..]),
        None => (entity, ""),
    }
}

/// Header lines with their continuation lines joined (RFC 5322 §2.2.3).
fn unfold(head: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in head.lines() {
        match lines.last_mut() {
            Some(last) if line.starts_with([' ', '\t']) => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => lines.push(line.trim_end().to_string()),
        }
    }
    lines
}

fn header(head: &str, name: &str) -> Option<String> {
    unfold(head).into_iter().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_string())
    })
}

fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

/// The body parts between `--boundary` lines, up to the closing `--boundary--`.
fn parts<'a>(body: &'a str, boundary: &str) -> impl Iterator<Item = &'a str> {
    let delimiter = format!("--{boundary}");
    let closing = format!("--{boundary}--");
    let mut found = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == delimiter || bare == closing {
            if let Some(from) = start {
                found.push(&body[from..offset]);
            }
            start = (bare == delimiter).then_some(offset + line.len());
            if bare == closing {
                break;
            }
        }
        offset += line.len();
    }
    found.into_iter()
}

fn is_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Quoted-printable (RFC 2045 §6.7): `=XX` bytes, `=` at a line end joins lines; a bad escape is kept as is.
pub fn decode_quoted_printable(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'=' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let rest = &bytes[i + 1..];
        if rest.starts_with(b"\r\n") {
            i += 3;
        } else if rest.starts_with(b"\n") {
            i += 2;
        } else if let Some(byte) = rest
            .get(..2)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(b'=');
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_bytes_and_soft_breaks_are_decoded() {
        let cases: [(&str, &str); 4] = [
            ("caf=C3=A8", "cafè"),
            ("one=\r\ntwo", "onetwo"),
            ("one=\ntwo", "onetwo"),
            ("a =ZZ b", "a =ZZ b"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                String::from_utf8(decode_quoted_printable(input)).unwrap(),
                expected
            );
        }
    }

    #[test]
    fn a_base64_part_inside_multipart_is_found() {
        let body = STANDARD.encode("Ciao, è il ticket");
        let mail = format!(
            "From: a@b.it\r\nSubject: Ticket\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary=\"XYZ\"\r\n\r\npreamble\r\n--XYZ\r\nContent-Type: text/html\r\n\r\n<p>no</p>\r\n--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}\r\n--XYZ--\r\n"
        );
        assert!(looks_like_mail(mail.as_bytes()));
        let (text, subject) = plain_text(mail.as_bytes());
        assert_eq!(text.as_deref().map(str::trim), Some("Ciao, è il ticket"));
        assert_eq!(subject.as_deref(), Some("Ticket"));
    }

    #[test]
    fn pasted_text_is_not_taken_for_a_mail() {
        for text in [
            "Hello IT,\n\nmy phone is gone.",
            "Note: this is not a mail\n\nbody",
            "",
        ] {
            assert!(!looks_like_mail(text.as_bytes()), "{text}");
        }
    }
}
