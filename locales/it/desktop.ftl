# Words the desktop shell itself shows (src-tauri/); the window's own words are in ui.ftl.

desktop-practice-window-title = Accesso di prova — pagina Microsoft simulata
