### Prøvestein's report in English: what report.pdf and report.html say, the page-1 flags
### and the Methods conventions (report.json carries the English of the last two).
### Arguments are named. Figures arrive formatted for the language (crate::i18n::Numbers);
### counts arrive as numbers and choose their form by selectors: { $n -> [one] … *[other] … }.
### Another language: copy this file to i18n/<tag>/report.ftl, translate it, add a `Lang` variant;
### words::tests checks that it has every message with the same arguments.

## metric names (crate::metric)

metric-sensitivity = sensitivity
metric-specificity = specificity
metric-ppv = PPV
metric-npv = NPV
metric-accuracy = accuracy
metric-auc = ROC AUC
metric-brier = Brier score
metric-calibration-slope = calibration slope
metric-calibration-in-the-large = calibration-in-the-large
metric-dice = Dice
metric-iou = IoU (Jaccard)
metric-hd = Hausdorff distance
metric-hd95 = HD95
metric-assd = average symmetric surface distance
metric-nsd = normalised surface Dice
metric-volume-difference = volume difference
metric-share-within = share of cases within tolerance
metric-lesion-sensitivity = lesion sensitivity
metric-cpm = competition performance metric (CPM)
metric-macro-auc = macro AUC
metric-micro-auc = micro AUC
metric-hand-till-auc = multi-class AUC (Hand & Till)
metric-kappa = Cohen's kappa
metric-weighted-kappa = quadratic-weighted kappa


## acceptance criteria

criterion-estimate = Estimate of { $metric }
criterion-lower-bound = Lower { $confidence } { $interval } bound of { $metric }
criterion-upper-bound = Upper { $confidence } { $interval } bound of { $metric }
criterion-reason-pass = the judged value meets the limit
criterion-reason-fail = the whole interval lies on the wrong side of { $limit }
criterion-reason-inconclusive = the interval includes { $limit }: more cases are needed to decide

## sample size and cohort

sample-size-cannot-pass = Sample size: the { $metric } criterion cannot pass on this cohort whatever the model does: with n = { $n } even a perfect result gives a bound of { $best }. It needs n ≥ { $needed }.
cohort-csv = { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    } evaluated from { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    } of the table { $path }: { $positive } positive and { $negative } negative by the reference standard; { $excluded } excluded with reasons.
cohort-dicom = { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    } ({ $unit }) evaluated from { $files ->
        [one] { $files } file
       *[other] { $files } files
    } in the DICOM folder { $path }: { $positive } positive and { $negative } negative by the reference standard; { $excluded } excluded with reasons.

## study, subgroups and drift

study-not-recorded = not recorded in the plan
subgroups-forest-caption = Figure { $figure }. Sensitivity and specificity by { $attribute } with Wilson intervals; the dashed line is the whole cohort. Grey hollow markers: insufficient data, not tested.
# $kind: "quarter" or "month"
drift-period-name = { $kind ->
        [quarter] quarter
       *[month] month
    }
drift-period-count = { $kind ->
        [quarter] { $n ->
            [one] { $n } quarter
           *[other] { $n } quarters
        }
       *[month] { $n ->
            [one] { $n } month
           *[other] { $n } months
        }
    }
drift-source-dicom = the image's StudyDate
drift-source-column = column "{ $column }"
# $collapsed: "yes" when empty periods are drawn as one
drift-figure-caption = Figure { $figure }. Sensitivity and specificity per { $period } with Wilson intervals; the dashed line is the whole dated cohort. Vermillion squares: significantly worse than the rest; grey hollow circles: too few cases, not tested.{ $collapsed ->
        [yes] {" "}Shaded (…): consecutive periods without a case, shown as one (see the table).
       *[no] {""}
    }

## drift over time

drift-intro = The { $dated ->
        [one] { $dated } dated case is
       *[other] { $dated } dated cases are
    } grouped by the { $period } of their date ({ $source }): { $periods } from { $first } to { $last }. Each period is compared with the rest of the dated cohort as a subgroup is: a period with fewer than { $min_n ->
        [one] { $min_n } case
       *[other] { $min_n } cases
    }, { $min_positives ->
        [one] { $min_positives } positive
       *[other] { $min_positives } positives
    } or { $min_negatives ->
        [one] { $min_negatives } negative
       *[other] { $min_negatives } negatives
    } is shown but not tested, and "significantly worse" uses Holm-corrected p-values across the periods. Only months and quarters are reported, never a date.
drift-undated = { $n ->
        [one] { $n } case without a readable date is
       *[other] { $n } cases without a readable date are
    } left out of this analysis only.
drift-implausible-dates = { $n ->
        [one] { $n } case has
       *[other] { $n } cases have
    } a date that cannot be a real study date and { $n ->
        [one] is
       *[other] are
    } left out of this analysis only: { $placeholder ->
        [one] { $placeholder } placeholder date
       *[other] { $placeholder } placeholder dates
    } (such as 1900-01-01), { $before_1985 } before 1985, { $after_run } after the run.
drift-not-assessed-implausible = Not assessed: every readable date is implausible, so the cases could not be placed in time ({ $placeholder ->
        [one] { $placeholder } placeholder date
       *[other] { $placeholder } placeholder dates
    } such as 1900-01-01, { $before_1985 } before 1985, { $after_run } after the run; { $undated ->
        [one] { $undated } case
       *[other] { $undated } cases
    } without a readable date). Anonymised exports often replace dates this way.

## vendor package and explanations

signature-verified = signed, and the signature verifies with the pinned vendor key "{ $key }"
signature-unsigned = not signed: nothing shows that this manifest is the vendor's, unchanged
signature-not-verified = { $keys ->
        [0] signed, but no vendor key is pinned here, so it cannot be verified: pin the vendor's public key with `provestein vendor trust KEYFILE`
        [one] signed, but the signature does NOT verify with the { $keys } pinned vendor key: the manifest was changed after signing, or signed with another key
       *[other] signed, but the signature does NOT verify with any of the { $keys } pinned vendor keys: the manifest was changed after signing, or signed with another key
    }
signature-malformed = the signature file cannot be read: { $message }
outcome-true-positive = true positive
outcome-false-positive = false positive
outcome-false-negative = false negative
outcome-true-negative = true negative

## flags: what the criteria do not cover (report.json carries the English)

flag-title-specificity = Specificity not covered
flag-title-sensitivity = Sensitivity not covered
flag-title-calibration = Calibration rejected
flag-title-claims = Vendor claims not testable
flag-title-claim = Vendor claim not testable
flag-title-signature = Signature not verified
flag-title-outside = Outside intended use
flag-title-post-hoc = Post hoc
flag-title-clustered = Patients not accounted for
flag-title-model-exclusions = Cases the model could not score
flag-under-coin-and-claim = under { $coin } and under the vendor's claimed { $claim }
flag-under-coin = under { $coin }
flag-under-claim = under the vendor's claimed { $claim }
flag-unconstrained = { $what } at the plan threshold { $threshold } has no acceptance criterion, and its lower { $interval } bound is { $under }.
flag-hosmer-lemeshow = Hosmer–Lemeshow p = { $p } < { $alpha } (χ² = { $chi2 }, { $df } df)
flag-slope-excludes-one = calibration slope { $estimate } { $ci } excludes 1
flag-calibration = The scores are not calibrated on this cohort: { $parts }. No criterion judges this.
flag-claim-not-testable = The vendor's claimed { $metric } { $claimed } is not testable at this n: the interval { $ci } is wider than the claim minus { $margin } ({ $lowest }), so these data cannot tell the claim from a model { $margin } worse.
flag-claims-not-testable = The vendor's claims are not testable at this n (claim, local interval): { $claims }. Each interval is wider than the claim minus { $margin }, so these data cannot tell a claim from a model { $margin } worse.
flag-outside-aspect = { $aspect }: { $outside } of { $known } ({ $values })
flag-outside-intended-use = At least { $total } of { $n ->
        [one] { $n } case lies
       *[other] { $n } cases lie
    } outside the vendor's intended use or reported population: { $aspects }.
flag-changed-plan = the plan
list-and = and
flag-post-hoc = Attempt { $attempt } on this model and cohort, and { $changed } changed after an earlier run, so the criteria may have been chosen knowing results.
flag-clustered-without-key = { $units ->
        [one] { $units } unit comes
       *[other] { $units } units come
    } from { $patients ->
        [one] { $patients } patient
       *[other] { $patients } patients
    }, and the plan does not say which units belong to the same patient: every interval treats a patient's units as independent, so the intervals are too narrow.
flag-model-exclusions = The model left { $excluded } of the { $units ->
        [one] { $units } unit
       *[other] { $units } units
    } it was given ({ $share }) without a usable score (output not a finite number, inference failed or ran past the time limit, or an input it cannot take), more than the plan allows ({ $limit }). The figures describe only the cases it could score, so the verdict is INCONCLUSIVE whatever the criteria say.
flag-signature-unsigned = The vendor manifest is not signed: nothing shows that the claims, threshold and preprocessing it filled in are the vendor's, unchanged.
flag-signature-not-verified = { $keys ->
        [0] The vendor manifest is signed, but no vendor key is pinned here, so its signature is not verified (`provestein vendor trust KEYFILE`).
        [one] The vendor manifest's signature does NOT verify with the one pinned vendor key: it was changed after signing, or signed with another key.
       *[other] The vendor manifest's signature does NOT verify with any of the { $keys } pinned vendor keys: it was changed after signing, or signed with another key.
    }
flag-signature-malformed = The vendor manifest's signature file cannot be read, so it is not verified: { $message }
aspect-age = age
aspect-modality = modality
aspect-body-part = body part
aspect-view = view
aspect-manufacturer = manufacturer not reported by the vendor
changed-threshold = the threshold
changed-criteria = the criteria
changed-analysis = the analysis
changed-cohort = the cohort selection
changed-model = how the model is read
changed-preprocess = the preprocessing
changed-compare = the comparisons

## conventions (evaluation::conventions; report.json carries the English)

