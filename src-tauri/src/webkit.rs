//! How WebKitGTK paints Lifeboat's window on Linux.
//!
//! Since 2.46 WebKitGTK paints pages with Skia, by default on the GPU: every new kind of drawing (text, a rounded
//! border, an SVG path) needs a GL shader compiled first. On a computer whose OpenGL is Mesa's software
//! renderer (virtual machines, remote desktops, no GPU driver) compiling those shaders is most of the start-up
//! time, and the person waits for it at every launch with a cold shader cache: `make bench-desktop` measured
//! WebKit's processes using about 1.9 s of CPU to show the Start screen with GPU painting, 0.9 s with CPU painting
//! (bench/README.md). Lifeboat's pages are forms and lists, which the CPU paints quickly on any machine, so
//! Lifeboat asks WebKit for CPU painting. Compositing stays on the GPU as WebKit chooses.
//!
//! WebKit's web process reads `WEBKIT_SKIA_ENABLE_CPU_RENDERING` once at start-up and paints on the CPU for any
//! value but "0" (WebKit, Source/WebKit/WebProcess/glib/WebProcessGLib.cpp, `platformInitializeWebProcess`). A
//! value already in the environment is the person's (or their distribution's) choice and is left alone:
//! `WEBKIT_SKIA_ENABLE_CPU_RENDERING=0` brings GPU painting back.

use std::ffi::OsString;

/// The variable WebKitGTK's web process reads to choose CPU painting.
pub const CPU_PAINTING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// The environment variables Lifeboat sets for WebKit, given the value each already has: only those that are
/// unset.
pub fn painting_defaults(
    current: impl Fn(&str) -> Option<OsString>,
) -> Vec<(&'static str, &'static str)> {
    [(CPU_PAINTING, "1")]
        .into_iter()
        .filter(|(name, _)| current(name).is_none())
        .collect()
}

/// Sets [`painting_defaults`] in this process's environment, which WebKit's processes inherit. Must run before
/// GTK starts and before any other thread exists (`run` calls it first).
pub fn apply_painting_defaults() {
    if !cfg!(target_os = "linux") {
        return;
    }
    for (name, value) in painting_defaults(|name| std::env::var_os(name)) {
        // Only the main thread exists yet: nothing can read the environment while it changes.
        std::env::set_var(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_painting_is_asked_for_when_nobody_chose() {
        assert_eq!(painting_defaults(|_| None), vec![(CPU_PAINTING, "1")]);
    }

    #[test]
    fn a_choice_already_in_the_environment_is_kept() {
        for chosen in ["0", "1", ""] {
            let defaults =
                painting_defaults(|name| (name == CPU_PAINTING).then(|| OsString::from(chosen)));
            assert!(
                defaults.is_empty(),
                "{CPU_PAINTING}={chosen:?} must be left as the person set it"
            );
        }
    }

    #[test]
    fn other_variables_do_not_count_as_a_choice() {
        let defaults = painting_defaults(|name| {
            (name == "WEBKIT_DISABLE_DMABUF_RENDERER").then(|| "1".into())
        });
        assert_eq!(defaults, vec![(CPU_PAINTING, "1")]);
    }
}
