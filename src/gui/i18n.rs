//! Every word the app shows is in the Fluent catalogues i18n/<language>/provestein.ftl
//! (loaded by `crate::words`, written through `tr!`). This module gives the messages without
//! arguments names the steps can pass around (`t::VERDICT`), and the app's ways of writing
//! numbers, all through `Numbers`.
//!
//! Messages from the engine (errors that name a file, line or column) stay English: they are
//! also what `batch` prints, and what a support request quotes.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

pub(crate) use crate::words::tr;
pub use provestein::i18n::{Lang, Numbers};

/// A message without arguments, as a value (for tables of headers and `match`es).
#[derive(Clone, Copy)]
pub struct Msg {
    id: &'static str,
    look_up: fn(Lang) -> String,
}

impl Msg {
    /// The message in `lang`, looked up once per language and kept for the life of the
    /// process (the catalogue is fixed, so this is bounded by its size), so that a step can
    /// use it wherever a `&str` goes.
    pub fn get(self, lang: Lang) -> &'static str {
        type Cache = Mutex<HashMap<(&'static str, &'static str), &'static str>>;
        static CACHE: LazyLock<Cache> = LazyLock::new(Default::default);
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry((lang.tag(), self.id))
            .or_insert_with(|| (self.look_up)(lang).leak())
    }
}

macro_rules! msgs {
    ($($name:ident = $id:literal;)*) => {
        /// The messages without arguments, by the names the steps use.
        pub mod t {
            use super::Msg;
            $(pub const $name: Msg = Msg {
                id: $id,
                look_up: |lang| crate::words::tr!(lang, $id),
            };)*
            #[cfg(test)]
            pub const ALL: &[Msg] = &[$($name),*];
        }
    };
}