convention-threshold = A case is predicted positive when its score is greater than or equal to the threshold ({ $threshold }).
convention-formulas = Sensitivity = TP/(TP+FN), specificity = TN/(TN+FP), PPV = TP/(TP+FP), NPV = TN/(TN+FN), accuracy = (TP+TN)/N.
convention-intervals = Intervals are two-sided { $confidence }% intervals. Proportions carry the Wilson score interval and the Clopper–Pearson exact interval (as statsmodels proportion_confint, methods 'wilson' and 'beta').
convention-auc = ROC AUC is the Mann–Whitney statistic: the probability that a positive case scores higher than a negative one, tied scores counting ½.
convention-delong = AUC DeLong interval: AUC ± z·SE with DeLong's variance, clipped to [0, 1] (as pROC ci.auc, method 'delong').
convention-brier = Brier score = mean of (score − label)², label 1 for positive.
seg-convention-threshold = a voxel is in the structure when its probability is at least { $threshold }
seg-convention-argmax = each voxel goes to the channel with the highest output (argmax)
seg-convention-worst-distance = a missed structure or a false alarm scores Dice 0 and every distance equal to the image's physical diagonal, and stays in every mean
seg-convention-rasterisation = RTSTRUCT contours become masks by pixel centres inside the contour, even–odd for holes; a structure absent from a truth file is an empty truth there
seg-convention-surface = surfaces are the border voxels (face connectivity); HD95 is the larger of the two directed 95th percentiles (MONAI)
seg-convention-intervals = means and medians with percentile bootstrap intervals over patients ({ $replicates ->
        [one] { $replicates } replicate
       *[other] { $replicates } replicates
    }, seed { $seed }); shares within a tolerance with Wilson and Clopper–Pearson intervals adjusted for several cases per patient
