//! One bar across a run's stages: the stages the engine announced with their weights
//! (`Progress::Stages`, costs measured in `provestein::run::cost`), which of them is running,
//! and how much of the whole is done. A share of the run is told only while it is known, and
//! never 100 % while work remains; a time left only over this run's own work.

use provestein::run::Planned;

/// Where a run is among its announced stages. Empty (no share known) until they are announced
/// and for runs that announce none: the Run step then shows the current stage alone.
#[derive(Debug, Default, Clone)]
pub(crate) struct Overall {
    stages: Vec<Planned>,
    /// The running stage's index in `stages`; None before the first planned stage and in a
    /// stage that was not planned (an occlusion map run: its share is not known).
    at: Option<usize>,
    /// Where the next stage is looked for: after the last planned one that ran.
    next: usize,
    /// Weight of the stages behind the running one.
    behind: f64,
    /// Of `behind`, the weight of units a resumed run took from its journal.
    reused: f64,
}

/// The running stage's counts, as the Run step keeps them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StageCount {
    pub done: u64,
    pub total: u64,
    pub reused: u64,
}

impl StageCount {
    /// The share of the stage done, 0 when it has no count of steps (total 0).
    fn fraction(self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).min(1.0)
        }
    }

    fn reused_fraction(self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.reused as f64 / self.total as f64).min(1.0)
        }
    }

    /// Whether the stage's own count tells how far it is (more than one step, not all done).
    pub fn determinate(self) -> bool {
        self.total > 1 && self.done < self.total
    }
}

impl Overall {
    /// The stages announced; the first is the one running (the cohort was just read).
    pub fn announce(&mut self, stages: Vec<Planned>, running: &str) {
        self.at = stages.first().filter(|s| s.name == running).map(|_| 0);
        self.next = usize::from(self.at.is_some());
        self.stages = stages;
        self.behind = 0.0;
        self.reused = 0.0;
    }

    /// A stage named `name` begins; `ended` is what was counted of the one before it. The
    /// next planned stage of that name is taken, stages skipped on the way count as done; a
    /// stage not planned holds the bar where the last planned one ended.
    pub fn enter(&mut self, name: &str, ended: StageCount) {
        if self.stages.is_empty() {
            return;
        }
        if let Some(i) = self.at {
            let w = self.stages[i].weight;
            self.behind += w;
            self.reused += w * ended.reused_fraction();
        }
        let from = self.next.min(self.stages.len());
        let found = self.stages[from..]
            .iter()
            .position(|s| s.name == name)
            .map(|k| from + k);
        if let Some(i) = found {
            self.behind += self.stages[from..i].iter().map(|s| s.weight).sum::<f64>();
            self.next = i + 1;
        }
        self.at = found;
    }

    fn total(&self) -> f64 {
        self.stages.iter().map(|s| s.weight).sum()
    }

    /// The share of the whole run done, with `now` the running stage's counts; None when no
    /// share can be told: no stages announced, or all the planned work counted while the run
    /// still works (never "100 %" before the end).
    pub fn fraction(&self, now: StageCount) -> Option<f64> {
        let total = self.total();
        if total.is_nan() || total <= 0.0 {
            return None;
        }
        let current = self
            .at
            .map_or(0.0, |i| self.stages[i].weight * now.fraction());
        let f = (self.behind + current) / total;
        (f < 1.0).then_some(f)
    }

    /// Seconds left for the whole run: the weight not yet done at the pace of this run's own
    /// work so far (`elapsed` seconds since it began; units a resumed run reused took no time
    /// and are left out). None while it cannot be told: no share known, the running stage
    /// without a count of its own, or too little of the run's own work done to judge a pace.
    pub fn seconds_left(&self, now: StageCount, elapsed: f64) -> Option<f64> {
        let fraction = self.fraction(now)?;
        let i = self.at?;
        if !now.determinate() || elapsed < 1.0 {
            return None;
        }
        let total = self.total();
        let w = self.stages[i].weight;
        let own = self.behind - self.reused + w * (now.fraction() - now.reused_fraction()).max(0.0);
        if own < 0.01 * total {
            return None;
        }
        Some((1.0 - fraction) * total * elapsed / own)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(name: &'static str, weight: f64) -> Planned {
        Planned { name, weight }
    }

    fn count(done: u64, total: u64) -> StageCount {
        StageCount {
            done,
            total,
            reused: 0,
        }
    }

    /// Reading (1), joining (1), statistics (6), report (2): the share follows the weights,
    /// an unplanned stage holds it, the report's stage (no count) never makes it 100 %.
    #[test]
    fn the_share_follows_the_weights_and_stops_short_of_the_end() {
        let mut o = Overall::default();
        assert_eq!(o.fraction(count(5, 10)), None, "nothing announced");
        o.announce(
            vec![
                stage("Reading cohort", 1.0),
                stage("Joining vendor scores", 1.0),
                stage("Computing statistics", 6.0),
                stage("Writing the report", 2.0),
            ],
            "Reading cohort",
        );
        assert_eq!(o.fraction(count(0, 0)), Some(0.0));
        o.enter("Joining vendor scores", count(0, 0));
        assert_eq!(o.fraction(count(5, 10)), Some(0.15));
        o.enter("Computing statistics", count(10, 10));
        assert_eq!(o.fraction(count(0, 101)), Some(0.2));
        let half = o.fraction(count(50, 100)).unwrap();
        assert!((half - 0.5).abs() < 1e-12, "{half}");
        o.enter("Writing the report", count(100, 100));
        assert_eq!(o.fraction(count(0, 0)), Some(0.8));
        // No time left without a count in the running stage.
        assert_eq!(o.seconds_left(count(0, 0), 8.0), None);

        // Statistics over an unplanned stage (occlusion maps) hold at the end of the last.
        let mut o = Overall::default();
        o.announce(
            vec![
                stage("Reading cohort", 1.0),
                stage("Writing the report", 1.0),
            ],
            "Reading cohort",
        );
        o.enter("Occlusion maps", count(0, 0));
        assert_eq!(o.fraction(count(3, 4)), Some(0.5));
        o.enter("Writing the report", count(4, 4));
        assert_eq!(o.fraction(count(0, 0)), Some(0.5));
        // All counted while work remains: no share rather than 100 %.
        assert_eq!(o.fraction(count(1, 1)), None);
    }

    /// The time left is the remaining weight at this run's own pace: units a resumed run
    /// reused count as done but took no time.
    #[test]
    fn the_time_left_is_at_this_runs_own_pace() {
        let mut o = Overall::default();
        o.announce(
            vec![
                stage("Reading cohort", 1.0),
                stage("Scoring with the model", 8.0),
                stage("Computing statistics", 1.0),
            ],
            "Reading cohort",
        );
        o.enter("Scoring with the model", count(0, 0));
        // 1 (reading) + 4 (half the scoring) in 10 s: 5 left at the same pace, 10 s.
        let left = o.seconds_left(count(50, 100), 10.0).unwrap();
        assert!((left - 10.0).abs() < 1e-9, "{left}");
        // Half the scoring reused: this run's own work is the reading's 1 in 10 s, so the 5
        // left take 50 s.
        let resumed = StageCount {
            done: 50,
            total: 100,
            reused: 50,
        };
        let left = o.seconds_left(resumed, 10.0).unwrap();
        assert!((left - 50.0).abs() < 1e-9, "{left}");
        assert_eq!(o.seconds_left(count(50, 100), 0.5), None, "too soon");
    }
}
