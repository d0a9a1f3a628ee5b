//! The machine-readable block at the end of every ticket, so an IT tool can act on a ticket without reading
//! its prose: which account, which tenant, what was lost, the method ids Lifeboat read, what to delete and the
//! ask. The format is documented in docs/TICKET-BLOCK.md; this module writes and reads it.
//!
//! A mail travels through quoted-printable, re-wrapping clients and replies that quote it with `> `. So the
//! payload is JSON in unpadded base64url (no `=`, no spaces: nothing quoted-printable must escape, nothing a
//! re-wrap can break at), in lines short enough that no client folds them, between two marker lines. The reader
//! drops quote marks, white space and soft line breaks, joins what is left, and checks a SHA-256 checksum, so
//! a damaged block is told apart from a missing one.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::facts::{asks_for_access, StaleKind, TenantFacts};
use crate::book::{LossKind, Membership};
use crate::lang::Lang;

pub const BEGIN: &str = "-----BEGIN LIFEBOAT TICKET-----";
pub const END: &str = "-----END LIFEBOAT TICKET-----";
/// The payload version this build writes; readers refuse versions they do not know.
pub const VERSION: u32 = 1;
/// Payload characters per line: under the 76 of quoted-printable and the 72–78 clients wrap at.
const LINE: usize = 64;
/// Hex digits of the SHA-256 checksum kept: enough to catch damage, not a signature.
const CHECKSUM_HEX: usize = 16;

/// What one ticket says, for a tool (JSON field names are camelCase; docs/TICKET-BLOCK.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketBlock {
    /// Always [`VERSION`] when written by this build.
    pub version: u32,
    /// The tenant id, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// A domain of the tenant, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_domain: Option<String>,
    /// The language the ticket is written in (`en`, `it`, …): the closing note should answer in it.
    pub lang: String,
    /// What happened to the phone: `lost`, `stolen`, `broken` or `wiped`.
    pub loss: LossKind,
    /// The devices the person declared lost, as they named them.
    #[serde(default)]
    pub lost_devices: Vec<String>,
    /// Where to answer (the person's reachable address, never a locked account).
    pub reply_to: String,
    pub accounts: Vec<BlockAccount>,
}

/// One account of the ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BlockAccount {
    /// The sign-in name (a guest's home address; find the guest by `mail`).
    pub upn: String,
    pub membership: Membership,
    #[serde(default)]
    pub admin_role: bool,
    /// The last sign-in's AADSTS code, when it ended with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aadsts: Option<u32>,
    /// Every method in the last list Lifeboat read, with Graph's ids and types.
    #[serde(default)]
    pub methods_read: Vec<BlockMethod>,
    /// The registrations the ticket asks IT to delete.
    #[serde(default)]
    pub remove: Vec<BlockMethod>,
    /// What the ticket asks for this account, in order.
    pub ask: Vec<Ask>,
}

/// A method by Graph's id and `@odata.type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BlockMethod {
    pub id: String,
    /// `#microsoft.graph.…AuthenticationMethod`.
    pub odata_type: String,
}

/// One thing a ticket asks IT to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Ask {
    /// A one-time Temporary Access Pass (or "Require re-register MFA").
    TemporaryAccessPass,
    /// Delete the registrations listed in `remove`.
    RemoveMethods,
    /// Revoke sign-in sessions (members only: it does not reach guests).
    RevokeSessions,
    /// A second person checks the identity before anything is reset (an administrator's account).
    SecondPersonCheck,
}

/// Why a text holds no usable block.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlockError {
    #[error("no Lifeboat ticket block in this text")]
    Missing,
    #[error("the Lifeboat ticket block is damaged: {0}")]
    Damaged(&'static str),
    #[error("the Lifeboat ticket block has version {0}, which this build does not read")]
    UnsupportedVersion(u32),
}