convention-subgroups = Subgroups: a group with fewer than { $min_n ->
        [one] { $min_n } case
       *[other] { $min_n } cases
    }, or fewer than { $min_positives ->
        [one] { $min_positives } positive
       *[other] { $min_positives } positives
    } (sensitivity, AUC) or { $min_negatives ->
        [one] { $min_negatives } negative
       *[other] { $min_negatives } negatives
    } (specificity, AUC), is reported as insufficient data and is neither tested nor flagged. Each group is compared with the rest of the cohort (proportions: Newcombe's hybrid score interval and a pooled z-test; AUC: unpaired DeLong test with Welch-type df); "significantly worse" uses Holm-corrected p-values across the groups of an attribute.
convention-calibration = Calibration (when every score lies in [0, 1]): { $bins ->
        [one] { $bins } { $binning } bin
       *[other] { $bins } { $binning } bins
    }, right-closed as scikit-learn calibration_curve, each with a Clopper–Pearson interval; ECE = Σ n_b/N·|observed − mean predicted|, MCE the largest gap; slope and intercept of the logistic fit y ~ 1 + logit(p) and calibration-in-the-large (y ~ 1 + offset(logit(p))) with Wald intervals, fitted as statsmodels GLM; Hosmer–Lemeshow with 10 groups at numpy percentiles.
convention-thresholds = Thresholds: the Youden and closest-top-left points are reported both as an observed score (our rule, score ≥ threshold) and as pROC's midpoint between neighbouring scores; ties go to the highest threshold. PPV and NPV at a local prevalence follow Bayes' rule, their bounds from the sensitivity and specificity Wilson bounds. Average precision as scikit-learn (step-wise, no interpolation). Net benefit = TP/N − FP/N · t/(1 − t) (Vickers & Elkin 2006).
convention-fairness = Fairness: demographic parity and equalized odds differences are max − min over groups (equalized odds: the worse of TPR and FPR). A group without positives has no TPR: we leave it out and name it, while fairlearn counts its TPR as 0; both values are reported.
convention-acceptance = Acceptance: a criterion passes when the judged value (estimate or interval bound) meets its limit; it fails when the whole interval lies on the wrong side of the limit; otherwise it is inconclusive.
convention-flags = Page 1 lists what the acceptance criteria do not cover (never changing the verdict): sensitivity or specificity at the plan threshold with no criterion on it and a lower bound under 0.5 or under the vendor's claim; calibration rejected (Hosmer–Lemeshow p < { $alpha }, or a calibration-slope interval excluding 1); vendor claims not testable at this n; a vendor manifest whose signature is not verified; cases outside the vendor's intended use or reported population; a post-hoc plan; several units per patient without a patient key.
convention-claims = Vendor claims are set beside the local interval, never judged: below or above the claim when the interval excludes it; not testable at this n when the interval also contains the claim minus { $margin } (the data cannot tell the claim from a model { $margin } worse); otherwise compatible.
convention-patient-level = Patient level: the plan names each case's patient, and every interval accounts for several cases per patient. AUC: AUC ± z·SE with Obuchowski's nonparametric clustered variance (Obuchowski 1997, Biometrics 53:567–578), clipped to [0, 1]; with one case per patient it is DeLong's. Sensitivity, specificity, PPV, NPV and accuracy: the ratio estimator Σxᵢ/Σnᵢ over patients with its robust (sandwich) variance Σ(xᵢ − p·nᵢ)²/n² (Rao and Scott 1992; that of an intercept-only GEE with independence working correlation), the design effect deff = variance/(p(1 − p)/n), at least 1, and the Wilson and Clopper–Pearson intervals at the effective sample size n/deff (Korn and Graubard 1998); with one case per patient deff = 1 and the intervals are the usual ones. Subgroups and periods: the same within each group; tests against the rest use Rao and Scott's effective counts (x/deff, n/deff) and Obuchowski's variances. Comparisons: paired AUC difference with Obuchowski's clustered covariance; McNemar's exact test on cases beside Durkalski et al.'s (2003) clustered McNemar test. Thresholds (Youden, target sensitivity) and calibration are estimated on cases as before. Patient keys are kept in memory only and never written.
convention-bootstrap-patients = Bootstrap intervals (AUC, Brier): patients are resampled with replacement, each with all its cases, within three strata kept at their size (patients whose cases are all positive, all negative, or mixed; with one case per patient this is pROC's stratified bootstrap), { $replicates ->
        [one] { $replicates } replicate
       *[other] { $replicates } replicates
    }, percentile method with R's type-7 quantiles, seed { $seed }; replicate r draws from its own random stream, so the numbers do not depend on the number of threads.
convention-bootstrap = Bootstrap intervals (AUC, Brier): stratified bootstrap (positive and negative cases resampled separately, as pROC boot.stratified = TRUE), { $replicates ->
        [one] { $replicates } replicate
       *[other] { $replicates } replicates
    }, percentile method with R's type-7 quantiles, seed { $seed }; replicate r draws from its own random stream, so the numbers do not depend on the number of threads.
convention-drift = Drift over time: cases are grouped by the { $period } of their date (CSV: the plan's date column; DICOM: the image's StudyDate). Each period is compared with the rest of the dated cohort as a subgroup is (the same guardrails and tests, Holm-corrected across the periods); cases without a readable date are left out of this analysis only. A Manufacturer, ManufacturerModelName or SoftwareVersions value (CSV: a subgroup value) first seen after the first period is reported as new mid-cohort, with the month it first appears. Exact dates are never written.
# $kind: "uniform" or "quantile" ([analysis] calibration_binning)
convention-binning = { $kind ->
        [uniform] equal-width
       *[quantile] equal-count
    }
# $kind: "month" or "quarter" ([analysis] drift_period)
convention-period = { $kind ->
        [quarter] calendar quarter
       *[month] calendar month
    }

## explanations (explain::tabular::convention)

convention-permutation-importance = Permutation importance (an aid to interpretation, not proof of causation): each model input is shuffled across the evaluated cases { $permutations ->
        [one] { $permutations } time
       *[other] { $permutations } times
    } (seed { $seed }; each shuffle draws from its own random stream, so the numbers do not depend on the number of threads; above { $max_rows ->
        [one] { $max_rows } case
       *[other] { $max_rows } cases
    } a seeded random { $max_rows }, stratified by class), the cases are scored again with the same model session, and the drop in ROC AUC (AUC as scored − AUC after the shuffle) is recorded, as scikit-learn permutation_importance with scoring 'roc_auc'. Reported: the mean drop and the { $confidence }% percentile range of the drops over the shuffles (R type-7 quantiles), which shows how much one shuffle varies, not the cohort's sampling uncertainty. Per case, each input is set to its median over the evaluated cases and the case scored again; the change is the score with the median − the case's score.

## STARD checklist: places

stard-section = section { $number }, { $name }
stard-record-in-plan = for the user: the plan does not record it

## STARD checklist: hints

stard-hint-prospective = prospective or retrospective


## sections

section-signoff = Sign-off
section-stard = STARD 2015 checklist
section-methods = Methods, conventions and limitations
section-claims = The vendor's claims
section-comparisons = Comparisons
section-drift = Drift over time
section-subgroups = Subgroups
section-calibration = Calibration
section-accuracy = Diagnostic accuracy
section-cohort = Cohort and flow
section-summary = Summary
section-vendor = The vendor's validation package

## report

verdict-word-pass = PASS
verdict-word-fail = FAIL
verdict-word-inconclusive = INCONCLUSIVE
build-plan = plan
build-validation-report = Validation report
criterion-sentence-worst-subgroup = worst subgroup
criterion-reason-not-computed-some-scores = not computed: some scores lie outside [0, 1], so they are not probabilities
criterion-reason-cannot-be-estimated-on = cannot be estimated on this cohort
summary-every-acceptance-criterion-fixed = every acceptance criterion fixed in the plan before the data was seen was met on this cohort.
summary-every-acceptance-criterion-in = every acceptance criterion in the plan was met on this cohort.
summary-at-least-one-acceptance = at least one acceptance criterion fixed in the plan was not met: on this cohort the model performs below a limit set in advance.
summary-at-least-one-acceptance-2 = at least one acceptance criterion in the plan was not met: on this cohort the model performs below a limit the plan sets.
summary-the-model-left-more = the model left more cases without a usable score than the plan allows, so the criteria cannot be judged on this cohort (see below).
summary-at-least-one-acceptance-3 = at least one acceptance criterion could not be decided on this cohort: its interval includes the limit, so more cases are needed.
summary-criterion-fixed-in-the = Criterion (fixed in the plan)
summary-measured = Measured
summary-judged-value = Judged value
summary-result = Result
summary-measured-estimate-interval-judged = Measured: estimate [interval judged]. The verdict is INCONCLUSIVE if the model left more units unscored than the plan allows; otherwise FAIL if any criterion fails, else INCONCLUSIVE if any is, else PASS.
summary-what-was-validated = What was validated
flags-list-not-covered-by-the = Not covered by the criteria
flags-list-what-the-data-show = What the data show
flags-list-these-do-not-change = These do not change the verdict, which comes from the acceptance criteria alone; read them before signing.
prespecification-sentence-this-run-was-not = This run was not checked against a run history (it was run without one), so whether the plan was fixed before the data was seen is not known; the plan file's SHA-256 below identifies the criteria exactly.
prespecification-sentence-the-run-history-holds = the run history holds no earlier run of this model on this cohort, so the plan was fixed before its results were seen.
post-hoc-caution-and = and
plan-part-the-threshold = the threshold
plan-part-the-acceptance-criteria = the acceptance criteria
plan-part-the-analysis-settings = the analysis settings
plan-part-the-cohort-selection = the cohort selection
plan-part-how-the-model-is = how the model is read
plan-part-the-image-preprocessing = the image preprocessing
plan-part-the-comparisons = the comparisons
patient-level-note-with-the-patient-key = {" "}With the patient key every interval is patient-level (proportions at the effective sample size, AUC with Obuchowski's variance; see Methods).
unit-word-one-image-each = one image each
unit-word-one-series-each = one series each
unit-word-one-study-each = one study each
identity-not-given-in-the = not given in the plan
identity-product = Product
identity-vendor = Vendor
identity-version = Version
identity-model-file = Model file
identity-vendor-s-score-file = Vendor's score file
identity-intended-use-as-recorded = Intended use (as recorded)
identity-cohort = Cohort
identity-operating-threshold = Operating threshold
identity-score-threshold-is-positive = score ≥ threshold is positive
identity-run = Run
identity-software = Software
identity-plan-file = Plan file
identity-cohort-file = Cohort file
cohort-warning-some-values-of = Warning: some values of the id column look like patient identifiers (Norwegian national identity numbers, or PatientIDs from DICOM headers). Ids are written to predictions.csv and this report's appendices: replace them with pseudonyms before this report leaves the hospital. report.json (cohort.identifier_warnings) names the lines.
cohort-rows-in-the-cohort = rows in the cohort table
cohort-files-in-the-dicom = files in the DICOM folder
cohort-excluded = Excluded
cohort-found = Found
cohort-analysed = Analysed
cohort-cases = cases
cohort-pos = pos.
cohort-neg = neg.
cohort-model-positive = Model positive
cohort-reference-positive = Reference positive
cohort-reference-negative = Reference negative
cohort-model-negative = Model negative
cohort-figure-1-flow-of = Figure 1. Flow of cases (STARD 2015 item 19). Model positive: score ≥ the plan's threshold.
cohort-no-case-was-excluded = No case was excluded.
cohort-reason-for-exclusion = Reason for exclusion
cohort-cases-2 = Cases
cohort-each-excluded-case-is = Each excluded case is listed with its line or file in Appendix B and in report.json.
cohort-rows-of-the-vendor = Rows of the vendor's score file that match no cohort case, not evaluated
cohort-listed-in-report-json = listed in report.json
cohort-rows-of-the-labels = Rows of the labels file that match no image, not evaluated
cohort-study-design = Study design
cohort-reference-standard = Reference standard
cohort-eligibility = Eligibility
cohort-setting-and-dates = Setting and dates
cohort-sampling = Sampling
cohort-ground-truth = Ground truth
distributions-who-is-in-the = Who is in the cohort
distributions-attribute-value = Attribute = value
distributions-share = Share
distributions-positive = Positive
distributions-negative = Negative
distributions-prevalence = Prevalence
accuracy-total = Total
accuracy-tp = TP
accuracy-tn = TN
accuracy-table-cross-tabulation-of = Table: cross-tabulation of the model's result against the reference standard (STARD 23).
accuracy-measure = Measure
accuracy-estimate = Estimate
accuracy-brier-not-computed-some = Brier not computed: some scores lie outside [0, 1], so they are not probabilities (a score on 0–100 would be judged as if it were one).
accuracy-1-specificity = 1 − specificity
accuracy-sensitivity = Sensitivity
accuracy-threshold = threshold
accuracy-youden-optimal-point = Youden-optimal point
accuracy-chance = chance
accuracy-figure-2-roc-curve = Figure 2. ROC curve with the operating point and its sensitivity and specificity intervals.
accuracy-recall-sensitivity = Recall (sensitivity)
accuracy-precision-ppv = Precision (PPV)
accuracy-average-precision = average precision
accuracy-prevalence = prevalence
accuracy-figure-3-precision-recall = Figure 3. Precision–recall curve; the dashed line is the cohort's prevalence (a model with no skill).
thresholds-thresholds = Thresholds
thresholds-operating-point = Operating point
thresholds-threshold = Threshold
thresholds-specificity = Specificity
thresholds-plan-vendor-s-threshold = Plan (vendor's) threshold: judged
thresholds-youden-optimal-max-sensitivity = Youden-optimal (max sensitivity + specificity)
thresholds-closest-to-the-top = Closest to the top-left corner
thresholds-at-target-sensitivity = At target sensitivity
thresholds-at-target-specificity = At target specificity
thresholds-only-the-plan-s = Only the plan's threshold is judged (pre-specified, STARD 12a); the other points are exploratory and chosen on this cohort, so they are optimistic. Intervals: Wilson.
local-prevalence-ppv-and-npv-above = Local prevalence was not given; PPV and NPV are shown at the cohort's own prevalence.
calibration-not-computed-some-scores = Not computed: some scores lie outside [0, 1], so they are not probabilities and calibration has no meaning for them.
calibration-does-a-score-of = Does a score of 0.3 mean a 30 % risk? Each bin's observed frequency of the condition is set against its mean score; points on the diagonal are perfectly calibrated.
calibration-mean-predicted-probability = Mean predicted probability
calibration-observed-frequency = Observed frequency
calibration-bins = bins
calibration-perfect-calibration = perfect calibration
calibration-figure-4-reliability-diagram = Figure 4. Reliability diagram with each bin's exact interval.
calibration-value = Value
calibration-ideal = Ideal
calibration-slope-wald = Calibration slope (Wald)
calibration-intercept-joint-fit-wald = Intercept, joint fit (Wald)
calibration-in-the-large = Calibration-in-the-large (Wald)
calibration-a-slope-below-1 = A slope below 1 means the scores are too extreme (over-confident); calibration-in-the-large above 0 means the model under-estimates risk on this cohort.
subgroups-the-plan-names-no = The plan names no subgroup attributes, so the model's performance could not be examined by sex, age, scanner or site. This is a limitation of the validation.
subgroups-by = By
subgroups-group = Group
subgroups-pos = Pos.
subgroups-finding = Finding
subgroups-grey-rows-too-few = Grey rows: too few cases to be tested or judged; †: too few positives or negatives for this figure. Intervals: sensitivity and specificity as the plan's proportion interval, AUC DeLong.
subgroups-insufficient = insufficient
group-finding-too-few-cases-not = too few cases: not tested
group-finding-no-significant-difference-from = no significant difference from the rest
group-finding-significantly-worse = significantly worse
fairness-measure = Fairness measure
fairness-demographic-parity-difference = Demographic parity difference
fairness-demographic-parity-ratio = Demographic parity ratio
fairness-equal-opportunity-difference-tpr = Equal opportunity difference (TPR)
fairness-equalized-odds-difference = Equalized odds difference
fairness-equalized-odds-ratio = Equalized odds ratio
fairness-differences-are-max-min = Differences are max − min over the groups at the plan's threshold. The fairlearn column counts an undefined rate as 0, as fairlearn does.
fairness-left-out-where-undefined = Left out where undefined:
fairness-included-although-insufficient = Included although insufficient:
drift-not-assessed-no-image = Not assessed: no image has a readable StudyDate, so the cases could not be placed in time.
drift-not-assessed-the-cases = Not assessed: the cases have no date. Had the plan named a date for each case (written YYYY-MM-DD or YYYYMMDD), the figures would be shown per month or quarter.
drift-significantly-worse-than-the = Significantly worse than the rest of the cohort
drift-no-period-is-significantly = No period is significantly worse than the rest of the cohort.
drift-no-period-has-enough = No period has enough cases to be tested, so none can be flagged: the chart and the table describe, they do not test.
drift-tested = tested
drift-too-few-not-tested = too few, not tested
drift-whole-dated-cohort = whole dated cohort
drift-period = Period
drift-no-cases = no cases
drift-no-significant-difference = no significant difference
drift-all-dated = All dated
drift-grey-rows-too-few = Grey rows: too few cases to be tested; †: too few positives or negatives for this figure. Intervals: sensitivity and specificity as the plan's proportion interval, AUC DeLong. A flagged period has a Holm-corrected p below the plan's level and is below the rest.
drift-equipment-equipment-over-time = Equipment over time
drift-equipment-no-attribute-is-followed = No attribute is followed in time: the plan names no scanner or software attribute among its subgroups, so when each value first appears is not shown.
drift-equipment-new-mid-cohort = New mid-cohort
drift-equipment-attribute = Attribute
drift-equipment-first-seen = First seen
drift-equipment-last-seen = Last seen
drift-equipment-new-mid-cohort-2 = new mid-cohort
drift-equipment-from-the-first-period = from the first period
drift-equipment-values-of-each-case = Values of each case's first image; months, never dates.
drift-equipment-values-of-the-plan = Values of the plan's subgroup columns; months, never dates.
section-adjudication = Sensitivity analysis: adjudicated labels
adjudication-what-was-reviewed = After the run a reviewer looked again at { $errors ->
        [one] the { $errors } false positive or negative
       *[other] the { $errors } false positives and negatives
    } and adjudicated { $adjudicated }: reference standard wrong { $reference_wrong }, model right { $model_right }, model wrong { $model_wrong }, cannot tell { $cannot_tell } (each judgement with its reviewer, time and comment is kept in the run history). The table shows the figures with the adjudicated labels beside the pre-specified ones. This analysis was not pre-specified and does not change the verdict, which rests on the reference standard.
adjudication-pre-specified = Pre-specified (reference standard)
adjudication-adjudicated = Adjudicated labels
adjudication-interval = Interval
adjudication-convention = Adjudicated labels: "reference standard wrong" and "model right" take the model's call as the label; "model wrong" and "cannot tell" keep the reference label. Only errors can be adjudicated, so these figures can only rise: read them as an upper bound of what a corrected reference standard would show.
comparisons-the-main-score-against = The main score against each further source the plan names, on the cases both scored: DeLong's paired test for the AUC (difference = main − other) and McNemar's exact test at each source's threshold.
comparisons-source = Source
comparisons-auc-main = AUC main
comparisons-auc-other = AUC other
comparisons-difference = Difference
comparisons-mcnemar-p-sens = McNemar p sens.
comparisons-mcnemar-p-spec = McNemar p spec.
claims-the-plan-records-no = The plan records no performance claimed by the vendor, so the local result is not set beside the vendor's.
claims-source-of-the-claims = Source of the claims
claims-claimed = Claimed
claims-local-result = Local result
claims-assessment = Assessment
claims-lower-than-claimed-the = lower than claimed: the whole local interval lies below the claim
claims-higher-than-claimed-the = higher than claimed: the whole local interval lies above the claim
claims-local-intervals-as-the = Local intervals as the plan's acceptance intervals
methods-conventions = Conventions
methods-every-figure-in-this = Every figure in this report is read from the same evaluation as report.json; the statistics are tested against R's pROC and rms, scikit-learn, statsmodels and fairlearn.
methods-limitations = Limitations
methods-the-precision-notes-above = The precision notes above count cases; with several cases per patient the information is that of fewer, independent cases (the effective sample size n/deff in the accuracy table), so the intervals at the limit would be wider.
methods-too-few-cases-to = Too few cases to examine the groups
methods-no-subgroup-analysis-the = No subgroup analysis: the plan names no attributes.
methods-no-analysis-over-time = No analysis over time: the cases carry no readable date.
methods-calibration-not-assessed-the = Calibration not assessed: the scores are not probabilities.
methods-the-plan-does-not = The plan does not record how the reference standard was established.
methods-a-retrospective-validation-on = A retrospective validation on one local cohort: it shows how the model performed on these cases, at this site, with this software, not how it will perform after a change of population, scanner or model version. Re-validate after any such change.
stard-each-item-of-the = Each item of the STARD 2015 reporting guideline for diagnostic accuracy studies, with where this report answers it, or what the reviewer must add. CLAIM and TRIPOD+AI items that overlap are answered by the same sections.
stard-item = Item
stard-what-stard-asks = What STARD asks
stard-where-answered = Where answered
stard-bold-rows-are-for = Bold rows are for the user: the report cannot know the answer.
stard-ai-specific-topics-claim = AI-specific topics (CLAIM, TRIPOD+AI)
stard-topic = Topic
sign-off-reviewing-medical-physicist = Reviewing medical physicist
sign-off-clinical-lead = Clinical lead
sign-off-role = Role
sign-off-name = Name
sign-off-date = Date
sign-off-signature = Signature
appendix-a-cases-for = Appendix A. Cases for review
appendix-false-negatives-and-false = False negatives and false positives at the plan's threshold, the most confident errors first. Cases are named by the plan's pseudonymous id; the full list of every case is predictions.csv.
appendix-false-negatives = False negatives
appendix-false-positives = False positives
appendix-tile-score = score { $score }
appendix-tiles-fn-caption = { $n ->
        [one] The false negative with the lowest score
       *[other] The { $n } false negatives with the lowest scores
    } (of { $errors }): each case's first image, windowed as the plan's preprocessing, with its pseudonymous id. Images whose pixels may show text (Burned In Annotation) are never drawn.
appendix-tiles-fp-caption = { $n ->
        [one] The false positive with the highest score
       *[other] The { $n } false positives with the highest scores
    } (of { $errors }): each case's first image, windowed as the plan's preprocessing, with its pseudonymous id. Images whose pixels may show text (Burned In Annotation) are never drawn.
appendix-tiles-left-out-text = { $n ->
        [one] One case among the worst was passed over, the next one drawn instead: its image's header says text may be burned into its pixels, or cannot tell.
       *[other] { $n } cases among the worst were passed over, the next ones drawn instead: their images' headers say text may be burned into their pixels, or cannot tell.
    }
appendix-tiles-left-out-undecodable = { $n ->
        [one] One case among the worst was passed over, the next one drawn instead: its image could not be decoded.
       *[other] { $n } cases among the worst were passed over, the next ones drawn instead: their images could not be decoded.
    }
appendix-none = None.
appendix-case-id = Case id
appendix-score = Score
appendix-b-excluded-cases = Appendix B. Excluded cases
appendix-case-line-or-file = Case, line or file
appendix-reason = Reason
appendix-detail = Detail
appendix-line = line
appendix-details-are-the-engine = Details are the engine's messages, in English.
prespecification-sentence-attempt-attempt-on-this = Attempt { $attempt } on this cohort
prespecification-sentence-attempt-earlier-runs-runs = { $attempt } (earlier runs { $runs }): post hoc, see the amber box above.
prespecification-sentence-attempt-earlier-runs-runs-2 = { $attempt } (earlier runs { $runs }): the plan's analysis is unchanged since run #{ $earlier_runs }, the first, so it was fixed before any result was seen.
post-hoc-caution-post-hoc-parts-changed = POST HOC: { $parts } changed after run #{ $after } of this model on this cohort (attempt { $attempt }; earlier runs { $earlier_runs }). The plan was not fixed before the data was seen: read the verdict as exploratory, not as a pre-specified validation.
plain-words = In plain words: of { $positives ->
        [one] { $positives } case
       *[other] { $positives } cases
    } with the condition (by the reference standard), the model flagged { $flagged_positives } ({ $sensitivity }); of { $negatives ->
        [one] { $negatives } case
       *[other] { $negatives } cases
    } without it, it correctly left { $unflagged_negatives } unflagged ({ $specificity }). Of the { $flagged ->
        [one] { $flagged } case
       *[other] { $flagged } cases
    } it flagged, { $flagged_with_condition } had the condition (PPV { $ppv }).
patients-with-key = The { $cases ->
        [one] { $cases } case comes
       *[other] { $cases } cases come
    } from { $patients ->
        [one] { $patients } patient
       *[other] { $patients } patients
    }; every interval accounts for several cases per patient (patient-level methods, see Methods).
patients-repeat-without-key = The { $units ->
        [one] { $units } case comes
       *[other] { $units } cases come
    } from only { $patients ->
        [one] { $patients } patient
       *[other] { $patients } patients
    } (PatientID repeats), but the plan names no patient key: the intervals treat the cases as independent and are too narrow. Naming PatientID as the patient in the plan would let them account for it.
cohort-from-value-patients = from { $value ->
        [one] { $value } patient
       *[other] { $value } patients
    }
cohort-column-cohort-label-positive = column "{ $cohort_label }": "{ $positive_label }" is positive, "{ $negative_label }" negative
accuracy-at-the-operating-threshold = At the operating threshold { $threshold } (score ≥ threshold is positive), with two-sided { $pct_conf } intervals.
accuracy-patient-level-intervals-n = Patient-level intervals ({ $n ->
        [one] { $n } case
       *[other] { $n } cases
    } from { $patients ->
        [one] { $patients } patient
       *[other] { $patients } patients
    }): Wilson and Clopper–Pearson at the effective sample size n/deff (Korn and Graubard 1998); design effect deff: sensitivity { $deff_sensitivity }, specificity { $deff_specificity }, PPV { $deff_ppv }, NPV { $deff_npv }, accuracy { $deff_accuracy }.
accuracy-bootstrap-provenance-bootstrap-replicates = Bootstrap: { $bootstrap_replicates ->
        [one] { $bootstrap_replicates } stratified replicate
       *[other] { $bootstrap_replicates } stratified replicates
    }, seed { $seed }. Brier: lower is better (0 is perfect).
accuracy-patient-level-the-obuchowski = Patient level: the Obuchowski column is AUC ± z·SE with Obuchowski's (1997) clustered variance (treating the cases as independent, DeLong's would give { $unclustered_delong }); the bootstrap resamples patients with all their cases, { $bootstrap_replicates ->
        [one] { $bootstrap_replicates } replicate
       *[other] { $bootstrap_replicates } replicates
    }, seed { $seed }. Brier: lower is better (0 is perfect).
local-prevalence-at-the-local-prevalence = At the local prevalence of { $prevalence } (from the plan): PPV { $ppv }, NPV { $npv }. Per 1000 studies the model would flag { $flagged } ({ $true_positives } true and { $false_positives ->
        [one] { $false_positives } false positive
       *[other] { $false_positives } false positives
    }) and miss { $false_negatives }.
subgroups-each-group-is-compared = Each group is compared with the rest of the cohort. A group with fewer than { $min_group_n ->
        [one] { $min_group_n } case
       *[other] { $min_group_n } cases
    }, { $min_group_positives ->
        [one] { $min_group_positives } positive
       *[other] { $min_group_positives } positives
    } or { $min_group_negatives ->
        [one] { $min_group_negatives } negative
       *[other] { $min_group_negatives } negatives
    } is marked insufficient and is neither tested nor judged. "Significantly worse" uses Holm-corrected p-values across the groups of an attribute (multiplicity correction: Holm).
drift-not-assessed-no-value = Not assessed: no value of the date column "{ $column }" reads as a date (YYYY-MM-DD or YYYYMMDD).
drift-equipment-no-dated-case-states = No dated case states { $names }.
drift-equipment-the-month-each-value = The month each value of { $names } first and last appears among the dated cases. A value first seen after the first period ({ $first }) is new mid-cohort: a new scanner, model or software version that can change the model's figures from then on; compare the periods before and after it above.
drift-new-equipment = { $attribute } = { $value } from { $first_seen } ({ $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    })
claims-compatible-the-claim-lies = compatible: the claim lies inside the local interval, which excludes the claim minus { $margin }
claims-not-testable-at-this = not testable at this n: the interval is wider than the claim minus { $margin } ({ $claimed_margin }), so it cannot tell the claim from a model that much worse
claims-compatible-a-two-sided = (compatible: a two-sided test at this level does not reject the claim, and the interval ends less than { $margin } below it, so a shortfall of { $margin2 } would have shown; not testable: the interval also contains the claim minus { $margin3 }). Claims are reported, never judged: the verdict comes from the acceptance criteria alone.
methods-criteria-on-proportions-are = Criteria on proportions are judged on the { $proportion_interval } interval and criteria on the AUC on the { $auc_interval } interval, unless a criterion names another.
methods-precision-metric-name-metric = Precision: { $metric } rests on { $n ->
        [one] { $n } case
       *[other] { $n } cases
    }; at the limit its interval would be ±{ $half_width_at_limit }.
methods-excluded-share = { $excluded } of { $rows ->
        [one] { $rows } row or file
       *[other] { $rows } rows or files
    } ({ $share }) { $excluded ->
        [one] was excluded; if it differs
       *[other] were excluded; if they differ
    } from the analysed cases, the figures may be biased.
methods-clustered-without-key = Clustered data without a patient key: { $units ->
        [one] { $units } case comes
       *[other] { $units } cases come
    } from { $patients ->
        [one] { $patients } patient
       *[other] { $patients } patients
    }, and the intervals assume independent cases, so they are too narrow. Name PatientID as the patient in the plan and run again.
methods-undated = { $undated } of { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    } { $undated ->
        [one] has
       *[other] have
    } no readable date and { $undated ->
        [one] is
       *[other] are
    } left out of the analysis over time.
methods-v-attribute-v-value = { $attribute } = { $value } from { $first_seen }
methods-equipment-changed-during-the = Equipment changed during the cohort ({ $new }): the figures pool cases from before and after the change.
sign-off-we-have-reviewed-this = We have reviewed this validation of "{ $study_name }" (verdict { $acceptance_verdict }) and its evidence.
appendix-the-first-max-of = The first {"{"}MAX{"}"} of { $errs }; all are in predictions.csv.
appendix-the-first-max-of-2 = The first { $max } of { $cohort_excluded }; all are in report.json.

## importance

importance-what-the-model-relies = What the model relies on
importance-model-input = Model input
importance-mean-drop-in-auc = Mean drop in AUC
importance-every-input-the-largest = Every input, the largest mean drop first.
importance-review-cases-error = Error
importance-review-cases-inputs-by-change-at = Inputs by change at the median
importance-review-cases-no-input-changes-the = no input changes the score
importance-review-cases-for-this-large-cohort = For this large cohort only the errors were explained, the most confident first; a case marked – was beyond that budget.
importance-permutation-importance-each-input = Permutation importance: each input's values were shuffled across the { $n ->
        [one] { $n } case
       *[other] { $n } cases
    }, { $permutations ->
        [one] { $permutations } time
       *[other] { $permutations } times
    }, and the cases scored again by the same model. The drop in ROC AUC shows how much the model's discrimination on this cohort depends on that input. It is an aid to interpretation, not proof of causation: it says what the model uses, not what causes the condition, and inputs that carry the same information share or hide each other's importance.
importance-computed-on-a-seeded = Computed on a seeded random subsample of { $n } of the { $cases ->
        [one] { $cases } evaluated case
       *[other] { $cases } evaluated cases
    } ({ $n_positive } positive), drawn within each class, to bound the time it takes.
importance-pct-conf-range-over = { $pct_conf } range over the shuffles
importance-the-top-features-inputs = The { $top_features ->
        [one] { $top_features } input
       *[other] { $top_features } inputs
    } of { $features } with the largest mean drop; all are in report.json.
importance-which-auc-on-these = { $which } AUC on these cases as scored: { $auc }. Drop = that AUC − the AUC after shuffling the input; the range is the percentile range of the { $permutations } drops. Grey: the range reaches 0 or below, so on this cohort the model's AUC does not clearly depend on that input alone.
importance-review-cases-for-the-cases-listed = For the cases listed in Appendix A: the { $top_per_case ->
        [one] { $top_per_case } input
       *[other] { $top_per_case } inputs
    } whose setting to the cohort median changes the score the most. The change is the score with the median − the case's score; a negative change means the case's own value raised its score.

## occlusion

occlusion-maps-explanations = Explanations
occlusion-maps-the-image-s-mean = the image's mean
occlusion-maps-a-blurred-copy-of = a blurred copy of the image
occlusion-maps-outcome = Outcome
occlusion-maps-file-in-explain = File in explain/
occlusion-maps-intro = Occlusion maps of { $maps ->
        [one] { $maps } case
       *[other] { $maps } cases
    }, in the folder explain/ beside this report: a { $patch }×{ $patch } pixel patch moved in steps of { $stride } over the model's input and replaced by { $baseline }; the colour shows how much the score falls where the patch covers; explain/index.csv also gives each map's largest drop. A series or study is shown by its first image. Occlusion maps are an aid to interpretation, not proof of reasoning.
occlusion-maps-failed = Not every occlusion map asked for could be made; { $failures ->
        [one] the run's warning
       *[other] the run's { $failures } warnings
    } (in English): { $reasons }.

## vendor

vendor-package-not-given = not given
vendor-package-manifest = Manifest
vendor-package-ce-class-certificate = CE class, certificate
vendor-package-taken-from-the-manifest = Taken from the manifest
vendor-package-the-plan-sets-these = The plan sets these differently from the manifest; the plan's value was used:
vendor-package-key = Key
vendor-package-plan-used = Plan (used)
vendor-fidelity-fidelity-self-test = Fidelity self-test
vendor-fidelity-not-run-the-manifest = Not run: the manifest has no test vectors.
vendor-fidelity-the-model-file-s = The model file's SHA-256 is the one the manifest names.
vendor-fidelity-the-model-file-s-2 = The model file's SHA-256 differs from the manifest's.
vendor-fidelity-the-manifest-gives-no = The manifest gives no SHA-256 of the model file.
vendor-fidelity-test-vector = Test vector
vendor-fidelity-through = Through
vendor-fidelity-vendor-s-output = Vendor's output
vendor-fidelity-local-output = Local output
vendor-fidelity-reproduced = reproduced
vendor-fidelity-not-reproduced = NOT reproduced
vendor-fidelity-a-dicom-vector-is = A DICOM vector is decoded and preprocessed exactly as the cohort's images are; a .npy tensor is fed to the model as it is (it tests the model and runtime, not the pipeline).
vendor-representativeness-intended-use-and-representativeness = Intended use and representativeness
vendor-representativeness-the-vendor-names = The vendor names
vendor-representativeness-cases-known = Cases known
vendor-representativeness-outside = Outside
vendor-representativeness-values-outside-cases = Values outside (cases)
vendor-representativeness-age = age
vendor-representativeness-the-manifest-names-no = The manifest names no age range, modality, body part, view or manufacturer to compare the cohort with.
vendor-representativeness-cases-outside-what-the = Cases outside what the vendor reports are analysed with the rest: a high share means the vendor's evidence may not carry over to this population.
vendor-representativeness-sex = Sex
vendor-representativeness-here = Here
vendor-representativeness-vendor-s-population = Vendor's population
vendor-fidelity-result = Before any case was scored, the vendor's test vectors went through the same pipeline as the cohort: { $passed } of { $total ->
        [one] { $total } output was
       *[other] { $total } outputs were
    } reproduced within tolerance. { $gives_no }
