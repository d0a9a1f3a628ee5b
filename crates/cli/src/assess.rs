//! `lifeboat assess`: the verdict and readiness grade for one account, from its Graph methods and what was lost.
//!
//! Several `--methods` files are pages of one account's collection, taken together. The decisions and their words
//! come from `lifeboat_core::assess`; this module reads files, builds the situation and prints.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use lifeboat_core::assess::{
    assess, AccountEvidence, AssessmentReport, Inventory, InventorySource, ReportedMethod, Step,
};
use lifeboat_core::methods::{parse_methods_json, AuthMethod};
use lifeboat_core::situation::Situation;
use lifeboat_core::Lang;
use time::OffsetDateTime;

use crate::exit::CliError;
use crate::output::{print_json, Format};

#[derive(clap::Args, Debug)]
pub struct AssessArgs {
    /// A Graph methods collection (`GET /me/authentication/methods`), a bare array or one method. Repeat the flag
    /// for the pages of one collection.
    #[arg(long = "methods", value_name = "FILE", required = true)]
    methods: Vec<PathBuf>,
    /// A device you no longer have, by the name Security info shows (repeatable).
    #[arg(long = "lost-device", value_name = "NAME")]
    lost_devices: Vec<String>,
    /// A device you still have, when its name differs from the one you declared lost (repeatable).
    #[arg(long = "held-device", value_name = "NAME")]
    held_devices: Vec<String>,
    /// A phone number that no longer reaches you (repeatable; compared on digits only).
    #[arg(long = "unreachable-number", value_name = "NUMBER")]
    unreachable_numbers: Vec<String>,
    /// Your one-time code app lives on a device you still have.
    #[arg(long)]
    otp_elsewhere: bool,
    /// Your passkey in Microsoft Authenticator lives on a device you still have.
    #[arg(long)]
    passkey_elsewhere: bool,
    /// You can still complete your organisation's external MFA provider's check.
    #[arg(long)]
    external_usable: bool,
    /// Readiness: the phone number registered is no longer yours.
    #[arg(long)]
    number_not_current: bool,
    /// Readiness: Microsoft Authenticator's cloud backup is on.
    #[arg(long)]
    backup_on: bool,
    /// The tenant's id, for the Security info link.
    #[arg(long, value_name = "ID")]
    tenant_id: Option<String>,
    /// Assess as of this moment (RFC 3339, e.g. 2026-09-14T09:30:00Z) instead of now: decides whether a
    /// Temporary Access Pass has expired.
    #[arg(long, value_name = "TIME")]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: AssessArgs, lang: Lang) -> Result<(), CliError> {
    let now = as_of(args.as_of.as_deref())?;
    let (methods, read_at) = read_pages(&args.methods, now)?;
    let evidence = AccountEvidence {
        tenant_id: args.tenant_id.clone(),
        inventory: Some(Inventory {
            methods,
            source: InventorySource::Graph,
            read_at,
        }),
        sign_in: None,
    };
    let situation = Situation {
        lost_devices: args.lost_devices,
        held_devices: args.held_devices,
        unreachable_numbers: args.unreachable_numbers,
        otp_on_held_device: args.otp_elsewhere,
        authenticator_passkey_on_held_device: args.passkey_elsewhere,
        external_method_usable: args.external_usable,
        phone_number_current: args.number_not_current.then_some(false),
        authenticator_backup_on: args.backup_on.then_some(true),
        now: Some(now),
    };
    let assessment = assess(&evidence, &situation);
    let mut report = assessment.report(lang);
    name_answering_flags(&mut report, &assessment.steps);
    match args.format {
        Format::Json => print_json(&report),
        Format::Text => print_text(&report, lang),
    }
}

/// `--as-of`, else now.
fn as_of(text: Option<&str>) -> Result<OffsetDateTime, CliError> {
    let Some(text) = text else {
        return Ok(OffsetDateTime::now_utc());
    };
    OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339).map_err(
        |_| {
            CliError::Usage(format!(
                "--as-of {text:?}: expected an RFC 3339 date-time such as 2026-09-14T09:30:00Z"
            ))
        },
    )
}

