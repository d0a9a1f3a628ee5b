//! Printing for people (text, in Italian or English) and for machines (JSON).

use std::io::Write;

use lifeboat_core::{AppInfo, Lang};

use crate::exit::CliError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The language from `LIFEBOAT_LANG`, then `LC_ALL`, `LC_MESSAGES`, `LANG`.
pub fn environment_lang() -> Lang {
    Lang::from_environment(|name| std::env::var(name).ok())
}

/// Writes JSON followed by a newline.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(|error| CliError::Failed(format!("could not write JSON: {error}")))?;
    writeln!(out)?;
    Ok(())
}

pub fn print_about(info: &AppInfo, format: Format) -> Result<(), CliError> {
    match format {
        Format::Json => print_json(info),
        Format::Text => {
            let lang = info.lang;
            let version = lang.say("cli-about-version");
            let platform = lang.say("cli-about-platform");
            let language = lang.say("cli-about-language");
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", info.product)?;
            writeln!(out, "  {version}: {}", info.version)?;
            writeln!(out, "  {platform}: {}", info.os)?;
            writeln!(out, "  {language}: {}", info.lang)?;
            Ok(())
        }
    }
}
