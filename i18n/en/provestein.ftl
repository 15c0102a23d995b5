# The app's and the CLI's words in English (the fallback language: `fl!` checks every message
# id and argument name against this file at compile time). Arguments are named ({ $cases });
# numbers arrive already written by `Numbers`, counts arrive as numbers so that a selector
# picks the plural form ([one] / *[other], CLDR rules). A new language is a copy of this file in
# i18n/<tag>/ with the same ids and arguments (src/words.rs tests that), plus a `Lang` variant.

## Frame and steps
step-model = Model
step-cohort = Cohort
step-plan = Plan
step-run = Run
step-results = Results
step-cases = Cases
step-report = Report
step-history = History
step-done = Done: this step has what it needs
step-not-done = Not done yet
language = Language of the app
language-short = Language
crit-metric = Metric
crit-bound = Judged on
crit-direction = Must be
crit-limit = Limit
dismiss = Dismiss
browse = Browse…
open = Open
choose = (choose)
none = None
remove = Remove
status-plan = Plan: { $path }
plan-unsaved = not saved yet
status-fixed = fixed before the run: SHA-256 { $hash }… at { $time }
status-post-hoc = post hoc: changed after run #{ $run }
status-edited = edited since the shown results
drop-unknown = Cannot use { $file }: drop a plan (.toml), a model (.onnx), a CSV file or a DICOM folder.
type-plan-path = Type the path of the plan file first (or drop one on the window).
plan-opened = Opened { $path }
plan-saved = Saved the plan to { $path }
plan-draft-origin = (being edited)

## Model
model-heading = Where the scores come from
model-intro = Open the vendor's ONNX model to run it here, or the vendor's own scores as a CSV file for products that ship no model.
study-name = Study name
study-name-hint = e.g. Chest X-ray triage, local validation 2026
intended-use = Intended use
intended-use-hint = Paste the vendor's intended-use statement
source-onnx = ONNX model (run here)
source-vendor = Vendor's scores (CSV)
model-file = Model file
inspect = Inspect
inspecting = Opening the model in ONNX Runtime…
model-none = No model opened yet. Type its path, browse, or drop the .onnx file on the window.
file-size = File size
producer = Made with
graph = Graph
description = Description
domain = Domain
model-version = Model version
tensors = Inputs and outputs
role = Role
name = Name
shape = Shape
type = Type
input = input
output = output
model-input = Input the cases go into
model-output = Output holding the probabilities
positive-index = Column of the positive class
positive-index-help = For an output of shape [N, k]: which of the k columns is the probability of disease. Usually 1.
vendor-file = Score file
vendor-none = No score file opened yet.
id-column = Case id column
id-column-help = A pseudonym per case. It is written to predictions.csv, so never use a patient's name or national id.
score-column = Score column
rows-in-file =
    { $rows ->
        [one] { $rows } row in the file:
       *[other] { $rows } rows in the file; the first rows:
    }
role-id = id
role-score = score
role-label = ground truth
role-feature = input
role-subgroup = subgroup
role-join = joins images

## Cohort
cohort-heading = The local cohort
cohort-intro = Your own cases with their ground truth: a CSV table, or a folder of DICOM images with a CSV of labels.
kind-csv = CSV table
kind-dicom = DICOM folder
cohort-file = Cohort file
cohort-none = No cohort opened yet.
label-column = Ground-truth column
positive-value = Value that means disease
positive-value-help = Every other value must be the one negative value; rows with other values are excluded and counted.
features = Model inputs
features-help = { $count } chosen, in the order the model expects them (the order you tick them).
all-other-columns = All other numeric columns
subgroups = Subgroups
subgroups-help = Attributes to check the model's fairness over (sex, age band, scanner, site…).
dicom-folder = DICOM folder
scan = Scan
scanning = Reading the headers of every file…
labels-file = Labels file
join-key = Image joined to its label by
join-column = Column in the labels file
unit = One case is
unit-image = an image
unit-series = a series
unit-study = a study
aggregate = Images combine by
agg-max = maximum score
agg-mean = mean score
dicom-subgroups-help = DICOM attributes, age bands from the plan, or columns of the labels file.
preprocess-from-plan = Image preprocessing, from the plan file:
preprocess-missing = A model on DICOM images needs a [preprocess] section (size, channels, normalisation): add it to the plan file, see docs/plan.md.
survey-files = Found
survey-counts =
    { $files ->
        [one] { $files } file
       *[other] { $files } files
    }: { $images ->
        [one] { $images } image
       *[other] { $images } images
    } in { $studies ->
        [one] { $studies } study
       *[other] { $studies } studies
    }, { $series } series
modalities = Modalities
manufacturers = Scanners
sex = Sex
age = Age
age-summary =
    { $low } to { $high } years, median { $median } ({ $images ->
        [one] { $images } image
       *[other] { $images } images
    } with an age)
no-ages = no ages recorded
transfer-syntaxes = Transfer syntaxes
not-usable = Not usable
not-usable-list =
    { $files ->
        [one] { $files } file that cannot be used, with the reason
       *[other] { $files } files that cannot be used, with reasons
    }

