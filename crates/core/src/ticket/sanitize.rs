//! Making what a person typed (or an imported file carried) safe to put into a ticket.
//!
//! Every user-supplied value goes through [`one_line`] before it reaches a ticket: line breaks and other control
//! characters become spaces (so no value can start a new header or a fake paragraph), bidirectional override
//! characters are removed (so a name cannot reorder the text around it on screen), and overlong values are cut.
//! Values embedded in PowerShell go through [`powershell_literal`].

/// The longest value a ticket shows for one field; real names, ids and organisations are far shorter.
pub const MAX_FIELD_CHARS: usize = 200;

/// Bidirectional formatting characters: embeddings, overrides, isolates and marks (Unicode UAX #9). Text in
/// right-to-left scripts displays correctly without them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that break a line or are invisible controls: C0, DEL, C1 (NEL included), the Unicode line and
/// paragraph separators, and the byte-order mark.
fn is_line_breaking_or_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// One clean line of at most `max_chars` characters (an ellipsis marks a cut). Runs of spaces collapse to one.
pub fn one_line(value: &str, max_chars: usize) -> String {
    let without_bidi: String = value.chars().filter(|&c| !is_bidi_control(c)).collect();
    let cleaned = without_bidi
        .split(|c: char| is_line_breaking_or_control(c) || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if cleaned.chars().count() <= max_chars {
        return cleaned;
    }
    let mut cut: String = cleaned.chars().take(max_chars.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// A field for a ticket: [`one_line`] at [`MAX_FIELD_CHARS`].
pub fn field(value: &str) -> String {
    one_line(value, MAX_FIELD_CHARS)
}

/// A PowerShell single-quoted string literal holding `value` verbatim: every single-quote character (PowerShell
/// also treats the typographic ones U+2018–U+201B as quotes) is doubled, which is the language's only escape
/// inside single quotes; nothing in the literal is expanded or run. Values are made one line first.
pub fn powershell_literal(value: &str) -> String {
    let value = one_line(value, MAX_FIELD_CHARS);
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_table() {
        let cases: [(&str, usize, &str); 9] = [
            ("Mario Rossi", 20, "Mario Rossi"),
            (
                "  Mario\r\nBcc: x@evil.example ",
                40,
                "Mario Bcc: x@evil.example",
            ),
            ("a\u{2028}b\u{0085}c\td", 20, "a b c d"),
            (
                "\u{202E}evil\u{202C} name \u{2066}x\u{2069}",
                20,
                "evil name x",
            ),
            ("abcdefghij", 5, "abcd…"),
            ("abcde", 5, "abcde"),
            ("ab  cd  ef", 6, "ab cd…"),
            ("Città %0A Bcc", 20, "Città %0A Bcc"),
            ("\u{feff}", 5, ""),
        ];
        for (input, max, expected) in cases {
            assert_eq!(one_line(input, max), expected, "input {input:?} max {max}");
        }
    }

    #[test]
    fn cut_values_never_exceed_the_limit() {
        let long = "x".repeat(10_000);
        let cut = field(&long);
        assert_eq!(cut.chars().count(), MAX_FIELD_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn powershell_literals_cannot_escape_their_quotes() {
        assert_eq!(
            powershell_literal("mario@contoso.com"),
            "'mario@contoso.com'"
        );
        assert_eq!(
            powershell_literal("o'brien@contoso.com"),
            "'o''brien@contoso.com'"
        );
        assert_eq!(
            powershell_literal("x\u{2019}; Remove-Item C:\\ -Recurse; '"),
            "'x\u{2019}\u{2019}; Remove-Item C:\\ -Recurse; '''"
        );
        assert_eq!(powershell_literal("a\r\nb"), "'a b'");
    }
}