msgs! {
    STEP_MODEL = "step-model";
    STEP_COHORT = "step-cohort";
    STEP_PLAN = "step-plan";
    STEP_RUN = "step-run";
    STEP_RESULTS = "step-results";
    STEP_CASES = "step-cases";
    STEP_REPORT = "step-report";
    STEP_HISTORY = "step-history";
    STEP_DONE = "step-done";
    STEP_NOT_DONE = "step-not-done";
    LANGUAGE = "language";
    LANGUAGE_SHORT = "language-short";
    CRIT_METRIC = "crit-metric";
    CRIT_BOUND = "crit-bound";
    CRIT_DIRECTION = "crit-direction";
    CRIT_LIMIT = "crit-limit";
    DISMISS = "dismiss";
    BROWSE = "browse";
    OPEN = "open";
    CHOOSE = "choose";
    NONE = "none";
    REMOVE = "remove";
    PLAN_UNSAVED = "plan-unsaved";
    STATUS_EDITED = "status-edited";
    TYPE_PLAN_PATH = "type-plan-path";
    PLAN_DRAFT_ORIGIN = "plan-draft-origin";
    MODEL_HEADING = "model-heading";
    MODEL_INTRO = "model-intro";
    STUDY_NAME = "study-name";
    STUDY_NAME_HINT = "study-name-hint";
    INTENDED_USE = "intended-use";
    INTENDED_USE_HINT = "intended-use-hint";
    SOURCE_ONNX = "source-onnx";
    SOURCE_VENDOR = "source-vendor";
    MODEL_FILE = "model-file";
    INSPECT = "inspect";
    INSPECTING = "inspecting";
    MODEL_NONE = "model-none";
    FILE_SIZE = "file-size";
    PRODUCER = "producer";
    GRAPH = "graph";
    DESCRIPTION = "description";
    DOMAIN = "domain";
    MODEL_VERSION = "model-version";
    TENSORS = "tensors";
    ROLE = "role";
    NAME = "name";
    SHAPE = "shape";
    TYPE = "type";
    INPUT = "input";
    OUTPUT = "output";
    MODEL_INPUT = "model-input";
    MODEL_OUTPUT = "model-output";
    POSITIVE_INDEX = "positive-index";
    POSITIVE_INDEX_HELP = "positive-index-help";
    VENDOR_FILE = "vendor-file";
    VENDOR_NONE = "vendor-none";
    ID_COLUMN = "id-column";
    ID_COLUMN_HELP = "id-column-help";
    SCORE_COLUMN = "score-column";
    ROLE_ID = "role-id";
    ROLE_SCORE = "role-score";
    ROLE_LABEL = "role-label";
    ROLE_FEATURE = "role-feature";
    ROLE_SUBGROUP = "role-subgroup";
    ROLE_JOIN = "role-join";
    COHORT_HEADING = "cohort-heading";
    COHORT_INTRO = "cohort-intro";
    KIND_CSV = "kind-csv";
    KIND_DICOM = "kind-dicom";
    COHORT_FILE = "cohort-file";
    COHORT_NONE = "cohort-none";
    LABEL_COLUMN = "label-column";
    POSITIVE_VALUE = "positive-value";
    POSITIVE_VALUE_HELP = "positive-value-help";
    FEATURES = "features";
    ALL_OTHER_COLUMNS = "all-other-columns";
    SUBGROUPS = "subgroups";
    SUBGROUPS_HELP = "subgroups-help";
    DICOM_FOLDER = "dicom-folder";
    SCAN = "scan";
    SCANNING = "scanning";
    LABELS_FILE = "labels-file";
    JOIN_KEY = "join-key";
    JOIN_COLUMN = "join-column";
    UNIT = "unit";
    UNIT_IMAGE = "unit-image";
    UNIT_SERIES = "unit-series";
    UNIT_STUDY = "unit-study";
    AGGREGATE = "aggregate";
    AGG_MAX = "agg-max";
    AGG_MEAN = "agg-mean";
    DICOM_SUBGROUPS_HELP = "dicom-subgroups-help";
    PREPROCESS_FROM_PLAN = "preprocess-from-plan";
    PREPROCESS_MISSING = "preprocess-missing";
    SURVEY_FILES = "survey-files";
    MODALITIES = "modalities";
    MANUFACTURERS = "manufacturers";
    SEX = "sex";
    AGE = "age";
    NO_AGES = "no-ages";
    TRANSFER_SYNTAXES = "transfer-syntaxes";
    NOT_USABLE = "not-usable";
    PLAN_HEADING = "plan-heading";
    PLAN_INTRO = "plan-intro";
    PLAN_FILE = "plan-file";
    OPEN_PLAN = "open-plan";
    SAVE_PLAN = "save-plan";
    SAVE_PLAN_AS = "save-plan-as";
    EDITED_AFTER_RESULTS = "edited-after-results";
    ANALYSIS = "analysis";
    THRESHOLD = "threshold";
    THRESHOLD_HELP = "threshold-help";
    CONFIDENCE = "confidence";
    CONFIDENCE_HELP = "confidence-help";
    PROPORTION_INTERVAL = "proportion-interval";
    PROPORTION_INTERVAL_HELP = "proportion-interval-help";
    BOOTSTRAP = "bootstrap";
    BOOTSTRAP_HELP = "bootstrap-help";
    SEED = "seed";
    SEED_HELP = "seed-help";
    MIN_GROUP = "min-group";
    MIN_GROUP_HELP = "min-group-help";
    CRITERIA = "criteria";
    CRITERIA_INTRO = "criteria-intro";
    ADD_CRITERION = "add-criterion";
    WORST_SUBGROUP = "worst-subgroup";
    WORST_SUBGROUP_HELP = "worst-subgroup-help";
    BOUND_ESTIMATE = "bound-estimate";
    BOUND_LOW = "bound-low";
    BOUND_HIGH = "bound-high";
    SENT_WORST = "sent-worst";
    PLAN_READY = "plan-ready";
    PLAN_NOT_READY = "plan-not-ready";
    GO_RUN = "go-run";
    PLAN_AS_TOML = "plan-as-toml";
    RUN_HEADING = "run-heading";
    RUN_INTRO = "run-intro";
    RUN_NEEDS_PATH = "run-needs-path";
    RUN_NO_ANALYSIS_CHANGE = "run-no-analysis-change";
    FIX_AND_RUN = "fix-and-run";
    STARTING = "starting";
    CANCEL = "cancel";
    CANCELLING = "cancelling";
    RUN_STOPPED = "run-stopped";
    RUN_CANCELLED = "run-cancelled";
    STAGE_OCCLUSION = "stage-occlusion";
    OCCLUSION_MAPS = "occlusion-maps";
    STAGE_READING = "stage-reading";
    STAGE_STATISTICS = "stage-statistics";
    STAGE_SCORING = "stage-scoring";
    STAGE_JOINING = "stage-joining";
    STAGE_DECODING = "stage-decoding";
    STAGE_REPORT = "stage-report";
    VERDICT = "verdict";
    VERDICT_PASS = "verdict-pass";
    VERDICT_FAIL = "verdict-fail";
    VERDICT_INCONCLUSIVE = "verdict-inconclusive";
    FLAGS_HEADING = "flags-heading";
    FLAGS_NOTE = "flags-note";
    NOT_ESTIMABLE = "not-estimable";
    FOREST_KEY = "forest-key";
    PRESPEC_UNKNOWN = "prespec-unknown";
    PRESPEC_FIRST = "prespec-first";
    PART_THRESHOLD = "part-threshold";
    PART_CRITERIA = "part-criteria";
    PART_ANALYSIS = "part-analysis";
    PART_COHORT = "part-cohort";
    PART_MODEL = "part-model";
    PART_PREPROCESS = "part-preprocess";
    PART_COMPARE = "part-compare";
    AND = "and";
    RESULTS_OF_OLDER_PLAN = "results-of-older-plan";
    TAB_SUMMARY = "tab-summary";
    TAB_THRESHOLD = "tab-threshold";
    TAB_CALIBRATION = "tab-calibration";
    TAB_SUBGROUPS = "tab-subgroups";
    TAB_EXCLUSIONS = "tab-exclusions";
    METRIC = "metric";
    ESTIMATE = "estimate";
    INTERVAL = "interval";
    METHOD = "method";
    COUNT = "count";
    COPY_TABLE = "copy-table";
    TRULY_POSITIVE = "truly-positive";
    TRULY_NEGATIVE = "truly-negative";
    CALLED_POSITIVE = "called-positive";
    CALLED_NEGATIVE = "called-negative";
    ROC_TITLE = "roc-title";
    AXIS_FPR = "axis-fpr";
    AXIS_TPR = "axis-tpr";
    CHANCE = "chance";
    EXPLORED_POINT = "explored-point";
    EXPLORE_THRESHOLD = "explore-threshold";
    RESET_THRESHOLD = "reset-threshold";
    AXIS_SCORE = "axis-score";
    AXIS_CASES = "axis-cases";
    NEGATIVES = "negatives";
    POSITIVES = "positives";
    EXPLORED_THRESHOLD = "explored-threshold";
    NO_CALIBRATION = "no-calibration";
    AXIS_PREDICTED = "axis-predicted";
    AXIS_OBSERVED = "axis-observed";
    PERFECT = "perfect";
    BINS = "bins";
    BIN = "bin";
    IDEAL_ONE = "ideal-one";
    IDEAL_ZERO = "ideal-zero";
    NO_SUBGROUPS = "no-subgroups";
    FOREST_METRIC = "forest-metric";
    WHOLE_COHORT = "whole-cohort";
    TESTED_GROUP = "tested-group";
    INSUFFICIENT_GROUP = "insufficient-group";
    GROUP = "group";
    STATUS = "status";
    TESTED = "tested";
    INSUFFICIENT = "insufficient";
    REASON = "reason";
    WHERE = "where";
    DETAIL = "detail";
    CASES_HEADING = "cases-heading";
    OUT_TP = "out-tp";
    OUT_FP = "out-fp";
    OUT_FN = "out-fn";
    OUT_TN = "out-tn";
    ALL_GROUPS = "all-groups";
    SUBGROUP_FILTER = "subgroup-filter";
    SHOW_IDS = "show-ids";
    PROGRESS_WORKING = "progress-working";
    RESULTS_OF_PREVIOUS_RUN = "results-of-previous-run";
    ADJUDICATE_HEADING = "adjudicate-heading";
    ADJUDICATE_REFERENCE_WRONG = "adjudicate-reference-wrong";
    ADJUDICATE_MODEL_RIGHT = "adjudicate-model-right";
    ADJUDICATE_MODEL_WRONG = "adjudicate-model-wrong";
    ADJUDICATE_CANNOT_TELL = "adjudicate-cannot-tell";
    ADJUDICATE_COMMENT = "adjudicate-comment";
    ADJUDICATE_HELP = "adjudicate-help";
    ADJUDICATE_NOT_RECORDED = "adjudicate-not-recorded";
    SHOW_IDS_HELP = "show-ids-help";
    PICK_A_CASE = "pick-a-case";
    ROW_NOT_FOUND = "row-not-found";
    WINDOW_CENTER = "window-center";
    WINDOW_WIDTH = "window-width";
    WINDOW_RESET = "window-reset";
    WINDOW_PRESETS = "window-presets";
    PRESET_BRAIN = "preset-brain";
    PRESET_LUNG = "preset-lung";
    PRESET_MEDIASTINUM = "preset-mediastinum";
    PRESET_BONE = "preset-bone";
    PRESET_ABDOMEN = "preset-abdomen";
    PRESET_DEFAULT = "preset-default";
    VIEWER_ZOOM = "viewer-zoom";
    VIEWER_FIT = "viewer-fit";
    VIEWER_IMAGES = "viewer-images";
    VIEWER_MODEL_INPUT = "viewer-model-input";
    VIEWER_MODEL_INPUT_HELP = "viewer-model-input-help";
    COHORT_THUMBNAIL = "cohort-thumbnail";
    COHORT_THUMBNAIL_HELP = "cohort-thumbnail-help";
    VIEWER_IMAGE = "viewer-image";
    VIEWER_CASE_HELP = "viewer-case-help";
    TAB_IMPORTANCE = "tab-importance";
    IMPORTANCE_NONE = "importance-none";
    IMPORTANCE_AXIS = "importance-axis";
    IMPORTANCE_CLEAR = "importance-clear";
    IMPORTANCE_UNCLEAR = "importance-unclear";
    IMPORTANCE_RANGE = "importance-range";
    MODEL_INPUT_NAME = "model-input-name";
    MEAN_DROP = "mean-drop";
    CASE_TOP_FEATURES = "case-top-features";
    CASE_CHANGE = "case-change";
    COHORT_MEDIAN = "cohort-median";
    CASE_TOP_HELP = "case-top-help";
    CASE_NOT_EXPLAINED = "case-not-explained";
    CASE_NO_CHANGE = "case-no-change";
    STAGE_IMPORTANCE = "stage-importance";
    STAGE_EXPLAIN_CASES = "stage-explain-cases";
    FOR_THE_REPORT = "for-the-report";
    FOR_THE_REPORT_INTRO = "for-the-report-intro";
    PRODUCT_NAME = "product-name";
    PRODUCT_VENDOR = "product-vendor";
    PRODUCT_VERSION = "product-version";
    REFERENCE_STANDARD = "reference-standard";
    REFERENCE_STANDARD_HINT = "reference-standard-hint";
    ELIGIBILITY = "eligibility";
    SAMPLING = "sampling";
    SAMPLING_HINT = "sampling-hint";
    CLAIMS = "claims";
    CLAIMS_INTRO = "claims-intro";
    CLAIMS_SOURCE = "claims-source";
    MANIFEST_FILE = "manifest-file";
    MANIFEST_HINT = "manifest-hint";
    MANIFEST_USE = "manifest-use";
    DATE_COLUMN = "date-column";
    NO_DATE = "no-date";
    DRIFT_PERIOD = "drift-period";
    QUARTER = "quarter";
    MONTH = "month";
    DRIFT_PERIOD_HELP = "drift-period-help";
    TAB_VENDOR = "tab-vendor";
    VENDOR_NO_MANIFEST = "vendor-no-manifest";
    VENDOR_SIGNATURE = "vendor-signature";
    VENDOR_VECTOR = "vendor-vector";
    VENDOR_EXPECTED = "vendor-expected";
    VENDOR_ACTUAL = "vendor-actual";
    VENDOR_TOLERANCE = "vendor-tolerance";
    VENDOR_RESULT = "vendor-result";
    VENDOR_OK = "vendor-ok";
    VENDOR_NOT_OK = "vendor-not-ok";
    VENDOR_NO_VECTORS = "vendor-no-vectors";
    VENDOR_REPRESENTATIVE = "vendor-representative";
    HISTORY_HEADING = "history-heading";
    HISTORY_INTRO = "history-intro";
    HISTORY_FILE = "history-file";
    HISTORY_OPEN = "history-open";
    HISTORY_REFRESH = "history-refresh";
    HISTORY_VERIFY = "history-verify";
    HISTORY_EMPTY = "history-empty";
    HISTORY_SELECT = "history-select";
    HISTORY_RUN = "history-run";
    HISTORY_STATUS = "history-status";
    HISTORY_STARTED = "history-started";
    HISTORY_USER = "history-user";
    HISTORY_SAVE = "history-save";
    HISTORY_OTHER_MODEL = "history-other-model";
    HISTORY_PLAN = "history-plan";
    HISTORY_POST_HOC = "history-post-hoc";
    YES = "yes";
    NO = "no";
    HISTORY_SAME_PLAN = "history-same-plan";
    HISTORY_PLAN_DIFF = "history-plan-diff";
    HISTORY_TESTS_PAIRED = "history-tests-paired";
    HISTORY_TESTS = "history-tests";
    HISTORY_NO_CHANGE = "history-no-change";
    HISTORY_CHANGES = "history-changes";
    DRIFT_NONE = "drift-none";
    PERIOD_WORSE = "period-worse";
    DRIFT_KEY = "drift-key";
    REPORT_HEADING = "report-heading";
    REPORT_INTRO = "report-intro";
    OUTPUT_FOLDER = "output-folder";
    REPORT_LANGUAGE = "report-language";
    EXPORT = "export";
    NO_IDENTIFIERS = "no-identifiers";
    REPORT_PRESPEC = "report-prespec";
    RUN_TIME = "run-time";
    WRITTEN = "written";
    OCCLUSION_BUTTON = "occlusion-button";
    OCCLUSION_HELP = "occlusion-help";
    OCCLUSION_PATCH = "occlusion-patch";
    OCCLUSION_STRIDE = "occlusion-stride";
    OCCLUSION_RUNNING = "occlusion-running";
    OCCLUSION_OPACITY = "occlusion-opacity";
    OCCLUSION_SCALE = "occlusion-scale";
    OCCLUSION_CAPTION = "occlusion-caption";
    SEG_MEAN = "seg-mean";
    FIG_DICE = "fig-dice";
    FIG_IOU = "fig-iou";
    FIG_HD = "fig-hd";
    FIG_HD95 = "fig-hd95";
    FIG_ASSD = "fig-assd";
    FIG_NSD = "fig-nsd";
    FIG_VOLUME_DIFFERENCE = "fig-volume-difference";
    SEG_NO_STRUCTURES = "seg-no-structures";
    SEG_STRUCTURE = "seg-structure";
    SEG_CASES_PATIENTS = "seg-cases-patients";
    SEG_MEAN_CI = "seg-mean-ci";
    SEG_MEDIAN_CI = "seg-median-ci";
    SEG_FOUND_WHEN_PRESENT = "seg-found-when-present";
    SEG_EMPTY_WHEN_ABSENT = "seg-empty-when-absent";
    SEG_SHARE = "seg-share";
    SEG_DISTRIBUTION = "seg-distribution";
    SEG_DICE_MEAN = "seg-dice-mean";
    SEG_HD95_MEDIAN = "seg-hd95-median";
    PRESENCE_BOTH = "presence-both";
    PRESENCE_BOTH_EMPTY = "presence-both-empty";
    PRESENCE_MISSED = "presence-missed";
    PRESENCE_FALSE_ALARM = "presence-false-alarm";
    SEG_CASES_HEADING = "seg-cases-heading";
    VIEWER_INDEXING = "viewer-indexing";
    VIEWER_LOADING = "viewer-loading";
    CASE_ROW_LOADING = "case-row-loading";
    VIEWER_SLICE = "viewer-slice";
    VIEWER_TRUTH = "viewer-truth";
    VIEWER_PREDICTION = "viewer-prediction";
    VIEWER_OPACITY = "viewer-opacity";
    VIEWER_HELP = "viewer-help";
    TAB_SEG_SUMMARY = "tab-seg-summary";
    TAB_LESIONS = "tab-lesions";
    CASES_UNIT_LEVEL = "cases-unit-level";
    PER_CLASS = "per-class";
    UNIT_WRONG_PLACE = "unit-wrong-place";
    UNIT_WORST_LESIONS = "unit-worst-lesions";
    TAB_CLASSES = "tab-classes";
    CLASS = "class";
    CLASSES_FOREST = "classes-forest";
    CLASSES_CLICK = "classes-click";
    MARKS_EDIT_IN_PLAN = "marks-edit-in-plan";
    SENT_UNIT_LEVEL = "sent-unit-level";
    FROC_BEYOND = "froc-beyond";
    TAB_UNIT_LEVEL = "tab-unit-level";
    TAB_DETECTION = "tab-detection";
    TAB_FINDINGS = "tab-findings";
    UNIT_LEVEL_NOTE = "unit-level-note";
    AXIS_FP_PER_UNIT = "axis-fp-per-unit";
    AXIS_LESION_SENSITIVITY = "axis-lesion-sensitivity";
    FROC_CURVE = "froc-curve";
    FROC_TITLE = "froc-title";
    HIT_CENTRE_WITHIN_RADIUS = "hit-centre-within-radius";
    CPM = "cpm";
    MARKS_TOTAL = "marks-total";
    MARKS_TP = "marks-tp";
    MARKS_FP = "marks-fp";
    MARKS_FP_LESION_FREE = "marks-fp-lesion-free";
    MARKS_EXTRA = "marks-extra";
    MARKS_UNKNOWN_UNIT = "marks-unknown-unit";
    DET_SENSITIVITY_AT = "det-sensitivity-at";
    FP_PER_UNIT = "fp-per-unit";
    LESION_SENSITIVITY = "lesion-sensitivity";
    CRITERION = "criterion";
    DET_MARKS = "det-marks";
    DET_MARKS_WHAT = "det-marks-what";
    LESION_MISSED = "lesion-missed";
    STRATUM = "stratum";
    LESIONS_HIT = "lesions-hit";
    BY_SIZE = "by-size";
    BY_TYPE = "by-type";
    NO_STRATA = "no-strata";
    DET_UNIT = "det-unit";
    CENTRE = "centre";
    SIZE_MM = "size-mm";
    LESION_TYPE = "lesion-type";
    MARK_SCORE = "mark-score";
    FINDING = "finding";
    POSITIVES_OF_N = "positives-of-n";
    SENSITIVITY_CI = "sensitivity-ci";
    SPECIFICITY_CI = "specificity-ci";
    OPEN_FINDING = "open-finding";
    FINDINGS_CLICK = "findings-click";
    ESTIMATE_CI = "estimate-ci";
    FINDINGS_HOLM = "findings-holm";
    FINDINGS_FOREST = "findings-forest";
    FINDINGS_FOREST_KEY = "findings-forest-key";
    TRUTH_PREDICTED = "truth-predicted";
    // The start screen, the file picker and the Plan step's report settings.
    STEP_START = "step-start";
    START_HEADING = "start-heading";
    START_INTRO = "start-intro";
    START_OPEN = "start-open";
    START_OPEN_PLAN = "start-open-plan";
    START_DROP = "start-drop";
    START_SAMPLES = "start-samples";
    START_NO_SAMPLES = "start-no-samples";
    START_NEW = "start-new";
    START_MODEL_FIRST = "start-model-first";
    START_COHORT_FIRST = "start-cohort-first";
    START_NEW_HELP = "start-new-help";
    START_SETTINGS = "start-settings";
    START_RECENT_PLANS = "start-recent-plans";
    START_NO_RECENT = "start-no-recent";
    START_RECENT_RUNS = "start-recent-runs";
    SAMPLE_BREAST = "sample-breast";
    SAMPLE_BREAST_ABOUT = "sample-breast-about";
    SAMPLE_IMAGING = "sample-imaging";
    SAMPLE_IMAGING_ABOUT = "sample-imaging-about";
    SAMPLE_SEGMENTATION = "sample-segmentation";
    SAMPLE_SEGMENTATION_ABOUT = "sample-segmentation-about";
    SAMPLE_DETECTION = "sample-detection";
    SAMPLE_DETECTION_ABOUT = "sample-detection-about";
    SAMPLE_FINDINGS = "sample-findings";
    SAMPLE_FINDINGS_ABOUT = "sample-findings-about";
    BUILTIN_PICKER = "builtin-picker";
    PICKER_SYSTEM_FOUND = "picker-system-found";
    PICKER_SYSTEM_MISSING = "picker-system-missing";
    PICKER_SYSTEM_UNKNOWN = "picker-system-unknown";
    PICK_FILE = "pick-file";
    PICK_FOLDER = "pick-folder";
    PICK_SAVE = "pick-save";
    PICK_SAVE_BUTTON = "pick-save-button";
    PICK_NEW_FOLDER = "pick-new-folder";
    PICK_FILE_LABEL = "pick-file-label";
    PICK_SHOW_HIDDEN = "pick-show-hidden";
    PICK_PARENT = "pick-parent";
    PICK_REFRESH = "pick-refresh";
    REPORT_SETTINGS = "report-settings";
    REPORT_SETTINGS_INTRO = "report-settings-intro";
    LOCAL_PREVALENCE = "local-prevalence";
    LOCAL_PREVALENCE_HELP = "local-prevalence-help";
    LOCAL_PREVALENCE_NONE = "local-prevalence-none";
    SITE = "site";
    SITE_HINT = "site-hint";
    SITE_HELP = "site-help";
    PLAN_REPORT_LANGUAGE = "plan-report-language";
    PLAN_REPORT_LANGUAGE_HELP = "plan-report-language-help";
    SIGNERS = "signers";
    SIGNERS_DEFAULT = "signers-default";
    SIGNER_ROLE = "signer-role";
    SIGNER_NAME = "signer-name";
    SIGNER_NAME_HINT = "signer-name-hint";
    ADD_SIGNER = "add-signer";
    SIGNER_PHYSICIST = "signer-physicist";
    SIGNER_CLINICAL_LEAD = "signer-clinical-lead";
    EXPLANATIONS = "explanations";
    EXPLAIN_OUTCOMES = "explain-outcomes";
    FALSE_NEGATIVES = "false-negatives";
    FALSE_POSITIVES = "false-positives";
    TRUE_POSITIVES = "true-positives";
    TRUE_NEGATIVES = "true-negatives";
    EXPLAIN_NEEDS_IMAGES = "explain-needs-images";
    OCCLUSION_PATCH_HELP = "occlusion-patch-help";
    OCCLUSION_STRIDE_HELP = "occlusion-stride-help";
    OCCLUSION_BASELINE = "occlusion-baseline";
    BASELINE_MEAN = "baseline-mean";
    BASELINE_BLUR = "baseline-blur";
    OCCLUSION_BASELINE_HELP = "occlusion-baseline-help";
    PERMUTATIONS = "permutations";
    PERMUTATIONS_HELP = "permutations-help";
}