## Plan
plan-heading = The plan, fixed before the data is seen
plan-intro = Set the analysis and the acceptance criteria now. The plan is saved and its fingerprint recorded before the run, so the report shows the criteria were not chosen after the results.
plan-file = Plan file
open-plan = Open plan
save-plan = Save plan
save-plan-as = Save plan as…
edited-after-results = This plan has been changed after it was run. If the history holds a run of the same model on the same cohort, the next run is post hoc and its report says so.
analysis = Analysis
threshold = Threshold
threshold-help = A case is called positive when its score is at least this (the vendor's operating point).
confidence = Confidence level
confidence-help = Of every interval in the report.
proportion-interval = Interval for proportions
proportion-interval-help = Wilson is the usual choice; Clopper–Pearson is exact and wider.
bootstrap = Bootstrap replicates
bootstrap-help = For the AUC and Brier intervals; 2000 is plenty, 0 turns it off.
seed = Random seed
seed-help = The same seed gives the same numbers on any machine.
min-group = Smallest subgroup tested
min-group-help = Smaller groups are shown, but as insufficient, never tested or flagged.
criteria = Acceptance criteria
criteria-intro = PASS needs every criterion met; a criterion whose interval straddles its limit is INCONCLUSIVE.
add-criterion = Add criterion
worst-subgroup = in the worst subgroup
worst-subgroup-help = Judge the worst subgroup with enough data instead of the whole cohort.
bound-estimate = estimate
bound-low = lower bound
bound-high = upper bound
sent-estimate = The estimate of { $metric }
sent-low = The lower { $level } % bound of { $metric }
sent-high = The upper { $level } % bound of { $metric }
sent-at-least = must be at least { $limit }
sent-at-most = must be at most { $limit }
sent-worst = , in the worst subgroup
plan-ready = The plan is complete and checks as `batch` would check it.
plan-not-ready = The plan is not complete yet:
go-run = Go to Run
plan-as-toml = The plan as it will be saved

## Run
run-heading = Run the validation
run-intro = The plan is saved and its SHA-256 recorded, then every case is scored and the statistics computed. The window stays usable; you can cancel.
run-needs-path = Give the plan a file name: it is saved there before the run.
run-will-save = The edited plan will be saved to { $path } (the file is rewritten; comments are not kept) and fixed.
run-will-save-version = { $path } has been run, so it is kept as it is: the edited plan will be saved beside it as { $target } and fixed.
run-changes = What the edit changes from { $path }:
run-no-analysis-change = The edit changes nothing that is analysed (only text such as the study's name or the report's language).
run-as-is = The plan file { $path } is unchanged: it runs as it is, and its SHA-256 is recorded.
fix-and-run = Fix the plan and run
last-fixed = Last fixed: { $path } (SHA-256 { $hash }…) at { $time }
starting = Starting
progress = { $done } of { $total }
rate = { $rate } per second, about { $left } s left, { $elapsed } s so far
cancel = Cancel
cancelling = Cancelling…
run-stopped = The run stopped unexpectedly.
run-cancelled = The run was cancelled. The history keeps it as cancelled; run again to start anew.
stage-occlusion = Making occlusion maps
occlusion-maps = Make occlusion maps after the run, into the report folder (which cases and how: Plan step, Report settings)
resume-run = Resume run #{ $run }
resume-offer = Run #{ $run } of this plan was interrupted with { $kept ->
        [one] { $kept } model output
       *[other] { $kept } model outputs
    } recorded: resume it to reuse { $kept ->
        [one] it
       *[other] them
    }, or run it anew.
stage-reading = Reading the cohort
stage-statistics = Computing the statistics
stage-scoring = Scoring with the model
stage-joining = Joining the vendor's scores
stage-decoding = Decoding and scoring images
stage-report = Writing the report
run-share = { $percent } % of the run
stage-count = This step: { $done } of { $total }
run-left = About { $left } s left, { $elapsed } s so far

## Results
verdict = Verdict
verdict-pass = every acceptance criterion is met
verdict-fail = a criterion is not met
verdict-inconclusive = the data cannot decide a criterion
flags-heading = Not covered by the criteria
flags-note = These do not change the verdict, which comes from the acceptance criteria alone; read them before signing.
judged-value = it is { $value } ({ $interval })
not-estimable = not estimable from these data
decided-by = Decided by: { $criterion }
all-passed =
    { $count ->
        [one] { $count } acceptance criterion, and it passed.
       *[other] All { $count } acceptance criteria passed.
    }