vendor-representativeness-age-lo-hi-years = age { $lo }–{ $hi } years
vendor-representativeness-modality-modalities-join = modality: { $modalities }
vendor-representativeness-body-part-body-parts = body part: { $body_parts }
vendor-representativeness-view-views-join = view: { $views }
vendor-representativeness-manufacturers-manufacturers-join = manufacturers: { $manufacturers }

## exclusion reasons

exclusion-missing-id = no id
exclusion-missing-label = no label
exclusion-unknown-label = label is neither class
exclusion-bad-feature = model input not a number
exclusion-no-score = no vendor score
exclusion-bad-score = score not a finite number
exclusion-not-dicom = not DICOM
exclusion-unreadable = unreadable DICOM
exclusion-no-pixel-data = no pixel data
exclusion-unsupported-syntax = unsupported transfer syntax
exclusion-decode-error = pixel data could not be decoded
exclusion-no-label = no label
exclusion-filtered = left out by the include filter
exclusion-conflicting-labels = conflicting labels in one unit
exclusion-missing-file = listed in DICOMDIR but missing
exclusion-inference-failed = the model failed on it
exclusion-timeout = the model ran past the time limit
exclusion-unscorable = cannot be scored by the model (input size or shape)
exclusion-special-file = not a regular file
exclusion-too-large = image above the size limits
exclusion-bad-header = unusable header value

