//! What the app remembers between starts, kept in eframe's own storage (its `persistence`
//! feature; on Linux ~/.local/share/provestein/app.ron): the language, the plans opened last,
//! the history file, a chosen output folder and the file-picker choice. eframe keeps the
//! window's size itself. Nothing of a plan's content or a run's result is stored here: recent
//! runs are read from the history.

use serde::{Deserialize, Serialize};

use super::App;
use crate::gui::i18n::Lang;

/// The key the settings are stored under.
pub const KEY: &str = "provestein-settings";

/// How many recent plans the start screen lists.
pub const RECENT: usize = 8;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Option<Lang>,
    /// Most recent first.
    pub recent_plans: Vec<String>,
    pub history_path: Option<String>,
    /// Only a folder the user chose; otherwise each plan's own provestein-report/.
    pub out_dir: Option<String>,
    pub builtin_picker: Option<bool>,
}

impl App {
    /// The app as the last session left it (`storage` None: as new).
    pub fn restored(storage: Option<&dyn eframe::Storage>) -> App {
        let mut app = App::default();
        if let Some(s) = storage.and_then(|s| eframe::get_value::<Settings>(s, KEY)) {
            app.apply(s);
        }
        app
    }

    fn apply(&mut self, s: Settings) {
        if let Some(l) = s.lang {
            self.lang = l;
        }
        self.recent_plans = s.recent_plans;
        self.recent_plans.truncate(RECENT);
        if let Some(h) = s.history_path.filter(|h| !h.trim().is_empty()) {
            self.history_path = h;
        }
        if let Some(o) = s.out_dir.filter(|o| !o.trim().is_empty()) {
            self.out_dir = o;
            self.out_dir_chosen = true;
        }
        self.picker.builtin_setting = s.builtin_picker;
    }

    pub fn settings(&self) -> Settings {
        Settings {
            lang: Some(self.lang),
            recent_plans: self.recent_plans.clone(),
            history_path: Some(self.history_path.clone()),
            out_dir: self.out_dir_chosen.then(|| self.out_dir.clone()),
            builtin_picker: self.picker.builtin_setting,
        }
    }

    /// Writes the settings into `storage` (eframe calls this every 30 s and on exit).
    pub fn save_settings(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, KEY, &self.settings());
    }

    /// Puts a plan file first in the recent list (once, at most `RECENT`).
    pub fn remember_plan(&mut self, path: &str) {
        let path = App::chosen(path).display().to_string();
        self.recent_plans.retain(|p| *p != path);
        self.recent_plans.insert(0, path);
        self.recent_plans.truncate(RECENT);
    }
}