forest-key = Filled squares: groups with enough data to test; hollow grey circles: too little data, not tested; dashed line: the whole cohort. Lines are the intervals.
prespec-unknown = Not checked against a run history: whether the plan was fixed before the data was seen is not known.
prespec-first = Attempt 1 on this cohort: no earlier run of this model on it, so the plan was fixed before its results were seen.
prespec-again = Attempt { $attempt } on this cohort (earlier runs { $runs }): the plan's analysis is unchanged since run #{ $first }, so it was fixed before any result was seen.
prespec-post-hoc = POST HOC: { $parts } changed after run #{ $run } of this model on this cohort (attempt { $attempt }; earlier runs { $runs }). The plan was not fixed before the data was seen: read the verdict as exploratory.
part-threshold = the threshold
part-criteria = the acceptance criteria
part-analysis = the analysis settings
part-cohort = the cohort selection
part-model = how the model is read
part-preprocess = the image preprocessing
part-compare = the comparisons
and = and
results-of-older-plan = These results come from the plan as it was fixed; it has been edited since.
tab-summary = Summary and ROC
tab-threshold = Threshold explorer
tab-calibration = Calibration
tab-subgroups = Subgroups
tab-exclusions = Excluded cases
cases-line =
    { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    } ({ $positives } with disease, { $negatives } without), { $excluded } excluded; positive when score ≥ { $threshold }; { $level } % intervals
metric = Metric
estimate = Estimate
interval = Interval
method = Method
count = Count
copy-table = Copy table
truly-positive = Disease
truly-negative = No disease
called-positive = Called positive
called-negative = Called negative
roc-title = ROC curve
axis-fpr = 1 − specificity (false-positive rate)
axis-tpr = Sensitivity (true-positive rate)
chance = Chance
roc-legend = ROC, AUC { $auc }
operating-point = Plan threshold { $threshold } with intervals
explored-point = Explored threshold
threshold-intro = The verdict always uses the plan's threshold { $threshold }. Move the slider to see what another operating point would give; nothing here changes the verdict.
explore-threshold = Threshold
reset-threshold = Back to the plan's threshold
at-threshold = At score ≥ { $threshold }
axis-score = Score
axis-cases = Cases
negatives = No disease
positives = Disease
plan-threshold = Plan threshold { $threshold }
explored-threshold = Explored threshold
no-calibration = No calibration: the scores are not probabilities between 0 and 1.
axis-predicted = Mean predicted probability
axis-observed = Observed fraction with disease
perfect = Perfect calibration
bins = Bins with exact intervals
bin = Bin
ideal-one = ideal 1
ideal-zero = ideal 0
no-subgroups = The plan names no subgroups.
forest-metric = Show
whole-cohort = Whole cohort
tested-group = Group with enough data
insufficient-group = Too little data (not tested)
group = Group
status = Status
tested = tested
insufficient = insufficient
fairness-line = { $attribute }: equalized-odds difference { $equalized }, demographic-parity difference { $parity }
exclusions-line =
    { $rows ->
        [one] { $rows } row read
       *[other] { $rows } rows read
    }, { $cases ->
        [one] { $cases } case evaluated
       *[other] { $cases } cases evaluated
    }, { $excluded } excluded:
reason = Reason
where = Where
detail = Detail
unmatched =
    { $scores ->
        [one] { $scores } score
       *[other] { $scores } scores
    } matched no case; { $labels ->
        [one] { $labels } label
       *[other] { $labels } labels
    } matched no image.

## Cases
cases-heading = The cases behind the numbers
out-tp = True positive
out-fp = False positive
out-fn = False negative
out-tn = True negative
all-groups = All subgroups
subgroup-filter = Subgroup
sample-history-note = A sample study: its runs are recorded in the samples' own history ({ $path }), never in your audit trail.
progress-working = Working (the time left cannot be told for this step)
elapsed = { $elapsed } s so far
results-of-previous-run = These are the results of the previous run: a new run is in progress.
adjudicate-heading = Adjudicate this error
adjudicate-reference-wrong = Reference standard wrong
adjudicate-model-right = Model right
adjudicate-model-wrong = Model wrong
adjudicate-cannot-tell = Cannot tell
adjudicate-comment = Comment (why; kept with the judgement)
adjudicate-help = Kept in the history beside the run, which does not change. Exported reports show the figures with adjudicated labels as a sensitivity analysis beside the pre-specified result.
adjudicate-not-recorded = This run is not in the history, so its errors cannot be adjudicated.
adjudicate-standing = Judged "{ $judgement }" by { $user } at { $at }
show-ids = Show case ids
show-ids-help = Off by default so that screens can be shared; cases are then numbered.
cases-shown =
    { $shown } of { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    }, the most confident first
pick-a-case = Pick a case on the left.
case-score = Score { $score } (positive from { $threshold }); ground truth: { $truth }
row-not-found = The case's row is no longer in the cohort file.
image-of = Image { $index } of { $count }
window-center = Window centre
window-width = Width
window-reset = Reset window
window-presets = Presets:
preset-brain = Brain
preset-lung = Lung
preset-mediastinum = Mediastinum
preset-bone = Bone
preset-abdomen = Abdomen
preset-default = Header
viewer-zoom = Zoom
viewer-fit = Fit
viewer-images = Images
viewer-model-input = What the model saw
viewer-model-input-help = The model's input made from this file as the run made it: the plan's frame, window, resize, channels and normalisation.
viewer-model-input-caption = Model input { $channels } × { $height } × { $width }, values { $min } to { $max }
cohort-thumbnail = What the model will see
cohort-thumbnail-help = The folder's first image a run can read, made into the model's input by the plan's preprocessing (frame, window, resize, channels, normalisation) as a run will make it: check the window and the size before running.
cohort-thumbnail-file = From { $file }
viewer-image = Case image
viewer-case-help = Right-button drag: window (left–right width, up–down level). Ctrl and wheel, or + and −: zoom; left drag: pan.
viewer-pixel = Row { $row }, column { $column }: stored { $stored }, value { $value } { $unit }
viewer-pixel-rgb = Row { $row }, column { $column }: RGB { $rgb }
frames =
    { $count ->
        [one] { $count } frame
       *[other] { $count } frames
    }

