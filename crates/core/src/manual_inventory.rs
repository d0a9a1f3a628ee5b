//! The manual inventory (docs/PRODUCT.md §3, evidence table: "ticked by the person"): when an account's methods
//! could not be read from Graph, the person reads them on the tenant's Security info page and ticks them in
//! Lifeboat. This module turns those ticks into the same Graph-shaped list a read would have stored, marked
//! [`InventorySource::Manual`], so the assessment treats them with every other inventory.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::assess::InventorySource;
use crate::book::StoredInventory;

/// Which line a phone method uses, as Security info lists it (docs/MICROSOFT.md §2: `mobile`, `alternateMobile`,
/// `office`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PhoneLine {
    Mobile,
    AlternateMobile,
    Office,
}

/// One method the person saw on the Security info page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ManualMethod {
    /// "Microsoft Authenticator" with the phone's name under it.
    AuthenticatorApp { device: String },
    /// "Phone" with the number Security info shows (often partly hidden: the last digits are enough).
    Phone { number: String, line: PhoneLine },
    /// "Email" with the address.
    Email { address: String },
    /// "Software OATH token" / an authenticator app's codes.
    CodeApp,
    /// "Security key" with its name.
    SecurityKey { name: String },
    /// "Windows Hello for Business" with the computer's name.
    WindowsHello { device: String },
}

/// Why a ticked list cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManualInventoryError {
    #[error("method {position}: {reason}")]
    Invalid {
        position: usize,
        reason: &'static str,
    },
}

fn one_line(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && !text.chars().any(char::is_control)).then(|| text.to_owned())
}

