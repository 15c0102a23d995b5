//! One detection case for a person to look at, in the app's viewer: the images (slices) of a
//! unit as modality values, and on each, the truth lesions and the marks that lie on it, drawn
//! as circles or boxes in pixels, each mark with its score and what the matching made of it
//! (true positive, false positive, extra) and each lesion whether it was hit. Read by the run's
//! own code, so what is shown is what was measured. Nothing here goes into report.json.
