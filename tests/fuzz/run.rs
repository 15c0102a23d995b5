//! Running the real binary on one case: under `prlimit --as`, with a wall-clock limit, its peak
//! memory read from wait4's resource usage, and the end classified.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address-space limit per case (bytes).
pub const MEMORY_LIMIT: u64 = 3 << 30;

/// How a case ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// Exit 0, 1 or 2 with report.json written.
    Report(i32),
    /// Exit 3 or more with a bounded message.
    Error(i32),
    /// What must never happen: a signal or a panic.
    Crash(String),
    /// An end that is wrong without crashing: a verdict without a report, an error without a
    /// message or with an unbounded one (an echoed cell or plan string).
    Bad(String),
    /// Still running at the time limit (killed).
    Hang,
}

impl End {
    pub fn is_failure(&self) -> bool {
        matches!(self, End::Crash(_) | End::Bad(_) | End::Hang)
    }

    /// A short class name for grouping.
    pub fn class(&self) -> String {
        match self {
            End::Report(c) => format!("report (exit {c})"),
            End::Error(c) => format!("error (exit {c})"),
            End::Crash(why) => format!("crash: {why}"),
            End::Bad(why) => format!("bad end: {why}"),
            End::Hang => "hang".into(),
        }
    }
}

pub struct Outcome {
    pub end: End,
    pub secs: f64,
    /// CPU time of the process (user + system), which the machine's load does not change.
    pub cpu_secs: f64,
    /// Peak resident memory (KiB).
    pub peak_kib: u64,
    pub stderr: String,
    pub out: PathBuf,
}

impl Outcome {
    pub fn report(&self) -> Option<serde_json::Value> {
        let text = std::fs::read_to_string(self.out.join("report.json")).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// The first line of stderr that says what went wrong, shortened.
    pub fn message(&self) -> String {
        let line = self
            .stderr
            .lines()
            .find(|l| l.starts_with("error") || l.contains("panicked"))
            .or_else(|| self.stderr.lines().next())
            .unwrap_or("");
        line.chars().take(160).collect()
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "{} in {:.1} s, {} MiB: {}",
            self.end.class(),
            self.secs,
            self.peak_kib / 1024,
            self.message()
        )
    }
}

/// Longest message (stderr) an error may print: an echoed cell or plan string is a defect.
const MESSAGE_LIMIT: usize = 4096;

/// Runs `provestein ARGS` in `dir` (outputs in `dir/out`), killed after `limit`.
pub fn run(dir: &Path, args: &[&str], limit: Duration) -> Outcome {
    run_as(dir, args, limit, true)
}

/// `batch plan.toml --out out --no-history --quiet` in `dir`: how every case is run.
pub fn batch(dir: &Path, limit: Duration) -> Outcome {
    run(
        dir,
        &[
            "batch",
            "plan.toml",
            "--out",
            "out",
            "--no-history",
            "--quiet",
        ],
        limit,
    )
}

/// As `run`; `verdict` false for `check`, whose exit 0 writes no report.
pub fn run_as(dir: &Path, args: &[&str], limit: Duration, verdict: bool) -> Outcome {
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    let stderr_path = dir.join("stderr.txt");
    let stderr_file = std::fs::File::create(&stderr_path).unwrap();
    // GNU time reports the peak memory: a process started straight from this one would
    // inherit this process's peak (Linux keeps it across exec), time's own child does not.
    let time_path = dir.join("time.txt");
    let mut cmd = Command::new("/usr/bin/time");
    cmd.arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&time_path)
        .arg("prlimit")
        .arg(format!("--as={MEMORY_LIMIT}"))
        .arg("--core=0")
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_provestein"))
        .args(args)
        .current_dir(dir)
        .env("PROVESTEIN_HISTORY", dir.join("history.sqlite"))
        .env("ORT_DYLIB_PATH", crate::common::onnxruntime())
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr_file);
    // Its own process group, so that a time-out kills the binary, not only time.
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    // Reaped below with wait4 (for its resource usage), so the Child is only read for its id.
    #[allow(clippy::zombie_processes)]
    let pid = cmd.spawn().expect("/usr/bin/time and prlimit run").id() as libc::pid_t;
    let started = Instant::now();
    let mut status: libc::c_int = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut hung = false;
    loop {
        // SAFETY: pid is our own child; status and usage are valid for writing.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4 failed: {}", std::io::Error::last_os_error());
        if started.elapsed() > limit {
            hung = true;
            // SAFETY: signals our own child, not yet reaped.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
                libc::wait4(pid, &mut status, 0, &mut usage);
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(if started.elapsed().as_secs() > 2 {
            50
        } else {
            5
        }));
    }
    let secs = started.elapsed().as_secs_f64();
    let stderr_bytes = std::fs::read(&stderr_path).unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr_bytes).into_owned();
    // time's last line is the peak (KiB); before it, "Command terminated by signal N" when the
    // binary was killed (time then exits 128 + N, which a plain exit 130 must not be taken for).
    let time = std::fs::read_to_string(&time_path).unwrap_or_default();
    let peak_kib = time
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    let signal: Option<i32> = time
        .lines()
        .find_map(|l| l.strip_prefix("Command terminated by signal "))
        .and_then(|n| n.trim().parse().ok());
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let end = if hung {
        End::Hang
    } else if let Some(sig) = signal.or(libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status))) {
        End::Crash(match sig {
            libc::SIGABRT => "SIGABRT (abort: out of memory or stack overflow)".into(),
            libc::SIGSEGV => "SIGSEGV".into(),
            libc::SIGKILL => "SIGKILL (OOM killer)".into(),
            s => format!("signal {s}"),
        })
    } else if stderr.contains("panicked at") || stderr.contains("RUST_BACKTRACE") {
        End::Crash("panic message on stderr".into())
    } else {
        match code {
            Some(101) => End::Crash("exit 101 (panic)".into()),
            Some(c @ 0..=2) if !verdict || out.join("report.json").is_file() => End::Report(c),
            Some(c @ 0..=2) => End::Bad(format!("exit {c} without report.json")),
            Some(c) if stderr_bytes.len() > MESSAGE_LIMIT => End::Bad(format!(
                "exit {c} with a message over {MESSAGE_LIMIT} bytes"
            )),
            Some(c) if !stderr.contains("error") => End::Bad(format!("exit {c} with no message")),
            Some(c) => End::Error(c),
            None => End::Crash("no exit status".into()),
        }
    };
    Outcome {
        end,
        secs,
        cpu_secs: tv(usage.ru_utime) + tv(usage.ru_stime),
        peak_kib,
        stderr,
        out,
    }
}

fn tv(t: libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}
