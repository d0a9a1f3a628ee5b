//! Lifeboat-made tickets for the IT desk tests, shared by the window's tests (`support::desk_ticket`) and the
//! command line's (`crates/cli/tests/desk_cli.rs` includes this file by path): a ticket block as the person's
//! side writes it, and the `.eml` draft around it.

#![allow(dead_code)] // each test binary uses a different part of this file

use lifeboat_core::book::{LossKind, Membership};
use lifeboat_core::ticket::block::{Ask, BlockAccount, BlockMethod, TicketBlock, VERSION};
use lifeboat_core::ticket::eml::{write_eml, EmlDraft, Mailbox};

/// Giulia, her school's practice admin and her lost phone's Authenticator registration, as
/// crates/sim/scenarios/practice.toml has them.
pub const GIULIA: &str = "giulia.ferri@studenti.liceovolta.edu.it";
pub const SCHOOL_ADMIN: &str = "assistenza.tecnica@liceovolta.edu.it";
pub const GIULIA_PHONE: &str = "7c2e4a91-5b3d-4f6e-8a1c-9d2b4e6f8a03";
pub const AUTHENTICATOR: &str = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod";

/// An Italian ticket for `upn` at `tenant`, asking to delete the Authenticator registrations `remove`.
pub fn block(tenant: &str, upn: &str, membership: Membership, remove: &[&str]) -> TicketBlock {
    TicketBlock {
        version: VERSION,
        tenant_id: None,
        tenant_domain: Some(tenant.into()),
        lang: "it".into(),
        loss: LossKind::Lost,
        lost_devices: vec!["Redmi Note 12 di Giulia".into()],
        reply_to: "giulia.ferri@example.org".into(),
        accounts: vec![BlockAccount {
            upn: upn.into(),
            membership,
            admin_role: false,
            aadsts: Some(50076),
            methods_read: Vec::new(),
            remove: remove
                .iter()
                .map(|id| BlockMethod {
                    id: id.to_string(),
                    odata_type: AUTHENTICATOR.into(),
                })
                .collect(),
            ask: vec![
                Ask::TemporaryAccessPass,
                Ask::RemoveMethods,
                Ask::RevokeSessions,
            ],
        }],
    }
}

/// The ticket as Lifeboat's `.eml` draft.
pub fn ticket_eml(block: &TicketBlock) -> Vec<u8> {
    let mut body = vec![
        "Buongiorno, ho perso il telefono.".to_string(),
        String::new(),
    ];
    body.extend(block.armored_lines());
    let to = [Mailbox {
        name: None,
        address: "it@example.org".into(),
    }];
    write_eml(&EmlDraft {
        from: None,
        to: &to,
        subject: "Telefono perso",
        body: &body.join("\n"),
        date: time::OffsetDateTime::UNIX_EPOCH,
    })
}
