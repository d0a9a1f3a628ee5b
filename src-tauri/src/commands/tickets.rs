//! IT tickets: the drafts per tenant, saving one as `.eml`, opening it in the mail app, copying it, and opening
//! the Microsoft pages the results link to.

use lifeboat_core::ticket::{draft_tickets, Ticket, TicketError, TicketOptions, TicketSelection};
use lifeboat_core::views::microsoft_page;
use lifeboat_core::Lang;
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use super::{now, save_file, FileToSave, ShellState};
use crate::error::{ErrorCode, IpcError};

/// A drafted ticket and whether the person marked it as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketDraft {
    pub ticket: Ticket,
    pub sent: bool,
}

/// The ticket as the person edited it in the window.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketEdit {
    pub tenant_key: String,
    pub lang: Lang,
    pub subject: String,
    pub body: String,
}

/// Where a saved ticket went; `None` in [`save_ticket_eml`]'s result means the person cancelled the dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    pub path: String,
}

fn drafts(
    state: &ShellState,
    lang: Option<Lang>,
    default_lang: Lang,
) -> Result<Vec<Ticket>, IpcError> {
    let book = state.load()?;
    let options = TicketOptions {
        selection: TicketSelection::NeedingIt,
        lang,
        default_lang,
        now: now(),
    };
    draft_tickets(&book, &options).map_err(ticket_error)
}

fn ticket_error(error: TicketError) -> IpcError {
    match error {
        // The window asks for the address and says why, then drafts again.
        TicketError::NoReplyAddress => IpcError::new(
            ErrorCode::ReplyAddressNeeded,
            "Give an address where IT can answer you before the tickets are drafted.",
        ),
        TicketError::UnknownAccount(_) | TicketError::UnknownTenant(_) => {
            IpcError::new(ErrorCode::UnknownAccount, error.to_string())
        }
    }
}

/// The drafted ticket for one tenant in `edit.lang`, with the person's subject and body.
fn edited(state: &ShellState, edit: TicketEdit) -> Result<Ticket, IpcError> {
    let mut ticket = drafts(state, Some(edit.lang), edit.lang)?
        .into_iter()
        .find(|ticket| ticket.tenant_key == edit.tenant_key)
        .ok_or_else(|| {
            IpcError::new(
                ErrorCode::UnknownAccount,
                "No ticket is needed for this organisation any more.",
            )
        })?;
    if ticket.body != edit.body {
        // The short version no longer matches what the person wrote: the mail link carries their text.
        ticket.short_body = edit.body.clone();
    }
    ticket.subject = edit.subject;
    ticket.body = edit.body;
    Ok(ticket)
}

/// One ticket per tenant whose accounts the person cannot recover alone. `lang` forces a language for all of
/// them; otherwise each tenant's ticket language, else `default_lang`.
#[tauri::command]
pub fn get_tickets(
    state: tauri::State<'_, ShellState>,
    lang: Option<Lang>,
    default_lang: Lang,
) -> Result<Vec<TicketDraft>, IpcError> {
    let book = state.load()?;
    Ok(drafts(&state, lang, default_lang)?
        .into_iter()
        .map(|ticket| TicketDraft {
            sent: book.ticket_sent(&ticket.accounts),
            ticket,
        })
        .collect())
}

/// Saves the edited ticket as an `.eml` draft: where the person chooses, or (practice) in the practice folder.
#[tauri::command(async)]
pub fn save_ticket_eml(
    app: AppHandle,
    state: tauri::State<'_, ShellState>,
    edit: TicketEdit,
) -> Result<Option<SavedFile>, IpcError> {
    let ticket = edited(&state, edit)?;
    let name = format!("{}.eml", ticket.file_stem);
    let file = FileToSave {
        name: &name,
        filter: ("Email (.eml)", &["eml"]),
        failed: "The ticket could not be saved.",
    };
    let saved = save_file(&app, &state, file, &ticket.eml())?;
    if let Some(saved) = &saved {
        tracing::info!(file = %saved.path, "ticket saved");
    }
    Ok(saved)
}

/// Opens the edited ticket in the person's mail app as a `mailto:` draft.
#[tauri::command]
pub fn open_ticket_in_mail(
    app: AppHandle,
    state: tauri::State<'_, ShellState>,
    edit: TicketEdit,
) -> Result<bool, IpcError> {
    // The draft is built here from the book and the person's edit; the window never hands over a mailto: link.
    let link = edited(&state, edit)?.mailto();
    let uri = url::Url::parse(&link.uri).map_err(|error| {
        IpcError::new(ErrorCode::Internal, "The mail draft could not be prepared.")
            .with_detail(error.to_string())
    })?;
    open(&app, &uri)?;
    // `true` tells the window the text was shortened to fit a link: the saved .eml holds all of it.
    Ok(link.shortened)
}

/// Copies text (a device code) to the clipboard.
#[tauri::command]
pub fn copy_text(app: AppHandle, text: String) -> Result<(), IpcError> {
    app.clipboard().write_text(text).map_err(|error| {
        IpcError::new(ErrorCode::Internal, "The text could not be copied.")
            .with_detail(error.to_string())
    })
}

/// Copies the edited ticket as the core writes it for copying: recipients, web forms, subject, message.
#[tauri::command]
pub fn copy_ticket(
    app: AppHandle,
    state: tauri::State<'_, ShellState>,
    edit: TicketEdit,
) -> Result<(), IpcError> {
    copy_text(app, edited(&state, edit)?.text())
}

/// Marks a tenant's ticket as sent (or not); the mark is kept in the book with the moment it was made.
#[tauri::command]
pub fn mark_ticket_sent(
    state: tauri::State<'_, ShellState>,
    tenant_key: String,
    sent: bool,
) -> Result<(), IpcError> {
    let accounts = drafts(&state, None, Lang::En)?
        .into_iter()
        .find(|ticket| ticket.tenant_key == tenant_key)
        .map(|ticket| ticket.accounts)
        .ok_or_else(|| {
            IpcError::new(
                ErrorCode::UnknownAccount,
                "No ticket is needed for this organisation any more.",
            )
        })?;
    state.update(|book| Ok(book.mark_ticket_sent(&accounts, sent.then(now))?))?;
    Ok(())
}

/// Opens a Microsoft page (Security info, sign-in) in the system browser. Other links are refused.
#[tauri::command]
pub fn open_link(app: AppHandle, url: String) -> Result<(), IpcError> {
    open(&app, &page_to_open(&url)?)
}

/// The parsed Microsoft page behind `link`, or the refusal the window shows.
pub(crate) fn page_to_open(link: &str) -> Result<url::Url, IpcError> {
    microsoft_page(link).ok_or_else(|| {
        IpcError::new(
            ErrorCode::LinkRefused,
            "Lifeboat opens only Microsoft pages from the window.",
        )
    })
}

pub(crate) fn open(app: &AppHandle, url: &url::Url) -> Result<(), IpcError> {
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|error| {
            IpcError::new(ErrorCode::Internal, "The link could not be opened.")
                .with_detail(error.to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_can_open_microsoft_pages_only() {
        let refused =
            page_to_open("mailto:x@y?attach=/home/u/.ssh/id_rsa&bcc=a@b.example").unwrap_err();
        assert_eq!(refused.code, ErrorCode::LinkRefused);
        assert_eq!(
            page_to_open("HTTPS://MySignIns.Microsoft.com/security-info")
                .unwrap()
                .as_str(),
            "https://mysignins.microsoft.com/security-info"
        );
    }
}
