//! The run's threads yield to the window's. On a machine whose cores a run keeps busy (the
//! bootstrap on every rayon worker, the image decoders), a frame would otherwise wait for a
//! core: on 2 cores a frame of 20 ms of work came 90–120 ms late. The run's thread and rayon's
//! workers run at nice 10 (threads they start inherit it); the window's thread keeps the
//! user's priority. The run takes as long when the window is idle.

/// Niceness of the work behind the window (0 is the user's, 19 the least).
const BACKGROUND: i32 = 10;

/// Lowers the calling thread's priority to [`BACKGROUND`], never raises it (an app started
/// with `nice` stays as low). Linux only (elsewhere nothing).
pub fn background() {
    #[cfg(target_os = "linux")]
    // SAFETY: getpriority and setpriority take and return integers; on Linux PRIO_PROCESS with
    // a thread id reads and changes only that thread's nice value.
    unsafe {
        let me = libc::gettid() as libc::id_t;
        if libc::getpriority(libc::PRIO_PROCESS, me) < BACKGROUND {
            libc::setpriority(libc::PRIO_PROCESS, me, BACKGROUND);
        }
    }
}

/// rayon's global pool with its workers at background priority. Called before anything uses
/// rayon; false when the pool was already made (its workers then keep their priority).
pub fn workers() -> bool {
    rayon::ThreadPoolBuilder::new()
        .start_handler(|_| background())
        .build_global()
        .is_ok()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The calling thread's nice value goes to 10 and a thread it starts inherits it.
    #[test]
    fn background_lowers_this_thread_and_its_children() {
        std::thread::spawn(|| {
            // SAFETY: reads this thread's nice value.
            let nice =
                || unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) };
            let before = nice();
            super::background();
            assert_eq!(nice(), super::BACKGROUND.max(before));
            let child = std::thread::spawn(nice).join().unwrap();
            assert_eq!(child, super::BACKGROUND.max(before));
        })
        .join()
        .unwrap();
    }
}