## STARD 2015 checklist (report/stard.rs)

stard-item-1 = Identification as a study of diagnostic accuracy using at least one measure of accuracy
stard-item-2 = Structured summary of design, methods, results and conclusions
stard-item-3 = Scientific and clinical background, including the intended use and clinical role of the index test
stard-item-4 = Study objectives and hypotheses
stard-item-5 = Whether data collection was planned before the index test and reference standard were performed (prospective) or after (retrospective)
stard-item-6 = Eligibility criteria
stard-item-7 = On what basis potentially eligible participants were identified
stard-item-8 = Where and when potentially eligible participants were identified (setting, location and dates)
stard-item-9 = Whether participants formed a consecutive, random or convenience series
stard-item-10a = Index test, in sufficient detail to allow replication
stard-item-10b = Reference standard, in sufficient detail to allow replication
stard-item-11 = Rationale for choosing the reference standard (if alternatives exist)
stard-item-12a = Definition of and rationale for test positivity cut-offs of the index test, distinguishing pre-specified from exploratory
stard-item-12b = Definition of and rationale for positivity cut-offs of the reference standard
stard-item-13a = Whether clinical information and reference standard results were available to the performers or readers of the index test
stard-item-13b = Whether clinical information and index test results were available to the assessors of the reference standard
stard-item-14 = Methods for estimating or comparing measures of diagnostic accuracy
stard-item-15 = How indeterminate index test or reference standard results were handled
stard-item-16 = How missing data on the index test and reference standard were handled
stard-item-17 = Any analyses of variability in diagnostic accuracy, distinguishing pre-specified from exploratory
stard-item-18 = Intended sample size and how it was determined
stard-item-19 = Flow of participants, using a diagram
stard-item-20 = Baseline demographic and clinical characteristics of participants
stard-item-21a = Distribution of severity of disease in those with the target condition
stard-item-21b = Distribution of alternative diagnoses in those without the target condition
stard-item-22 = Time interval and any clinical interventions between index test and reference standard
stard-item-23 = Cross tabulation of the index test results by the results of the reference standard
stard-item-24 = Estimates of diagnostic accuracy and their precision (such as 95 % confidence intervals)
stard-item-25 = Any adverse events from performing the index test or the reference standard
stard-item-26 = Study limitations, including sources of potential bias, statistical uncertainty and generalisability
stard-item-27 = Implications for practice, including the intended use and clinical role of the index test
stard-item-28 = Registration number and name of registry
stard-item-29 = Where the full study protocol can be accessed
stard-item-30 = Sources of funding and other support; role of funders
stard-user-for-the-user = for the user
stard-user-for-the-user-a = for the user (a model reads only its inputs; state what the labels' readers knew)
stard-user-not-applicable-to-a = not applicable to a retrospective model validation; otherwise for the user
stard-user-for-the-user-section = for the user (section 1 gives the verdict against the intended use)
stard-title-page = title page
stard-summary = Summary
stard-cohort-and-flow = Cohort and flow
stard-for-the-user-name = for the user: name attributes such as sex and age as subgroups in the plan
stard-diagnostic-accuracy = Diagnostic accuracy
stard-for-the-user-the = for the user: the plan names no subgroups
stard-subgroups = Subgroups
stard-methods-conventions-and-limitations = Methods, conventions and limitations
stard-drift-over-time = Drift over time
stard-the-plan-is-the = the plan is the protocol: its SHA-256 is under What was validated; report.json holds it whole
stard-model-identity-name-version = Model identity: name, version, file hash, runtime
stard-data-preprocessing-from-raw = Data preprocessing from raw input to model input
stard-the-plan-s-preprocess = the plan's preprocessing, in report.json (plan)
stard-the-plan-s-features = the plan's features, in report.json (plan)
stard-de-identification-of-the = De-identification of the data
stard-cases-by-pseudonymous-id = cases by pseudonymous id only; no patient name, id, birth date or accession number in any output
stard-missing-and-unusable-data = Missing and unusable data
stard-discrimination-and-calibration-with = Discrimination and calibration with uncertainty
stard-calibration = Calibration
stard-performance-across-subgroups-fairness = Performance across subgroups (fairness)
stard-for-the-user-the-2 = for the user: the plan names no subgroups
stard-performance-over-time-and = Performance over time and after equipment changes
stard-for-the-user-the-3 = for the user: the cases carry no date (a date column, or StudyDate in DICOM)
stard-failure-analysis-of-misclassified = Failure analysis of misclassified cases
stard-appendix-a-cases-to = Appendix A (cases to review in the app's case viewer)
stard-intended-use-and-the = Intended use and the population validated on

## Segmentation (issue 16): crates/engine/src/report/content/segmentation.rs
seg-figure-dice = Dice
seg-figure-iou = IoU (Jaccard)
seg-figure-hd = Hausdorff (mm)
seg-figure-hd95 = HD95 (mm)
seg-figure-assd = ASSD (mm)
seg-figure-nsd = NSD at { $tolerance } mm
seg-figure-volume-difference = Volume difference (mL)
seg-cohort = { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    } ({ $unit }) evaluated from { $files ->
        [one] { $files } file
       *[other] { $files } files
    } in the DICOM folder { $path }, { $structures ->
        [one] { $structures } structure
       *[other] { $structures } structures
    } compared with the reference contours; { $excluded } excluded with reasons.
seg-criterion-figure = { $statistic ->
        [median] median
       *[other] mean
    } { $figure } of { $structure }
seg-criterion-share = share of { $structure } cases with { $figure } { $sign } { $tolerance }
seg-identity-binarisation = Binarisation
seg-binarise-threshold = probability ≥ { $threshold } is inside the structure
seg-binarise-argmax = each voxel goes to the structure whose channel is highest (argmax)
seg-truth = reference contours of { $structures } (names as found in the truth files in brackets), { $rule }
seg-rasterisation-short = rasterised onto the image grid (pixel centres inside the contour)
seg-flow-structures = { $n ->
        [one] { $n } structure each
       *[other] { $n } structures each
    }
seg-flow-truth-present = In the reference
seg-flow-truth-empty = Not in the reference
seg-flow-pairs = { $n ->
        [one] { $n } case × structure
       *[other] { $n } cases × structures
    }
seg-found = found
seg-missed = missed
seg-false-alarm = false alarm
seg-both-empty = both empty
seg-flow-caption = Figure 1. Flow of cases (STARD 2015 item 19). Below the analysed cases, every case counted once per structure: structure present in the reference contours (found or missed by the product) or absent (false alarm or both empty).
seg-structure = Structure
seg-no-criterion = No acceptance criterion judges this structure: its figures below are reported, not judged.
seg-page1-both-empty = { $n ->
        [one] In { $n } case neither the reference nor the product contains the structure
       *[other] In { $n } cases neither the reference nor the product contains the structure
    }; { $rule ->
        [left_out] these cases are left out of the means and medians and counted apart.
       *[other] these cases enter the means with Dice 1 and distances 0, and are counted apart.
    }
seg-page1-missed = The product missed the structure in { $n } of { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    } (present in the reference, absent in the prediction); these enter every mean with Dice 0 and the image diagonal as distance.
seg-page1-false-alarm = The product drew the structure in { $n } of { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    } where the reference has none (false alarms); these enter every mean with Dice 0 and the image diagonal as distance.
seg-section-accuracy = Segmentation accuracy
seg-accuracy-intro = Each structure of each case ({ $unit ->
        [series] a series, figures in 3-D
       *[other] an image, figures in 2-D
    }) is compared with the reference contours. Means and medians carry two-sided { $pct_conf } percentile bootstrap intervals that resample patients; the shares within a tolerance and the detection figures carry intervals that account for several cases per patient. Distances in millimetres, volumes in millilitres.
seg-structure-counts = { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    } from { $patients ->
        [one] { $patients } patient
       *[other] { $patients } patients
    }; the structure is in the reference in { $present }. Both empty: { $both_empty }; missed: { $missed }; false alarms: { $false_alarm }.
seg-figure = Figure
seg-mean-ci = mean [CI]
seg-median-ci = median [CI]
seg-range = range
seg-both-empty-in = The { $n ->
        [one] { $n } both-empty case counts
       *[other] { $n } both-empty cases count
    } with Dice, IoU and NSD 1 and distances 0.
seg-both-empty-out = The { $n ->
        [one] { $n } both-empty case is
       *[other] { $n } both-empty cases are
    } left out of every figure (n counts the cases that have it).
seg-figures-note = n: cases with the figure. Intervals: percentile bootstrap over patients, { $replicates ->
        [one] { $replicates } replicate
       *[other] { $replicates } replicates
    }, seed { $seed }.
seg-worst-in-means = { $n ->
        [0] No case was missed or a false alarm.
        [one] The { $n } missed or false-alarm case enters with Dice 0 and the image diagonal as every distance.
       *[other] The { $n } missed or false-alarm cases enter with Dice 0 and the image diagonal as every distance.
    }
seg-tolerance = Tolerance
seg-share-within = Share within
seg-share-note = Cases whose figure meets the tolerance (the plan's tolerances and criteria); a missed structure or false alarm never does. The interval accounts for several cases per patient (ratio estimator, effective sample size).
seg-truth-present = Structure in the reference
seg-truth-empty = Not in the reference
seg-prediction-present = Drawn by the product
seg-prediction-empty = Not drawn
seg-detection-note = Detection: whether the product draws the structure at all where the reference has it. Sensitivity = found / structure in the reference; specificity = both empty / not in the reference; { $interval } intervals accounting for several cases per patient.
seg-strip-case = a case
seg-strip-worst = missed or false alarm (at its worst value, drawn at the edge)
seg-strip-mean = mean
seg-strip-median = median
seg-strip-caption = Figure { $figure }. { $structure }: Dice and HD95 of every case, with the mean and the median. Points are spread vertically only to be seen apart.
seg-subgroups-intro = Dice and HD95 per group of each subgroup attribute. Groups with fewer than { $min_group_n ->
        [one] { $min_group_n } case
       *[other] { $min_group_n } cases
    } are shown in grey and not judged.
seg-patients = Patients
seg-subgroups-note = Grey rows: too few cases to judge the group; their figures are shown for completeness only.
seg-section-worst = Worst cases
seg-worst-intro = For each structure, the cases where the product and the reference disagree most (lowest Dice, then highest HD95), on the slice where they disagree most, windowed as the plan's preprocessing windows the image. Review them in the app's viewer before signing.
seg-no-tiles = No image tile was kept for this structure.
seg-tile-truth = Reference contour (truth)
seg-tile-prediction = Product's contour (prediction)
seg-tiles-caption = Figure { $figure }. { $structure }: the { $n ->
        [one] worst case
       *[other] { $n } worst cases
    }, worst first, with the reference contour and the product's contour drawn as the borders of their masks.
seg-slice = slice
seg-method-binarise = Masks: { $rule }; the reference contours and the product's output are compared on the same image grid.
seg-method-rasterisation = RTSTRUCT contours are rasterised onto the referenced image: a pixel belongs to the structure when its centre lies inside the polygon (even–odd rule, so holes and nested contours are kept; a pixel centre on the line counts as inside); a contour that contains no pixel centre leaves that slice empty, and is counted. DICOM SEG frames are mapped to their source images through the per-frame functional groups.
seg-method-overlap = Dice = 2|T ∩ P| / (|T| + |P|) and IoU = |T ∩ P| / |T ∪ P| over the voxels of the truth T and the prediction P.
seg-method-surface = Surfaces are the border voxels of each mask (voxels with a face neighbour outside the mask or beyond the image), as MONAI's get_mask_edges; distances run between voxel centres in millimetres from the image spacing, by an exact Euclidean distance transform.
seg-method-hd95 = Hausdorff distance: the largest distance from a border voxel of one mask to the other's surface. HD95: the 95th percentile (linear interpolation) of each directed set of distances, then the larger of the two, as MONAI's compute_hausdorff_distance(percentile = 95). ASSD: the mean of both directed sets pooled, as MONAI's compute_average_surface_distance(symmetric = True).
seg-method-nsd = Normalised surface Dice (NSD) at { $tolerance } mm: the share of border voxels of both masks that lie within the tolerance of the other surface, as MONAI's compute_surface_dice (Nikolov et al. 2021).
seg-method-both-empty-reported = Both masks empty: Dice, IoU and NSD are 1 and every distance 0; these cases enter the means and are counted apart.
seg-method-both-empty-left-out = Both masks empty: the case is left out of every figure's mean and median (null in report.json) and counted apart.
seg-method-worst = A missed structure (reference present, prediction empty) or a false alarm (the reverse): Dice, IoU and NSD are 0 and every distance is the image's physical diagonal, longer than any distance inside the image, so a miss always scores worse than any hit; such a case is never left out of a mean (MONAI returns NaN here, and a mean that drops NaN improves as a product finds less).
seg-method-volume = Volumes from the voxel count and the voxel size, in millilitres; volume difference = prediction − reference.
seg-method-bootstrap = Means and medians: two-sided { $confidence }% percentile bootstrap intervals (Efron 1979, Ann. Statist. 7:1–26) that resample patients with replacement, each with all its cases, { $replicates ->
        [one] { $replicates } replicate
       *[other] { $replicates } replicates
    }, seed { $seed }; replicate r draws from its own random stream, so the numbers do not depend on the number of threads.
seg-method-shares = Shares within a tolerance, sensitivity and specificity of detection: the ratio estimator over patients with its robust variance and the { $interval } interval at the effective sample size (with one case per patient, the usual interval).
seg-method-subgroups = Subgroups: each group's figures as above; groups under { $min_n ->
        [one] { $min_n } case
       *[other] { $min_n } cases
    } are shown but not judged.
seg-method-sources = The overlap and surface conventions are MONAI's (Cardoso et al. 2022, arXiv:2211.02701), and every figure is tested against MONAI and medpy on real CT contours; every figure in this report is read from the same evaluation as report.json.
seg-method-no-patient-key = The plan names no patient key: each case counts as its own patient in every interval.
seg-limitation-reference = The reference contours are one delineation; contours drawn by another clinician differ too, so part of any disagreement is the reference's own variability.
seg-appendix-intro = Per structure, the cases to review: missed structures and false alarms first, then the lowest Dice. Both-empty cases are not listed.
seg-presence = Found?
seg-appendix-first = The first { $max } of { $n ->
        [one] { $n } case
       *[other] { $n } cases
    }; report.json lists every case.
seg-appendix-json = Every case of every structure, with every figure, is in report.json (segmentation.structures.<name>.cases).

## multi-finding (multi-label and multi-class)
mf-section-findings = Accuracy per finding
mf-intro = { $n ->
        [one] The product scores { $n } finding per unit.
       *[other] The product scores { $n } findings per unit.
    } Each finding is analysed as a binary study on its own truth, score and threshold, with every figure of a binary classifier in report.json; { $pct_conf } intervals.
mf-finding = Finding
mf-positives = Pos. / n
mf-auc-ci = AUC [CI]
mf-sensitivity-ci = Sensitivity [CI]
mf-specificity-ci = Specificity [CI]
mf-verdicts = Criteria
mf-insufficient = insufficient
mf-table-note = Sensitivity and specificity at the finding's threshold (after its name; score ≥ threshold is positive). A finding with fewer than { $min ->
        [one] { $min } positive
       *[other] { $min } positives
    }, or no negative, is marked insufficient (grey): reported, never judged.
mf-forest-panel = AUC per finding
mf-forest-caption = Figure 2. AUC of each finding with its interval; the dashed line is the macro AUC. Hollow markers: findings with too few positives to be judged.
mf-macro-micro = Macro AUC (the mean of the findings' AUCs) { $macro_auc }; micro AUC (one AUC over every unit × finding) { $micro_auc }; patient-bootstrap percentile intervals, { $replicates ->
        [one] { $replicates } replicate
       *[other] { $replicates } replicates
    }.
mf-holm-note = The per-finding criteria were judged with Holm's step-down across findings: with m criteria left, each on its interval at confidence 1 − (1 − c)/m; those that pass leave and the rest are judged again. Each criterion's explanation names its step and level.
mf-multiclass = Classes
mf-predicted-argmax = The predicted class is the class with the highest score; ties go to the class listed first in the plan.
mf-predicted-column = The predicted class is the vendor's own, column "{ $column }".
mf-truth-predicted = Truth \ predicted
mf-total = Total
mf-confusion-note = Rows: the true class; columns: the predicted class; in the plan's order.
mf-class = Class
mf-per-class-note = Per class, one against the rest from the predicted class: sensitivity (its units predicted as it) and specificity (the other units predicted as another class), with Wilson intervals clustered by patient (ratio estimator, Korn & Graubard 1998), as for a binary study.
mf-agreement = Hand & Till multi-class AUC { $hand_till }; Cohen's kappa { $kappa } (patient-bootstrap percentile intervals).
mf-weighted-kappa = The classes are ordered: quadratic-weighted kappa { $weighted }.
mf-page1-insufficient = Too few to judge: { $positives ->
        [one] { $positives } positive
       *[other] { $positives } positives
    } and { $negatives ->
        [one] { $negatives } negative
       *[other] { $negatives } negatives
    } (at least { $min ->
        [one] { $min } positive
       *[other] { $min } positives
    } and one negative are needed). Reported, not judged.
mf-no-criterion = No acceptance criterion judges this finding on its own: its figures are reported, not judged.
mf-cohort = { $units ->
        [one] { $units } unit
       *[other] { $units } units
    } evaluated from { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    } of { $path }, each scored for { $findings ->
        [one] { $findings } finding
       *[other] { $findings } findings
    }; { $excluded } excluded (listed below).
mf-identity-findings = Findings
mf-units = units
mf-flow-findings = { $n ->
        [one] { $n } finding each
       *[other] { $n } findings each
    }
mf-flow-by-class = By true class
mf-flow-predicted = Predicted class
mf-flow-correct = { $n } the true class
mf-flow-wrong = { $n } another class
mf-flow-any = { $n ->
        [one] { $n } unit with a finding
       *[other] { $n } units with a finding
    }
mf-flow-none = { $n ->
        [one] { $n } unit with no finding
       *[other] { $n } units with no finding
    }
mf-flow-caption = Figure 1. Flow of units (STARD 2015 item 19). Below the analysed units: those with at least one finding present (and the positives of each finding; a unit may count for several) or none; for classes, units by true class and whether the predicted class is the true one.
mf-truth-multiclass = The class in column "{ $column }", one of { $classes }
mf-truth-multilabel = Per finding, its own column: { $columns }
mf-conv-per-finding = Each finding is analysed as a binary study on its own truth and score; a finding with fewer than { $min ->
        [one] { $min } positive
       *[other] { $min } positives
    }, or no negative, is reported but not judged (its criteria are INCONCLUSIVE).
mf-conv-activation = Scores: activation "{ $activation }" applied to the outputs before any figure (sigmoid per finding, softmax across the classes).
mf-conv-macro-micro = Macro AUC is the mean of the findings' AUCs; micro AUC is one AUC over every unit × finding (as scikit-learn's roc_auc_score); both with patient-bootstrap percentile intervals.
mf-conv-holm = Per-finding criteria judged on an interval are judged with Holm's step-down: with m left, at confidence 1 − (1 − c)/m (c the plan's); those that pass leave the family, the rest are judged again; when none passes, the rest keep that step's verdict.
mf-conv-holm-not-needed = At most one per-finding criterion is judged on an interval, so no multiplicity correction applies.
mf-limit-insufficient = Too few positives to judge: { $findings } (fewer than { $min }). Their figures are reported with wide intervals and no criterion on them passes.
mf-criterion-subject = { $metric } of { $finding }
mf-criterion-holm = Holm step-down across findings: judged on a wider interval, see the explanation in the findings section
mf-criterion-insufficient = too few positives (or no negative) in this finding to judge it
mf-macro-left-out = Findings without both a positive and a negative unit have no AUC and are left out of the macro mean: { $findings }. Bootstrap replicates left out of the intervals because a figure was undefined in them: macro { $skipped_macro }, micro { $skipped_micro }.
mf-multiclass-skipped = Bootstrap replicates left out of the intervals because the figure was undefined in them (a class missing from the replicate): Hand & Till { $hand_till }, kappa { $kappa }, weighted kappa { $weighted }.
## Detection (task = "detection")
det-hit-radius = Hit criterion: a mark hits a lesion when the mark's centre lies within the lesion's radius of its centre (distance ≤ radius, LUNA16).
det-hit-distance = Hit criterion: a mark hits a lesion when their centres are at most { $mm } mm apart.
det-hit-iou = Hit criterion: a mark hits a lesion when their boxes overlap with an intersection over union of at least { $iou }.
det-ties = Ties: one mark counts for at most one lesion and each lesion is hit at most once. Marks are taken from the highest score down (equal scores: the earlier row first); each takes the nearest lesion of its unit it hits that no higher mark took (equal distances: the earlier lesion row). A further mark on a lesion already taken is an extra mark: neither a true nor a false positive, counted apart.
det-fp = False positives: a mark that hits no lesion is a false positive, on every unit, lesion-free units included. The false-positive rate is false-positive marks per unit, over every unit of the cohort.
det-unit-score-max = Unit level: a unit's score is its highest mark score (0 for a unit without marks); a unit is positive (truth) when it has at least one lesion. Every binary figure of this report is of this unit level.
det-unit-score-column = Unit level: a unit's score is the model's own unit score in the cohort column "{ $column }"; a unit is positive (truth) when it has at least one lesion. Every binary figure of this report is of this unit level.
det-wrong-place = Right unit, wrong place: a unit with at least one lesion that is called positive (unit score ≥ { $threshold }) while none of its marks scoring ≥ { $threshold } hits one of its lesions.
det-intervals = FROC intervals: the sensitivity at each false-positive rate (read off the FROC curve by linear interpolation, as MONAI) and the CPM (their mean) carry percentile bootstrap intervals over patients; lesion sensitivity by size and type is clustered by patient (ratio estimator, Wilson interval at the effective size).
det-section = Lesion-level detection
det-counts = { $units ->
        [one] { $units } unit
       *[other] { $units } units
    } ({ $with_lesions } with at least one lesion) of { $patients ->
        [one] { $patients } patient
       *[other] { $patients } patients
    }; { $lesions ->
        [one] { $lesions } lesion
       *[other] { $lesions } lesions
    }, of which { $hit ->
        [one] { $hit } is
       *[other] { $hit } are
    } hit by a mark at some score and { $missed ->
        [one] { $missed } is
       *[other] { $missed } are
    } missed at every threshold.
