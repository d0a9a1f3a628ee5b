//! The CLI's error type and its exit codes.

use std::path::PathBuf;

/// Everything that can end a `lifeboat` command unsuccessfully.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A file the person named could not be read or does not hold what it should. Exit code 2.
    #[error("{}: {reason}", path.display())]
    BadInput { path: PathBuf, reason: String },
    /// The arguments do not make sense together. Exit code 2.
    #[error("{0}")]
    Usage(String),
    /// The work itself failed (network, keyring, a write). Exit code 1.
    #[error("{0}")]
    Failed(String),
    /// `lifeboat move`: some account still depends on the old phone (the answer, in words). Exit code 3.
    #[error("{0}")]
    NotYetSafe(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::BadInput { .. } | CliError::Usage(_) => 2,
            CliError::Failed(_) => 1,
            CliError::NotYetSafe(_) => 3,
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> Self {
        // Writing to a closed pipe (`lifeboat … | head`) is not worth a scary message.
        CliError::Failed(format!("could not write the output: {error}"))
    }
}
