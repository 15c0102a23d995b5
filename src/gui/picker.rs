//! Choosing a file or folder in a way that always answers: the desktop's own dialog (rfd: the
//! XDG portal, or zenity when the portal fails) where one can open, otherwise an in-app dialog
//! (egui_file). rfd returns None both when the user cancels and when no dialog could open, so
//! which one to use is decided before the first click: once at start (`system_dialog_available`,
//! on a worker thread), and by the user's "built-in file picker" setting, which wins. Below the
//! steps and the app's state; it knows nothing of `App`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use eframe::egui;

use super::i18n::{Lang, t};
use super::task::Task;

/// What is chosen: a file (with the extensions shown, none = all), a folder, or where to save.
#[derive(Debug, Clone, Copy)]
pub enum Pick {
    File(&'static str, &'static [&'static str]),
    Folder,
    Save(&'static str),
}

/// Which dialog a Browse… opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The desktop's dialog through rfd (XDG portal, or zenity).
    System,
    /// egui_file, drawn in the window.
    BuiltIn,
}

#[derive(Default)]
pub struct Picker {
    /// What the start-up check found: Some(true) when a desktop dialog can open. None while the
    /// check runs (or in tests, where it never runs): the built-in dialog is used meanwhile.
    pub system_available: Option<bool>,
    /// The user's choice ("use the built-in file picker"); None follows the check.
    pub builtin_setting: Option<bool>,
    checking: Option<Task<bool>>,
    /// The open in-app dialog and the field it fills.
    dialog: Option<(egui::Id, egui_file::FileDialog)>,
    /// A choice made and not yet taken by its field.
    chosen: Option<(egui::Id, PathBuf)>,
}

impl Picker {
    /// Starts the check for a desktop dialog on a worker thread (D-Bus may be slow to answer).
    pub fn check_system(&mut self, ctx: &egui::Context) {
        self.checking = Some(Task::spawn(ctx, || {
            system_dialog_available(None, std::env::var_os("PATH").as_deref())
        }));
    }

    pub fn backend(&self) -> Backend {
        let builtin = self
            .builtin_setting
            .unwrap_or(self.system_available != Some(true));
        if builtin {
            Backend::BuiltIn
        } else {
            Backend::System
        }
    }

    /// Opens a dialog for the field `id`. The desktop's dialog blocks until it closes and its
    /// choice is ready at once; the in-app one is drawn by `show` until the user chooses.
    pub fn open(&mut self, lang: Lang, id: egui::Id, pick: Pick, start: &str) {
        self.chosen = None;
        match self.backend() {
            Backend::System => {
                if let Some(p) = system_dialog(pick) {
                    self.chosen = Some((id, p));
                }
            }
            Backend::BuiltIn => {
                let mut d = match pick {
                    Pick::File(_, exts) => {
                        let mut d = egui_file::FileDialog::open_file()
                            .title(t::PICK_FILE.get(lang))
                            .show_new_folder(false);
                        if !exts.is_empty() {
                            d = d.show_files_filter(Box::new(move |p: &Path| {
                                p.extension()
                                    .and_then(OsStr::to_str)
                                    .is_some_and(|e| exts.iter().any(|x| x.eq_ignore_ascii_case(e)))
                            }));
                        }
                        d
                    }
                    Pick::Folder => {
                        egui_file::FileDialog::select_folder().title(t::PICK_FOLDER.get(lang))
                    }
                    Pick::Save(name) => egui_file::FileDialog::save_file()
                        .title(t::PICK_SAVE.get(lang))
                        .default_filename(name),
                };
                d = d
                    .id(id.with("picker"))
                    .show_rename(false)
                    .open_button_text(t::OPEN.get(lang).into())
                    .save_button_text(t::PICK_SAVE_BUTTON.get(lang).into())
                    .cancel_button_text(t::CANCEL.get(lang).into())
                    .new_folder_button_text(t::PICK_NEW_FOLDER.get(lang).into())
                    .file_label_text(t::PICK_FILE_LABEL.get(lang).into())
                    .show_hidden_checkbox_text(t::PICK_SHOW_HIDDEN.get(lang).into())
                    .parent_folder_button_hover_text(t::PICK_PARENT.get(lang).into())
                    .refresh_button_hover_text(t::PICK_REFRESH.get(lang).into())
                    .default_size(egui::vec2(640.0, 480.0))
                    .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO);
                if let Some(dir) = start_folder(start) {
                    d = d.initial_path(dir);
                }
                d.open();
                self.dialog = Some((id, d));
            }
        }
    }

    /// The path chosen for the field `id`, once.
    pub fn take(&mut self, id: egui::Id) -> Option<PathBuf> {
        match &self.chosen {
            Some((k, _)) if *k == id => self.chosen.take().map(|(_, p)| p),
            _ => None,
        }
    }

    /// Whether the in-app dialog is open.
    #[cfg(test)]
    pub fn is_open(&self) -> bool {
        self.dialog.is_some()
    }

    /// Takes the start-up check's answer and draws the in-app dialog; called once a frame.
    pub fn show(&mut self, ctx: &egui::Context) {
        if let Some(found) = self.checking.as_ref().and_then(Task::poll) {
            self.checking = None;
            self.system_available = Some(found);
        }
        let Some((id, d)) = &mut self.dialog else {
            return;
        };
        d.show(ctx);
        match d.state() {
            egui_file::State::Open => {}
            egui_file::State::Selected => {
                self.chosen = d.path().map(|p| (*id, p.to_path_buf()));
                self.dialog = None;
            }
            egui_file::State::Cancelled | egui_file::State::Closed => self.dialog = None,
        }
    }
}

/// The folder a dialog starts in: the field's folder (or the field itself when it is one).
fn start_folder(text: &str) -> Option<PathBuf> {
    if text.trim().is_empty() {
        return None;
    }
    let p = std::path::absolute(Path::new(text.trim())).ok()?;
    if p.is_dir() {
        Some(p)
    } else {
        p.parent().filter(|d| d.is_dir()).map(Path::to_path_buf)
    }
}

fn system_dialog(pick: Pick) -> Option<PathBuf> {
    match pick {
        Pick::File(name, exts) => {
            let mut d = rfd::FileDialog::new();
            if !exts.is_empty() {
                d = d.add_filter(name, exts);
            }
            d.pick_file()
        }
        Pick::Folder => rfd::FileDialog::new().pick_folder(),
        Pick::Save(name) => rfd::FileDialog::new().set_file_name(name).save_file(),
    }
}

/// Whether the desktop can show a file dialog: the XDG desktop portal answers for its
/// FileChooser interface on the session bus (`bus`: that bus's address, None = this session's),
/// or zenity, rfd's fallback, is on `path`. Asking the portal for the interface's version
/// starts it if it is activatable and fails when no portal backend provides a file chooser.
pub fn system_dialog_available(bus: Option<&str>, path: Option<&OsStr>) -> bool {
    portal_file_chooser(bus) || path.is_some_and(|p| on_path(p, "zenity"))
}

fn portal_file_chooser(bus: Option<&str>) -> bool {
    pollster::block_on(async {
        let builder = match bus {
            Some(a) => zbus::connection::Builder::address(a),
            None => zbus::connection::Builder::session(),
        };
        let conn = builder
            .ok()?
            .method_timeout(std::time::Duration::from_secs(5))
            .build()
            .await
            .ok()?;
        conn.call_method(
            Some("org.freedesktop.portal.Desktop"),
            "/org/freedesktop/portal/desktop",
            Some("org.freedesktop.DBus.Properties"),
            "Get",
            &("org.freedesktop.portal.FileChooser", "version"),
        )
        .await
        .ok()
    })
    .is_some()
}

/// Whether an executable file `name` is in one of the folders of a PATH value.
fn on_path(path: &OsStr, name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(path).any(|dir| {
        std::fs::metadata(dir.join(name))
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_bus_and_no_zenity_means_no_desktop_dialog() {
        let dir = tempfile::tempdir().unwrap();
        let bus = format!("unix:path={}", dir.path().join("no-bus").display());
        assert!(!system_dialog_available(
            Some(&bus),
            Some(dir.path().as_os_str())
        ));
        // zenity on the PATH is enough: rfd falls back to it when the portal fails.
        let zenity = dir.path().join("zenity");
        std::fs::write(&zenity, "#!/bin/sh\n").unwrap();
        assert!(!system_dialog_available(
            Some(&bus),
            Some(dir.path().as_os_str())
        ));
        std::fs::set_permissions(&zenity, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        assert!(system_dialog_available(
            Some(&bus),
            Some(dir.path().as_os_str())
        ));
    }

    #[test]
    fn the_setting_wins_over_the_check_and_an_unknown_check_means_built_in() {
        let mut p = Picker::default();
        assert_eq!(p.backend(), Backend::BuiltIn);
        p.system_available = Some(true);
        assert_eq!(p.backend(), Backend::System);
        p.builtin_setting = Some(true);
        assert_eq!(p.backend(), Backend::BuiltIn);
        p.system_available = Some(false);
        p.builtin_setting = Some(false);
        assert_eq!(p.backend(), Backend::System);
    }
}