det-froc-x = False-positive marks per unit
det-froc-y = Lesion sensitivity
det-froc-curve = FROC curve
det-froc-at = At each reported rate, with its { $pct_conf } interval
det-froc-caption = FROC curve: lesion sensitivity against false-positive marks per unit (log scale, 1/8 to 8), every unit of the cohort in the denominator. Bars: { $pct_conf } percentile bootstrap intervals over patients ({ $replicates ->
        [one] { $replicates } replicate
       *[other] { $replicates } replicates
    }).
det-fp-per-unit = FP marks per unit
det-sensitivity-ci = Sensitivity [{ $pct_conf } interval]
det-cpm = CPM (mean over the rates)
det-table-note = Sensitivity read off the FROC curve at each rate; the CPM is their mean. Percentile bootstrap over patients, { $replicates ->
        [one] { $replicates } replicate
       *[other] { $replicates } replicates
    }, seed { $seed }.
det-by-size = Lesions by size
det-by-type = Lesions by type
det-stratum = Stratum
det-lesions = Lesions
det-hit = Hit
det-strata-note = A lesion counts as hit when a mark hits it at any score. Intervals clustered by patient (ratio estimator).
det-marks = Marks
det-marks-what = Marks
det-marks-total = Every mark read
det-marks-tp = True positive (the counted mark of a lesion)
det-marks-fp = False positive (hits no lesion)
det-marks-fp-free = of which on lesion-free units
det-marks-extra = Extra (a further mark on a lesion already hit)
det-marks-unknown = For a unit not in the cohort (not counted elsewhere)
det-marks-note = Every mark read is one of true positive, false positive, extra or for an unknown unit.
det-wrong-place-title = Right unit, wrong place
det-wrong-place-count = { $n ->
    [one] One unit is
   *[other] { $n } units are
} called positive (unit score ≥ { $threshold }) while none of its marks scoring ≥ { $threshold } hits any of its lesions: the unit-level figures count it as a true positive, the lesion-level figures as a miss and a false positive.
det-more = and { $n } more (report.json lists every one)
det-worst = Missed lesions and the lowest-scored hits
det-unit = Unit
det-centre = Centre (x, y, z)
det-size = Size (mm)
det-type = Type
det-score = Score of its mark
det-missed = missed
det-worst-note = Missed lesions first, then hits from the lowest score up; report.json lists them with the same fields.
det-page1-missed = { $n } of { $total ->
        [one] { $total } lesion
       *[other] { $total } lesions
    } are missed at every threshold (no mark hits them at any score).
