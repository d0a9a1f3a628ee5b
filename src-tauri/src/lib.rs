//! Lifeboat's desktop shell: a thin Tauri layer over `lifeboat-core`.
//!
//! The shell decides nothing. It wires commands (each a few lines over a core call), turns core errors into the
//! one IPC error shape ([`error::IpcError`]), sets up logging and the window, and grants the window only the
//! capabilities it uses (`src-tauri/capabilities/`).

pub mod commands;
pub mod error;
pub mod ipc_types;
mod logging;
pub mod webkit;

use tauri::Manager;

/// Starts the desktop app and blocks until its last window closes.
pub fn run() {
    // Before GTK and before any thread: WebKit's processes inherit the environment when they start.
    webkit::apply_painting_defaults();
    let app = tauri::Builder::default()
        // A second launch focuses the running window instead of opening a rival one that would race it for
        // the account book and the keyring.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        // Window size and position come back as the person left them.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .setup(|app| {
            let log_dir = app.path().app_log_dir().ok();
            let log_file = logging::init(log_dir.as_deref());
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                log_file = ?log_file,
                cpu_painting = ?std::env::var_os(webkit::CPU_PAINTING),
                "Lifeboat started"
            );
            // Practice mode (`make demo` sets LIFEBOAT_PRACTICE=1, or the Start screen) keeps its own throw-away
            // book, never the real one.
            let practice = std::env::var_os("LIFEBOAT_PRACTICE").is_some_and(|value| value == "1");
            let practice_dir = app
                .path()
                .app_cache_dir()
                .unwrap_or_else(|_| std::env::temp_dir().join("lifeboat"))
                .join("practice");
            let real_store =
                lifeboat_core::book::chosen_book_path(std::env::var_os("LIFEBOAT_BOOK"))
                    .map(lifeboat_core::book::FileBookStore::new);
            let settings = lifeboat_core::settings::default_settings_path()
                .map(lifeboat_core::settings::SettingsStore::new);
            let state =
                commands::ShellState::new(log_file, real_store, practice_dir, practice, settings);
            app.manage(state);
            app.manage(commands::check::CheckState::default());
            app.manage(commands::desk::DeskState::default());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::session_info,
            commands::set_practice,
            commands::book::get_book,
            commands::book::add_account,
            commands::book::update_account,
            commands::book::remove_account,
            commands::book::set_situation,
            commands::book::set_person,
            commands::book::record_manual_inventory,
            commands::book::import_accounts,
            commands::book::restore_book_backup,
            commands::book::set_book_aside,
            commands::book::get_results,
            commands::tickets::get_tickets,
            commands::tickets::save_ticket_eml,
            commands::tickets::open_ticket_in_mail,
            commands::tickets::copy_text,
            commands::tickets::copy_ticket,
            commands::moving::get_move,
            commands::moving::start_move,
            commands::moving::mark_move_step,
            commands::moving::mark_never_used_old_phone,
            commands::moving::prepare_fresh_sign_in,
            commands::moving::confirm_fresh_sign_in,
            commands::moving::end_move,
            commands::moving::save_move_record,
            commands::moving::set_practice_journey,
            commands::moving::open_security_info,
            commands::reregister::start_reregistration,
            commands::reregister::mark_reregistration_step,
            commands::reregister::confirm_reregistration,
            commands::reregister::end_reregistration,
            commands::reregister::practice_it_acts,
            commands::troubleshoot::troubleshoot_account,
            commands::book::add_practice_accounts,
            commands::troubleshoot::save_prevention_record,
            commands::tickets::mark_ticket_sent,
            commands::tickets::open_link,
            commands::check::check_start,
            commands::check::check_progress,
            commands::check::check_stuck,
            commands::check::check_skip,
            commands::check::check_stop,
            commands::check::check_answer_second_step,
            commands::check::check_open_sign_in,
            commands::settings::get_settings,
            commands::settings::save_settings,
            commands::settings::forget_sessions,
            commands::settings::export_diagnostics,
            commands::settings::discover_tenant,
            commands::desk::desk_open_file,
            commands::desk::desk_open_text,
            commands::desk::desk_practice_tickets,
            commands::desk::desk_open_practice,
            commands::desk::desk_choose_account,
            commands::desk::desk_view,
            commands::desk::desk_close,
            commands::desk::desk_practice_admins,
            commands::desk::desk_sign_in,
            commands::desk::desk_cancel_sign_in,
            commands::desk::desk_verify,
            commands::desk::desk_preview,
            commands::desk::desk_perform,
            commands::desk::desk_hide_pass,
            commands::desk::desk_copy_pass,
            commands::desk::desk_note,
            commands::desk::readiness::desk_readiness,
        ])
        .build(tauri::generate_context!());

    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(error) => {
            // Before any window exists, stderr is the only place a person (or a bug report) can see this.
            eprintln!("Lifeboat could not start: {error}");
            std::process::exit(1);
        }
    }
}