## What the model relies on (Results and Cases; feature models)
tab-importance = What the model relies on
importance-intro = Permutation importance: each input was shuffled across the { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    }, { $repeats ->
        [one] once
       *[other] { $repeats } times
    }, and the cases scored again. A bar is the mean drop in AUC, its whisker the { $level } % range over the shuffles. An aid to interpretation, not proof of causation: it shows what the model uses, not what causes the condition.
importance-subsample = Computed on a seeded random subsample of { $sample } of the { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    }.
importance-none = No permutation importance: it is computed for CSV cohorts scored by an ONNX model when [explain] permutations is above 0.
importance-axis = Drop in AUC when the input is shuffled
importance-clear = Range above 0
importance-unclear = Range reaches 0
importance-range = Range over the shuffles
importance-chart = Permutation importance chart: { $bars }
importance-top = Shown: the { $shown ->
        [one] { $shown } input
       *[other] { $shown } inputs
    } of { $inputs } with the largest mean drop; the table has them all.
model-input-name = Model input
mean-drop = Mean drop in AUC
case-top-features = What moved this score: each input set to the cohort median
case-change = Score change
cohort-median = Cohort median
case-top-help = A negative change means this case's own value raised its score; a positive one, that it lowered it.
case-not-explained = Not explained: in a cohort this large only the errors are, the most confident first.
case-no-change = No input changes the score when set to the cohort median.
stage-importance = Permutation importance (inputs)
stage-explain-cases = Explaining the cases

## For the report (Plan step)
for-the-report = For the report: product, study design, vendor's claims
for-the-report-intro = Printed in the report, and used to fill in the STARD checklist; nothing here changes a figure or the verdict.
product-name = Product
product-vendor = Vendor
product-version = Version
reference-standard = Reference standard
reference-standard-hint = How the ground truth was established, e.g. histopathology
eligibility = Eligibility
sampling = Sampling
sampling-hint = consecutive or random; retrospective or prospective
claims = The vendor's claimed performance
claims-intro = Set beside the local result in the report; never judged.
claims-source = Source of the claims

## Manifest, dates, drift (Model, Cohort, Plan steps)
manifest-file = Vendor manifest
manifest-hint = optional: the vendor's manifest.toml
manifest-use = Use
date-column = Date column (analysis over time)
no-date = none
drift-period = Periods over time
quarter = quarters
month = months
drift-period-help = When cases have dates: figures per period, each tested against the rest.

## Vendor package (Results tab)
tab-vendor = Vendor package
vendor-no-manifest = The plan names no vendor manifest ([model] manifest): no fidelity self-test, signature or intended-use check was made.
vendor-signature = Signature
vendor-filled = Taken from the manifest: { $keys }
vendor-override = The plan overrides { $key }: { $plan } (the manifest says { $manifest })
vendor-vector = Test vector
vendor-expected = Vendor's output
vendor-actual = Local output
vendor-tolerance = Tolerance
vendor-result = Result
vendor-ok = reproduced
vendor-not-ok = NOT reproduced
vendor-no-vectors = The manifest has no test vectors.
vendor-representative = Intended use and representativeness
vendor-outside =
    Outside the vendor's { $attribute }: { $outside } of { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    } ({ $values })
vendor-sex = { $sex }: { $here } here, { $vendor } in the vendor's population

## History
history-heading = Run history
history-intro = Every validation run, from this app or `provestein batch`, is recorded here with its plan, hashes, report and every case's score. Select one run to open it, two to compare them (the first selected is the baseline). Nothing leaves this machine.
history-file = History file
history-open = Open
history-refresh = Refresh
history-verify = Verify the audit chain
chain-intact =
    The audit chain of { $runs ->
        [one] { $runs } finished run
       *[other] { $runs } finished runs
    } is intact. Head hash: { $head }
