//! Passwords and Temporary Access Pass values of a scenario: kept out of `Debug` output and logs.

/// A secret value whose `Debug` prints `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value, for the one place that needs it (a scripted person typing it).
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    pub(crate) fn matches(&self, attempt: &str) -> bool {
        self.0 == attempt
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("Volta-Giulia-2026");
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert!(secret.matches("Volta-Giulia-2026"));
        assert!(!secret.matches("volta-giulia-2026"));
    }
}
