//! The sample studies the start screen offers, and where they are found. The samples'
//! plans name the models in `models/` beside `sample-studies/` (`../../models/…`), so the two
//! folders travel together: in the source tree, and in an installation under
//! `<prefix>/share/provestein/`.

use std::path::{Path, PathBuf};

use crate::gui::i18n::{Msg, t};

/// A sample study: its folder's name, its plan, and its name and description in words.
#[derive(Clone)]
pub struct Sample {
    pub key: &'static str,
    pub plan: PathBuf,
    pub title: Msg,
    pub about: Msg,
}

/// The samples offered, in this order, when their plan is there.
const KNOWN: [(&str, &str, Msg, Msg); 5] = [
    (
        "breast-cancer",
        "plan.toml",
        t::SAMPLE_BREAST,
        t::SAMPLE_BREAST_ABOUT,
    ),
    (
        "imaging-demo",
        "plan.toml",
        t::SAMPLE_IMAGING,
        t::SAMPLE_IMAGING_ABOUT,
    ),
    (
        "segmentation-demo",
        "plan.toml",
        t::SAMPLE_SEGMENTATION,
        t::SAMPLE_SEGMENTATION_ABOUT,
    ),
    (
        "detection-demo",
        "plan.toml",
        t::SAMPLE_DETECTION,
        t::SAMPLE_DETECTION_ABOUT,
    ),
    (
        "findings-demo",
        "plan-multilabel.toml",
        t::SAMPLE_FINDINGS,
        t::SAMPLE_FINDINGS_ABOUT,
    ),
];

/// Where `sample-studies/` is: beside the executable or in any folder above it (the source
/// tree, where the binary is target/<profile>/provestein), in `share/provestein/` of any
/// folder above it (an installation: <prefix>/bin/provestein), else in the source tree the
/// binary was built from (`repo`), if it is still there.
pub fn sample_root(exe: Option<&Path>, repo: &Path) -> Option<PathBuf> {
    let above = exe.and_then(Path::parent).into_iter().flat_map(|d| {
        d.ancestors().flat_map(|a| {
            [
                a.join("sample-studies"),
                a.join("share").join("provestein").join("sample-studies"),
            ]
        })
    });
    above
        .chain(std::iter::once(repo.join("sample-studies")))
        .find(|p| p.is_dir())
}

/// The known samples present under `root`.
pub fn samples_in(root: &Path) -> Vec<Sample> {
    KNOWN
        .iter()
        .map(|&(key, plan, title, about)| Sample {
            key,
            plan: root.join(key).join(plan),
            title,
            about,
        })
        .filter(|s| s.plan.is_file())
        .collect()
}

/// The samples of this executable.
pub fn find() -> Vec<Sample> {
    let exe = std::env::current_exe().ok();
    sample_root(exe.as_deref(), Path::new(env!("CARGO_MANIFEST_DIR")))
        .map(|r| samples_in(&r))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_found_beside_the_binary_above_it_or_in_an_installation() {
        let dir = tempfile::tempdir().unwrap();
        let nowhere = dir.path().join("no-repo");
        // An installation: <prefix>/bin/provestein and <prefix>/share/provestein/sample-studies.
        let prefix = dir.path().join("usr");
        let shared = prefix.join("share/provestein/sample-studies");
        std::fs::create_dir_all(shared.join("breast-cancer")).unwrap();
        std::fs::write(shared.join("breast-cancer/plan.toml"), "").unwrap();
        let exe = prefix.join("bin/provestein");
        assert_eq!(sample_root(Some(&exe), &nowhere), Some(shared.clone()));
        let found = samples_in(&shared);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].key, "breast-cancer");
        // A source tree: target/debug/provestein under the repository.
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join("sample-studies")).unwrap();
        std::fs::create_dir_all(repo.join("target/debug")).unwrap();
        assert_eq!(
            sample_root(Some(&repo.join("target/debug/provestein")), &nowhere),
            Some(repo.join("sample-studies"))
        );
        // Neither: the tree the binary was built from.
        assert_eq!(
            sample_root(Some(&dir.path().join("elsewhere/provestein")), &repo),
            Some(repo.join("sample-studies"))
        );
        assert_eq!(
            sample_root(Some(&dir.path().join("elsewhere/provestein")), &nowhere),
            None
        );
    }

    #[test]
    fn this_tree_offers_the_breast_cancer_and_imaging_samples() {
        let keys: Vec<_> = find().into_iter().map(|s| s.key).collect();
        assert!(keys.contains(&"breast-cancer") && keys.contains(&"imaging-demo"));
    }
}