det-page1-wrong-place = { $n ->
    [one] One unit called positive (unit score ≥ { $threshold }) has no mark on any of its lesions
   *[other] { $n } units called positive (unit score ≥ { $threshold }) have no mark on any of their lesions
} (right unit, wrong place); the unit-level figures count { $n ->
    [one] it
   *[other] them
} as correct.
det-page1-fp-free = { $n ->
    [one] One false-positive mark falls
   *[other] { $n } false-positive marks fall
} on the { $units ->
        [one] one lesion-free unit
       *[other] { $units } lesion-free units
    }.
det-page1-extra = { $n ->
    [one] One further mark falls on a lesion another mark already hit; it is
   *[other] { $n } further marks fall on lesions another mark already hit; they are
} neither a true nor a false positive.
det-page1-unknown = { $n ->
    [one] One mark names a unit that is not in the cohort; it is
   *[other] { $n } marks name a unit that is not in the cohort; they are
} counted nowhere else.
det-truth = The lesions listed in { $path } ({ $lesions ->
        [one] { $lesions } lesion
       *[other] { $lesions } lesions
    } on { $units ->
        [one] { $units } unit
       *[other] { $units } units
    }); a unit is positive when it has at least one lesion.
det-criterion-at = { $metric } at { $rate } FP per unit
det-criterion-unit-level = { $metric } at the unit level
det-sources = Where marks and lesions came from
det-sources-what = What was read, and what was left out
det-sources-note = Nothing is dropped silently: every file, component, finding and output row left out is counted here.
det-src-from-seg = DICOM SEG objects (each connected component of a segment is one lesion)
det-src-from-sr = SR measurement reports (TID 1500)
det-src-truth-files = Truth lesions are read from { $from }: { $n ->
    [one] one file
   *[other] { $n } files
} read, of which { $unmatched ->
    [one] one references no unit of the cohort or cannot be read and is
   *[other] { $unmatched } reference no unit of the cohort or cannot be read and are
} left out.
det-src-mark-files = The product's marks are read from its SR measurement reports (TID 1500): { $n ->
    [one] one file
   *[other] { $n } files
} read, of which { $unmatched ->
    [one] one references no unit of the cohort or cannot be read and is
   *[other] { $unmatched } reference no unit of the cohort or cannot be read and are
} left out.
det-src-marks-model = The marks are found by the plan's ONNX model on every unit's images during this run.
det-src-specks = { $n ->
    [one] One SEG component is
   *[other] { $n } SEG components are
} smaller than { $min ->
        [one] { $min } voxel
       *[other] { $min } voxels
    }, the plan's minimum: specks, not lesions, left out.
