fn main() {
    // tauri.conf.json sits at the repository root (the Tauri CLI works from there); the capabilities live
    // beside the shell's sources.
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("tauri-build failed: is ui/dist built? run `make ui` first");
}