impl TicketBlock {
    /// The block of one tenant's ticket.
    pub fn from_facts(facts: &TenantFacts, lang: Lang) -> TicketBlock {
        TicketBlock {
            version: VERSION,
            tenant_id: facts.tenant_id.clone(),
            tenant_domain: facts.domain.clone(),
            lang: lang.code().to_string(),
            loss: facts.loss_kind,
            lost_devices: facts.lost_devices.clone(),
            reply_to: facts.contact_email.clone(),
            accounts: facts
                .accounts
                .iter()
                .map(|account| {
                    let remove: Vec<BlockMethod> = account
                        .stale_methods
                        .iter()
                        .map(|stale| BlockMethod {
                            id: stale.id.clone(),
                            odata_type: stale.kind.odata_type().to_string(),
                        })
                        .collect();
                    let mut ask = Vec::new();
                    if account.admin_role {
                        ask.push(Ask::SecondPersonCheck);
                    }
                    if asks_for_access(account.verdict) {
                        ask.push(Ask::TemporaryAccessPass);
                    }
                    if !remove.is_empty() {
                        ask.push(Ask::RemoveMethods);
                    }
                    if account.membership == Membership::Member {
                        ask.push(Ask::RevokeSessions);
                    }
                    BlockAccount {
                        upn: account.upn.clone(),
                        membership: account.membership,
                        admin_role: account.admin_role,
                        aadsts: account.sign_in.as_ref().and_then(|check| check.aadsts),
                        methods_read: account
                            .inventory
                            .iter()
                            .flat_map(|inventory| &inventory.methods)
                            .map(|method| BlockMethod {
                                id: method.id.clone(),
                                odata_type: full_odata_type(&method.graph_type),
                            })
                            .collect(),
                        remove,
                        ask,
                    }
                })
                .collect(),
        }
    }

    /// The block as the lines a ticket ends with: the markers, the version, the checksum, the payload.
    pub fn armored_lines(&self) -> Vec<String> {
        // Serialising plain data to a string cannot fail.
        let json = serde_json::to_vec(self).unwrap_or_default();
        let payload = URL_SAFE_NO_PAD.encode(&json);
        let mut lines = vec![
            BEGIN.to_string(),
            format!("Version: {}", self.version),
            format!("Checksum: sha256:{}", checksum(&json)),
        ];
        lines.extend(
            payload
                .as_bytes()
                .chunks(LINE)
                .map(|chunk| String::from_utf8_lossy(chunk).into_owned()),
        );
        lines.push(END.to_string());
        lines
    }

    /// Finds and reads the block in a ticket's text: a plain body, a raw quoted-printable one, a re-wrapped or
    /// a quoted (`> `) copy.
    pub fn find_in(text: &str) -> Result<TicketBlock, BlockError> {
        let mut lines = text.lines().map(unquote);
        lines
            .by_ref()
            .find(|line| *line == BEGIN)
            .ok_or(BlockError::Missing)?;
        let mut version = None;
        let mut expected = None;
        let mut payload = String::new();
        let mut ended = false;
        for line in lines {
            if line == END {
                ended = true;
                break;
            }
            if let Some(value) = line.strip_prefix("Version:") {
                version = Some(
                    value
                        .trim()
                        .parse::<u32>()
                        .map_err(|_| BlockError::Damaged("its version is not a number"))?,
                );
            } else if let Some(value) = line.strip_prefix("Checksum:") {
                expected = Some(value.trim().trim_start_matches("sha256:").to_string());
            } else {
                // A quoted-printable soft line break is a trailing `=`; a re-wrap only adds line ends.
                payload.extend(
                    line.trim_end_matches('=')
                        .chars()
                        .filter(|c| !c.is_whitespace()),
                );
            }
        }
        if !ended {
            return Err(BlockError::Damaged("its end line is missing"));
        }
        let version = version.ok_or(BlockError::Damaged("its version line is missing"))?;
        if version != VERSION {
            return Err(BlockError::UnsupportedVersion(version));
        }
        let json = URL_SAFE_NO_PAD
            .decode(payload.as_bytes())
            .map_err(|_| BlockError::Damaged("its payload is not base64url"))?;
        if expected.as_deref() != Some(checksum(&json).as_str()) {
            return Err(BlockError::Damaged("its checksum does not match"));
        }
        let block: TicketBlock = serde_json::from_slice(&json)
            .map_err(|_| BlockError::Damaged("its payload is not a ticket"))?;
        if block.version != version {
            return Err(BlockError::Damaged("its two version numbers differ"));
        }
        Ok(block)
    }
}

/// Graph's `@odata.type` in full, as Graph writes it (`#microsoft.graph.phoneAuthenticationMethod`).
fn full_odata_type(graph_type: &str) -> String {
    if graph_type.starts_with('#') {
        graph_type.to_string()
    } else {
        format!("#microsoft.graph.{graph_type}")
    }
}

/// A line without the quote marks (`>`, `> > `) and spaces a reply puts before it.
fn unquote(line: &str) -> &str {
    line.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
        .trim_end()
}

fn checksum(json: &[u8]) -> String {
    let digest = Sha256::digest(json);
    digest
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect::<String>()[..CHECKSUM_HEX]
        .to_string()
}

