//! The CLI summary's metric table iterates the metric registry (`provestein::metric`): every
//! metric, in registry order, named as the registry names it, with the plan's interval.

use crate::common;

use common::{scores_plan, write_plan};
use provestein::i18n::Lang;
use provestein::{Control, Plan, metric};

/// 20 positives (14 scored 0.8) and 80 negatives (4 scored 0.6): at threshold 0.5
/// sensitivity 14/20 = 0.70, Wilson [0.4810, 0.8545], Clopper–Pearson [0.4572, 0.8811].
fn summary(proportion_interval: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,label,score\n");
    let mut k = 0;
    for (label, score, n) in [(1, 0.8, 14), (1, 0.3, 6), (0, 0.1, 76), (0, 0.6, 4)] {
        for _ in 0..n {
            k += 1;
            csv.push_str(&format!("c{k},{label},{score}\n"));
        }
    }
    let data = dir.path().join("cohort.csv");
    std::fs::write(&data, csv).unwrap();
    let text = format!(
        "{}\n[analysis]\nbootstrap = 0\nthreshold = 0.5\nproportion_interval = \"{proportion_interval}\"\n\n[[acceptance]]\nmetric = \"auc\"\nmin = 0.5\n",
        scores_plan("Tables", &data, "")
    );
    let plan = Plan::load(&write_plan(dir.path(), &text)).unwrap();
    let eval = provestein::run(&plan, &Control::silent()).unwrap();
    provestein::report::summary::text(&eval)
}

#[test]
fn the_cli_summary_lists_the_registrys_metrics_in_registry_order() {
    let s = summary("wilson");
    let lines: Vec<&str> = s.lines().collect();
    let at: Vec<usize> = metric::ALL
        .iter()
        .map(|i| {
            let label = i.label(Lang::En);
            lines
                .iter()
                .position(|l| l.trim_start().starts_with(&format!("{label} ")))
                .unwrap_or_else(|| panic!("no line for {label} in\n{s}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[1] == w[0] + 1), "{at:?} in\n{s}");
    let sens = lines[at[0]];
    assert!(
        sens.contains("0.7000 [0.4810, 0.8545] Wilson") && sens.ends_with("14/20"),
        "{sens}"
    );
    assert!(lines[at[5]].contains("DeLong"), "{s}");
    assert!(lines[at[7]].contains("Wald"), "{s}");
    // The plan's interval is the one shown.
    let s = summary("clopper_pearson");
    assert!(s.contains("0.7000 [0.4572, 0.8811] Clopper–Pearson"), "{s}");
}