/// An interval as the app's tables write it: "0.8710 – 0.9420" / "0,8710 – 0,9420".
pub fn range(lang: Lang, [lo, hi]: [f64; 2], digits: usize) -> String {
    let n = Numbers(lang);
    format!("{} – {}", n.num(lo, digits), n.num(hi, digits))
}

/// A difference with its sign: "+0.012" / "−0,012".
pub fn signed(lang: Lang, x: f64, digits: usize) -> String {
    let s = Numbers(lang).num(x, digits);
    if x > 0.0 && x.is_finite() {
        format!("+{s}")
    } else {
        s
    }
}

/// How a slider or drag value writes its number in `lang` (0,5 in bokmål): the fewest of the
/// allowed decimals that show the value exactly, as egui does.
pub fn widget_number(lang: Lang) -> impl Fn(f64, std::ops::RangeInclusive<usize>) -> String {
    move |x, decimals| {
        let (lo, hi) = (*decimals.start(), *decimals.end());
        let digits = (lo..=hi)
            .find(|&d| format!("{x:.d$}").parse::<f64>() == Ok(x))
            .unwrap_or(hi);
        Numbers(lang).num(x, digits)
    }
}

/// Reads a number typed into a slider or drag value, with either decimal mark.
pub fn parse_number(s: &str) -> Option<f64> {
    s.trim().replace(',', ".").replace('−', "-").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fl!` checks arguments only where some are given: a message named here must need none
    /// in any language (Fluent would write a missing one as "{$name}").
    #[test]
    fn the_named_messages_need_no_arguments() {
        for lang in Lang::ALL {
            for m in t::ALL {
                let text = m.get(lang);
                assert!(!text.contains("{$"), "{} in {}: {text}", m.id, lang.tag());
                assert!(
                    crate::words::loader(lang).has(m.id),
                    "{} is missing in {}",
                    m.id,
                    lang.tag()
                );
            }
        }
    }

    #[test]
    fn widgets_write_and_read_numbers_the_languages_way() {
        let nb = widget_number(Lang::Nb);
        assert_eq!(nb(0.5, 0..=4), "0,5");
        assert_eq!(nb(0.5, 3..=3), "0,500");
        assert_eq!(widget_number(Lang::En)(-0.25, 0..=4), "\u{2212}0.25");
        assert_eq!(parse_number("0,75"), Some(0.75));
        assert_eq!(parse_number("\u{2212}0.25"), Some(-0.25));
        assert_eq!(signed(Lang::Nb, 0.0123, 3), "+0,012");
        assert_eq!(range(Lang::Nb, [0.1, 0.25], 2), "0,10 – 0,25");
    }
}
