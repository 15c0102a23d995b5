//! Work on a background thread (a model inspection, a folder scan, a history read) whose one
//! result a later frame picks up. Below the app's state and every step, which all hold tasks.

use std::sync::mpsc::{Receiver, channel};

use eframe::egui;

/// Work on a background thread whose one result is picked up by a later frame.
pub struct Task<T> {
    rx: Receiver<T>,
}

impl<T: Send + 'static> Task<T> {
    pub fn spawn(ctx: &egui::Context, f: impl FnOnce() -> T + Send + 'static) -> Self {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(f());
            ctx.request_repaint();
        });
        Task { rx }
    }

    /// The result, once it is there.
    pub fn poll(&self) -> Option<T> {
        self.rx.try_recv().ok()
    }
}