impl StaleKind {
    /// The Graph type of the method this kind deletes (a passkey in Authenticator is a FIDO2 method).
    pub fn odata_type(self) -> &'static str {
        match self {
            StaleKind::AuthenticatorApp => {
                "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"
            }
            StaleKind::AuthenticatorPasskey => "#microsoft.graph.fido2AuthenticationMethod",
            StaleKind::PhoneNumber => "#microsoft.graph.phoneAuthenticationMethod",
            StaleKind::CodeApp => "#microsoft.graph.softwareOathAuthenticationMethod",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> TicketBlock {
        TicketBlock {
            version: VERSION,
            tenant_id: Some("00aa00aa-bb11-cc22-dd33-44ee44ee44ee".into()),
            tenant_domain: Some("contoso.com".into()),
            lang: "it".into(),
            loss: LossKind::Broken,
            lost_devices: vec!["iPhone di Maria «lavoro»".into()],
            reply_to: "maria@example.org".into(),
            accounts: vec![BlockAccount {
                upn: "maria@contoso.com".into(),
                membership: Membership::Member,
                admin_role: true,
                aadsts: Some(50076),
                methods_read: vec![BlockMethod {
                    id: "3179e48a-750b-4051-897c-87b9720928f7".into(),
                    odata_type: "#microsoft.graph.phoneAuthenticationMethod".into(),
                }],
                remove: vec![BlockMethod {
                    id: "6e2b1f9a-1111-4c2b-9d3e-aa00bb11cc22".into(),
                    odata_type: StaleKind::AuthenticatorApp.odata_type().into(),
                }],
                ask: vec![
                    Ask::SecondPersonCheck,
                    Ask::TemporaryAccessPass,
                    Ask::RemoveMethods,
                    Ask::RevokeSessions,
                ],
            }],
        }
    }

    fn armored(block: &TicketBlock) -> String {
        block.armored_lines().join("\n")
    }

    #[test]
    fn a_block_reads_back_as_written_and_its_lines_stay_short_and_plain() {
        let block = sample();
        let text = format!("Hello,\n\nsome prose\n\n{}\n", armored(&block));
        assert_eq!(TicketBlock::find_in(&text), Ok(block.clone()));
        for line in block.armored_lines() {
            assert!(line.len() <= 64, "{line}");
            assert!(line.is_ascii() && !line.contains('='), "{line}");
        }
    }

    #[test]
    fn quoting_rewrapping_and_soft_breaks_do_not_change_the_block() {
        let block = sample();
        let text = armored(&block);
        let quoted: String = text.lines().map(|line| format!("> > {line}\n")).collect();
        let crlf = text.replace('\n', "\r\n");
        // A client that wraps at 30 columns, and a quoted-printable encoder's soft breaks.
        let wrapped: String = text
            .lines()
            .flat_map(|line| {
                if line.starts_with("-----") || line.contains(':') {
                    vec![line.to_string()]
                } else {
                    line.as_bytes()
                        .chunks(30)
                        .map(|c| String::from_utf8_lossy(c).into_owned())
                        .collect()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let soft: String = text
            .lines()
            .map(|line| {
                if line.len() > 40 && !line.starts_with("-----") {
                    format!("{}=\n{}", &line[..40], &line[40..])
                } else {
                    line.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        for (how, copy) in [
            ("quoted", quoted),
            ("crlf", crlf),
            ("wrapped", wrapped),
            ("soft breaks", soft),
        ] {
            assert_eq!(TicketBlock::find_in(&copy), Ok(block.clone()), "{how}");
        }
    }

    #[test]
    fn a_missing_damaged_or_newer_block_is_told_apart() {
        let text = armored(&sample());
        let payload_line = text.lines().nth(3).unwrap().to_string();
        let mut flipped = payload_line.clone().into_bytes();
        flipped[10] = if flipped[10] == b'A' { b'B' } else { b'A' };
        let flipped = text.replace(&payload_line, &String::from_utf8(flipped).unwrap());
        let cases = [
            ("Hello, a plain mail".to_string(), BlockError::Missing),
            (
                text.replace(END, ""),
                BlockError::Damaged("its end line is missing"),
            ),
            (flipped, BlockError::Damaged("its checksum does not match")),
            (
                text.replace(&payload_line, "not*base64!"),
                BlockError::Damaged("its payload is not base64url"),
            ),
            (
                text.replace("Version: 1", "Version: 2"),
                BlockError::UnsupportedVersion(2),
            ),
            (
                text.replace("Version: 1\n", ""),
                BlockError::Damaged("its version line is missing"),
            ),
        ];
        for (copy, expected) in cases {
            assert_eq!(
                TicketBlock::find_in(&copy),
                Err(expected.clone()),
                "{expected}"
            );
        }
    }
}