det-src-empty-segments = { $n ->
    [one] One SEG segment holds
   *[other] { $n } SEG segments hold
} no voxel at all.
det-src-truth-no-position = { $n ->
    [one] One truth finding has
   *[other] { $n } truth findings have
} no usable position (no image coordinates, or an image not in the cohort) and { $n ->
    [one] is
   *[other] are
} left out.
det-src-marks-no-position = { $n ->
    [one] One mark has
   *[other] { $n } marks have
} no usable position (no image coordinates, or an image not in the cohort) and { $n ->
    [one] is
   *[other] are
} left out.
det-src-marks-no-score = { $n ->
    [one] One mark has
   *[other] { $n } marks have
} no score, so { $n ->
    [one] it cannot be ranked and is
   *[other] they cannot be ranked and are
} left out.
det-src-padding = { $n ->
    [one] One output row of the model scores
   *[other] { $n } output rows of the model score
} below the plan's minimum score ({ $min }): padding, not marks.
det-tiles = Worst misses and false marks on their images
det-tiles-csv = No image tiles: the marks and lesions of this study are coordinates in CSV files, with no images to draw them on.
det-tiles-intro = The largest missed lesions and the highest-scored false marks, each on the image nearest its centre, windowed as the plan's preprocessing windows the image and cropped around it. Every truth lesion and mark on that image is drawn. Review them in the app's viewer before signing.
det-tiles-no-miss = Every lesion is hit by a mark: there is no miss to show.
det-tiles-no-false = Every mark hits a lesion: there is no false mark to show.
det-tiles-unreadable = None of these could be drawn: their images could not be read as one grid or decoded. The figures above do not depend on it.
det-tiles-miss-caption = { $n ->
    [one] The largest missed lesion
   *[other] The { $n } largest missed lesions
} (of { $missed }), largest first: the truth lesion as a circle (or box) of its size, the marks on the same image as small circles (or their boxes).
det-tiles-false-caption = { $n ->
    [one] The highest-scored false mark
   *[other] The { $n } highest-scored false marks
} (of { $false_marks }), highest first: the mark as a small circle (or its box), the truth lesions on the same image as circles (or boxes) of their size.
det-tile-truth = Truth lesion
det-tile-mark = Model mark
det-tile-image = image
det-tile-size = { $size } mm
det-tile-score = score { $score }
