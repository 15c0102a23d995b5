//! Every word the app shows, in English and Norwegian bokmål, in this one file so that a
//! translator edits one place. `{}` marks a value filled in at run time, in order.
//!
//! Messages from the engine (errors that name a file, line or column) stay English: they are
//! also what `batch` prints, and what a support request quotes.

pub use provestein::i18n::Lang;
use provestein::texts;

texts! {
    // Frame and steps
    STEP_MODEL = "Model" / "Modell";
    STEP_COHORT = "Cohort" / "Kohort";
    STEP_PLAN = "Plan" / "Plan";
    STEP_RUN = "Run" / "Kjøring";
    STEP_RESULTS = "Results" / "Resultater";
    STEP_CASES = "Cases" / "Kasus";
    STEP_REPORT = "Report" / "Rapport";
    STEP_HISTORY = "History" / "Historikk";
    STEP_DONE = "Done: this step has what it needs" / "Ferdig: steget har det det trenger";
    STEP_NOT_DONE = "Not done yet" / "Ikke ferdig ennå";
    LANGUAGE = "Language of the app" / "Språk i programmet";
    LANGUAGE_SHORT = "Language" / "Språk";
    CRIT_METRIC = "Metric" / "Mål";
    CRIT_BOUND = "Judged on" / "Vurderes på";
    CRIT_DIRECTION = "Must be" / "Må være";
    CRIT_LIMIT = "Limit" / "Grense";
    DISMISS = "Dismiss" / "Lukk";
    BROWSE = "Browse…" / "Bla gjennom…";
    OPEN = "Open" / "Åpne";
    CHOOSE = "(choose)" / "(velg)";
    NONE = "None" / "Ingen";
    REMOVE = "Remove" / "Fjern";
    STATUS_PLAN = "Plan: {}" / "Plan: {}";
    PLAN_UNSAVED = "not saved yet" / "ikke lagret ennå";
    STATUS_FIXED = "fixed before the run: SHA-256 {}… at {}" / "låst før kjøringen: SHA-256 {}… kl. {}";
    STATUS_POST_HOC = "post hoc: changed after run #{}" / "post hoc: endret etter kjøring #{}";
    STATUS_EDITED = "edited since the shown results" / "endret etter resultatene som vises";
    DROP_UNKNOWN = "Cannot use {}: drop a plan (.toml), a model (.onnx), a CSV file or a DICOM folder." / "Kan ikke bruke {}: slipp en plan (.toml), en modell (.onnx), en CSV-fil eller en DICOM-mappe.";
    TYPE_PLAN_PATH = "Type the path of the plan file first (or drop one on the window)." / "Skriv inn stien til planfilen først (eller slipp en på vinduet).";
    PLAN_OPENED = "Opened {}" / "Åpnet {}";
    PLAN_SAVED = "Saved the plan to {}" / "Lagret planen i {}";
    PLAN_DRAFT_ORIGIN = "(being edited)" / "(under redigering)";

    // Model
    MODEL_HEADING = "Where the scores come from" / "Hvor skårene kommer fra";
    MODEL_INTRO = "Open the vendor's ONNX model to run it here, or the vendor's own scores as a CSV file for products that ship no model." / "Åpne leverandørens ONNX-modell for å kjøre den her, eller leverandørens egne skårer som CSV-fil for produkter uten modell.";
    STUDY_NAME = "Study name" / "Navn på studien";
    STUDY_NAME_HINT = "e.g. Chest X-ray triage, local validation 2026" / "f.eks. Triage av thoraxrøntgen, lokal validering 2026";
    INTENDED_USE = "Intended use" / "Tiltenkt bruk";
    INTENDED_USE_HINT = "Paste the vendor's intended-use statement" / "Lim inn leverandørens beskrivelse av tiltenkt bruk";
    SOURCE_ONNX = "ONNX model (run here)" / "ONNX-modell (kjøres her)";
    SOURCE_VENDOR = "Vendor's scores (CSV)" / "Leverandørens skårer (CSV)";
    MODEL_FILE = "Model file" / "Modellfil";
    INSPECT = "Inspect" / "Undersøk";
    INSPECTING = "Opening the model in ONNX Runtime…" / "Åpner modellen i ONNX Runtime…";
    MODEL_NONE = "No model opened yet. Type its path, browse, or drop the .onnx file on the window." / "Ingen modell åpnet ennå. Skriv stien, bla gjennom, eller slipp .onnx-filen på vinduet.";
    FILE_SIZE = "File size" / "Filstørrelse";
    PRODUCER = "Made with" / "Laget med";
    GRAPH = "Graph" / "Graf";
    DESCRIPTION = "Description" / "Beskrivelse";
    DOMAIN = "Domain" / "Domene";
    MODEL_VERSION = "Model version" / "Modellversjon";
    TENSORS = "Inputs and outputs" / "Innganger og utganger";
    ROLE = "Role" / "Rolle";
    NAME = "Name" / "Navn";
    SHAPE = "Shape" / "Form";
    TYPE = "Type" / "Type";
    INPUT = "input" / "inngang";
    OUTPUT = "output" / "utgang";
    MODEL_INPUT = "Input the cases go into" / "Inngangen kasusene går inn i";
    MODEL_OUTPUT = "Output holding the probabilities" / "Utgangen med sannsynlighetene";
    POSITIVE_INDEX = "Column of the positive class" / "Kolonne for positiv klasse";
    POSITIVE_INDEX_HELP = "For an output of shape [N, k]: which of the k columns is the probability of disease. Usually 1." / "For en utgang med form [N, k]: hvilken av de k kolonnene som er sannsynligheten for sykdom. Vanligvis 1.";
    VENDOR_FILE = "Score file" / "Skårfil";
    VENDOR_NONE = "No score file opened yet." / "Ingen skårfil åpnet ennå.";
    ID_COLUMN = "Case id column" / "Kolonne med kasus-id";
    ID_COLUMN_HELP = "A pseudonym per case. It is written to predictions.csv, so never use a patient's name or national id." / "Et pseudonym per kasus. Det skrives til predictions.csv, så bruk aldri pasientens navn eller fødselsnummer.";
    SCORE_COLUMN = "Score column" / "Skårkolonne";
    ROWS_IN_FILE = "{} rows in the file; the first rows:" / "{} rader i filen; de første radene:";
    ROLE_ID = "id" / "id";
    ROLE_SCORE = "score" / "skår";
    ROLE_LABEL = "ground truth" / "fasit";
    ROLE_FEATURE = "input" / "inngang";
    ROLE_SUBGROUP = "subgroup" / "undergruppe";
    ROLE_JOIN = "joins images" / "kobler bilder";

    // Cohort
    COHORT_HEADING = "The local cohort" / "Den lokale kohorten";
    COHORT_INTRO = "Your own cases with their ground truth: a CSV table, or a folder of DICOM images with a CSV of labels." / "Egne kasus med fasit: en CSV-tabell, eller en mappe med DICOM-bilder og en CSV med fasit.";
    KIND_CSV = "CSV table" / "CSV-tabell";
    KIND_DICOM = "DICOM folder" / "DICOM-mappe";
    COHORT_FILE = "Cohort file" / "Kohortfil";
    COHORT_NONE = "No cohort opened yet." / "Ingen kohort åpnet ennå.";
    LABEL_COLUMN = "Ground-truth column" / "Fasitkolonne";
    POSITIVE_VALUE = "Value that means disease" / "Verdi som betyr sykdom";
    POSITIVE_VALUE_HELP = "Every other value must be the one negative value; rows with other values are excluded and counted." / "Alle andre verdier må være den ene negative verdien; rader med andre verdier utelates og telles.";
    FEATURES = "Model inputs" / "Modellinnganger";
    FEATURES_HELP = "{} chosen, in the order the model expects them (the order you tick them)." / "{} valgt, i rekkefølgen modellen forventer (rekkefølgen du krysser av).";
    ALL_OTHER_COLUMNS = "All other numeric columns" / "Alle andre numeriske kolonner";
    SUBGROUPS = "Subgroups" / "Undergrupper";
    SUBGROUPS_HELP = "Attributes to check the model's fairness over (sex, age band, scanner, site…)." / "Egenskaper modellens rettferdighet skal sjekkes over (kjønn, aldersgruppe, skanner, sted…).";
    DICOM_FOLDER = "DICOM folder" / "DICOM-mappe";
    SCAN = "Scan" / "Skann";
    SCANNING = "Reading the headers of every file…" / "Leser toppteksten i hver fil…";
    LABELS_FILE = "Labels file" / "Fasitfil";
    JOIN_KEY = "Image joined to its label by" / "Bilde koblet til fasit med";
    JOIN_COLUMN = "Column in the labels file" / "Kolonne i fasitfilen";
    UNIT = "One case is" / "Ett kasus er";
    UNIT_IMAGE = "an image" / "et bilde";
    UNIT_SERIES = "a series" / "en serie";
    UNIT_STUDY = "a study" / "en undersøkelse";
    AGGREGATE = "Images combine by" / "Bilder kombineres med";
    AGG_MAX = "maximum score" / "høyeste skår";
    AGG_MEAN = "mean score" / "gjennomsnittlig skår";
    DICOM_SUBGROUPS_HELP = "DICOM attributes, age bands from the plan, or columns of the labels file." / "DICOM-attributter, aldersgrupper fra planen, eller kolonner i fasitfilen.";
    PREPROCESS_FROM_PLAN = "Image preprocessing, from the plan file:" / "Bildeforbehandling, fra planfilen:";
    PREPROCESS_MISSING = "A model on DICOM images needs a [preprocess] section (size, channels, normalisation): add it to the plan file, see docs/plan.md." / "En modell på DICOM-bilder trenger en [preprocess]-seksjon (størrelse, kanaler, normalisering): legg den til i planfilen, se docs/plan.md.";
    SURVEY_FILES = "Found" / "Funnet";
    SURVEY_COUNTS = "{} files: {} images in {} studies, {} series" / "{} filer: {} bilder i {} undersøkelser, {} serier";
    MODALITIES = "Modalities" / "Modaliteter";
    MANUFACTURERS = "Scanners" / "Skannere";
    SEX = "Sex" / "Kjønn";
    AGE = "Age" / "Alder";
    AGE_SUMMARY = "{} to {} years, median {} ({} images with an age)" / "{} til {} år, median {} ({} bilder med alder)";
    NO_AGES = "no ages recorded" / "ingen alder registrert";
    TRANSFER_SYNTAXES = "Transfer syntaxes" / "Overføringssyntakser";
    NOT_USABLE = "Not usable" / "Ikke brukbare";
    NOT_USABLE_LIST = "{} files that cannot be used, with reasons" / "{} filer som ikke kan brukes, med årsak";

    // Plan
    PLAN_HEADING = "The plan, fixed before the data is seen" / "Planen, låst før dataene er sett";
    PLAN_INTRO = "Set the analysis and the acceptance criteria now. The plan is saved and its fingerprint recorded before the run, so the report shows the criteria were not chosen after the results." / "Bestem analysen og akseptkriteriene nå. Planen lagres og fingeravtrykket registreres før kjøringen, så rapporten viser at kriteriene ikke ble valgt etter resultatene.";
    PLAN_FILE = "Plan file" / "Planfil";
    OPEN_PLAN = "Open plan" / "Åpne plan";
    SAVE_PLAN = "Save plan" / "Lagre plan";
    SAVE_PLAN_AS = "Save plan as…" / "Lagre plan som…";
    EDITED_AFTER_RESULTS = "This plan has been changed after it was run. If the history holds a run of the same model on the same cohort, the next run is post hoc and its report says so." / "Planen er endret etter at den ble kjørt. Hvis historikken har en kjøring av samme modell på samme kohort, er neste kjøring post hoc, og rapporten sier det.";
    ANALYSIS = "Analysis" / "Analyse";
    THRESHOLD = "Threshold" / "Terskel";
    THRESHOLD_HELP = "A case is called positive when its score is at least this (the vendor's operating point)." / "Et kasus regnes som positivt når skåren er minst dette (leverandørens arbeidspunkt).";
    CONFIDENCE = "Confidence level" / "Konfidensnivå";
    CONFIDENCE_HELP = "Of every interval in the report." / "For hvert intervall i rapporten.";
    PROPORTION_INTERVAL = "Interval for proportions" / "Intervall for andeler";
    PROPORTION_INTERVAL_HELP = "Wilson is the usual choice; Clopper–Pearson is exact and wider." / "Wilson er vanlig; Clopper–Pearson er eksakt og bredere.";
    BOOTSTRAP = "Bootstrap replicates" / "Bootstrap-replikater";
    BOOTSTRAP_HELP = "For the AUC and Brier intervals; 2000 is plenty, 0 turns it off." / "For AUC- og Brier-intervallene; 2000 er nok, 0 slår det av.";
    SEED = "Random seed" / "Frø for tilfeldighet";
    SEED_HELP = "The same seed gives the same numbers on any machine." / "Samme frø gir samme tall på alle maskiner.";
    MIN_GROUP = "Smallest subgroup tested" / "Minste undergruppe som testes";
    MIN_GROUP_HELP = "Smaller groups are shown, but as insufficient, never tested or flagged." / "Mindre grupper vises, men som utilstrekkelige, aldri testet eller flagget.";
    CRITERIA = "Acceptance criteria" / "Akseptkriterier";
    CRITERIA_INTRO = "PASS needs every criterion met; a criterion whose interval straddles its limit is INCONCLUSIVE." / "GODKJENT krever at alle kriterier er oppfylt; et kriterium der intervallet krysser grensen er UAVKLART.";
    ADD_CRITERION = "Add criterion" / "Legg til kriterium";
    WORST_SUBGROUP = "in the worst subgroup" / "i dårligste undergruppe";
    WORST_SUBGROUP_HELP = "Judge the worst subgroup with enough data instead of the whole cohort." / "Vurder den dårligste undergruppen med nok data i stedet for hele kohorten.";
    BOUND_ESTIMATE = "estimate" / "estimat";
    BOUND_LOW = "lower bound" / "nedre grense";
    BOUND_HIGH = "upper bound" / "øvre grense";
    SENT_ESTIMATE = "The estimate of {}" / "Estimatet av {}";
    SENT_LOW = "The lower {} % bound of {}" / "Nedre {} %-grense for {}";
    SENT_HIGH = "The upper {} % bound of {}" / "Øvre {} %-grense for {}";
    SENT_AT_LEAST = "must be at least {}" / "må være minst {}";
    SENT_AT_MOST = "must be at most {}" / "må være høyst {}";
    SENT_WORST = ", in the worst subgroup" / ", i dårligste undergruppe";
    PLAN_READY = "The plan is complete and checks as `batch` would check it." / "Planen er komplett og godkjent slik `batch` ville sjekket den.";
    PLAN_NOT_READY = "The plan is not complete yet:" / "Planen er ikke komplett ennå:";
    GO_RUN = "Go to Run" / "Gå til kjøring";
    PLAN_AS_TOML = "The plan as it will be saved" / "Planen slik den vil bli lagret";

    // Metrics
    SENSITIVITY = "Sensitivity" / "Sensitivitet";
    SPECIFICITY = "Specificity" / "Spesifisitet";
    PPV = "PPV" / "PPV";
    NPV = "NPV" / "NPV";
    ACCURACY = "Accuracy" / "Treffsikkerhet";
    AUC = "ROC AUC" / "ROC AUC";
    BRIER = "Brier score" / "Brier-skår";
    CAL_SLOPE = "Calibration slope" / "Kalibreringsstigning";
    CAL_CITL = "Calibration-in-the-large" / "Kalibrering i det store";

    // Run
    RUN_HEADING = "Run the validation" / "Kjør valideringen";
    RUN_INTRO = "The plan is saved and its SHA-256 recorded, then every case is scored and the statistics computed. The window stays usable; you can cancel." / "Planen lagres og SHA-256 registreres, så skåres hvert kasus og statistikken beregnes. Vinduet kan brukes imens; du kan avbryte.";
    RUN_NEEDS_PATH = "Give the plan a file name: it is saved there before the run." / "Gi planen et filnavn: den lagres der før kjøringen.";
    RUN_WILL_SAVE = "The edited plan will be saved to {} (the file is rewritten; comments are not kept) and fixed." / "Den redigerte planen lagres i {} (filen skrives på nytt; kommentarer beholdes ikke) og låses.";
    RUN_WILL_SAVE_VERSION = "{} has been run, so it is kept as it is: the edited plan will be saved beside it as {} and fixed." / "{} er kjørt, så den beholdes som den er: den redigerte planen lagres ved siden av som {} og låses.";
    RUN_CHANGES = "What the edit changes from {}:" / "Hva endringen endrer fra {}:";
    RUN_NO_ANALYSIS_CHANGE = "The edit changes nothing that is analysed (only text such as the study's name or the report's language)." / "Endringen endrer ikke noe som analyseres (bare tekst som studiens navn eller rapportens språk).";
    RUN_AS_IS = "The plan file {} is unchanged: it runs as it is, and its SHA-256 is recorded." / "Planfilen {} er uendret: den kjøres som den er, og SHA-256 registreres.";
    FIX_AND_RUN = "Fix the plan and run" / "Lås planen og kjør";
    LAST_FIXED = "Last fixed: {} (SHA-256 {}…) at {}" / "Sist låst: {} (SHA-256 {}…) kl. {}";
    STARTING = "Starting" / "Starter";
    PROGRESS = "{} of {}" / "{} av {}";
    RATE = "{} per second, about {} s left, {} s so far" / "{} per sekund, omtrent {} s igjen, {} s så langt";
    CANCEL = "Cancel" / "Avbryt";
    CANCELLING = "Cancelling…" / "Avbryter…";
    RUN_STOPPED = "The run stopped unexpectedly." / "Kjøringen stoppet uventet.";
    RESUME_RUN = "Resume run #{}" / "Fortsett kjøring #{}";
    STAGE_OCCLUSION = "Making occlusion maps" / "Lager okklusjonskart";
    RESUME_OFFER = "Run #{} of this plan was interrupted with {} model outputs recorded: resume it to reuse them, or run it anew." / "Kjøring #{} av denne planen ble avbrutt med {} modellutdata lagret: fortsett den for å bruke dem, eller kjør på nytt.";
    OCCLUSION_MAPS = "Occlusion maps of the false negatives and false positives, into the report folder (the plan's [explain] settings)" / "Okklusjonskart for falske negative og falske positive, i rapportmappen (planens [explain]-innstillinger)";
    STAGE_READING = "Reading the cohort" / "Leser kohorten";
    STAGE_STATISTICS = "Computing the statistics" / "Beregner statistikken";
    STAGE_SCORING = "Scoring with the model" / "Skårer med modellen";
    STAGE_JOINING = "Joining the vendor's scores" / "Kobler leverandørens skårer";
    STAGE_DECODING = "Decoding and scoring images" / "Dekoder og skårer bilder";

    // Results
    VERDICT = "Verdict" / "Konklusjon";
    VERDICT_PASS = "every acceptance criterion is met" / "alle akseptkriterier er oppfylt";
    VERDICT_FAIL = "a criterion is not met" / "et kriterium er ikke oppfylt";
    VERDICT_INCONCLUSIVE = "the data cannot decide a criterion" / "dataene kan ikke avgjøre et kriterium";
    FLAGS_HEADING = "Not covered by the criteria" / "Ikke dekket av kriteriene";
    FLAGS_NOTE = "These do not change the verdict, which comes from the acceptance criteria alone; read them before signing." / "Disse endrer ikke resultatet, som kommer bare fra akseptkriteriene; les dem før du signerer.";
    JUDGED_VALUE = "it is {} ({})" / "den er {} ({})";
    NOT_ESTIMABLE = "not estimable from these data" / "kan ikke estimeres fra disse dataene";
    DECIDED_BY = "Decided by: {}" / "Avgjort av: {}";
    ALL_PASSED = "Every criterion passed ({} of {})." / "Alle kriterier er oppfylt ({} av {}).";
    FOREST_KEY = "Filled squares: groups with enough data to test; hollow grey circles: too little data, not tested; dashed line: the whole cohort. Lines are the intervals." / "Fylte kvadrater: grupper med nok data til å teste; hule grå sirkler: for lite data, ikke testet; stiplet linje: hele kohorten. Linjene er intervallene.";
    PRESPEC_UNKNOWN = "Not checked against a run history: whether the plan was fixed before the data was seen is not known." / "Ikke kontrollert mot en kjøringshistorikk: om planen ble låst før dataene ble sett, er ikke kjent.";
    PRESPEC_FIRST = "Attempt 1 on this cohort: no earlier run of this model on it, so the plan was fixed before its results were seen." / "Forsøk 1 på denne kohorten: ingen tidligere kjøring av denne modellen på den, så planen ble låst før resultatene var sett.";
    PRESPEC_AGAIN = "Attempt {} on this cohort (earlier runs {}): the plan's analysis is unchanged since run #{}, so it was fixed before any result was seen." / "Forsøk {} på denne kohorten (tidligere kjøringer {}): planens analyse er uendret siden kjøring #{}, så den ble låst før noe resultat var sett.";
    PRESPEC_POST_HOC = "POST HOC: {} changed after run #{} of this model on this cohort (attempt {}; earlier runs {}). The plan was not fixed before the data was seen: read the verdict as exploratory." / "POST HOC: {} ble endret etter kjøring #{} av denne modellen på denne kohorten (forsøk {}; tidligere kjøringer {}). Planen ble ikke låst før dataene ble sett: les resultatet som utforskende.";
    PART_THRESHOLD = "the threshold" / "terskelen";
    PART_CRITERIA = "the acceptance criteria" / "akseptkriteriene";
    PART_ANALYSIS = "the analysis settings" / "analyseinnstillingene";
    PART_COHORT = "the cohort selection" / "kohortutvalget";
    PART_MODEL = "how the model is read" / "hvordan modellen leses";
    PART_PREPROCESS = "the image preprocessing" / "bildeforbehandlingen";
    PART_COMPARE = "the comparisons" / "sammenligningene";
    AND = "and" / "og";
    RESULTS_OF_OLDER_PLAN = "These results come from the plan as it was fixed; it has been edited since." / "Resultatene kommer fra planen slik den var låst; den er endret siden.";
    TAB_SUMMARY = "Summary and ROC" / "Sammendrag og ROC";
    TAB_THRESHOLD = "Threshold explorer" / "Utforsk terskel";
    TAB_CALIBRATION = "Calibration" / "Kalibrering";
    TAB_SUBGROUPS = "Subgroups" / "Undergrupper";
    TAB_EXCLUSIONS = "Excluded cases" / "Utelatte kasus";
    CASES_LINE = "{} cases ({} with disease, {} without), {} excluded; positive when score ≥ {}; {} % intervals" / "{} kasus ({} med sykdom, {} uten), {} utelatt; positiv når skår ≥ {}; {} %-intervaller";
    METRIC = "Metric" / "Mål";
    ESTIMATE = "Estimate" / "Estimat";
    INTERVAL = "Interval" / "Intervall";
    METHOD = "Method" / "Metode";
    COUNT = "Count" / "Antall";
    COPY_TABLE = "Copy table" / "Kopier tabell";
    TRULY_POSITIVE = "Disease" / "Sykdom";
    TRULY_NEGATIVE = "No disease" / "Ikke sykdom";
    CALLED_POSITIVE = "Called positive" / "Vurdert positiv";
    CALLED_NEGATIVE = "Called negative" / "Vurdert negativ";
    ROC_TITLE = "ROC curve" / "ROC-kurve";
    AXIS_FPR = "1 − specificity (false-positive rate)" / "1 − spesifisitet (falsk positiv-rate)";
    AXIS_TPR = "Sensitivity (true-positive rate)" / "Sensitivitet (sann positiv-rate)";
    CHANCE = "Chance" / "Tilfeldig";
    ROC_LEGEND = "ROC, AUC {}" / "ROC, AUC {}";
    OPERATING_POINT = "Plan threshold {} with intervals" / "Planens terskel {} med intervaller";
    EXPLORED_POINT = "Explored threshold" / "Utforsket terskel";
    THRESHOLD_INTRO = "The verdict always uses the plan's threshold {}. Move the slider to see what another operating point would give; nothing here changes the verdict." / "Konklusjonen bruker alltid planens terskel {}. Flytt glidebryteren for å se hva et annet arbeidspunkt ville gitt; ingenting her endrer konklusjonen.";
    EXPLORE_THRESHOLD = "Threshold" / "Terskel";
    RESET_THRESHOLD = "Back to the plan's threshold" / "Tilbake til planens terskel";
    AT_THRESHOLD = "At score ≥ {}" / "Ved skår ≥ {}";
    AXIS_SCORE = "Score" / "Skår";
    AXIS_CASES = "Cases" / "Kasus";
    NEGATIVES = "No disease" / "Ikke sykdom";
    POSITIVES = "Disease" / "Sykdom";
    PLAN_THRESHOLD = "Plan threshold {}" / "Planens terskel {}";
    EXPLORED_THRESHOLD = "Explored threshold" / "Utforsket terskel";
    NO_CALIBRATION = "No calibration: the scores are not probabilities between 0 and 1." / "Ingen kalibrering: skårene er ikke sannsynligheter mellom 0 og 1.";
    AXIS_PREDICTED = "Mean predicted probability" / "Gjennomsnittlig predikert sannsynlighet";
    AXIS_OBSERVED = "Observed fraction with disease" / "Observert andel med sykdom";
    PERFECT = "Perfect calibration" / "Perfekt kalibrering";
    BINS = "Bins with exact intervals" / "Grupper med eksakte intervaller";
    BIN = "Bin" / "Gruppe";
    IDEAL_ONE = "ideal 1" / "ideelt 1";
    IDEAL_ZERO = "ideal 0" / "ideelt 0";
    NO_SUBGROUPS = "The plan names no subgroups." / "Planen angir ingen undergrupper.";
    FOREST_METRIC = "Show" / "Vis";
    WHOLE_COHORT = "Whole cohort" / "Hele kohorten";
    TESTED_GROUP = "Group with enough data" / "Gruppe med nok data";
    INSUFFICIENT_GROUP = "Too little data (not tested)" / "For lite data (ikke testet)";
    GROUP = "Group" / "Gruppe";
    STATUS = "Status" / "Status";
    TESTED = "tested" / "testet";
    INSUFFICIENT = "insufficient" / "utilstrekkelig";
    FAIRNESS_LINE = "{}: equalized-odds difference {}, demographic-parity difference {}" / "{}: forskjell i equalized odds {}, forskjell i demografisk paritet {}";
    EXCLUSIONS_LINE = "{} rows read, {} cases evaluated, {} excluded:" / "{} rader lest, {} kasus evaluert, {} utelatt:";
    REASON = "Reason" / "Årsak";
    WHERE = "Where" / "Hvor";
    DETAIL = "Detail" / "Detaljer";
    UNMATCHED = "{} scores matched no case; {} labels matched no image." / "{} skårer passet ikke til noe kasus; {} fasitrader passet ikke til noe bilde.";

    // Cases
    CASES_HEADING = "The cases behind the numbers" / "Kasusene bak tallene";
    OUT_TP = "True positive" / "Sann positiv";
    OUT_FP = "False positive" / "Falsk positiv";
    OUT_FN = "False negative" / "Falsk negativ";
    OUT_TN = "True negative" / "Sann negativ";
    ALL_GROUPS = "All subgroups" / "Alle undergrupper";
    SUBGROUP_FILTER = "Subgroup" / "Undergruppe";
    SHOW_IDS = "Show case ids" / "Vis kasus-id";
    SHOW_IDS_HELP = "Off by default so that screens can be shared; cases are then numbered." / "Av som standard så skjermen kan deles; kasusene nummereres da.";
    CASES_SHOWN = "{} of {} cases, the most confident first" / "{} av {} kasus, de sikreste først";
    PICK_A_CASE = "Pick a case on the left." / "Velg et kasus til venstre.";
    CASE_SCORE = "Score {} (positive from {}); ground truth: {}" / "Skår {} (positiv fra {}); fasit: {}";
    ROW_NOT_FOUND = "The case's row is no longer in the cohort file." / "Raden til kasuset finnes ikke lenger i kohortfilen.";
    IMAGE_OF = "Image {} of {}" / "Bilde {} av {}";
    WINDOW_CENTER = "Window centre" / "Vindussenter";
    WINDOW_WIDTH = "Width" / "Bredde";
    WINDOW_RESET = "Reset window" / "Tilbakestill vindu";
    FRAMES = "{} frames" / "{} bilder";

    // What the model relies on (Results and Cases; feature models)
    TAB_IMPORTANCE = "What the model relies on" / "Hva modellen bygger på";
    IMPORTANCE_INTRO = "Permutation importance: each input was shuffled across the {} cases, {} times, and the cases scored again. A bar is the mean drop in AUC, its whisker the {} % range over the shuffles. An aid to interpretation, not proof of causation: it shows what the model uses, not what causes the condition." / "Permutasjonsviktighet: hver inngang ble stokket om mellom de {} kasusene, {} ganger, og kasusene skåret på nytt. En søyle er gjennomsnittlig fall i AUC, streken {} %-området over omstokkingene. Et hjelpemiddel til tolkning, ikke bevis for årsakssammenheng: det viser hva modellen bruker, ikke hva som forårsaker tilstanden.";
    IMPORTANCE_SUBSAMPLE = "Computed on a seeded random subsample of {} of the {} cases." / "Beregnet på et tilfeldig utvalg med frø på {} av de {} kasusene.";
    IMPORTANCE_NONE = "No permutation importance: it is computed for CSV cohorts scored by an ONNX model when [explain] permutations is above 0." / "Ingen permutasjonsviktighet: den beregnes for CSV-kohorter skåret av en ONNX-modell når [explain] permutations er over 0.";
    IMPORTANCE_AXIS = "Drop in AUC when the input is shuffled" / "Fall i AUC når inngangen stokkes om";
    IMPORTANCE_CLEAR = "Range above 0" / "Området over 0";
    IMPORTANCE_UNCLEAR = "Range reaches 0" / "Området når 0";
    IMPORTANCE_RANGE = "Range over the shuffles" / "Område over omstokkingene";
    IMPORTANCE_CHART = "Permutation importance chart: {}" / "Diagram over permutasjonsviktighet: {}";
    IMPORTANCE_TOP = "Shown: the {} inputs of {} with the largest mean drop; the table has them all." / "Vist: de {} inngangene av {} med størst gjennomsnittlig fall; tabellen har alle.";
    MODEL_INPUT_NAME = "Model input" / "Modellinngang";
    MEAN_DROP = "Mean drop in AUC" / "Gjennomsnittlig fall i AUC";
    CASE_TOP_FEATURES = "What moved this score: each input set to the cohort median" / "Hva som flyttet skåren: hver inngang satt til kohortens median";
    CASE_CHANGE = "Score change" / "Endring i skår";
    COHORT_MEDIAN = "Cohort median" / "Kohortens median";
    CASE_TOP_HELP = "A negative change means this case's own value raised its score; a positive one, that it lowered it." / "En negativ endring betyr at kasusets egen verdi økte skåren; en positiv, at den senket den.";
    CASE_NOT_EXPLAINED = "Not explained: in a cohort this large only the errors are, the most confident first." / "Ikke forklart: i en så stor kohort forklares bare feilene, de sikreste først.";
    CASE_NO_CHANGE = "No input changes the score when set to the cohort median." / "Ingen inngang endrer skåren når den settes til kohortens median.";
    STAGE_IMPORTANCE = "Permutation importance (inputs)" / "Permutasjonsviktighet (innganger)";
    STAGE_EXPLAIN_CASES = "Explaining the cases" / "Forklarer kasusene";

    // For the report (Plan step)
    FOR_THE_REPORT = "For the report: product, study design, vendor's claims" / "For rapporten: produkt, studiedesign, leverandørens påstander";
    FOR_THE_REPORT_INTRO = "Printed in the report, and used to fill in the STARD checklist; nothing here changes a figure or the verdict." / "Skrives i rapporten og brukes til å fylle ut STARD-sjekklisten; ingenting her endrer et tall eller resultatet.";
    PRODUCT_NAME = "Product" / "Produkt";
    PRODUCT_VENDOR = "Vendor" / "Leverandør";
    PRODUCT_VERSION = "Version" / "Versjon";
    REFERENCE_STANDARD = "Reference standard" / "Referansestandard";
    REFERENCE_STANDARD_HINT = "How the ground truth was established, e.g. histopathology" / "Hvordan fasiten ble fastsatt, f.eks. histopatologi";
    ELIGIBILITY = "Eligibility" / "Inklusjonskriterier";
    SETTING = "Setting and dates" / "Sted og tidsrom";
    SAMPLING = "Sampling" / "Utvalg";
    SAMPLING_HINT = "consecutive or random; retrospective or prospective" / "fortløpende eller tilfeldig; retrospektiv eller prospektiv";
    CLAIMS = "The vendor's claimed performance" / "Leverandørens påståtte ytelse";
    CLAIMS_INTRO = "Set beside the local result in the report; never judged." / "Settes ved siden av det lokale resultatet i rapporten; vurderes aldri.";
    CLAIMS_SOURCE = "Source of the claims" / "Kilde for påstandene";

    // Manifest, dates, drift (Model, Cohort, Plan steps)
    MANIFEST_FILE = "Vendor manifest" / "Leverandørmanifest";
    MANIFEST_HINT = "optional: the vendor's manifest.toml" / "valgfritt: leverandørens manifest.toml";
    MANIFEST_USE = "Use" / "Bruk";
    DATE_COLUMN = "Date column (analysis over time)" / "Datokolonne (analyse over tid)";
    NO_DATE = "none" / "ingen";
    DRIFT_PERIOD = "Periods over time" / "Perioder over tid";
    QUARTER = "quarters" / "kvartaler";
    MONTH = "months" / "måneder";
    DRIFT_PERIOD_HELP = "When cases have dates: figures per period, each tested against the rest." / "Når kasusene har datoer: tall per periode, hver testet mot resten.";

    // Vendor package (Results tab)
    TAB_VENDOR = "Vendor package" / "Leverandørpakke";
    VENDOR_NO_MANIFEST = "The plan names no vendor manifest ([model] manifest): no fidelity self-test, signature or intended-use check was made." / "Planen nevner ikke noe leverandørmanifest ([model] manifest): ingen kontroll av gjengivelse, signatur eller tiltenkt bruk ble gjort.";
    VENDOR_SIGNATURE = "Signature" / "Signatur";
    VENDOR_FILLED = "Taken from the manifest: {}" / "Hentet fra manifestet: {}";
    VENDOR_OVERRIDE = "The plan overrides {}: {} (the manifest says {})" / "Planen overstyrer {}: {} (manifestet sier {})";
    VENDOR_VECTOR = "Test vector" / "Testvektor";
    VENDOR_EXPECTED = "Vendor's output" / "Leverandørens utdata";
    VENDOR_ACTUAL = "Local output" / "Lokalt utdata";
    VENDOR_TOLERANCE = "Tolerance" / "Toleranse";
    VENDOR_RESULT = "Result" / "Resultat";
    VENDOR_OK = "reproduced" / "gjengitt";
    VENDOR_NOT_OK = "NOT reproduced" / "IKKE gjengitt";
    VENDOR_NO_VECTORS = "The manifest has no test vectors." / "Manifestet har ingen testvektorer.";
    VENDOR_REPRESENTATIVE = "Intended use and representativeness" / "Tiltenkt bruk og representativitet";
    VENDOR_OUTSIDE = "Outside the vendor's {}: {} of {} cases ({})" / "Utenfor leverandørens {}: {} av {} kasus ({})";
    VENDOR_SEX = "{}: {} here, {} in the vendor's population" / "{}: {} her, {} i leverandørens populasjon";

    // History
    HISTORY_HEADING = "Run history" / "Kjøringshistorikk";
    HISTORY_INTRO = "Every validation run, from this app or `provestein batch`, is recorded here with its plan, hashes, report and every case's score. Select one run to open it, two to compare them (the first selected is the baseline). Nothing leaves this machine." / "Hver valideringskjøring, fra programmet eller `provestein batch`, registreres her med plan, hasher, rapport og skåren for hvert kasus. Velg én kjøring for å åpne den, to for å sammenligne dem (den første som velges, er utgangspunktet). Ingenting forlater maskinen.";
    HISTORY_FILE = "History file" / "Historikkfil";
    HISTORY_OPEN = "Open" / "Åpne";
    HISTORY_REFRESH = "Refresh" / "Oppdater";
    HISTORY_VERIFY = "Verify the audit chain" / "Kontroller revisjonskjeden";
    CHAIN_INTACT = "The audit chain of {} finished runs is intact. Head hash: {}" / "Revisjonskjeden med {} fullførte kjøringer er intakt. Topphash: {}";
    CHAIN_BROKEN = "The audit chain is BROKEN at run #{}: {}" / "Revisjonskjeden er BRUTT ved kjøring #{}: {}";
    HISTORY_EMPTY = "No run has been recorded in this file yet." / "Ingen kjøring er registrert i denne filen ennå.";
    HISTORY_SELECT = "Tick one run to open it, two to compare them." / "Kryss av én kjøring for å åpne den, to for å sammenligne dem.";
    HISTORY_RUN = "Run" / "Kjøring";
    HISTORY_STATUS = "Status" / "Status";
    HISTORY_STARTED = "Started" / "Startet";
    HISTORY_USER = "User" / "Bruker";
    HISTORY_RUN_TITLE = "Run #{}: {} ({})" / "Kjøring #{}: {} ({})";
    HISTORY_SAVE = "Save its report" / "Lagre rapporten";
    HISTORY_COMPARE_TITLE = "Run #{} against run #{} (the baseline); differences are B − A" / "Kjøring #{} mot kjøring #{} (utgangspunktet); forskjeller er B − A";
    HISTORY_OTHER_MODEL = "The runs used different model files (or a vendor's scores): a model change." / "Kjøringene brukte ulike modellfiler (eller leverandørskårer): en modellendring.";
    HISTORY_PLAN = "Plan" / "Plan";
    HISTORY_POST_HOC = "Post hoc" / "Post hoc";
    YES = "yes" / "ja";
    NO = "no" / "nei";
    HISTORY_SAME_PLAN = "The two plans analyse the same (threshold, criteria, analysis and cohort selection unchanged)." / "De to planene analyserer likt (terskel, kriterier, analyse og kohortutvalg uendret).";
    HISTORY_PLAN_DIFF = "What differs between the plans:" / "Hva som skiller planene:";
    HISTORY_TESTS_PAIRED = "* p below 1 − confidence. The same cases in both runs (same cohort, same case ids), so the tests are paired: AUC: paired DeLong test; sensitivity, specificity and accuracy: exact McNemar test (no interval); PPV, NPV and prevalence: not tested; each run at its own threshold." / "* p under 1 − konfidensnivå. De samme kasusene i begge kjøringene (samme kohort, samme kasus-id), så testene er parede: AUC: paret DeLong-test; sensitivitet, spesifisitet og nøyaktighet: eksakt McNemar-test (uten intervall); PPV, NPV og prevalens: ikke testet; hver kjøring ved sin egen terskel.";
    HISTORY_TESTS = "* p below 1 − confidence. AUC: unpaired DeLong test; proportions: pooled two-proportion z-test with Newcombe's interval; each run at its own threshold." / "* p under 1 − konfidensnivå. AUC: uparet DeLong-test; andeler: samlet z-test for to andeler med Newcombes intervall; hver kjøring ved sin egen terskel.";
    HISTORY_NO_CHANGE = "No significant change." / "Ingen signifikant endring.";
    HISTORY_CHANGES = "Changes:" / "Endringer:";
    DRIFT_EXCLUDED_DATES = "{} cases have a date that cannot be a real study date and are left out of the analysis over time: {} placeholder dates (such as 1900-01-01), {} before 1985, {} after the run." / "{} kasus har en dato som ikke kan være en reell undersøkelsesdato, og er utelatt fra analysen over tid: {} plassholderdatoer (som 1900-01-01), {} før 1985, {} etter kjøringen.";
    DRIFT_HEADING = "Over time, by {}: each period against the rest of the cohort" / "Over tid, per {}: hver periode mot resten av kohorten";
    DRIFT_NONE = "No drift chart: the cases of this run have no dates ([cohort] date for a CSV cohort; StudyDate for DICOM)." / "Ingen endringsdiagram: kasusene i denne kjøringen har ingen datoer ([cohort] date for en CSV-kohort; StudyDate for DICOM).";
    DRIFT_NEW_EQUIPMENT = "New mid-cohort: {} = {}, first seen {} ({} cases)" / "Ny midt i kohorten: {} = {}, først sett {} ({} kasus)";
    PERIOD_WORSE = "significantly worse than the rest" / "signifikant dårligere enn resten";
    DRIFT_KEY = "Blue squares: periods tested against the rest of the cohort; vermillion diamonds: significantly worse (Holm); grey hollow circles: too few cases to test. Bars: Wilson intervals. Dashed: the whole cohort." / "Blå kvadrater: perioder testet mot resten av kohorten; rødoransje ruter: signifikant dårligere (Holm); grå, åpne sirkler: for få kasus til å teste. Streker: Wilson-intervaller. Stiplet: hele kohorten.";

    // Report
    REPORT_HEADING = "Export the report" / "Eksporter rapporten";
    REPORT_INTRO = "Writes report.pdf and report.html (the validation report, in the language chosen below), report.json (every figure, the plan and the provenance) and predictions.csv (one row per case): the same files `provestein batch` writes." / "Skriver report.pdf og report.html (valideringsrapporten, på språket som er valgt nedenfor), report.json (alle tall, planen og sporbarheten) og predictions.csv (én rad per kasus): de samme filene som `provestein batch` skriver.";
    OUTPUT_FOLDER = "Output folder" / "Mappe for utdata";
    REPORT_LANGUAGE = "Language of the report" / "Språk i rapporten";
    EXPORT = "Export" / "Eksporter";
    NO_IDENTIFIERS = "Exported files hold no patient names or ids; cases are named by the plan's pseudonymous id column or by file path." / "Eksporterte filer inneholder ingen pasientnavn eller -id; kasus navngis med planens pseudonyme id-kolonne eller filsti.";
    REPORT_PRESPEC = "Pre-specification" / "Forhåndsspesifisering";
    RUN_TIME = "Run" / "Kjøring";
    WRITTEN = "Written:" / "Skrevet:";
    EXPORTED = "Exported {} files to {}" / "Eksporterte {} filer til {}";

    // Occlusion maps (Cases: a DICOM case of an ONNX image model)
    OCCLUSION_BUTTON = "Occlusion map" / "Okklusjonskart";
    OCCLUSION_HELP = "Covers the model's input with a square patch at each position in turn (replaced by the plan's [explain] baseline: the image's mean or a blurred copy), scores every copy with the model and shows how much the score falls." / "Dekker modellens input med en kvadratisk lapp i hver posisjon etter tur (erstattet med planens [explain] baseline: bildets middelverdi eller en uskarp kopi), skårer hver kopi med modellen og viser hvor mye skåren faller.";
    OCCLUSION_PATCH = "Patch (pixels)" / "Lapp (piksler)";
    OCCLUSION_STRIDE = "Stride (pixels)" / "Steg (piksler)";
    OCCLUSION_RUNNING = "Computing the occlusion map…" / "Beregner okklusjonskartet…";
    OCCLUSION_OPACITY = "Opacity" / "Dekkevne";
    OCCLUSION_SCALE = "Blue: the score rises when covered · white: no change · red: the score falls" / "Blå: skåren stiger når den dekkes · hvit: ingen endring · rød: skåren faller";
    OCCLUSION_LEGEND = "Mean score drop per pixel, {}×{} patch, stride {}, {} positions. The model's score for this image: {}; largest drop: {}." / "Gjennomsnittlig fall i skår per piksel, lapp på {}×{}, steg {}, {} posisjoner. Modellens skår for dette bildet: {}; største fall: {}.";
    OCCLUSION_CAPTION = "An aid to interpretation, not proof of reasoning" / "Et hjelpemiddel til tolkning, ikke bevis for modellens resonnement";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages_with_the_same_placeholders() {
        provestein::i18n::check_table(t::ALL);
    }

    #[test]
    fn fill_puts_values_in_order() {
        assert_eq!(
            t::PROGRESS.fill(Lang::Nb, &[&3, &10]),
            "3 av 10".to_string()
        );
    }
}