chain-broken = The audit chain is BROKEN at run #{ $run }: { $reason }
history-empty = No run has been recorded in this file yet.
history-select = Tick one run to open it, two to compare them.
history-run = Run
history-status = Status
history-started = Started
history-user = User
history-run-title = Run #{ $run }: { $study } ({ $started })
history-save = Save its report
history-compare-title = Run #{ $b } against run #{ $a } (the baseline); differences are B − A
history-other-model = The runs used different model files (or a vendor's scores): a model change.
history-plan = Plan
history-post-hoc = Post hoc
yes = yes
no = no
history-same-plan = The two plans analyse the same (threshold, criteria, analysis and cohort selection unchanged).
history-plan-diff = What differs between the plans:
history-tests-paired = * p below 1 − confidence. The same cases in both runs (same cohort, same case ids), so the tests are paired: AUC: paired DeLong test; sensitivity, specificity and accuracy: exact McNemar test (no interval); PPV, NPV and prevalence: not tested; each run at its own threshold.
history-tests = * p below 1 − confidence. AUC: unpaired DeLong test; proportions: pooled two-proportion z-test with Newcombe's interval; each run at its own threshold.
history-no-change = No significant change.
history-changes = Changes:
history-compare-ci = { $level } % CI
drift-excluded-dates =
    { $cases ->
        [one] { $cases } case has a date that cannot be a real study date and is left out
       *[other] { $cases } cases have a date that cannot be a real study date and are left out
    } of the analysis over time: { $placeholder ->
        [one] { $placeholder } placeholder date
       *[other] { $placeholder } placeholder dates
    } (such as 1900-01-01), { $early } before 1985, { $future } after the run.
drift-heading = Over time, by { $period }: each period against the rest of the cohort
drift-none = No drift chart: the cases of this run have no dates ([cohort] date for a CSV cohort; StudyDate for DICOM).
drift-new-equipment =
    New mid-cohort: { $attribute } = { $value }, first seen { $first } ({ $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    })
period-worse = significantly worse than the rest
drift-key = Blue squares: periods tested against the rest of the cohort; vermillion diamonds: significantly worse (Holm); grey hollow circles: too few cases to test. Bars: Wilson intervals. Dashed: the whole cohort.

## Report
report-heading = Export the report
report-intro = Writes report.pdf and report.html (the validation report, in the language chosen below), report.json (every figure, the plan and the provenance) and predictions.csv (one row per case): the same files `provestein batch` writes.
output-folder = Output folder
report-language = Language of the report
export = Export
no-identifiers = Exported files hold no patient names or ids; cases are named by the plan's pseudonymous id column or by file path.
report-prespec = Pre-specification
run-time = Run
written = Written:
exported =
    Exported { $files ->
        [one] { $files } file
       *[other] { $files } files
    } to { $folder }

## Occlusion maps (Cases: a DICOM case of an ONNX image model)
occlusion-button = Occlusion map
occlusion-help = Covers the model's input with a square patch at each position in turn (replaced by the plan's [explain] baseline: the image's mean or a blurred copy), scores every copy with the model and shows how much the score falls.
occlusion-patch = Patch (pixels)
occlusion-stride = Stride (pixels)
occlusion-running = Computing the occlusion map…
occlusion-opacity = Opacity
occlusion-scale = Blue: the score rises when covered · white: no change · red: the score falls
occlusion-legend = Mean score drop per pixel, { $patch }×{ $patch2 } patch, stride { $stride }, { $positions ->
        [one] { $positions } position
       *[other] { $positions } positions
    }. The model's score for this image: { $score }; largest drop: { $drop }.
occlusion-caption = An aid to interpretation, not proof of reasoning

## Command line (printed in English: what scripts and support requests read)
cli-check-valid =
    { $path }: valid plan "{ $study }" with { $count ->
        [one] { $count } acceptance criterion
       *[other] { $count } acceptance criteria
    }
cli-check-model = { $what } { $path }: loads in ONNX Runtime; input "{ $input }" { $shape }, output "{ $output }"
cli-threads-failed = cannot set up { $n ->
        [one] { $n } thread
       *[other] { $n } threads
    }: { $error }
cli-check-model-unopened = { $what } { $path }: not opened (ONNX Runtime is not available)
cli-check-manifest = manifest { $path }: a vendor manifest
cli-check-csv =
    { $what } { $path }: a table of { $columns ->
        [one] { $columns } column
       *[other] { $columns } columns
    }, with every column the plan names
cli-check-dicom = cohort folder { $path }: holds DICOM files (the first one read)
cli-check-exists = { $what } { $path }: present (read when the run starts)
cli-no-display = there is no display to open the desktop app on (neither DISPLAY nor WAYLAND_DISPLAY is set). Run it in a graphical session (over SSH: ssh -X), or run the validation headless: provestein batch PLAN --out DIR
cli-chain-intact =
    { $path }: the audit chain of { $runs ->
        [one] { $runs } finished run
       *[other] { $runs } finished runs
    } is intact{ $journals ->
        [0] {""}
        [one] , and the journal of { $journals } unfinished run
       *[other] , and the journals of { $journals } unfinished runs
    }. Head hash: { $head }
cli-prepared =
    Prepared { $dir }: { $units ->
        [one] { $units } unit
       *[other] { $units } units
    }, run key { $key }. Next: `provestein score { $dir } --shard K/N` for K = 0 … N−1, then `provestein merge { $dir } --out OUT`
cli-shard-scored =
    Shard { $shard }: scored { $units ->
        [one] { $units } unit
       *[other] { $units } units
    } in { $seconds } s
cli-shard-rescored =
    Shard { $shard }: its outcomes did not match their manifest's hash (changed or half-written); scored { $units ->
        [one] { $units } unit
       *[other] { $units } units
    } again in { $seconds } s
