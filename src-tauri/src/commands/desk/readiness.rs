//! The tenant's readiness in the window: the admin signs in, the registration report streams page by page into
//! a CSV the admin saves (practice: the practice folder), each page's counts sent to the window as an event for
//! its progress bar, and the message asking the users to add a method. The report itself is
//! `lifeboat_core::desk::readiness`'s.

use std::path::{Path, PathBuf};

use lifeboat_core::desk::readiness::{draft_message, CsvSink};
use lifeboat_core::desk::{
    DeskError, DeskGraph, ReadinessReport, ReadinessSummary, READINESS_SCOPES,
};
use lifeboat_core::Lang;
use serde::Serialize;
use tauri::{Emitter, Manager};
use ts_rs::TS;

use super::super::{path_to_save, FileToSave, ShellState};
use super::{admin_sign_in, desk_refused, AdminSignIn, CheckState, DeskState};
use crate::error::{ErrorCode, IpcError};

const CSV_NAME: &str = "lifeboat-readiness.csv";

/// The event carrying each page's [`ReadinessSummary`] so far.
pub const READINESS_EVENT: &str = "desk-readiness-progress";

/// The report done: its counts, where the CSV of the users to tell went, and the message to send them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessDone {
    pub summary: ReadinessSummary,
    pub path: String,
    pub message: String,
}

/// Asks where to save the CSV, signs the admin in (their own organisation, the report's permissions), then
/// streams the report into the file. `None` when the admin cancels the save dialog.
#[tauri::command]
pub async fn desk_readiness(
    app: tauri::AppHandle,
    shell: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, CheckState>,
    desk: tauri::State<'_, DeskState>,
    admin: String,
    lang: Lang,
) -> Result<Option<ReadinessDone>, IpcError> {
    let Some(path) = csv_path(&app, &shell).await? else {
        return Ok(None);
    };
    let asked = AdminSignIn {
        admin: &admin,
        tenant: None,
        scope: READINESS_SCOPES,
        lang,
    };
    let (_, graph) = admin_sign_in(&app, &shell, &checks, &desk, asked).await?;
    let summary = stream_report(&app, &graph, &path)
        .await
        .map_err(|error| desk_refused(&error, lang))?;
    tracing::info!(
        users = summary.users,
        pages = summary.pages,
        "desk: readiness report written"
    );
    Ok(Some(ReadinessDone {
        summary,
        path: path.display().to_string(),
        message: draft_message(lang),
    }))
}

/// The save dialog, off the async runtime's threads (it blocks until the admin answers).
async fn csv_path(app: &tauri::AppHandle, shell: &ShellState) -> Result<Option<PathBuf>, IpcError> {
    if let Some(dir) = shell.practice_dir() {
        let _ = std::fs::create_dir_all(&dir);
        return Ok(Some(dir.join(CSV_NAME)));
    }
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let file = FileToSave {
            name: CSV_NAME,
            filter: ("CSV", &["csv"]),
            failed: "The list of users could not be saved.",
        };
        path_to_save(&app, &app.state::<ShellState>(), &file)
    })
    .await
    .map_err(|error| {
        IpcError::new(ErrorCode::Internal, "The save dialog could not be shown.")
            .with_detail(error.to_string())
    })
}

/// The report into `path`, a progress event after each page.
async fn stream_report(
    app: &tauri::AppHandle,
    graph: &DeskGraph,
    path: &Path,
) -> Result<ReadinessSummary, DeskError> {
    let file = std::fs::File::create(path)?;
    let mut sink = CsvSink::new(std::io::BufWriter::new(file))?;
    let mut progress = |so_far: &ReadinessSummary| {
        if let Err(error) = app.emit(READINESS_EVENT, so_far) {
            tracing::warn!(%error, "a readiness progress event could not be sent");
        }
    };
    let report = ReadinessReport {
        graph: graph.client(),
        token: graph.token(),
    };
    let summary = report.run(&mut sink, &mut progress).await?;
    sink.finish()?;
    Ok(summary)
}
