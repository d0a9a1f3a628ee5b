//! Secrets as newtypes: their `Debug` prints `[redacted]`, they have no `Display` and no `Serialize`, so a
//! token cannot slip into a log line, an error message, the account book or JSON output by accident.

use std::fmt;

macro_rules! secret_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The secret itself, for the one place that must send it.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}

secret_newtype!(
    /// A refresh token: lives only in the OS keyring, replaced on every use (docs/MICROSOFT.md §1.6).
    RefreshToken
);
secret_newtype!(
    /// A bearer access token for Microsoft Graph.
    AccessToken
);
secret_newtype!(
    /// The raw ID token (a JWT) before validation.
    IdTokenJwt
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted_for_every_secret() {
        let shown = format!(
            "{:?} {:?} {:?}",
            RefreshToken::new("rt-value"),
            AccessToken::new("at-value"),
            IdTokenJwt::new("jwt-value"),
        );
        assert!(!shown.contains("value"), "{shown}");
        assert!(shown.contains("RefreshToken([redacted])"));
        assert_eq!(RefreshToken::new("x").expose(), "x");
    }
}