cli-shard-skipped =
    Shard { $shard }: skipped, already scored ({ $units ->
        [one] { $units } unit
       *[other] { $units } units
    }; its outcomes verify against its manifest)
cli-merged =
    Merged { $shards ->
        [one] { $shards } shard
       *[other] { $shards } shards
    } of { $dir }
cli-history-marked = Run #{ $run } is marked as a test run. Nothing recorded changed; it still counts as an earlier attempt when later runs are checked for pre-specification.
cli-history-unmarked = Run #{ $run } is no longer marked as a test run.
cli-history-not-marked = Run #{ $run } was not marked as a test run.
cli-history-adjudicated = Recorded for run #{ $run }, case { $case }: { $judgement }. The run is unchanged; reports exported after review show the adjudicated labels as a sensitivity analysis.
cli-history-removed =
    Removed run #{ $run } ({ $status }, started { $started }{ $recorded ->
        [0] {""}
        [one] , { $recorded } model output recorded
       *[other] , { $recorded } model outputs recorded
    }). The removal is listed by `provestein history list`.
cli-history-removed-line = removed: run #{ $run } ({ $status }, started { $started }, study "{ $study }") by { $user } at { $at }
cli-history-test-line = test run: #{ $run }, marked by { $user } at { $at }

## Segmentation runs: results and the viewer
seg-mean = mean
fig-dice = Dice
fig-iou = IoU (Jaccard)
fig-hd = Hausdorff (mm)
fig-hd95 = HD95 (mm)
fig-assd = ASSD (mm)
fig-nsd = Surface Dice (NSD)
fig-volume-difference = Volume difference (mL)
seg-no-structures = This run has no structure figures.
seg-structure = Structure
seg-cases-patients = Cases (patients)
seg-mean-ci = Mean [interval]
seg-median-ci = Median [interval]
seg-found-when-present = Found when present (detection)
seg-empty-when-absent = Left empty when absent (detection)
seg-share = Share of cases
seg-distribution = Each case's Dice and HD95, per structure (bar: the mean)
seg-dice-mean = Dice, mean [interval]
seg-hd95-median = HD95, median [interval]
presence-both = both present
presence-both-empty = both empty
presence-missed = missed
presence-false-alarm = false alarm
seg-cases-heading = Cases, worst first
viewer-indexing = Indexing the cohort's images and contours…
viewer-loading = Reading the series and its masks…
case-row-loading = Reading the case's row in the cohort…
viewer-slice = Slice
viewer-truth = Truth
viewer-prediction = Prediction
viewer-opacity = Fill opacity
viewer-help = Wheel, slider, the up and down arrow keys or Page Up/Down: slice. Right-button drag: window (left–right width, up–down level).
seg-counts = { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    } from { $patients ->
        [one] { $patients } patient
       *[other] { $patients } patients
    }: { $found } found, { $missed } missed, { $false_alarm ->
        [one] { $false_alarm } false alarm
       *[other] { $false_alarm } false alarms
    }, { $both_empty } both empty; { $excluded } excluded from the run.
seg-matched-names = Names in the truth files: { $names }
seg-conventions = A missed structure or a false alarm counts as Dice 0 and the worst distance, never left out. Surface Dice at { $tolerance } mm. Structure: { $structure }.
seg-cases-shown = { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    } of { $structure }, lowest Dice first
seg-case-figures = Dice { $dice } · HD95 { $hd95 } mm · ASSD { $assd } mm · volume { $volume_truth } mL (truth), { $volume_pred } mL (prediction)
viewer-no-sources = The viewer cannot find this run's files: { $why }
viewer-truth-only = Truth only: { $why }
viewer-slice-of = Slice { $index } of { $count } at { $position } mm; truth { $truth } px, prediction { $prediction } px
tab-seg-summary = Summary