/// The ticked methods as a stored inventory read `now`. Names must be one non-empty line; a phone number needs
/// at least two digits (Security info hides all but the last two).
pub fn manual_inventory(
    methods: &[ManualMethod],
    now: OffsetDateTime,
) -> Result<StoredInventory, ManualInventoryError> {
    let graph = methods
        .iter()
        .enumerate()
        .map(|(index, method)| {
            let position = index + 1;
            let invalid = |reason| ManualInventoryError::Invalid { position, reason };
            let id = format!("manual-{position}");
            let name = |text: &str| {
                one_line(text).ok_or_else(|| invalid("the name must be one line, not empty"))
            };
            Ok(match method {
                ManualMethod::AuthenticatorApp { device } => json!({
                    "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
                    "id": id, "displayName": name(device)?,
                }),
                ManualMethod::Phone { number, line } => {
                    let number = name(number)?;
                    if number.chars().filter(char::is_ascii_digit).count() < 2 {
                        return Err(invalid("a phone number needs at least its last two digits"));
                    }
                    let phone_type = match line {
                        PhoneLine::Mobile => "mobile",
                        PhoneLine::AlternateMobile => "alternateMobile",
                        PhoneLine::Office => "office",
                    };
                    json!({
                        "@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
                        "id": id, "phoneNumber": number, "phoneType": phone_type,
                    })
                }
                ManualMethod::Email { address } => json!({
                    "@odata.type": "#microsoft.graph.emailAuthenticationMethod",
                    "id": id, "emailAddress": name(address)?,
                }),
                ManualMethod::CodeApp => json!({
                    "@odata.type": "#microsoft.graph.softwareOathAuthenticationMethod",
                    "id": id,
                }),
                ManualMethod::SecurityKey { name: key } => json!({
                    "@odata.type": "#microsoft.graph.fido2AuthenticationMethod",
                    "id": id, "displayName": name(key)?,
                }),
                ManualMethod::WindowsHello { device } => json!({
                    "@odata.type": "#microsoft.graph.windowsHelloForBusinessAuthenticationMethod",
                    "id": id, "displayName": name(device)?,
                }),
            })
        })
        .collect::<Result<Vec<Value>, ManualInventoryError>>()?;
    Ok(StoredInventory {
        methods: graph,
        read_at: now,
        source: InventorySource::Manual,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{assess, AccountEvidence, Inventory, Verdict};
    use crate::methods::parse_methods_values;
    use crate::situation::Situation;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-09-14 09:30 UTC);

    fn verdict(methods: &[ManualMethod], situation: &Situation) -> Verdict {
        let stored = manual_inventory(methods, NOW).unwrap();
        let evidence = AccountEvidence {
            tenant_id: None,
            inventory: Some(Inventory {
                methods: parse_methods_values(&stored.methods).unwrap(),
                source: stored.source,
                read_at: stored.read_at,
            }),
            sign_in: None,
        };
        assess(&evidence, situation).verdict
    }

    #[test]
    fn every_ticked_kind_parses_as_its_graph_type() {
        let methods = [
            ManualMethod::AuthenticatorApp {
                device: "iPhone di Marco".into(),
            },
            ManualMethod::Phone {
                number: "+39 XXXXXXXX67".into(),
                line: PhoneLine::Mobile,
            },
            ManualMethod::Email {
                address: "marco@example.com".into(),
            },
            ManualMethod::CodeApp,
            ManualMethod::SecurityKey {
                name: "YubiKey 5".into(),
            },
            ManualMethod::WindowsHello {
                device: "LAPTOP-MARCO".into(),
            },
        ];
        let stored = manual_inventory(&methods, NOW).unwrap();
        assert_eq!(stored.source, InventorySource::Manual);
        let parsed = parse_methods_values(&stored.methods).unwrap();
        let types: Vec<&str> = parsed.iter().map(|method| method.graph_type()).collect();
        assert_eq!(
            types,
            [
                "microsoftAuthenticatorAuthenticationMethod",
                "phoneAuthenticationMethod",
                "emailAuthenticationMethod",
                "softwareOathAuthenticationMethod",
                "fido2AuthenticationMethod",
                "windowsHelloForBusinessAuthenticationMethod",
            ]
        );
    }

    #[test]
    fn ticked_methods_decide_the_verdict_like_read_ones() {
        let lost_phone = Situation {
            lost_devices: vec!["iPhone di Marco".into()],
            ..Situation::default()
        };
        let only_app = [ManualMethod::AuthenticatorApp {
            device: "iPhone di Marco".into(),
        }];
        assert_eq!(verdict(&only_app, &lost_phone), Verdict::NeedsIt);
        let with_key = [
            ManualMethod::AuthenticatorApp {
                device: "iPhone di Marco".into(),
            },
            ManualMethod::SecurityKey {
                name: "YubiKey 5".into(),
            },
        ];
        assert_eq!(verdict(&with_key, &lost_phone), Verdict::SelfService);
    }

    #[test]
    fn bad_entries_name_their_position() {
        let cases = [
            (
                vec![ManualMethod::AuthenticatorApp {
                    device: "  ".into(),
                }],
                1,
            ),
            (
                vec![
                    ManualMethod::CodeApp,
                    ManualMethod::Phone {
                        number: "XXXX".into(),
                        line: PhoneLine::Office,
                    },
                ],
                2,
            ),
            (
                vec![ManualMethod::Email {
                    address: "a@b.c\r\nBcc: x".into(),
                }],
                1,
            ),
        ];
        for (methods, position) in cases {
            let ManualInventoryError::Invalid { position: got, .. } =
                manual_inventory(&methods, NOW).unwrap_err();
            assert_eq!(got, position, "{methods:?}");
        }
    }

    #[test]
    fn the_window_sends_tagged_entries() {
        let entry: ManualMethod = serde_json::from_value(
            json!({"kind": "phone", "number": "+39 333 1234567", "line": "alternate_mobile"}),
        )
        .unwrap();
        assert_eq!(
            entry,
            ManualMethod::Phone {
                number: "+39 333 1234567".into(),
                line: PhoneLine::AlternateMobile
            }
        );
    }
}
