//! Who is running a run: the process id, its start time (so that a reused id is not taken for
//! the same process), host and since when, in the run's row (`claim_*`). `begin` takes it,
//! `resume` takes it in one IMMEDIATE transaction unless a live process holds it, `finish` and
//! `abandon` release it. A claim of a process that is gone (killed, machine restarted) is
//! stale and taken over. On another host, or where this system cannot tell (no /proc), the
//! claim is taken as live: the message says how to go on.

/// This process, as a claim names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Claimant {
    pub pid: i64,
    /// Start time of the process (clock ticks since boot, /proc/PID/stat field 22).
    pub start: Option<String>,
    pub host: String,
}

impl Claimant {
    pub fn me() -> Claimant {
        let pid = std::process::id();
        Claimant {
            pid: i64::from(pid),
            start: start_time(i64::from(pid)),
            host: host_name(),
        }
    }

    /// Whether the process this claim names may still be running.
    pub fn may_be_alive(&self) -> bool {
        let me = Claimant::me();
        if self.host != me.host {
            return true;
        }
        if self.pid == me.pid && self.start == me.start {
            return false; // this process: a claim it left earlier is its own
        }
        if !std::path::Path::new("/proc/self/stat").exists() {
            return true;
        }
        match start_time(self.pid) {
            None => false,
            Some(now) => self.start.as_ref().is_none_or(|s| *s == now),
        }
    }
}

fn start_time(pid: i64) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19).map(str::to_string)
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| {
            ["HOSTNAME", "COMPUTERNAME"]
                .iter()
                .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        })
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_process_holds_its_claim_and_a_gone_one_does_not() {
        let me = Claimant::me();
        assert!(!me.may_be_alive(), "our own claim is ours to take");
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let pid = i64::from(child.id());
        let other = Claimant {
            pid,
            start: start_time(pid),
            host: me.host.clone(),
        };
        assert!(other.start.is_some());
        assert!(other.may_be_alive());
        // The same id with another start time: a reused pid, not the claimant.
        let reused = Claimant {
            start: Some("1".into()),
            ..other.clone()
        };
        assert!(!reused.may_be_alive());
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(!other.may_be_alive(), "gone");
        let elsewhere = Claimant {
            host: format!("{}-other", me.host),
            ..other
        };
        assert!(elsewhere.may_be_alive(), "cannot tell on another host");
    }
}