## Detection and multi-finding runs: results
tab-lesions = Lesions
tab-unit-level = Unit level
tab-detection = FROC and marks
tab-findings = Findings
unit-level-note = The unit-level score (the highest mark, or the model's own unit score) against whether the unit has a lesion, with every figure of a binary study.
axis-fp-per-unit = False-positive marks per unit
axis-lesion-sensitivity = Lesion sensitivity
froc-curve = FROC curve
froc-title = FROC: lesions found against false marks per unit
hit-centre-within-radius = the mark's centre lies within the lesion's radius (LUNA16)
cpm = CPM (mean of the rates above)
marks-total = Marks read
marks-tp = True positives (hit a lesion)
marks-fp = False positives (hit no lesion)
marks-fp-lesion-free = … of them on units without a lesion
marks-extra = Extra marks on a lesion already hit (neither TP nor FP)
marks-unknown-unit = Marks for a unit not in the cohort (not counted elsewhere)
det-sensitivity-at = Lesion sensitivity at each false-positive rate
fp-per-unit = FP per unit
lesion-sensitivity = Sensitivity
criterion = Criterion
det-marks = What became of every mark
det-marks-what = Marks
lesion-missed = missed
stratum = Stratum
lesions-hit = Hit / lesions
by-size = Lesion sensitivity by size
by-type = Lesion sensitivity by type
no-strata = None in this run (the plan or the truth gives no strata).
det-unit = Unit
centre = Centre (x, y, z)
size-mm = Size (mm)
lesion-type = Type
mark-score = Score of the mark that hit it
finding = Finding
positives-of-n = Positives / n
sensitivity-ci = Sensitivity [interval]
specificity-ci = Specificity [interval]
open-finding = Open this finding's ROC curve, threshold, calibration and subgroups
findings-click = Click a finding for its binary figures.
estimate-ci = Estimate [interval]
findings-holm = Criteria per finding were judged with Holm's step-down across findings.
findings-forest = ROC AUC per finding
findings-forest-key = Filled squares: findings with enough positives to judge; hollow grey circles: too few positives, reported, not judged; dashed line: the macro AUC. Lines are the intervals; n: the positives.
truth-predicted = Truth (rows), predicted (columns)
tab-finding = Finding: { $finding }
froc-at-rates = Sensitivity at the plan's rates (CPM { $cpm })
hit-distance = the centres are at most { $distance } mm apart
hit-iou = the boxes overlap with IoU ≥ { $iou }
det-counts = { $units ->
        [one] { $units } unit
       *[other] { $units } units
    } ({ $with_lesions } with lesions) from { $patients ->
        [one] { $patients } patient
       *[other] { $patients } patients
    }; { $lesions ->
        [one] { $lesions } lesion
       *[other] { $lesions } lesions
    }: { $hit } hit at some score, { $missed } missed; { $excluded } excluded from the run.
det-hit-rule = A mark hits a lesion when { $rule }; a mark counts for at most one lesion and each lesion is hit at most once.
det-intervals = Intervals: percentile bootstrap over patients, { $replicates ->
        [one] { $replicates } replicate
       *[other] { $replicates } replicates
    }, seed { $seed }.
det-wrong-place = Right unit, wrong place: { $count ->
        [one] { $count } unit
       *[other] { $count } units
    } called positive (score ≥ { $threshold }) whose marks miss every lesion
det-worst = The worst lesions ({ $missed } of { $total } missed), worst first
finding-insufficient = too few positives (< { $min }): not judged
findings-counts = { $findings ->
        [one] { $findings } finding
       *[other] { $findings } findings
    }, { $insufficient } with too few positives; { $excluded } excluded from the run.
findings-intervals = Macro, micro and multi-class intervals: percentile bootstrap over patients, { $replicates ->
        [one] { $replicates } replicate
       *[other] { $replicates } replicates
    }, seed { $seed }.
findings-insufficient-list = Too few positives to judge: { $findings }
multiclass-confusion = Confusion matrix (predicted class: { $predicted })
sent-fp-rate = {" "}at a false-positive rate of { $rate } per unit
sent-finding = {" "}for { $finding }
cases-unit-level = The units of the detection run, by their unit-level score (the highest mark).
cases-of-finding = The cases of the finding { $finding } (choose another finding on the Results step).
marks-source = The product's marks are read from { $path } (unit column { $unit }, score column { $score }), as the plan's [marks] says.
marks-source-sr = The product's marks are read from the DICOM SR reports (TID 1500) in { $path }, as the plan's [marks] says: each region of a measurement group is a mark, its probability the score.
marks-edit-in-plan = A detection plan names its marks and truth lesions in the plan file ([marks], [lesions], [detection]); change them there.
finding-score-column = Score column of { $finding }
sent-unit-level = {" "}(unit level)
froc-beyond = FROC curve, beyond the last mark (sensitivity stays)
tab-classes = Classes (one-vs-rest)
tab-class = Class: { $class }
class = Class
classes-forest = ROC AUC per class (one-vs-rest)
classes-click = Click a class for its one-vs-rest binary figures.
classes-counts = { $classes ->
        [one] { $classes } class
       *[other] { $classes } classes
    }, { $insufficient } with too few positives; { $excluded } excluded from the run.
unit-wrong-place = Right unit, wrong place: called positive, but its marks miss every lesion.
unit-worst-lesions = Its lesions among the worst (missed, or hit only by a low score)
per-class = Per class, one-vs-rest from the predicted class
findings-left-out-of-macro = Left out of the macro AUC (no AUC: a class is missing): { $findings }
findings-skipped = { $macro_ ->
        [one] { $macro_ } bootstrap replicate
       *[other] { $macro_ } bootstrap replicates
    } left out of the macro AUC's interval, { $micro } of the micro AUC's (a finding lacked a class in them).

## Detection on DICOM images: the cases and the marks viewer
det-view-heading = Units, missed lesions and false marks first
det-view-list = { $units ->
        [one] { $units } unit
       *[other] { $units } units
    }: those with a missed lesion first, then those with a false mark. Open one to see its images with the truth lesions and the marks.
det-view-unit = #{ $index } { $id }  lesions { $lesions } (missed { $missed })  marks { $marks } (false { $false_marks })
det-view-image = Image
det-view-truth = Truth lesions (dashed: missed)
det-view-marks = Marks, with their scores
det-view-false-legend = False mark (dashed)
det-view-off-image = { $n ->
        [one] One lesion or mark lies
       *[other] { $n } lesions or marks lie
    } more than half the slice spacing from every image of this unit; not drawn.
det-view-caption = Image { $index } of { $count } at { $position } mm: { $lesions ->
        [one] { $lesions } lesion
       *[other] { $lesions } lesions
    } ({ $missed } missed), { $marks ->
        [one] { $marks } mark
       *[other] { $marks } marks
    } ({ $tp } true positive, { $fp } false positive, { $extra } extra)
det-view-lesion-hit = Truth lesion, { $size } mm: hit (score { $score })
det-view-lesion-missed = Truth lesion, { $size } mm: missed
det-view-mark = Mark, score { $score }: { $status }
det-view-tp = true positive
det-view-fp = false positive
det-view-extra = extra (a further mark on a lesion already hit)

## Start screen, file picker and report settings (issue 19)
step-start = Start
start-heading = Validate an AI model on your own patients
start-intro = Open a plan you have, try a sample study, or begin a new validation. You can also drop a plan, a model, a CSV file or a folder of DICOM images anywhere on this window.
start-open = Open
start-open-plan = Open a plan…
start-drop = or drop a plan file (.toml) on the window
start-samples = Sample studies
start-no-samples = No sample studies were found beside this program.
start-new = New validation
start-model-first = Start with the model
start-cohort-first = Start with the cohort
start-new-help = Either order works: the steps above can be done in any order until the plan is run.
start-settings = Settings
start-recent-plans = Recent plans
start-no-recent = No plan opened yet.
start-plan-gone = Not there any more: { $path }
start-recent-runs = Recent runs
# $verdict: PASS, FAIL, INCONCLUSIVE, or the run's status when it has no verdict
start-run = #{ $run } { $study }: { $verdict } ({ $started })
sample-opened = Opened the sample "{ $sample }"; your copy of its plan is { $path }
sample-breast = Breast cancer cytology
sample-breast-about = tabular features, ONNX model, 171 cases
sample-imaging = CT lesion detector (synthetic)
sample-imaging-about = DICOM images, ONNX model, vendor package
sample-segmentation = Organ segmentation (synthetic)
sample-segmentation-about = CT series, masks, Dice and HD95
sample-detection = Lesion detection (synthetic)
sample-detection-about = marks against lesions, FROC
sample-findings = Chest X-ray findings (synthetic)
sample-findings-about = several findings per image, vendor scores
builtin-picker = Use the built-in file picker
picker-system-found = The desktop's file dialog is available.
picker-system-missing = No desktop file dialog was found (no XDG portal file chooser, no zenity): the built-in picker is used.
picker-system-unknown = Looking for the desktop's file dialog…
pick-file = Choose a file
pick-folder = Choose a folder
pick-save = Save as
pick-save-button = Save
pick-new-folder = New folder
pick-file-label = File:
pick-show-hidden = Show hidden files
pick-parent = Folder above
pick-refresh = Read the folder again
report-settings = Report settings
report-settings-intro = What the signed report says besides the figures. Saved in the plan, like everything on this page.
local-prevalence = Local prevalence
local-prevalence-help = PPV, NPV and flags per 1000 studies at the prevalence expected in clinical use; shown beside the cohort's own.
local-prevalence-none = Not given: PPV and NPV are shown at the cohort's own prevalence only.
site = Site and institution
site-hint = e.g. Oslo University Hospital, radiology; exams from 2024
site-help = Where and when the cases were collected (STARD 8).
plan-report-language = Language of the signed report
plan-report-language-help = The PDF written by each run; the Report step can export it again in another language.
signers = Who signs the report
signers-default = None given: the report has lines for a reviewing medical physicist and a clinical lead, with names to fill in by hand.
signer-role = Role
signer-name = Name
signer-name-hint = left empty: a line to sign by hand
add-signer = Add signer
signer-physicist = Reviewing medical physicist
signer-clinical-lead = Clinical lead
explanations = Explanations (aids to interpretation; they never change a figure or the verdict)
explain-outcomes = Occlusion maps of:
false-negatives = false negatives
false-positives = false positives
true-positives = true positives
true-negatives = true negatives
explain-needs-images = Occlusion maps need a DICOM cohort and an ONNX image model.
occlusion-patch-help = Side of the square covered at each position, in pixels of the model's input.
occlusion-stride-help = Distance between positions, in pixels.
occlusion-baseline = Covered with
baseline-mean = the image's mean
baseline-blur = a blurred copy
occlusion-baseline-help = What replaces the covered square.
permutations = Permutation importance (shuffles per feature)
permutations-help = For models of tabular features; 0 turns it off.
