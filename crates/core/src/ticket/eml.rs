//! A ticket as an `.eml` draft: an RFC 5322 message a mail client opens ready to send.
//!
//! The output is pure ASCII with CRLF line ends. Non-ASCII header text (accented names, subjects) becomes
//! RFC 2047 encoded words in UTF-8; the body is `text/plain; charset=utf-8` in quoted-printable (RFC 2045), so no
//! line exceeds 76 characters whatever the content. `X-Unsent: 1` makes Outlook and others open the file as an
//! unsent draft. Addresses must pass [`crate::book::model::is_plausible_email`]; anything else is left out, so
//! no value can add a header.

use time::format_description::well_known::Rfc2822;
use time::OffsetDateTime;

use crate::book::model::is_plausible_email;

use super::sanitize;

/// A display name and an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub name: Option<String>,
    pub address: String,
}

/// What goes into the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmlDraft<'a> {
    pub from: Option<&'a Mailbox>,
    pub to: &'a [Mailbox],
    pub subject: &'a str,
    /// Lines separated by `\n`.
    pub body: &'a str,
    pub date: OffsetDateTime,
}

/// Longest header line we write (RFC 5322 §2.1.1 recommends 78).
const HEADER_LINE: usize = 78;

/// The message bytes.
pub fn write_eml(draft: &EmlDraft<'_>) -> Vec<u8> {
    let mut headers: Vec<String> = Vec::new();
    let date = draft
        .date
        .format(&Rfc2822)
        .unwrap_or_else(|_| "Thu, 01 Jan 1970 00:00:00 +0000".into());
    headers.push(format!("Date: {date}"));
    if let Some(from) = draft
        .from
        .filter(|mailbox| is_plausible_email(&mailbox.address))
    {
        headers.push(fold_structured("From:", &[mailbox(from)]));
    }
    let to: Vec<String> = draft
        .to
        .iter()
        .filter(|m| is_plausible_email(&m.address))
        .map(mailbox)
        .collect();
    if !to.is_empty() {
        headers.push(fold_structured("To:", &to));
    }
    headers.push(unstructured(
        "Subject:",
        &sanitize::one_line(draft.subject, 400),
    ));
    headers.push("MIME-Version: 1.0".into());
    headers.push("Content-Type: text/plain; charset=utf-8".into());
    headers.push("Content-Transfer-Encoding: quoted-printable".into());
    headers.push("X-Unsent: 1".into());

    let mut out = headers.join("\r\n");
    out.push_str("\r\n\r\n");
    out.push_str(&quoted_printable(draft.body));
    if !out.ends_with("\r\n") {
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// `Name <address>` with the name as an atom sequence, a quoted string or encoded words.
fn mailbox(mailbox: &Mailbox) -> String {
    let name = mailbox
        .name
        .as_deref()
        .map(|name| sanitize::one_line(name, 120))
        .filter(|name| !name.is_empty());
    match name {
        None => mailbox.address.clone(),
        Some(name) => format!("{} <{}>", phrase(&name), mailbox.address),
    }
}

/// RFC 5322 `phrase`: plain words when every character is `atext` or a space, a quoted string for other
/// printable ASCII, encoded words otherwise, and encoded words too when a word is longer than an encoded word
/// (headers fold only at spaces, and a header line must stay within 78 characters).
fn phrase(name: &str) -> String {
    /// The longest encoded word (see `encoded_words`): it fits on any header's first line.
    const LONGEST_WORD: usize = 64;
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~ ".contains(c);
    let foldable = name.split(' ').all(|word| word.len() + 2 <= LONGEST_WORD);
    if !foldable {
        encoded_words(name).join(" ")
    } else if name.chars().all(atext) && !name.contains("=?") {
        name.to_string()
    } else if name.chars().all(|c| (' '..='~').contains(&c)) && !name.contains("=?") {
        let escaped: String = name
            .chars()
            .flat_map(|c| match c {
                '"' | '\\' => vec!['\\', c],
                _ => vec![c],
            })
            .collect();
        format!("\"{escaped}\"")
    } else {
        encoded_words(name).join(" ")
    }
}

/// A structured header (`From`, `To`): items separated by commas, folded before an item when a line would pass
/// 78 characters. Encoded words inside items are separated by spaces, where folding is also allowed.
fn fold_structured(name: &str, items: &[String]) -> String {
    let tokens: Vec<String> = items
        .iter()
        .enumerate()
        .flat_map(|(index, item)| {
            let mut words: Vec<String> = item.split(' ').map(str::to_string).collect();
            if index + 1 < items.len() {
                if let Some(last) = words.last_mut() {
                    last.push(',');
                }
            }
            words
        })
        .collect();
    fold(name, &tokens)
}

/// `Subject`: plain text when it is printable ASCII, else encoded words; folded at spaces.
fn unstructured(name: &str, value: &str) -> String {
    let printable_ascii = value.chars().all(|c| (' '..='~').contains(&c)) && !value.contains("=?");
    let tokens: Vec<String> = if printable_ascii
        && value
            .split(' ')
            .all(|word| word.len() + name.len() + 2 <= HEADER_LINE)
    {
        value
            .split(' ')
            .filter(|word| !word.is_empty())
            .map(str::to_string)
            .collect()
    } else {
        encoded_words(value)
    };
    fold(name, &tokens)
}

/// Joins tokens with single spaces, starting a continuation line (CRLF + space) before a token that would pass
/// the line limit.
fn fold(name: &str, tokens: &[String]) -> String {
    let mut out = String::from(name);
    let mut line_length = name.len();
    let mut tokens_on_line = 0;
    for token in tokens {
        if line_length + 1 + token.len() > HEADER_LINE && tokens_on_line > 0 {
            out.push_str("\r\n");
            line_length = 0;
            tokens_on_line = 0;
        }
        out.push(' ');
        out.push_str(token);
        line_length += 1 + token.len();
        tokens_on_line += 1;
    }
    out
}

/// RFC 2047 `B` encoded words of at most 75 characters each, never splitting a UTF-8 character.
fn encoded_words(text: &str) -> Vec<String> {
    // `=?UTF-8?B?` + 52 base64 characters (39 bytes) + `?=` = 64 characters: even after `Subject: ` the
    // first line stays within 78.
    const MAX_BYTES: usize = 39;
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > MAX_BYTES {
            words.push(format!("=?UTF-8?B?{}?=", base64(chunk.as_bytes())));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() || words.is_empty() {
        words.push(format!("=?UTF-8?B?{}?=", base64(chunk.as_bytes())));
    }
    words
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Quoted-printable (RFC 2045 §6.7) of text whose lines are separated by `\n`; output lines end in CRLF and
/// are at most 76 characters. A lone `\r` is encoded, never passed through.
pub(crate) fn quoted_printable(text: &str) -> String {
    const MAX: usize = 76;
    let mut out = String::with_capacity(text.len() * 11 / 10);
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push_str("\r\n");
        }
        let bytes = line.as_bytes();
        let mut length = 0;
        for (position, &byte) in bytes.iter().enumerate() {
            let last = position + 1 == bytes.len();
            let literal = matches!(byte, b'!'..=b'<' | b'>'..=b'~')
                || (matches!(byte, b' ' | b'\t') && !last);
            let piece = if literal {
                (byte as char).to_string()
            } else {
                format!("={byte:02X}")
            };
            // Keep room for the soft break `=` unless this is the line's last piece.
            let limit = if last { MAX } else { MAX - 1 };
            if length + piece.len() > limit {
                out.push_str("=\r\n");
                length = 0;
            }
            out.push_str(&piece);
            length += piece.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_keeps_lines_short_and_encodes_what_it_must() {
        let text = format!("Città = città\t \n{}\nend \r", "è".repeat(60));
        let encoded = quoted_printable(&text);
        for line in encoded.split("\r\n") {
            assert!(line.len() <= 76, "{line:?}");
            assert!(
                line.chars().all(|c| (' '..='~').contains(&c) || c == '\t'),
                "{line:?}"
            );
        }
        assert!(
            encoded.starts_with("Citt=C3=A0 =3D citt=C3=A0\t=20\r\n"),
            "{encoded}"
        );
        assert!(encoded.ends_with("end =0D"), "{encoded}");
    }

    #[test]
    fn encoded_words_never_pass_75_characters() {
        for word in encoded_words(&"àèìòù€𝄞".repeat(30)) {
            assert!(word.len() <= 75, "{word}");
        }
    }

    #[test]
    fn phrase_forms() {
        assert_eq!(phrase("Mario Rossi"), "Mario Rossi");
        assert_eq!(phrase("Rossi, Mario"), "\"Rossi, Mario\"");
        assert_eq!(phrase("a \"b\" \\c"), "\"a \\\"b\\\" \\\\c\"");
        assert_eq!(phrase("Niccolò"), "=?UTF-8?B?TmljY29sw7I=?=");
    }

    /// A name with a word too long to fold (seen by the property test: three `<script>` tags in a row) is
    /// encoded, so every header line stays within 78 characters.
    #[test]
    fn a_name_with_an_unfoldable_word_is_encoded_and_folds() {
        for name in ["<script>alert(1)</script>".repeat(3), "x".repeat(100)] {
            let header = fold_structured(
                "From:",
                &[mailbox(&Mailbox {
                    name: Some(name.clone()),
                    address: "mario.rossi@example.org".into(),
                })],
            );
            assert!(header.contains("=?UTF-8?B?"), "{header}");
            for line in header.split("\r\n") {
                assert!(line.len() <= HEADER_LINE, "{line:?} in {header}");
            }
        }
    }
}