/// Questions are answered here by re-running with a flag: each question step names its flag.
fn name_answering_flags(report: &mut AssessmentReport, steps: &[Step]) {
    for (text, step) in report.steps.iter_mut().zip(steps) {
        let flag = match step {
            Step::ConfirmCodesLocation => "--otp-elsewhere",
            Step::ConfirmPasskeyLocation => "--passkey-elsewhere",
            Step::ConfirmExternalMethod { .. } => "--external-usable",
            Step::ConfirmDevice { .. } => "--held-device NAME",
            _ => continue,
        };
        text.push_str(&format!(" [{flag}]"));
    }
}

/// Reads every page; a method repeated across pages counts once. The inventory's date is the oldest file's
/// modification time (when it was saved from Graph), else now.
fn read_pages(
    paths: &[PathBuf],
    now: OffsetDateTime,
) -> Result<(Vec<AuthMethod>, OffsetDateTime), CliError> {
    let mut methods = Vec::new();
    let mut seen = HashSet::new();
    let mut read_at = now;
    for path in paths {
        let bad = |reason: String| CliError::BadInput {
            path: path.clone(),
            reason,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|error| bad(format!("cannot read the file: {error}")))?;
        for method in parse_methods_json(&text).map_err(|error| bad(error.to_string()))? {
            if seen.insert((method.graph_type().to_owned(), method.id().to_owned())) {
                methods.push(method);
            }
        }
        if let Some(modified) = modified_at(path) {
            read_at = read_at.min(modified);
        }
    }
    Ok((methods, read_at))
}

fn modified_at(path: &Path) -> Option<OffsetDateTime> {
    std::fs::metadata(path)
        .and_then(|metadata| metadata.modified())
        .ok()
        .map(OffsetDateTime::from)
}

fn print_text(report: &AssessmentReport, lang: Lang) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    let verdict = lang.say("cli-assess-verdict");
    writeln!(
        out,
        "{verdict}: {} ({})",
        report.headline,
        report.verdict.code()
    )?;
    if let (Some(grade), Some(meaning)) = (report.grade, &report.grade_meaning) {
        let label = lang.say("cli-assess-grade");
        writeln!(out, "{label}: {} ({meaning})", grade.letter())?;
    }
    for (title, lines) in sections(report, lang) {
        writeln!(out, "\n{}:", lang.say(title))?;
        for line in lines {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

/// The report's sections as titles (catalog ids) and lines.
fn sections(report: &AssessmentReport, lang: Lang) -> [(&'static str, Vec<String>); 4] {
    let methods = |methods: &[ReportedMethod]| match methods {
        [] => vec![lang.say("cli-none")],
        methods => methods
            .iter()
            .map(|method| format!("- {}: {}", method.method, method.reason))
            .collect(),
    };
    let evidence = report.evidence.iter().map(|line| format!("- {line}"));
    let steps = report.steps.iter().enumerate();
    [
        ("cli-assess-usable", methods(&report.usable)),
        ("cli-assess-not-counted", methods(&report.not_counted)),
        ("cli-assess-evidence", evidence.collect()),
        (
            "cli-assess-steps",
            steps
                .map(|(n, step)| format!("{}. {step}", n + 1))
                .collect(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_of_must_be_rfc3339() {
        let args = AssessArgs {
            methods: vec![PathBuf::from("unused.json")],
            lost_devices: vec![],
            held_devices: vec![],
            unreachable_numbers: vec![],
            otp_elsewhere: false,
            passkey_elsewhere: false,
            external_usable: false,
            number_not_current: false,
            backup_on: false,
            tenant_id: None,
            as_of: Some("yesterday".into()),
            format: Format::Json,
        };
        let error = run(args, Lang::En).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(
            error.to_string().starts_with("--as-of \"yesterday\""),
            "{error}"
        );
    }
}
