//! Where a scenario mistake is: file, line, column and the dotted field name.

use std::ops::Range;

/// A malformed scenario: which file, where, which field, what is wrong. Displayed on one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
            if let Some(column) = self.column {
                write!(f, ", column {column}")?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Line, column and field for a byte span of the scenario text.
pub(super) fn locate(
    source: &str,
    text: &str,
    span: Option<Range<usize>>,
    message: &str,
    field: Option<&str>,
) -> ScenarioError {
    let Some(span) = span else {
        return ScenarioError {
            file: source.to_string(),
            line: None,
            column: None,
            field: field.map(str::to_string),
            message: message.to_string(),
        };
    };
    let start = span.start.min(text.len());
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = text[line_start..start].chars().count() + 1;
    let field = field
        .map(str::to_string)
        .or_else(|| field_from_message(message).map(|key| qualify(text, line_start, &key)))
        .or_else(|| key_on_line(text, line_start).map(|key| qualify(text, line_start, &key)));
    ScenarioError {
        file: source.to_string(),
        line: Some(line),
        column: Some(column),
        field,
        message: message.to_string(),
    }
}

/// `missing field `password`` / `unknown field `pasword`` → the field's name.
fn field_from_message(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("missing field `")
        .or_else(|| message.strip_prefix("unknown field `"))?;
    rest.split('`').next().map(str::to_string)
}

/// The key of a `key = value` line.
fn key_on_line(text: &str, line_start: usize) -> Option<String> {
    let line = text[line_start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('[')).then(|| key.to_string())
}

/// Prefix a key with the table it sits in (`users.password`), found from the nearest header at or above.
fn qualify(text: &str, line_start: usize, key: &str) -> String {
    let end_of_line = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let header = text[..end_of_line]
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| line.starts_with('['))
        .map(|line| {
            line.trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string()
        });
    match header {
        // The error is about the table itself (`[pin]` → unknown field `pin`).
        Some(header) if header == key || header.ends_with(&format!(".{key}")) => header,
        Some(header) if !header.is_empty() => format!("{header}.{key}"),
        _ => key.to_string(),
    }
}
