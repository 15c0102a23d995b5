### Prøvestein's report in Norwegian (bokmål): what report.pdf and report.html say, the page-1 flags
### and the Methods conventions (report.json carries the English of the last two).
### Arguments are named. Figures arrive formatted for the language (crate::i18n::Numbers);
### counts arrive as numbers and choose their form by selectors: { $n -> [one] … *[other] … }.
### Another language: copy this file to i18n/<tag>/report.ftl, translate it, add a `Lang` variant;
### words::tests checks that it has every message with the same arguments.

## metric names (crate::metric)

metric-sensitivity = sensitivitet
metric-specificity = spesifisitet
metric-ppv = PPV
metric-npv = NPV
metric-accuracy = treffsikkerhet
metric-auc = ROC AUC
metric-brier = Brier-skår
metric-calibration-slope = kalibreringsstigning
metric-calibration-in-the-large = kalibrering i det store
metric-dice = Dice
metric-iou = IoU (Jaccard)
metric-hd = Hausdorff-avstand
metric-hd95 = HD95
metric-assd = gjennomsnittlig symmetrisk overflateavstand
metric-nsd = normalisert overflate-Dice
metric-volume-difference = volumforskjell
metric-share-within = andel kasus innenfor toleransen
metric-lesion-sensitivity = lesjonssensitivitet
metric-cpm = competition performance metric (CPM)
metric-macro-auc = makro-AUC
metric-micro-auc = mikro-AUC
metric-hand-till-auc = AUC for flere klasser (Hand & Till)
metric-kappa = Cohens kappa
metric-weighted-kappa = kvadratisk vektet kappa


## acceptance criteria

criterion-estimate = Estimat for { $metric }
criterion-lower-bound = Nedre { $confidence } { $interval }-grense for { $metric }
criterion-upper-bound = Øvre { $confidence } { $interval }-grense for { $metric }
criterion-reason-pass = den vurderte verdien når grensen
criterion-reason-fail = hele intervallet ligger på feil side av { $limit }
criterion-reason-inconclusive = intervallet omfatter { $limit }: flere kasus trengs for å avgjøre

## sample size and cohort

sample-size-cannot-pass = Utvalgsstørrelse: kriteriet for { $metric } kan ikke bestås i denne kohorten uansett hva modellen gjør: med n = { $n } gir selv et perfekt resultat en grense på { $best }. Det trengs n ≥ { $needed }.
cohort-csv = { $cases } kasus vurdert fra { $rows ->
        [one] { $rows } rad
       *[other] { $rows } rader
    } i tabellen { $path }: { $positive ->
        [one] { $positive } positiv
       *[other] { $positive } positive
    } og { $negative ->
        [one] { $negative } negativ
       *[other] { $negative } negative
    } etter referansestandarden; { $excluded } utelatt med begrunnelse.
cohort-dicom = { $cases } kasus ({ $unit }) vurdert fra { $files ->
        [one] { $files } fil
       *[other] { $files } filer
    } i DICOM-mappen { $path }: { $positive ->
        [one] { $positive } positiv
       *[other] { $positive } positive
    } og { $negative ->
        [one] { $negative } negativ
       *[other] { $negative } negative
    } etter referansestandarden; { $excluded } utelatt med begrunnelse.

## study, subgroups and drift

study-not-recorded = ikke registrert i planen
subgroups-forest-caption = Figur { $figure }. Sensitivitet og spesifisitet etter { $attribute } med Wilson-intervaller; den stiplede linjen er hele kohorten. Grå, åpne markører: for få data, ikke testet.
# $kind: "quarter" or "month"
drift-period-name = { $kind ->
        [quarter] kvartal
       *[month] måned
    }
drift-period-count = { $kind ->
        [quarter] { $n ->
            [one] { $n } kvartal
           *[other] { $n } kvartaler
        }
       *[month] { $n ->
            [one] { $n } måned
           *[other] { $n } måneder
        }
    }
drift-source-dicom = bildets StudyDate
drift-source-column = kolonnen «{ $column }»
# $collapsed: "yes" when empty periods are drawn as one
drift-figure-caption = Figur { $figure }. Sensitivitet og spesifisitet per { $period } med Wilson-intervaller; den stiplede linjen er hele den daterte kohorten. Vermilionrøde kvadrater: signifikant dårligere enn resten; grå, åpne sirkler: for få kasus, ikke testet.{ $collapsed ->
        [yes] {" "}Skyggelagt (…): påfølgende perioder uten kasus, vist som én (se tabellen).
       *[no] {""}
    }

## drift over time

drift-intro = De { $dated } daterte kasusene grupperes etter { $period } for datoen ({ $source }): { $periods } fra { $first } til { $last }. Hver periode sammenlignes med resten av den daterte kohorten slik en undergruppe gjør: en periode med færre enn { $min_n } kasus, { $min_positives } positive eller { $min_negatives } negative vises, men testes ikke, og «signifikant dårligere» bruker Holm-korrigerte p-verdier over periodene. Bare måneder og kvartaler rapporteres, aldri en dato.
drift-undated = { $n } kasus uten lesbar dato er utelatt bare fra denne analysen.
drift-implausible-dates = { $n } kasus har en dato som ikke kan være en reell undersøkelsesdato, og er utelatt bare fra denne analysen: { $placeholder ->
        [one] { $placeholder } plassholderdato
       *[other] { $placeholder } plassholderdatoer
    } (som 1900-01-01), { $before_1985 } før 1985, { $after_run } etter kjøringen.
drift-not-assessed-implausible = Ikke vurdert: alle lesbare datoer er usannsynlige, så kasusene kunne ikke plasseres i tid ({ $placeholder ->
        [one] { $placeholder } plassholderdato
       *[other] { $placeholder } plassholderdatoer
    } som 1900-01-01, { $before_1985 } før 1985, { $after_run } etter kjøringen; { $undated } kasus uten lesbar dato). Anonymiserte eksporter erstatter ofte datoer slik.

## vendor package and explanations

signature-verified = signert, og signaturen stemmer med den festede leverandørnøkkelen «{ $key }»
signature-unsigned = ikke signert: ingenting viser at manifestet er leverandørens og uendret
signature-not-verified = { $keys ->
        [0] signert, men ingen leverandørnøkkel er festet her, så signaturen kan ikke kontrolleres: fest leverandørens offentlige nøkkel med `provestein vendor trust KEYFILE`
        [one] signert, men signaturen stemmer IKKE med den { $keys } festede leverandørnøkkelen: manifestet er endret etter signering, eller signert med en annen nøkkel
       *[other] signert, men signaturen stemmer IKKE med noen av de { $keys } festede leverandørnøklene: manifestet er endret etter signering, eller signert med en annen nøkkel
    }
signature-malformed = signaturfilen kan ikke leses: { $message }
outcome-true-positive = sant positiv
outcome-false-positive = falskt positiv
outcome-false-negative = falskt negativ
outcome-true-negative = sant negativ

## flags: what the criteria do not cover (report.json carries the English)

flag-title-specificity = Spesifisitet ikke dekket
flag-title-sensitivity = Sensitivitet ikke dekket
flag-title-calibration = Kalibrering forkastet
flag-title-claims = Leverandørpåstander ikke testbare
flag-title-claim = Leverandørpåstand ikke testbar
flag-title-signature = Signatur ikke kontrollert
flag-title-outside = Utenfor tiltenkt bruk
flag-title-post-hoc = Post hoc
flag-title-clustered = Pasienter ikke tatt hensyn til
flag-title-model-exclusions = Kasus modellen ikke kunne skåre
flag-under-coin-and-claim = under { $coin } og under leverandørens oppgitte { $claim }
flag-under-coin = under { $coin }
flag-under-claim = under leverandørens oppgitte { $claim }
flag-unconstrained = { $what } ved planens terskel { $threshold } har intet akseptkriterium, og den nedre { $interval }-grensen er { $under }.
flag-hosmer-lemeshow = Hosmer–Lemeshow p = { $p } < { $alpha } (χ² = { $chi2 }, { $df ->
        [one] { $df } frihetsgrad
       *[other] { $df } frihetsgrader
    })
flag-slope-excludes-one = kalibreringsstigning { $estimate } { $ci } utelukker 1
flag-calibration = Skårene er ikke kalibrert i denne kohorten: { $parts }. Intet kriterium vurderer dette.
flag-claim-not-testable = Leverandørens oppgitte { $metric } { $claimed } kan ikke testes med dette antallet: intervallet { $ci } er videre enn påstanden minus { $margin } ({ $lowest }), så dataene kan ikke skille påstanden fra en modell som er { $margin } dårligere.
flag-claims-not-testable = Leverandørens påstander kan ikke testes med dette antallet (påstand, lokalt intervall): { $claims }. Hvert intervall er videre enn påstanden minus { $margin }, så dataene kan ikke skille en påstand fra en modell som er { $margin } dårligere.
flag-outside-aspect = { $aspect }: { $outside } av { $known } ({ $values })
flag-outside-intended-use = Minst { $total } av { $n } kasus ligger utenfor leverandørens tiltenkte bruk eller oppgitte populasjon: { $aspects }.
flag-changed-plan = planen
list-and = og
flag-post-hoc = Forsøk { $attempt } med denne modellen og kohorten, og { $changed } ble endret etter en tidligere kjøring, så kriteriene kan være valgt med kjennskap til resultatene.
flag-clustered-without-key = { $units ->
        [one] { $units } enhet kommer
       *[other] { $units } enheter kommer
    } fra { $patients ->
        [one] { $patients } pasient
       *[other] { $patients } pasienter
    }, og planen sier ikke hvilke enheter som hører til samme pasient: alle intervaller behandler en pasients enheter som uavhengige, så intervallene er for smale.
flag-model-exclusions = Modellen ga ikke brukbar skår for { $excluded } av de { $units } enhetene den fikk ({ $share }) (utdata som ikke er et endelig tall, inferens som feilet eller gikk over tidsgrensen, eller inndata den ikke kan ta), mer enn planen tillater ({ $limit }). Tallene beskriver bare kasusene den kunne skåre, så resultatet er UAVKLART uansett hva kriteriene sier.
flag-signature-unsigned = Leverandørmanifestet er ikke signert: ingenting viser at påstandene, terskelen og forbehandlingen det fylte inn er leverandørens og uendret.
flag-signature-not-verified = { $keys ->
        [0] Leverandørmanifestet er signert, men ingen leverandørnøkkel er festet her, så signaturen er ikke kontrollert (`provestein vendor trust KEYFILE`).
        [one] Signaturen på leverandørmanifestet stemmer IKKE med den ene festede leverandørnøkkelen: det er endret etter signering, eller signert med en annen nøkkel.
       *[other] Signaturen på leverandørmanifestet stemmer IKKE med noen av de { $keys } festede leverandørnøklene: det er endret etter signering, eller signert med en annen nøkkel.
    }
flag-signature-malformed = Signaturfilen til leverandørmanifestet kan ikke leses, så den er ikke kontrollert: { $message }
aspect-age = alder
aspect-modality = modalitet
aspect-body-part = kroppsdel
aspect-view = projeksjon
aspect-manufacturer = produsent leverandøren ikke oppgir
changed-threshold = terskelen
changed-criteria = kriteriene
changed-analysis = analysen
changed-cohort = kohortutvalget
changed-model = hvordan modellen leses
changed-preprocess = forbehandlingen
changed-compare = sammenligningene

## conventions (evaluation::conventions; report.json carries the English)

convention-threshold = Et kasus regnes som positivt når skåren er større enn eller lik terskelen ({ $threshold }).
convention-formulas = Sensitivitet = SP/(SP+FN), spesifisitet = SN/(SN+FP), PPV = SP/(SP+FP), NPV = SN/(SN+FN), treffsikkerhet = (SP+SN)/N (SP/SN: sant positive/negative, FP/FN: falskt positive/negative).
convention-intervals = Intervallene er tosidige { $confidence } %-intervaller. Andeler har Wilsons skåreintervall og Clopper–Pearsons eksakte intervall (som statsmodels proportion_confint, metodene 'wilson' og 'beta').
convention-auc = ROC AUC er Mann–Whitney-statistikken: sannsynligheten for at et positivt kasus får høyere skår enn et negativt, der like skårer teller ½.
convention-delong = DeLong-intervall for AUC: AUC ± z·SE med DeLongs varians, avkortet til [0, 1] (som pROC ci.auc, metode 'delong').
convention-brier = Brier-skår = gjennomsnittet av (skår − fasit)², fasit 1 for positiv.
seg-convention-threshold = en voksel hører til strukturen når sannsynligheten er minst { $threshold }
seg-convention-argmax = hver voksel går til kanalen med høyest utdata (argmax)
seg-convention-worst-distance = en oversett struktur eller en falsk alarm gir Dice 0 og alle avstander lik bildets fysiske diagonal, og blir med i hvert gjennomsnitt
seg-convention-rasterisation = RTSTRUCT-konturer blir masker ved pikselsentre innenfor konturen, partall–oddetall for hull; en struktur som mangler i en fasitfil, er tom fasit der
seg-convention-surface = overflater er randvokslene (flatenaboskap); HD95 er den største av de to rettede 95-persentilene (MONAI)
seg-convention-intervals = gjennomsnitt og medianer med persentil-bootstrapintervaller over pasienter ({ $replicates ->
        [one] { $replicates } replikat
       *[other] { $replicates } replikater
    }, frø { $seed }); andeler innenfor en toleranse med Wilson- og Clopper–Pearson-intervaller justert for flere kasus per pasient
convention-subgroups = Undergrupper: en gruppe med færre enn { $min_n } kasus, eller færre enn { $min_positives } positive (sensitivitet, AUC) eller { $min_negatives } negative (spesifisitet, AUC), rapporteres som utilstrekkelige data og blir verken testet eller flagget. Hver gruppe sammenlignes med resten av kohorten (andeler: Newcombes hybride skåreintervall og en samlet z-test; AUC: uparet DeLong-test med frihetsgrader av Welch-type); «signifikant dårligere» bruker Holm-korrigerte p-verdier over gruppene i en egenskap.
convention-calibration = Kalibrering (når alle skårer ligger i [0, 1]): { $bins ->
        [one] { $bins } { $binning } intervall
       *[other] { $bins } { $binning } intervaller
    }, lukket til høyre som scikit-learn calibration_curve, hvert med et Clopper–Pearson-intervall; ECE = Σ n_b/N·|observert − gjennomsnittlig predikert|, MCE det største avviket; stigning og konstantledd i den logistiske tilpasningen y ~ 1 + logit(p) og kalibrering i det store (y ~ 1 + offset(logit(p))) med Wald-intervaller, tilpasset som statsmodels GLM; Hosmer–Lemeshow med 10 grupper ved numpy-persentiler.
convention-thresholds = Terskler: Youden-punktet og punktet nærmest øvre venstre hjørne oppgis både som en observert skår (vår regel, skår ≥ terskel) og som pROCs midtpunkt mellom nabo-skårer; ved likhet velges den høyeste terskelen. PPV og NPV ved lokal prevalens følger Bayes' regel, med grenser fra Wilson-grensene for sensitivitet og spesifisitet. Gjennomsnittlig presisjon som scikit-learn (trinnvis, uten interpolasjon). Netto nytte = SP/N − FP/N · t/(1 − t) (Vickers og Elkin 2006).
convention-fairness = Rettferdighet: forskjeller i demografisk paritet og utjevnede odds er maks − min over gruppene (utjevnede odds: den verste av TPR og FPR). En gruppe uten positive har ingen TPR: vi utelater den og navngir den, mens fairlearn regner dens TPR som 0; begge verdiene rapporteres.
convention-acceptance = Akseptanse: et kriterium er bestått når den vurderte verdien (estimat eller intervallgrense) når grensen; det er ikke bestått når hele intervallet ligger på feil side av grensen; ellers er det uavklart.
convention-flags = Side 1 viser hva akseptkriteriene ikke dekker (uten å endre resultatet): sensitivitet eller spesifisitet ved planens terskel uten kriterium og med nedre grense under 0,5 eller under leverandørens påstand; forkastet kalibrering (Hosmer–Lemeshow p < { $alpha }, eller et intervall for kalibreringsstigningen som utelukker 1); leverandørpåstander som ikke kan testes med dette antallet; et leverandørmanifest med ukontrollert signatur; kasus utenfor leverandørens tiltenkte bruk eller oppgitte populasjon; en plan endret i etterkant (post hoc); flere enheter per pasient uten pasientnøkkel.
convention-claims = Leverandørens påstander settes ved siden av det lokale intervallet og vurderes aldri: under eller over påstanden når intervallet utelukker den; kan ikke testes med dette antallet når intervallet også inneholder påstanden minus { $margin } (dataene kan ikke skille påstanden fra en modell som er { $margin } dårligere); ellers forenlig.
convention-patient-level = Pasientnivå: planen angir hvert kasus' pasient, og alle intervaller tar hensyn til at en pasient kan ha flere kasus. AUC: AUC ± z·SE med Obuchowskis ikke-parametriske klyngevarians (Obuchowski 1997, Biometrics 53:567–578), avkortet til [0, 1]; med ett kasus per pasient er den DeLongs. Sensitivitet, spesifisitet, PPV, NPV og treffsikkerhet: forholdsestimatoren Σxᵢ/Σnᵢ over pasienter med robust (sandwich-) varians Σ(xᵢ − p·nᵢ)²/n² (Rao og Scott 1992; den samme som en GEE med bare konstantledd og uavhengig arbeidskorrelasjon), designeffekten deff = varians/(p(1 − p)/n), minst 1, og Wilson- og Clopper–Pearson-intervallene ved den effektive utvalgsstørrelsen n/deff (Korn og Graubard 1998); med ett kasus per pasient er deff = 1 og intervallene de vanlige. Undergrupper og perioder: det samme i hver gruppe; tester mot resten bruker Rao og Scotts effektive antall (x/deff, n/deff) og Obuchowskis varianser. Sammenligninger: paret AUC-differanse med Obuchowskis klyngekovarians; McNemars eksakte test på kasus ved siden av Durkalski mfl.s (2003) McNemar-test for klyngedata. Terskler (Youden, målsensitivitet) og kalibrering estimeres på kasus som før. Pasientnøkler holdes bare i minnet og skrives aldri.
convention-bootstrap-patients = Bootstrap-intervaller (AUC, Brier): pasienter trekkes med tilbakelegging, hver med alle sine kasus, innenfor tre strata som beholder sin størrelse (pasienter med bare positive, bare negative eller blandede kasus; med ett kasus per pasient er dette pROCs stratifiserte bootstrap), { $replicates ->
        [one] { $replicates } replikat
       *[other] { $replicates } replikater
    }, persentilmetoden med Rs type 7-kvantiler, frø { $seed }; replikat r trekker fra sin egen tilfeldige strøm, så tallene avhenger ikke av antall tråder.
convention-bootstrap = Bootstrap-intervaller (AUC, Brier): stratifisert bootstrap (positive og negative kasus trukket hver for seg, som pROC boot.stratified = TRUE), { $replicates ->
        [one] { $replicates } replikat
       *[other] { $replicates } replikater
    }, persentilmetoden med Rs type 7-kvantiler, frø { $seed }; replikat r trekker fra sin egen tilfeldige strøm, så tallene avhenger ikke av antall tråder.
convention-drift = Endring over tid: kasusene grupperes etter { $period } for datoen (CSV: planens datokolonne; DICOM: bildets StudyDate). Hver periode sammenlignes med resten av den daterte kohorten slik en undergruppe gjør (samme grenser og tester, Holm-korrigert over periodene); kasus uten lesbar dato utelates bare fra denne analysen. En verdi av Manufacturer, ManufacturerModelName eller SoftwareVersions (CSV: en undergruppeverdi) som først ses etter den første perioden, rapporteres som ny underveis, med måneden den først forekommer. Eksakte datoer skrives aldri.
# $kind: "uniform" or "quantile" ([analysis] calibration_binning)
convention-binning = { $kind ->
        [uniform] like brede
       *[quantile] like store
    }
# $kind: "month" or "quarter" ([analysis] drift_period)
convention-period = { $kind ->
        [quarter] kvartal
       *[month] kalendermåned
    }

## explanations (explain::tabular::convention)

convention-permutation-importance = Permutasjonsviktighet (et hjelpemiddel til tolkning, ikke bevis for årsakssammenheng): hver modellinngang stokkes om mellom de vurderte kasusene { $permutations ->
        [one] { $permutations } gang
       *[other] { $permutations } ganger
    } (frø { $seed }; hver omstokking trekker fra sin egen tilfeldige strøm, så tallene avhenger ikke av antall tråder; over { $max_rows } kasus et tilfeldig utvalg på { $max_rows } med frø, stratifisert etter klasse), kasusene skåres på nytt med den samme modellsesjonen, og fallet i ROC AUC (AUC som skåret − AUC etter omstokkingen) registreres, som scikit-learn permutation_importance med scoring 'roc_auc'. Rapportert: gjennomsnittlig fall og { $confidence } %-persentilområdet for fallene over omstokkingene (Rs type 7-kvantiler), som viser hvor mye én omstokking varierer, ikke kohortens utvalgsusikkerhet. Per kasus settes hver inngang til medianen over de vurderte kasusene og kasuset skåres på nytt; endringen er skåren med medianen − kasusets skår.

## STARD checklist: places

stard-section = avsnitt { $number }, { $name }
stard-record-in-plan = for brukeren: planen registrerer det ikke

## STARD checklist: hints

stard-hint-prospective = prospektiv eller retrospektiv


## sections

section-signoff = Godkjenning
section-stard = STARD 2015-sjekkliste
section-methods = Metoder, konvensjoner og begrensninger
section-claims = Leverandørens påstander
section-comparisons = Sammenligninger
section-drift = Endring over tid
section-subgroups = Undergrupper
section-calibration = Kalibrering
section-accuracy = Diagnostisk nøyaktighet
section-cohort = Kohort og flyt
section-summary = Sammendrag
section-vendor = Leverandørens valideringspakke

## report

verdict-word-pass = BESTÅTT
verdict-word-fail = IKKE BESTÅTT
verdict-word-inconclusive = UAVKLART
build-plan = plan
build-validation-report = Valideringsrapport
criterion-sentence-worst-subgroup = svakeste undergruppe
criterion-reason-not-computed-some-scores = ikke beregnet: noen skårer ligger utenfor [0, 1], så de er ikke sannsynligheter
criterion-reason-cannot-be-estimated-on = kan ikke estimeres i denne kohorten
summary-every-acceptance-criterion-fixed = alle akseptkriteriene som ble fastsatt i planen før dataene ble sett, er oppfylt i denne kohorten.
summary-every-acceptance-criterion-in = alle akseptkriteriene i planen er oppfylt i denne kohorten.
summary-at-least-one-acceptance = minst ett akseptkriterium i planen er ikke oppfylt: i denne kohorten presterer modellen under en grense satt på forhånd.
summary-at-least-one-acceptance-2 = minst ett akseptkriterium i planen er ikke oppfylt: i denne kohorten presterer modellen under en grense planen setter.
summary-the-model-left-more = modellen ga ikke brukbar skår for flere kasus enn planen tillater, så kriteriene kan ikke vurderes i denne kohorten (se under).
summary-at-least-one-acceptance-3 = minst ett akseptkriterium kunne ikke avgjøres i denne kohorten: intervallet omfatter grensen, så flere kasus trengs.
summary-criterion-fixed-in-the = Kriterium (fastsatt i planen)
summary-measured = Målt
summary-judged-value = Vurdert verdi
summary-result = Resultat
summary-measured-estimate-interval-judged = Målt: estimat [vurdert intervall]. Samlet resultat er UAVKLART hvis modellen lot flere enheter stå uten skår enn planen tillater; ellers IKKE BESTÅTT hvis ett kriterium ikke er bestått, ellers UAVKLART hvis ett er uavklart, ellers BESTÅTT.
summary-what-was-validated = Hva som ble validert
flags-list-not-covered-by-the = Ikke dekket av kriteriene
flags-list-what-the-data-show = Hva dataene viser
flags-list-these-do-not-change = Disse endrer ikke resultatet, som kommer bare fra akseptkriteriene; les dem før du signerer.
prespecification-sentence-this-run-was-not = Denne kjøringen ble ikke kontrollert mot en kjøringshistorikk (den ble kjørt uten), så om planen ble låst før dataene ble sett, er ikke kjent; planfilens SHA-256 nedenfor identifiserer kriteriene nøyaktig.
prespecification-sentence-the-run-history-holds = kjøringshistorikken har ingen tidligere kjøring av denne modellen på denne kohorten, så planen ble låst før resultatene var sett.
post-hoc-caution-and = og
plan-part-the-threshold = terskelen
plan-part-the-acceptance-criteria = akseptkriteriene
plan-part-the-analysis-settings = analyseinnstillingene
plan-part-the-cohort-selection = kohortutvalget
plan-part-how-the-model-is = hvordan modellen leses
plan-part-the-image-preprocessing = bildeforbehandlingen
plan-part-the-comparisons = sammenligningene
patient-level-note-with-the-patient-key = {" "}Med pasientnøkkelen er alle intervaller på pasientnivå (andeler ved den effektive utvalgsstørrelsen, AUC med Obuchowskis varians; se Metoder).
unit-word-one-image-each = ett bilde hver
unit-word-one-series-each = én serie hver
unit-word-one-study-each = én undersøkelse hver
identity-not-given-in-the = ikke oppgitt i planen
identity-product = Produkt
identity-vendor = Leverandør
identity-version = Versjon
identity-model-file = Modellfil
identity-vendor-s-score-file = Leverandørens skårfil
identity-intended-use-as-recorded = Tiltenkt bruk (som registrert)
identity-cohort = Kohort
identity-operating-threshold = Driftsterskel
identity-score-threshold-is-positive = skår ≥ terskel er positiv
identity-run = Kjøring
identity-software = Programvare
identity-plan-file = Planfil
identity-cohort-file = Kohortfil
cohort-warning-some-values-of = Advarsel: noen verdier i id-kolonnen ser ut som pasientidentifikatorer (fødselsnumre, eller PatientID fra DICOM-hoder). Id-er skrives til predictions.csv og rapportens vedlegg: erstatt dem med pseudonymer før rapporten forlater sykehuset. report.json (cohort.identifier_warnings) angir linjene.
cohort-rows-in-the-cohort = rader i kohorttabellen
cohort-files-in-the-dicom = filer i DICOM-mappen
cohort-excluded = Utelatt
cohort-found = Funnet
cohort-analysed = Analysert
cohort-cases = kasus
cohort-pos = pos.
cohort-neg = neg.
cohort-model-positive = Modell positiv
cohort-reference-positive = Referanse positiv
cohort-reference-negative = Referanse negativ
cohort-model-negative = Modell negativ
cohort-figure-1-flow-of = Figur 1. Flyt av kasus (STARD 2015 punkt 19). Modell positiv: skår ≥ planens terskel.
cohort-no-case-was-excluded = Ingen kasus ble utelatt.
cohort-reason-for-exclusion = Grunn til utelatelse
cohort-cases-2 = Kasus
cohort-each-excluded-case-is = Hvert utelatte kasus er listet med linje eller fil i vedlegg B og i report.json.
cohort-rows-of-the-vendor = Rader i leverandørens skårfil som ikke passer til noe kasus i kohorten, ikke vurdert
cohort-listed-in-report-json = listet i report.json
cohort-rows-of-the-labels = Rader i fasitfilen som ikke passer til noe bilde, ikke vurdert
cohort-study-design = Studiedesign
cohort-reference-standard = Referansestandard
cohort-eligibility = Inklusjonskriterier
cohort-setting-and-dates = Sted og tidsrom
cohort-sampling = Utvalg
cohort-ground-truth = Fasit
distributions-who-is-in-the = Hvem kohorten består av
distributions-attribute-value = Egenskap = verdi
distributions-share = Andel
distributions-positive = Positive
distributions-negative = Negative
distributions-prevalence = Prevalens
accuracy-total = Totalt
accuracy-tp = SP
accuracy-tn = SN
accuracy-table-cross-tabulation-of = Tabell: krysstabell av modellens resultat mot referansestandarden (STARD 23).
accuracy-measure = Mål
accuracy-estimate = Estimat
accuracy-brier-not-computed-some = Brier ikke beregnet: noen skårer ligger utenfor [0, 1], så de er ikke sannsynligheter (en skår på 0–100 ville blitt vurdert som om den var det).
accuracy-1-specificity = 1 − spesifisitet
accuracy-sensitivity = Sensitivitet
accuracy-threshold = terskel
accuracy-youden-optimal-point = Youden-optimalt punkt
accuracy-chance = tilfeldig
accuracy-figure-2-roc-curve = Figur 2. ROC-kurve med driftspunktet og intervallene for sensitivitet og spesifisitet.
accuracy-recall-sensitivity = Gjenkalling (sensitivitet)
accuracy-precision-ppv = Presisjon (PPV)
accuracy-average-precision = gjennomsnittlig presisjon
accuracy-prevalence = prevalens
accuracy-figure-3-precision-recall = Figur 3. Presisjon–gjenkalling-kurve; den stiplede linjen er kohortens prevalens (en modell uten evne).
thresholds-thresholds = Terskler
thresholds-operating-point = Driftspunkt
thresholds-threshold = Terskel
thresholds-specificity = Spesifisitet
thresholds-plan-vendor-s-threshold = Planens (leverandørens) terskel: vurdert
thresholds-youden-optimal-max-sensitivity = Youden-optimal (maks sensitivitet + spesifisitet)
thresholds-closest-to-the-top = Nærmest øvre venstre hjørne
thresholds-at-target-sensitivity = Ved målsensitivitet
thresholds-at-target-specificity = Ved målspesifisitet
thresholds-only-the-plan-s = Bare planens terskel vurderes (forhåndsbestemt, STARD 12a); de andre punktene er utforskende og valgt på denne kohorten, og derfor optimistiske. Intervaller: Wilson.
local-prevalence-ppv-and-npv-above = Lokal prevalens ble ikke oppgitt; PPV og NPV vises ved kohortens egen prevalens.
calibration-not-computed-some-scores = Ikke beregnet: noen skårer ligger utenfor [0, 1], så de er ikke sannsynligheter, og kalibrering gir ingen mening for dem.
calibration-does-a-score-of = Betyr en skår på 0,3 en risiko på 30 %? For hvert intervall settes observert hyppighet av tilstanden mot gjennomsnittlig skår; punkter på diagonalen er perfekt kalibrert.
calibration-mean-predicted-probability = Gjennomsnittlig predikert sannsynlighet
calibration-observed-frequency = Observert hyppighet
calibration-bins = intervaller
calibration-perfect-calibration = perfekt kalibrering
calibration-figure-4-reliability-diagram = Figur 4. Pålitelighetsdiagram med eksakt intervall for hvert intervall.
calibration-value = Verdi
calibration-ideal = Ideelt
calibration-slope-wald = Kalibreringsstigning (Wald)
calibration-intercept-joint-fit-wald = Konstantledd, felles tilpasning (Wald)
calibration-in-the-large = Kalibrering i det store (Wald)
calibration-a-slope-below-1 = En stigning under 1 betyr at skårene er for ytterliggående (overmodige); kalibrering i det store over 0 betyr at modellen undervurderer risikoen i denne kohorten.
subgroups-the-plan-names-no = Planen nevner ingen undergruppeegenskaper, så modellens ytelse kunne ikke undersøkes etter kjønn, alder, skanner eller sted. Dette er en begrensning ved valideringen.
subgroups-by = Etter
subgroups-group = Gruppe
subgroups-pos = Pos.
subgroups-finding = Funn
subgroups-grey-rows-too-few = Grå rader: for få kasus til å testes eller vurderes; †: for få positive eller negative for dette tallet. Intervaller: sensitivitet og spesifisitet med planens intervall for andeler, AUC DeLong.
subgroups-insufficient = for få
group-finding-too-few-cases-not = for få kasus: ikke testet
group-finding-no-significant-difference-from = ingen signifikant forskjell fra resten
group-finding-significantly-worse = signifikant dårligere
fairness-measure = Rettferdighetsmål
fairness-demographic-parity-difference = Forskjell i demografisk paritet
fairness-demographic-parity-ratio = Forhold for demografisk paritet
fairness-equal-opportunity-difference-tpr = Forskjell i lik mulighet (TPR)
fairness-equalized-odds-difference = Forskjell i utjevnede odds
fairness-equalized-odds-ratio = Forhold for utjevnede odds
fairness-differences-are-max-min = Forskjellene er maks − min over gruppene ved planens terskel. fairlearn-kolonnen regner en udefinert rate som 0, slik fairlearn gjør.
fairness-left-out-where-undefined = Utelatt der udefinert:
fairness-included-although-insufficient = Tatt med selv om for små:
drift-not-assessed-no-image = Ikke vurdert: ingen bilder har en lesbar StudyDate, så kasusene kunne ikke plasseres i tid.
drift-not-assessed-the-cases = Ikke vurdert: kasusene har ingen dato. Hadde planen angitt en dato for hvert kasus (skrevet ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD), ville tallene vært vist per måned eller kvartal.
drift-significantly-worse-than-the = Signifikant dårligere enn resten av kohorten
drift-no-period-is-significantly = Ingen periode er signifikant dårligere enn resten av kohorten.
drift-no-period-has-enough = Ingen periode har nok kasus til å testes, så ingen kan flagges: figuren og tabellen beskriver, de tester ikke.
drift-tested = testet
drift-too-few-not-tested = for få, ikke testet
drift-whole-dated-cohort = hele daterte kohorten
drift-period = Periode
drift-no-cases = ingen kasus
drift-no-significant-difference = ingen signifikant forskjell
drift-all-dated = Alle daterte
drift-grey-rows-too-few = Grå rader: for få kasus til å testes; †: for få positive eller negative for dette tallet. Intervaller: sensitivitet og spesifisitet med planens intervall for andeler, AUC DeLong. En flagget periode har Holm-korrigert p under planens nivå og ligger under resten.
drift-equipment-equipment-over-time = Utstyr over tid
drift-equipment-no-attribute-is-followed = Ingen egenskap følges over tid: planen nevner ingen skanner- eller programvareegenskap blant undergruppene, så når hver verdi først forekommer, vises ikke.
drift-equipment-new-mid-cohort = Nytt underveis
drift-equipment-attribute = Egenskap
drift-equipment-first-seen = Først sett
drift-equipment-last-seen = Sist sett
drift-equipment-new-mid-cohort-2 = ny underveis
drift-equipment-from-the-first-period = fra første periode
drift-equipment-values-of-each-case = Verdier fra hvert kasus' første bilde; måneder, aldri datoer.
drift-equipment-values-of-the-plan = Verdier i planens undergruppekolonner; måneder, aldri datoer.
section-adjudication = Sensitivitetsanalyse: etterbedømte etiketter
adjudication-what-was-reviewed = Etter kjøringen gikk en bedømmer gjennom { $errors ->
        [one] det { $errors } falskt positive eller negative kasuset
       *[other] de { $errors } falskt positive og negative kasusene
    } og bedømte { $adjudicated }: referansestandarden feil { $reference_wrong }, modellen riktig { $model_right }, modellen feil { $model_wrong }, kan ikke avgjøres { $cannot_tell } (hver bedømming med bedømmer, tidspunkt og kommentar er lagret i kjøringshistorikken). Tabellen viser tallene med de etterbedømte etikettene ved siden av de forhåndsspesifiserte. Denne analysen var ikke forhåndsspesifisert og endrer ikke konklusjonen, som bygger på referansestandarden.
adjudication-pre-specified = Forhåndsspesifisert (referansestandard)
adjudication-adjudicated = Etterbedømte etiketter
adjudication-interval = Intervall
adjudication-convention = Etterbedømte etiketter: «referansestandarden feil» og «modellen riktig» tar modellens svar som etikett; «modellen feil» og «kan ikke avgjøres» beholder referansens etikett. Bare feil kan etterbedømmes, så disse tallene kan bare gå opp: les dem som en øvre grense for hva en rettet referansestandard ville vist.
comparisons-the-main-score-against = Hovedskåren mot hver annen kilde planen nevner, på kasusene begge har skåret: DeLongs parede test for AUC (forskjell = hoved − annen) og McNemars eksakte test ved hver kildes terskel.
comparisons-source = Kilde
comparisons-auc-main = AUC hoved
comparisons-auc-other = AUC annen
comparisons-difference = Forskjell
comparisons-mcnemar-p-sens = McNemar p sens.
comparisons-mcnemar-p-spec = McNemar p spes.
claims-the-plan-records-no = Planen registrerer ingen ytelse oppgitt av leverandøren, så det lokale resultatet er ikke satt ved siden av leverandørens.
claims-source-of-the-claims = Kilde for påstandene
claims-claimed = Påstått
claims-local-result = Lokalt resultat
claims-assessment = Vurdering
claims-lower-than-claimed-the = lavere enn påstått: hele det lokale intervallet ligger under påstanden
claims-higher-than-claimed-the = høyere enn påstått: hele det lokale intervallet ligger over påstanden
claims-local-intervals-as-the = Lokale intervaller som planens akseptintervaller
methods-conventions = Konvensjoner
methods-every-figure-in-this = Alle tall i rapporten er lest fra den samme evalueringen som report.json; statistikken er testet mot Rs pROC og rms, scikit-learn, statsmodels og fairlearn.
methods-limitations = Begrensninger
methods-the-precision-notes-above = Presisjonsmerknadene over teller kasus; med flere kasus per pasient tilsvarer informasjonen færre, uavhengige kasus (den effektive utvalgsstørrelsen n/deff i nøyaktighetstabellen), så intervallene ved grensen ville vært bredere.
methods-too-few-cases-to = For få kasus til å undersøke gruppene
methods-no-subgroup-analysis-the = Ingen undergruppeanalyse: planen nevner ingen egenskaper.
methods-no-analysis-over-time = Ingen analyse over tid: kasusene har ingen lesbar dato.
methods-calibration-not-assessed-the = Kalibrering ikke vurdert: skårene er ikke sannsynligheter.
methods-the-plan-does-not = Planen registrerer ikke hvordan referansestandarden ble fastsatt.
methods-a-retrospective-validation-on = En retrospektiv validering på én lokal kohort: den viser hvordan modellen presterte på disse kasusene, på dette stedet, med denne programvaren, ikke hvordan den vil prestere etter endringer i populasjon, skanner eller modellversjon. Valider på nytt etter slike endringer.
stard-each-item-of-the = Hvert punkt i STARD 2015-retningslinjen for rapportering av studier av diagnostisk nøyaktighet, med hvor rapporten besvarer det, eller hva den som vurderer må legge til. Overlappende punkter i CLAIM og TRIPOD+AI besvares av de samme avsnittene.
stard-item = Punkt
stard-what-stard-asks = Hva STARD ber om
stard-where-answered = Hvor besvart
stard-bold-rows-are-for = Uthevede rader er for brukeren: rapporten kan ikke vite svaret.
stard-ai-specific-topics-claim = KI-spesifikke temaer (CLAIM, TRIPOD+AI)
stard-topic = Tema
sign-off-reviewing-medical-physicist = Medisinsk fysiker (gjennomgang)
sign-off-clinical-lead = Klinisk ansvarlig
sign-off-role = Rolle
sign-off-name = Navn
sign-off-date = Dato
sign-off-signature = Signatur
appendix-a-cases-for = Vedlegg A. Kasus til gjennomgang
appendix-false-negatives-and-false = Falskt negative og falskt positive ved planens terskel, de mest sikre feilene først. Kasus navngis med planens pseudonyme id; den fullstendige listen over alle kasus er predictions.csv.
appendix-false-negatives = Falskt negative
appendix-false-positives = Falskt positive
appendix-tile-score = skår { $score }
appendix-tiles-fn-caption = { $n ->
        [one] Det falskt negative kasuset med lavest skår
       *[other] De { $n } falskt negative kasusene med lavest skår
    } (av { $errors }): hvert kasus' første bilde, vindusinnstilt som planens forbehandling, med pseudonym id. Bilder der pikslene kan vise tekst (Burned In Annotation), vises aldri.
appendix-tiles-fp-caption = { $n ->
        [one] Det falskt positive kasuset med høyest skår
       *[other] De { $n } falskt positive kasusene med høyest skår
    } (av { $errors }): hvert kasus' første bilde, vindusinnstilt som planens forbehandling, med pseudonym id. Bilder der pikslene kan vise tekst (Burned In Annotation), vises aldri.
appendix-tiles-left-out-text = { $n ->
        [one] Ett kasus blant de verste ble hoppet over og det neste vist i stedet: bildets header sier at tekst kan være brent inn i pikslene, eller kan ikke si det.
       *[other] { $n } kasus blant de verste ble hoppet over og de neste vist i stedet: bildenes header sier at tekst kan være brent inn i pikslene, eller kan ikke si det.
    }
appendix-tiles-left-out-undecodable = { $n ->
        [one] Ett kasus blant de verste ble hoppet over og det neste vist i stedet: bildet kunne ikke dekodes.
       *[other] { $n } kasus blant de verste ble hoppet over og de neste vist i stedet: bildene kunne ikke dekodes.
    }
appendix-none = Ingen.
appendix-case-id = Kasus-id
appendix-score = Skår
appendix-b-excluded-cases = Vedlegg B. Utelatte kasus
appendix-case-line-or-file = Kasus, linje eller fil
appendix-reason = Grunn
appendix-detail = Detalj
appendix-line = linje
appendix-details-are-the-engine = Detaljene er programmets meldinger, på engelsk.
prespecification-sentence-attempt-attempt-on-this = Forsøk { $attempt } på denne kohorten
prespecification-sentence-attempt-earlier-runs-runs = { $attempt } (tidligere kjøringer { $runs }): post hoc, se den gule boksen over.
prespecification-sentence-attempt-earlier-runs-runs-2 = { $attempt } (tidligere kjøringer { $runs }): planens analyse er uendret siden kjøring #{ $earlier_runs }, den første, så den ble låst før noe resultat var sett.
post-hoc-caution-post-hoc-parts-changed = POST HOC: { $parts } ble endret etter kjøring #{ $after } av denne modellen på denne kohorten (forsøk { $attempt }; tidligere kjøringer { $earlier_runs }). Planen ble ikke låst før dataene ble sett: les resultatet som utforskende, ikke som en forhåndsspesifisert validering.
plain-words = Med andre ord: av { $positives } kasus med tilstanden (etter referansestandarden) flagget modellen { $flagged_positives } ({ $sensitivity }); av { $negatives } kasus uten tilstanden lot den { $unflagged_negatives } være uflagget, som riktig er ({ $specificity }). Av de { $flagged } kasusene den flagget, hadde { $flagged_with_condition } tilstanden (PPV { $ppv }).
patients-with-key = De { $cases } kasusene kommer fra { $patients ->
        [one] { $patients } pasient
       *[other] { $patients } pasienter
    }; alle intervaller tar hensyn til at en pasient kan ha flere kasus (metoder på pasientnivå, se Metoder).
patients-repeat-without-key = De { $units } kasusene kommer fra bare { $patients ->
        [one] { $patients } pasient
       *[other] { $patients } pasienter
    } (PatientID gjentas), men planen angir ingen pasientnøkkel: intervallene behandler kasusene som uavhengige og er for smale. Med PatientID angitt som pasient i planen ville de tatt hensyn til det.
cohort-from-value-patients = fra { $value ->
        [one] { $value } pasient
       *[other] { $value } pasienter
    }
cohort-column-cohort-label-positive = kolonnen «{ $cohort_label }»: «{ $positive_label }» er positiv, «{ $negative_label }» negativ
accuracy-at-the-operating-threshold = Ved driftsterskelen { $threshold } (skår ≥ terskel er positiv), med tosidige { $pct_conf }-intervaller.
accuracy-patient-level-intervals-n = Intervaller på pasientnivå ({ $n } kasus fra { $patients ->
        [one] { $patients } pasient
       *[other] { $patients } pasienter
    }): Wilson og Clopper–Pearson ved den effektive utvalgsstørrelsen n/deff (Korn og Graubard 1998); designeffekt deff: sensitivitet { $deff_sensitivity }, spesifisitet { $deff_specificity }, PPV { $deff_ppv }, NPV { $deff_npv }, treffsikkerhet { $deff_accuracy }.
accuracy-bootstrap-provenance-bootstrap-replicates = Bootstrap: { $bootstrap_replicates ->
        [one] { $bootstrap_replicates } stratifisert replikat
       *[other] { $bootstrap_replicates } stratifiserte replikater
    }, frø { $seed }. Brier: lavere er bedre (0 er perfekt).
accuracy-patient-level-the-obuchowski = Pasientnivå: Obuchowski-kolonnen er AUC ± z·SE med Obuchowskis (1997) klyngevarians (om kasusene ble behandlet som uavhengige, ville DeLongs gi { $unclustered_delong }); bootstrap trekker pasienter med alle deres kasus, { $bootstrap_replicates ->
        [one] { $bootstrap_replicates } replikat
       *[other] { $bootstrap_replicates } replikater
    }, frø { $seed }. Brier: lavere er bedre (0 er perfekt).
local-prevalence-at-the-local-prevalence = Ved lokal prevalens på { $prevalence } (fra planen): PPV { $ppv }, NPV { $npv }. Per 1000 undersøkelser ville modellen flagge { $flagged } ({ $true_positives } sant og { $false_positives } falskt positive) og overse { $false_negatives }.
subgroups-each-group-is-compared = Hver gruppe sammenlignes med resten av kohorten. En gruppe med færre enn { $min_group_n } kasus, { $min_group_positives } positive eller { $min_group_negatives } negative merkes som utilstrekkelig og blir verken testet eller vurdert. «Signifikant dårligere» bruker Holm-korrigerte p-verdier over gruppene i en egenskap (korreksjon for multiple tester: Holm).
drift-not-assessed-no-value = Ikke vurdert: ingen verdi i datokolonnen «{ $column }» kan leses som en dato (ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD).
drift-equipment-no-dated-case-states = Ingen daterte kasus oppgir { $names }.
drift-equipment-the-month-each-value = Måneden hver verdi av { $names } først og sist forekommer blant de daterte kasusene. En verdi som først ses etter den første perioden ({ $first }), er ny underveis: en ny skanner, modell eller programvareversjon som kan endre modellens tall fra da av; sammenlign periodene før og etter ovenfor.
drift-new-equipment = { $attribute } = { $value } fra { $first_seen } ({ $cases } kasus)
claims-compatible-the-claim-lies = forenlig: påstanden ligger innenfor det lokale intervallet, som utelukker påstanden minus { $margin }
claims-not-testable-at-this = kan ikke testes med dette antallet: intervallet er videre enn påstanden minus { $margin } ({ $claimed_margin }), så det kan ikke skille påstanden fra en modell som er så mye dårligere
claims-compatible-a-two-sided = (forenlig: en tosidig test på dette nivået forkaster ikke påstanden, og intervallet slutter mindre enn { $margin } under den, så et avvik på { $margin2 } ville vist seg; kan ikke testes: intervallet inneholder også påstanden minus { $margin3 }). Påstandene rapporteres, men vurderes aldri: resultatet kommer bare fra akseptkriteriene.
methods-criteria-on-proportions-are = Kriterier for andeler vurderes på { $proportion_interval }-intervallet og kriterier for AUC på { $auc_interval }-intervallet, med mindre et kriterium angir et annet.
methods-precision-metric-name-metric = Presisjon: { $metric } bygger på { $n } kasus; ved grensen ville intervallet være ±{ $half_width_at_limit }.
methods-excluded-share = { $excluded } av { $rows ->
        [one] { $rows } rad eller fil
       *[other] { $rows } rader eller filer
    } ({ $share }) ble utelatt; hvis { $excluded ->
        [one] den skiller
       *[other] de skiller
    } seg fra de analyserte kasusene, kan tallene være skjeve.
methods-clustered-without-key = Klyngedata uten pasientnøkkel: { $units } kasus kommer fra { $patients ->
        [one] { $patients } pasient
       *[other] { $patients } pasienter
    }, og intervallene forutsetter uavhengige kasus, så de er for smale. Angi PatientID som pasient i planen og kjør på nytt.
methods-undated = { $undated } av { $cases } kasus har ingen lesbar dato og er utelatt fra analysen over tid.
methods-v-attribute-v-value = { $attribute } = { $value } fra { $first_seen }
methods-equipment-changed-during-the = Utstyret endret seg i løpet av kohorten ({ $new }): tallene samler kasus fra før og etter endringen.
sign-off-we-have-reviewed-this = Vi har gjennomgått denne valideringen av «{ $study_name }» (resultat { $acceptance_verdict }) og grunnlaget for den.
appendix-the-first-max-of = De første {"{"}MAX{"}"} av { $errs }; alle står i predictions.csv.
appendix-the-first-max-of-2 = De første { $max } av { $cohort_excluded }; alle står i report.json.

## importance

importance-what-the-model-relies = Hva modellen bygger på
importance-model-input = Modellinngang
importance-mean-drop-in-auc = Gjennomsnittlig fall i AUC
importance-every-input-the-largest = Alle inngangene, størst gjennomsnittlig fall først.
importance-review-cases-error = Feil
importance-review-cases-inputs-by-change-at = Innganger etter endring ved medianen
importance-review-cases-no-input-changes-the = ingen inngang endrer skåren
importance-review-cases-for-this-large-cohort = I denne store kohorten ble bare feilene forklart, de sikreste først; et kasus merket – lå utenfor dette budsjettet.
importance-permutation-importance-each-input = Permutasjonsviktighet: verdiene til hver inngang ble stokket om mellom de { $n } kasusene, { $permutations ->
        [one] { $permutations } gang
       *[other] { $permutations } ganger
    }, og kasusene skåret på nytt av den samme modellen. Fallet i ROC AUC viser hvor mye modellens evne til å skille i denne kohorten avhenger av inngangen. Det er et hjelpemiddel til tolkning, ikke bevis for årsakssammenheng: det sier hva modellen bruker, ikke hva som forårsaker tilstanden, og innganger som bærer den samme informasjonen, deler eller skjuler hverandres viktighet.
importance-computed-on-a-seeded = Beregnet på et tilfeldig utvalg med frø på { $n } av de { $cases } vurderte kasusene ({ $n_positive } positive), trukket innen hver klasse, for å begrense tiden det tar.
importance-pct-conf-range-over = { $pct_conf }-område over omstokkingene
importance-the-top-features-inputs = De { $top_features } inngangene av { $features } med størst gjennomsnittlig fall; alle står i report.json.
importance-which-auc-on-these = { $which } AUC i disse kasusene som skåret: { $auc }. Fall = denne AUC − AUC etter omstokking av inngangen; området er persentilområdet for de { $permutations } fallene. Grått: området når 0 eller lavere, så i denne kohorten avhenger modellens AUC ikke klart av den inngangen alene.
importance-review-cases-for-the-cases-listed = For kasusene i vedlegg A: de { $top_per_case } inngangene der det å sette verdien til kohortens median endrer skåren mest. Endringen er skåren med medianen − kasusets skår; en negativ endring betyr at kasusets egen verdi økte skåren.

## occlusion

occlusion-maps-explanations = Forklaringer
occlusion-maps-the-image-s-mean = bildets middelverdi
occlusion-maps-a-blurred-copy-of = en uskarp kopi av bildet
occlusion-maps-outcome = Utfall
occlusion-maps-file-in-explain = Fil i explain/
occlusion-maps-intro = Okklusjonskart for { $maps } kasus, i mappen explain/ ved siden av denne rapporten: en lapp på { $patch }×{ $patch } piksler flyttet i steg på { $stride } over modellens input og erstattet med { $baseline }; fargen viser hvor mye skåren faller der lappen dekker; explain/index.csv gir også hvert karts største fall. En serie eller studie vises med sitt første bilde. Okklusjonskart er et hjelpemiddel til tolkning, ikke bevis for modellens resonnement.
occlusion-maps-failed = Ikke alle okklusjonskart som ble bestilt, kunne lages; { $failures ->
        [one] kjøringens advarsel
       *[other] kjøringens { $failures } advarsler
    } (på engelsk): { $reasons }.

## vendor

vendor-package-not-given = ikke oppgitt
vendor-package-manifest = Manifest
vendor-package-ce-class-certificate = CE-klasse, sertifikat
vendor-package-taken-from-the-manifest = Hentet fra manifestet
vendor-package-the-plan-sets-these = Planen setter disse annerledes enn manifestet; planens verdi ble brukt:
vendor-package-key = Nøkkel
vendor-package-plan-used = Plan (brukt)
vendor-fidelity-fidelity-self-test = Kontroll av gjengivelse
vendor-fidelity-not-run-the-manifest = Ikke kjørt: manifestet har ingen testvektorer.
vendor-fidelity-the-model-file-s = Modellfilens SHA-256 er den manifestet oppgir.
vendor-fidelity-the-model-file-s-2 = Modellfilens SHA-256 avviker fra manifestets.
vendor-fidelity-the-manifest-gives-no = Manifestet oppgir ingen SHA-256 for modellfilen.
vendor-fidelity-test-vector = Testvektor
vendor-fidelity-through = Gjennom
vendor-fidelity-vendor-s-output = Leverandørens utdata
vendor-fidelity-local-output = Lokalt utdata
vendor-fidelity-reproduced = gjengitt
vendor-fidelity-not-reproduced = IKKE gjengitt
vendor-fidelity-a-dicom-vector-is = En DICOM-vektor dekodes og forbehandles nøyaktig som kohortens bilder; en .npy-tensor mates rett inn i modellen (den tester modellen og kjøremiljøet, ikke kjeden).
vendor-representativeness-intended-use-and-representativeness = Tiltenkt bruk og representativitet
vendor-representativeness-the-vendor-names = Leverandøren oppgir
vendor-representativeness-cases-known = Kasus kjent
vendor-representativeness-outside = Utenfor
vendor-representativeness-values-outside-cases = Verdier utenfor (kasus)
vendor-representativeness-age = alder
vendor-representativeness-the-manifest-names-no = Manifestet oppgir ingen aldersgrense, modalitet, kroppsdel, projeksjon eller produsent å sammenligne kohorten med.
vendor-representativeness-cases-outside-what-the = Kasus utenfor det leverandøren oppgir, analyseres sammen med resten: en høy andel betyr at leverandørens dokumentasjon kanskje ikke gjelder for denne populasjonen.
vendor-representativeness-sex = Kjønn
vendor-representativeness-here = Her
vendor-representativeness-vendor-s-population = Leverandørens populasjon
vendor-fidelity-result = Før noe kasus ble skåret, gikk leverandørens testvektorer gjennom den samme kjeden som kohorten: { $passed } av { $total } utdata ble gjengitt innenfor toleransen. { $gives_no }
vendor-representativeness-age-lo-hi-years = alder { $lo }–{ $hi } år
vendor-representativeness-modality-modalities-join = modalitet: { $modalities }
vendor-representativeness-body-part-body-parts = kroppsdel: { $body_parts }
vendor-representativeness-view-views-join = projeksjon: { $views }
vendor-representativeness-manufacturers-manufacturers-join = produsenter: { $manufacturers }

## exclusion reasons

exclusion-missing-id = mangler id
exclusion-missing-label = mangler fasit
exclusion-unknown-label = fasiten er ingen av klassene
exclusion-bad-feature = modellinndata er ikke et tall
exclusion-no-score = mangler leverandørskår
exclusion-bad-score = skåren er ikke et endelig tall
exclusion-not-dicom = ikke DICOM
exclusion-unreadable = uleselig DICOM
exclusion-no-pixel-data = ingen bildedata
exclusion-unsupported-syntax = overføringssyntaks støttes ikke
exclusion-decode-error = bildedata kunne ikke dekodes
exclusion-no-label = mangler fasit
exclusion-filtered = utelatt av include-filteret
exclusion-conflicting-labels = motstridende fasit i én enhet
exclusion-missing-file = oppført i DICOMDIR, men mangler
exclusion-inference-failed = modellen feilet på den
exclusion-timeout = modellen brukte mer enn tidsgrensen
exclusion-unscorable = kan ikke skåres av modellen (inndatastørrelse eller -form)
exclusion-special-file = ikke en vanlig fil
exclusion-too-large = bildet er over størrelsesgrensene
exclusion-bad-header = ubrukelig verdi i DICOM-hodet

## STARD 2015 checklist (report/stard.rs)

stard-item-1 = Identifisert som en studie av diagnostisk nøyaktighet med minst ett mål på nøyaktighet
stard-item-2 = Strukturert sammendrag av design, metoder, resultater og konklusjoner
stard-item-3 = Vitenskapelig og klinisk bakgrunn, med tiltenkt bruk og klinisk rolle for indekstesten
stard-item-4 = Studiens mål og hypoteser
stard-item-5 = Om datainnsamlingen ble planlagt før indekstest og referansestandard ble utført (prospektiv) eller etter (retrospektiv)
stard-item-6 = Inklusjonskriterier
stard-item-7 = Hvordan mulige deltakere ble identifisert
stard-item-8 = Hvor og når mulige deltakere ble identifisert (sted og tidsrom)
stard-item-9 = Om deltakerne var en fortløpende, tilfeldig eller bekvemmelighetsserie
stard-item-10a = Indekstesten, detaljert nok til å kunne gjentas
stard-item-10b = Referansestandarden, detaljert nok til å kunne gjentas
stard-item-11 = Begrunnelse for valg av referansestandard (hvis det finnes alternativer)
stard-item-12a = Definisjon av og begrunnelse for indekstestens terskler, med skille mellom forhåndsbestemte og utforskende
stard-item-12b = Definisjon av og begrunnelse for referansestandardens terskler
stard-item-13a = Om klinisk informasjon og resultater fra referansestandarden var tilgjengelige for dem som utførte eller tolket indekstesten
stard-item-13b = Om klinisk informasjon og indekstestens resultater var tilgjengelige for dem som vurderte referansestandarden
stard-item-14 = Metoder for å estimere eller sammenligne mål på diagnostisk nøyaktighet
stard-item-15 = Hvordan uavklarte resultater av indekstest eller referansestandard ble håndtert
stard-item-16 = Hvordan manglende data for indekstest og referansestandard ble håndtert
stard-item-17 = Analyser av variasjon i diagnostisk nøyaktighet, med skille mellom forhåndsbestemte og utforskende
stard-item-18 = Planlagt utvalgsstørrelse og hvordan den ble bestemt
stard-item-19 = Flyt av deltakere, med diagram
stard-item-20 = Demografiske og kliniske kjennetegn ved deltakerne
stard-item-21a = Fordeling av sykdommens alvorlighet blant dem med tilstanden
stard-item-21b = Fordeling av andre diagnoser blant dem uten tilstanden
stard-item-22 = Tid og eventuelle kliniske tiltak mellom indekstest og referansestandard
stard-item-23 = Krysstabell av indekstestens resultater mot referansestandardens
stard-item-24 = Estimater av diagnostisk nøyaktighet med presisjon (som 95 %-konfidensintervaller)
stard-item-25 = Uønskede hendelser ved indekstest eller referansestandard
stard-item-26 = Studiens begrensninger, med mulige skjevheter, statistisk usikkerhet og overførbarhet
stard-item-27 = Betydning for praksis, med tiltenkt bruk og klinisk rolle for indekstesten
stard-item-28 = Registreringsnummer og navn på register
stard-item-29 = Hvor hele studieprotokollen finnes
stard-item-30 = Finansiering og annen støtte; finansiørenes rolle
stard-user-for-the-user = for brukeren
stard-user-for-the-user-a = for brukeren (en modell leser bare sine inndata; oppgi hva de som satte fasiten visste)
stard-user-not-applicable-to-a = ikke relevant for en retrospektiv modellvalidering; ellers for brukeren
stard-user-for-the-user-section = for brukeren (avsnitt 1 gir resultatet mot tiltenkt bruk)
stard-title-page = forsiden
stard-summary = Sammendrag
stard-cohort-and-flow = Kohort og flyt
stard-for-the-user-name = for brukeren: angi egenskaper som kjønn og alder som undergrupper i planen
stard-diagnostic-accuracy = Diagnostisk nøyaktighet
stard-for-the-user-the = for brukeren: planen nevner ingen undergrupper
stard-subgroups = Undergrupper
stard-methods-conventions-and-limitations = Metoder, konvensjoner og begrensninger
stard-drift-over-time = Endring over tid
stard-the-plan-is-the = planen er protokollen: SHA-256 står under Hva som ble validert; report.json inneholder den i sin helhet
stard-model-identity-name-version = Modellens identitet: navn, versjon, filens hash, kjøremiljø
stard-data-preprocessing-from-raw = Forbehandling fra rådata til modellens inndata
stard-the-plan-s-preprocess = planens forbehandling, i report.json (plan)
stard-the-plan-s-features = planens variabler, i report.json (plan)
stard-de-identification-of-the = Avidentifisering av dataene
stard-cases-by-pseudonymous-id = kasus bare med pseudonym id; ingen pasientnavn, -id, fødselsdato eller aksesjonsnummer i noen utdata
stard-missing-and-unusable-data = Manglende og ubrukelige data
stard-discrimination-and-calibration-with = Diskriminering og kalibrering med usikkerhet
stard-calibration = Kalibrering
stard-performance-across-subgroups-fairness = Ytelse på tvers av undergrupper (rettferdighet)
stard-for-the-user-the-2 = for brukeren: planen nevner ingen undergrupper
stard-performance-over-time-and = Ytelse over tid og etter utstyrsendringer
stard-for-the-user-the-3 = for brukeren: kasusene har ingen dato (en datokolonne, eller StudyDate i DICOM)
stard-failure-analysis-of-misclassified = Feilanalyse av feilklassifiserte kasus
stard-appendix-a-cases-to = Vedlegg A (kasus til gjennomgang i programmets kasusvisning)
stard-intended-use-and-the = Tiltenkt bruk og populasjonen det er validert på

## Segmentering (sak 16): crates/engine/src/report/content/segmentation.rs
seg-figure-dice = Dice
seg-figure-iou = IoU (Jaccard)
seg-figure-hd = Hausdorff (mm)
seg-figure-hd95 = HD95 (mm)
seg-figure-assd = ASSD (mm)
seg-figure-nsd = NSD ved { $tolerance } mm
seg-figure-volume-difference = Volumforskjell (mL)
seg-cohort = { $cases } kasus ({ $unit }) vurdert fra { $files ->
        [one] { $files } fil
       *[other] { $files } filer
    } i DICOM-mappen { $path }, { $structures ->
        [one] { $structures } struktur
       *[other] { $structures } strukturer
    } sammenlignet med referanseinntegningene; { $excluded } ekskludert med begrunnelse.
seg-criterion-figure = { $statistic ->
        [median] median
       *[other] gjennomsnittlig
    } { $figure } for { $structure }
seg-criterion-share = andelen { $structure }-kasus med { $figure } { $sign } { $tolerance }
seg-identity-binarisation = Binarisering
seg-binarise-threshold = sannsynlighet ≥ { $threshold } er innenfor strukturen
seg-binarise-argmax = hver voksel går til strukturen med høyest kanal (argmax)
seg-truth = referanseinntegninger av { $structures } (navn slik de står i fasitfilene i parentes), { $rule }
seg-rasterisation-short = rastrert på bildenettet (pikselsentre innenfor konturen)
seg-flow-structures = { $n ->
        [one] { $n } struktur hver
       *[other] { $n } strukturer hver
    }
seg-flow-truth-present = I referansen
seg-flow-truth-empty = Ikke i referansen
seg-flow-pairs = { $n } kasus × { $n ->
        [one] struktur
       *[other] strukturer
    }
seg-found = funnet
seg-missed = oversett
seg-false-alarm = falsk alarm
seg-both-empty = begge tomme
seg-flow-caption = Figur 1. Flyt av kasus (STARD 2015 punkt 19). Under de analyserte kasusene telles hvert kasus én gang per struktur: strukturen finnes i referanseinntegningene (funnet eller oversett av produktet) eller ikke (falsk alarm eller begge tomme).
seg-structure = Struktur
seg-no-criterion = Ingen akseptkriterier vurderer denne strukturen: tallene nedenfor rapporteres, men vurderes ikke.
seg-page1-both-empty = I { $n } kasus har verken referansen eller produktet strukturen; { $rule ->
        [left_out] disse kasusene holdes utenfor gjennomsnitt og median og telles for seg.
       *[other] disse kasusene inngår i gjennomsnittene med Dice 1 og avstand 0, og telles for seg.
    }
seg-page1-missed = Produktet oversåg strukturen i { $n } av { $cases } kasus (finnes i referansen, mangler i prediksjonen); disse inngår i hvert gjennomsnitt med Dice 0 og bildediagonalen som avstand.
seg-page1-false-alarm = Produktet tegnet strukturen i { $n } av { $cases } kasus der referansen ikke har den (falske alarmer); disse inngår i hvert gjennomsnitt med Dice 0 og bildediagonalen som avstand.
seg-section-accuracy = Segmenteringsnøyaktighet
seg-accuracy-intro = Hver struktur i hvert kasus ({ $unit ->
        [series] en serie, mål i 3D
       *[other] et bilde, mål i 2D
    }) sammenlignes med referanseinntegningene. Gjennomsnitt og median har tosidige { $pct_conf } persentil-bootstrapintervaller som trekker pasienter på nytt; andelene innenfor en toleranse og deteksjonsmålene har intervaller som tar hensyn til flere kasus per pasient. Avstander i millimeter, volumer i milliliter.
seg-structure-counts = { $cases } kasus fra { $patients ->
        [one] { $patients } pasient
       *[other] { $patients } pasienter
    }; strukturen finnes i referansen i { $present }. Begge tomme: { $both_empty }; oversett: { $missed }; falske alarmer: { $false_alarm }.
seg-figure = Mål
seg-mean-ci = gjennomsnitt [KI]
seg-median-ci = median [KI]
seg-range = spenn
seg-both-empty-in = De { $n } kasusene der begge er tomme, teller med Dice, IoU og NSD 1 og avstand 0.
seg-both-empty-out = De { $n } kasusene der begge er tomme, holdes utenfor alle mål (n teller kasusene som har målet).
seg-figures-note = n: kasus med målet. Intervaller: persentil-bootstrap over pasienter, { $replicates ->
        [one] { $replicates } replikat
       *[other] { $replicates } replikater
    }, frø { $seed }.
seg-worst-in-means = { $n ->
        [0] Ingen kasus var oversett eller falsk alarm.
        [one] Det ene oversette kasuset eller falske alarmen inngår med Dice 0 og bildediagonalen som hver avstand.
       *[other] De { $n } oversette kasusene og falske alarmene inngår med Dice 0 og bildediagonalen som hver avstand.
    }
seg-tolerance = Toleranse
seg-share-within = Andel innenfor
seg-share-note = Kasus der målet oppfyller toleransen (planens toleranser og kriterier); en oversett struktur eller falsk alarm gjør det aldri. Intervallet tar hensyn til flere kasus per pasient (ratioestimator, effektiv utvalgsstørrelse).
seg-truth-present = Struktur i referansen
seg-truth-empty = Ikke i referansen
seg-prediction-present = Tegnet av produktet
seg-prediction-empty = Ikke tegnet
seg-detection-note = Deteksjon: om produktet i det hele tatt tegner strukturen der referansen har den. Sensitivitet = funnet / struktur i referansen; spesifisitet = begge tomme / ikke i referansen; { $interval }-intervaller som tar hensyn til flere kasus per pasient.
seg-strip-case = et kasus
seg-strip-worst = oversett eller falsk alarm (med sin dårligste verdi, tegnet i kanten)
seg-strip-mean = gjennomsnitt
seg-strip-median = median
seg-strip-caption = Figur { $figure }. { $structure }: Dice og HD95 for hvert kasus, med gjennomsnitt og median. Punktene er spredt loddrett bare for å kunne skilles.
seg-subgroups-intro = Dice og HD95 per gruppe for hver undergruppeattributt. Grupper med færre enn { $min_group_n } kasus vises i grått og vurderes ikke.
seg-patients = Pasienter
seg-subgroups-note = Grå rader: for få kasus til å vurdere gruppen; tallene vises bare for fullstendighetens skyld.
seg-section-worst = Dårligste kasus
seg-worst-intro = For hver struktur, kasusene der produktet og referansen er mest uenige (lavest Dice, deretter høyest HD95), på snittet der de er mest uenige, vindusatt slik planens forbehandling vindusetter bildet. Gå gjennom dem i programmets bildevisning før signering.
seg-no-tiles = Ingen bildeflis ble tatt vare på for denne strukturen.
seg-tile-truth = Referansekontur (fasit)
seg-tile-prediction = Produktets kontur (prediksjon)
seg-tiles-caption = Figur { $figure }. { $structure }: { $n ->
        [one] det dårligste kasuset
       *[other] de { $n } dårligste kasusene
    }, dårligst først, med referansekonturen og produktets kontur tegnet som kantene av maskene.
seg-slice = snitt
seg-method-binarise = Masker: { $rule }; referanseinntegningene og produktets resultat sammenlignes på samme bildenett.
seg-method-rasterisation = RTSTRUCT-konturer rastreres på det refererte bildet: en piksel hører til strukturen når sentrum ligger innenfor polygonet (partall–oddetall-regelen, så hull og nøstede konturer beholdes; et pikselsentrum på linjen regnes som innenfor); en kontur som ikke inneholder noe pikselsentrum, gir et tomt snitt, og telles. DICOM SEG-rammer knyttes til kildebildene gjennom de rammevise funksjonsgruppene.
seg-method-overlap = Dice = 2|T ∩ P| / (|T| + |P|) og IoU = |T ∩ P| / |T ∪ P| over vokslene i fasiten T og prediksjonen P.
seg-method-surface = Overflater er kantvokslene i hver maske (voksler med en flatenabo utenfor masken eller utenfor bildet), som MONAIs get_mask_edges; avstander måles mellom vokselsentre i millimeter fra bildets vokselstørrelse, med en eksakt euklidsk avstandstransform.
seg-method-hd95 = Hausdorff-avstand: den største avstanden fra en kantvoksel i den ene masken til den andres overflate. HD95: 95-persentilen (lineær interpolasjon) av hvert rettede avstandssett, deretter den største av de to, som MONAIs compute_hausdorff_distance(percentile = 95). ASSD: gjennomsnittet av begge rettede sett slått sammen, som MONAIs compute_average_surface_distance(symmetric = True).
seg-method-nsd = Normalisert overflate-Dice (NSD) ved { $tolerance } mm: andelen kantvoksler i begge masker som ligger innenfor toleransen fra den andre overflaten, som MONAIs compute_surface_dice (Nikolov mfl. 2021).
seg-method-both-empty-reported = Begge masker tomme: Dice, IoU og NSD er 1 og hver avstand 0; disse kasusene inngår i gjennomsnittene og telles for seg.
seg-method-both-empty-left-out = Begge masker tomme: kasuset holdes utenfor hvert måls gjennomsnitt og median (null i report.json) og telles for seg.
seg-method-worst = En oversett struktur (finnes i referansen, prediksjonen tom) eller en falsk alarm (omvendt): Dice, IoU og NSD er 0 og hver avstand er bildets fysiske diagonal, lengre enn noen avstand i bildet, så en bom alltid skårer dårligere enn et treff; et slikt kasus holdes aldri utenfor et gjennomsnitt (MONAI gir NaN her, og et gjennomsnitt som dropper NaN blir bedre jo mindre produktet finner).
seg-method-volume = Volumer fra antall voksler og vokselstørrelsen, i milliliter; volumforskjell = prediksjon − referanse.
seg-method-bootstrap = Gjennomsnitt og median: tosidige { $confidence } % persentil-bootstrapintervaller (Efron 1979, Ann. Statist. 7:1–26) som trekker pasienter med tilbakelegging, hver med alle sine kasus, { $replicates ->
        [one] { $replicates } replikat
       *[other] { $replicates } replikater
    }, frø { $seed }; replikat r trekker fra sin egen tilfeldige strøm, så tallene avhenger ikke av antall tråder.
seg-method-shares = Andeler innenfor en toleranse, sensitivitet og spesifisitet for deteksjon: ratioestimatoren over pasienter med robust varians og { $interval }-intervallet ved effektiv utvalgsstørrelse (med ett kasus per pasient, det vanlige intervallet).
seg-method-subgroups = Undergrupper: hver gruppes mål som over; grupper under { $min_n } kasus vises, men vurderes ikke.
seg-method-sources = Overlapps- og overflatekonvensjonene er MONAIs (Cardoso mfl. 2022, arXiv:2211.02701), og hvert mål er testet mot MONAI og medpy på ekte CT-inntegninger; hvert tall i rapporten er lest fra den samme evalueringen som report.json.
seg-method-no-patient-key = Planen angir ingen pasientnøkkel: hvert kasus regnes som sin egen pasient i alle intervaller.
seg-limitation-reference = Referanseinntegningene er én inntegning; en annen klinikers konturer ville også avvike, så en del av enhver uenighet skyldes referansens egen variasjon.
seg-appendix-intro = Per struktur, kasusene som bør gjennomgås: oversette strukturer og falske alarmer først, deretter lavest Dice. Kasus der begge er tomme, listes ikke.
seg-presence = Funnet?
seg-appendix-first = De første { $max } av { $n } kasus; report.json har alle kasus.
seg-appendix-json = Alle kasus for alle strukturer, med alle mål, står i report.json (segmentation.structures.<navn>.cases).

## multi-finding (multi-label and multi-class)
mf-section-findings = Treffsikkerhet per funn
mf-intro = { $n ->
        [one] Produktet gir { $n } funn en skår per enhet.
       *[other] Produktet gir { $n } funn hver sin skår per enhet.
    } Hvert funn analyseres som en binær studie med egen fasit, skår og terskel, med alle tallene for en binær klassifikator i report.json; { $pct_conf } intervaller.
mf-finding = Funn
mf-positives = Pos. / n
mf-auc-ci = AUC [KI]
mf-sensitivity-ci = Sensitivitet [KI]
mf-specificity-ci = Spesifisitet [KI]
mf-verdicts = Kriterier
mf-insufficient = for få
mf-table-note = Sensitivitet og spesifisitet ved funnets terskel (etter navnet; skår ≥ terskel er positiv). Et funn med færre enn { $min } positive, eller ingen negative, er merket for få (grått): rapportert, aldri bedømt.
mf-forest-panel = AUC per funn
mf-forest-caption = Figur 2. AUC for hvert funn med intervall; den stiplede linjen er makro-AUC. Hule markører: funn med for få positive til å bedømmes.
mf-macro-micro = Makro-AUC (gjennomsnittet av funnenes AUC) { $macro_auc }; mikro-AUC (én AUC over alle enheter × funn) { $micro_auc }; persentilintervaller fra pasient-bootstrap, { $replicates ->
        [one] { $replicates } replikat
       *[other] { $replicates } replikater
    }.
mf-holm-note = Kriteriene per funn ble bedømt med Holms trinnvise metode på tvers av funn: med m kriterier igjen bedømmes hvert på intervallet med konfidens 1 − (1 − c)/m; de som består går ut, og resten bedømmes på nytt. Hvert kriteriums forklaring oppgir trinn og nivå.
mf-multiclass = Klasser
mf-predicted-argmax = Predikert klasse er klassen med høyest skår; ved likhet velges klassen som står først i planen.
mf-predicted-column = Predikert klasse er leverandørens egen, kolonne «{ $column }».
mf-truth-predicted = Fasit \ predikert
mf-total = Sum
mf-confusion-note = Rader: sann klasse; kolonner: predikert klasse; i planens rekkefølge.
mf-class = Klasse
mf-per-class-note = Per klasse, én mot resten ut fra predikert klasse: sensitivitet (enhetene predikert som klassen) og spesifisitet (de andre enhetene predikert som en annen klasse), Wilson-intervaller klynget på pasient (ratioestimator, Korn & Graubard 1998), som i en binær studie.
mf-agreement = Hand & Tills AUC for flere klasser { $hand_till }; Cohens kappa { $kappa } (persentilintervaller fra pasient-bootstrap).
mf-weighted-kappa = Klassene er ordnet: kvadratisk vektet kappa { $weighted }.
mf-page1-insufficient = For få til å bedømmes: { $positives } positive og { $negatives } negative (minst { $min } positive og én negativ trengs). Rapportert, ikke bedømt.
mf-no-criterion = Ingen akseptansekriterier bedømmer dette funnet alene: tallene rapporteres, men bedømmes ikke.
mf-cohort = { $units ->
        [one] { $units } enhet
       *[other] { $units } enheter
    } evaluert fra { $rows ->
        [one] { $rows } rad
       *[other] { $rows } rader
    } i { $path }, hver med skår for { $findings } funn; { $excluded } utelatt (listet nedenfor).
mf-identity-findings = Funn
mf-units = enheter
mf-flow-findings = { $n ->
        [one] { $n } funn hver
       *[other] { $n } funn hver
    }
mf-flow-by-class = Etter sann klasse
mf-flow-predicted = Predikert klasse
mf-flow-correct = { $n } sann klasse
mf-flow-wrong = { $n } en annen klasse
mf-flow-any = { $n ->
        [one] { $n } enhet med funn
       *[other] { $n } enheter med funn
    }
mf-flow-none = { $n ->
        [one] { $n } enhet uten funn
       *[other] { $n } enheter uten funn
    }
mf-flow-caption = Figur 1. Flyt av enheter (STARD 2015 punkt 19). Under de analyserte enhetene: de med minst ett funn (og de positive for hvert funn; en enhet kan telle for flere) eller ingen; for klasser, enheter etter sann klasse og om predikert klasse er den sanne.
mf-truth-multiclass = Klassen i kolonne «{ $column }», en av { $classes }
mf-truth-multilabel = Per funn, egen kolonne: { $columns }
mf-conv-per-finding = Hvert funn analyseres som en binær studie med egen fasit og skår; et funn med færre enn { $min } positive, eller ingen negative, rapporteres men bedømmes ikke (kriteriene blir UAVKLART).
mf-conv-activation = Skårer: aktivering «{ $activation }» brukt på utdataene før alle tall (sigmoid per funn, softmax over klassene).
mf-conv-macro-micro = Makro-AUC er gjennomsnittet av funnenes AUC; mikro-AUC er én AUC over alle enheter × funn (som scikit-learns roc_auc_score); begge med persentilintervaller fra pasient-bootstrap.
mf-conv-holm = Kriterier per funn som bedømmes på et intervall, bedømmes med Holms trinnvise metode: med m igjen, ved konfidens 1 − (1 − c)/m (c er planens); de som består går ut, resten bedømmes på nytt; består ingen, beholder resten dommen fra det trinnet.
mf-conv-holm-not-needed = Høyst ett kriterium per funn bedømmes på et intervall, så ingen korreksjon for multiple tester trengs.
mf-limit-insufficient = For få positive til å bedømmes: { $findings } (færre enn { $min }). Tallene rapporteres med brede intervaller, og ingen kriterier på dem kan bestå.
mf-criterion-subject = { $metric } for { $finding }
mf-criterion-holm = Holms trinnvise metode på tvers av funn: bedømt på et bredere intervall, se forklaringen i avsnittet om funn
mf-criterion-insufficient = for få positive (eller ingen negative) for dette funnet til å bedømme det
mf-macro-left-out = Funn uten både en positiv og en negativ enhet har ingen AUC og er holdt utenfor makrogjennomsnittet: { $findings }. Bootstrap-replikater holdt utenfor intervallene fordi et tall var udefinert i dem: makro { $skipped_macro }, mikro { $skipped_micro }.
mf-multiclass-skipped = Bootstrap-replikater holdt utenfor intervallene fordi tallet var udefinert i dem (en klasse manglet i replikatet): Hand & Till { $hand_till }, kappa { $kappa }, vektet kappa { $weighted }.
## Deteksjon (task = "detection")
det-hit-radius = Treffkriterium: en markering treffer en lesjon når markeringens sentrum ligger innenfor lesjonens radius fra lesjonens sentrum (avstand ≤ radius, LUNA16).
det-hit-distance = Treffkriterium: en markering treffer en lesjon når sentrene ligger høyst { $mm } mm fra hverandre.
det-hit-iou = Treffkriterium: en markering treffer en lesjon når boksene overlapper med snitt over union på minst { $iou }.
det-ties = Likhet: én markering teller for høyst én lesjon, og hver lesjon treffes høyst én gang. Markeringene tas fra høyeste skår og ned (lik skår: den tidligere raden først); hver tar den nærmeste lesjonen i enheten som den treffer og som ingen høyere markering har tatt (lik avstand: den tidligere lesjonsraden). En videre markering på en lesjon som alt er tatt, er en ekstra markering: verken sann eller falsk positiv, telt for seg.
det-fp = Falske positive: en markering som ikke treffer noen lesjon er falsk positiv, på alle enheter, også enheter uten lesjon. Falsk-positiv-raten er falskt positive markeringer per enhet, over alle enhetene i kohorten.
det-unit-score-max = Enhetsnivå: en enhets skår er dens høyeste markeringsskår (0 for en enhet uten markeringer); en enhet er positiv (fasit) når den har minst én lesjon. Alle binære tall i denne rapporten gjelder dette enhetsnivået.
det-unit-score-column = Enhetsnivå: en enhets skår er modellens egen enhetsskår i kohortkolonnen «{ $column }»; en enhet er positiv (fasit) når den har minst én lesjon. Alle binære tall i denne rapporten gjelder dette enhetsnivået.
det-wrong-place = Riktig enhet, feil sted: en enhet med minst én lesjon som kalles positiv (enhetsskår ≥ { $threshold }) mens ingen av markeringene med skår ≥ { $threshold } treffer en av lesjonene.
det-intervals = FROC-intervaller: sensitiviteten ved hver falsk-positiv-rate (lest av FROC-kurven ved lineær interpolasjon, som MONAI) og CPM (gjennomsnittet) har persentil-bootstrapintervaller over pasienter; lesjonssensitivitet etter størrelse og type er klynget per pasient (ratioestimator, Wilson-intervall ved effektiv størrelse).
det-section = Deteksjon på lesjonsnivå
det-counts = { $units ->
        [one] { $units } enhet
       *[other] { $units } enheter
    } ({ $with_lesions } med minst én lesjon) fra { $patients ->
        [one] { $patients } pasient
       *[other] { $patients } pasienter
    }; { $lesions ->
        [one] { $lesions } lesjon
       *[other] { $lesions } lesjoner
    }, hvorav { $hit } treffes av en markering ved en eller annen skår og { $missed } bommes på ved alle terskler.
det-froc-x = Falskt positive markeringer per enhet
det-froc-y = Lesjonssensitivitet
det-froc-curve = FROC-kurve
det-froc-at = Ved hver rapportert rate, med { $pct_conf }-intervall
det-froc-caption = FROC-kurve: lesjonssensitivitet mot falskt positive markeringer per enhet (logaritmisk skala, 1/8 til 8), med alle enhetene i kohorten i nevneren. Stolper: { $pct_conf } persentil-bootstrapintervaller over pasienter ({ $replicates ->
        [one] { $replicates } replikat
       *[other] { $replicates } replikater
    }).
det-fp-per-unit = FP-markeringer per enhet
det-sensitivity-ci = Sensitivitet [{ $pct_conf }-intervall]
det-cpm = CPM (gjennomsnitt over ratene)
det-table-note = Sensitiviteten er lest av FROC-kurven ved hver rate; CPM er gjennomsnittet. Persentil-bootstrap over pasienter, { $replicates ->
        [one] { $replicates } replikat
       *[other] { $replicates } replikater
    }, frø { $seed }.
det-by-size = Lesjoner etter størrelse
det-by-type = Lesjoner etter type
det-stratum = Stratum
det-lesions = Lesjoner
det-hit = Truffet
det-strata-note = En lesjon regnes som truffet når en markering treffer den ved en eller annen skår. Intervallene er klynget per pasient (ratioestimator).
det-marks = Markeringer
det-marks-what = Markeringer
det-marks-total = Alle markeringer som er lest
det-marks-tp = Sann positiv (lesjonens telte markering)
det-marks-fp = Falsk positiv (treffer ingen lesjon)
det-marks-fp-free = herav på enheter uten lesjon
det-marks-extra = Ekstra (en videre markering på en lesjon som alt er truffet)
det-marks-unknown = For en enhet som ikke er i kohorten (ikke telt andre steder)
det-marks-note = Hver markering som er lest, er enten sann positiv, falsk positiv, ekstra eller for en ukjent enhet.
det-wrong-place-title = Riktig enhet, feil sted
det-wrong-place-count = { $n ->
    [one] Én enhet kalles
   *[other] { $n } enheter kalles
} positiv (enhetsskår ≥ { $threshold }) mens ingen av markeringene med skår ≥ { $threshold } treffer noen av lesjonene: tallene på enhetsnivå teller den som sann positiv, tallene på lesjonsnivå som en bom og en falsk positiv.
det-more = og { $n } til (report.json lister alle)
det-worst = Lesjoner som ble bommet på, og treffene med lavest skår
det-unit = Enhet
det-centre = Sentrum (x, y, z)
det-size = Størrelse (mm)
det-type = Type
det-score = Markeringens skår
det-missed = bommet
det-worst-note = Lesjonene som ble bommet på først, deretter treffene fra laveste skår og opp; report.json lister dem med de samme feltene.
det-page1-missed = { $n } av { $total ->
        [one] { $total } lesjon
       *[other] { $total } lesjoner
    } bommes på ved alle terskler (ingen markering treffer dem ved noen skår).
det-page1-wrong-place = { $n ->
    [one] Én enhet som kalles positiv (enhetsskår ≥ { $threshold }), har ingen markering på noen av lesjonene sine
   *[other] { $n } enheter som kalles positive (enhetsskår ≥ { $threshold }), har ingen markering på noen av lesjonene sine
} (riktig enhet, feil sted); tallene på enhetsnivå teller { $n ->
    [one] den
   *[other] dem
} som riktige.
det-page1-fp-free = { $n ->
    [one] Én falskt positiv markering faller
   *[other] { $n } falskt positive markeringer faller
} på { $units ->
        [one] den ene enheten
       *[other] de { $units } enhetene
    } uten lesjon.
det-page1-extra = { $n ->
    [one] Én videre markering faller på en lesjon som en annen markering alt har truffet; den er
   *[other] { $n } videre markeringer faller på lesjoner som en annen markering alt har truffet; de er
} verken sann eller falsk positiv.
det-page1-unknown = { $n ->
    [one] Én markering nevner en enhet som ikke er i kohorten; den telles
   *[other] { $n } markeringer nevner en enhet som ikke er i kohorten; de telles
} ikke andre steder.
det-truth = Lesjonene i { $path } ({ $lesions ->
        [one] { $lesions } lesjon
       *[other] { $lesions } lesjoner
    } på { $units ->
        [one] { $units } enhet
       *[other] { $units } enheter
    }); en enhet er positiv når den har minst én lesjon.
det-criterion-at = { $metric } ved { $rate } FP per enhet
det-criterion-unit-level = { $metric } på enhetsnivå
det-sources = Hvor markeringer og lesjoner kom fra
det-sources-what = Hva som ble lest, og hva som ble utelatt
det-sources-note = Ingenting forsvinner i stillhet: hver fil, komponent, funn og utdatarad som er utelatt, er talt her.
det-src-from-seg = DICOM SEG-objekter (hver sammenhengende komponent av et segment er én lesjon)
det-src-from-sr = SR-målerapporter (TID 1500)
det-src-truth-files = Fasitlesjonene er lest fra { $from }: { $n ->
    [one] én fil
   *[other] { $n } filer
} lest, hvorav { $unmatched } ikke viser til noen enhet i kohorten eller ikke kan leses, og er utelatt.
det-src-mark-files = Produktets markeringer er lest fra SR-målerapportene (TID 1500): { $n ->
    [one] én fil
   *[other] { $n } filer
} lest, hvorav { $unmatched } ikke viser til noen enhet i kohorten eller ikke kan leses, og er utelatt.
det-src-marks-model = Markeringene er funnet av planens ONNX-modell på hver enhets bilder i denne kjøringen.
det-src-specks = { $n ->
    [one] Én SEG-komponent er
   *[other] { $n } SEG-komponenter er
} mindre enn { $min ->
        [one] { $min } voksel
       *[other] { $min } voksler
    }, planens minimum: støvkorn, ikke lesjoner, utelatt.
det-src-empty-segments = { $n ->
    [one] Ett SEG-segment har
   *[other] { $n } SEG-segmenter har
} ingen voksler i det hele tatt.
det-src-truth-no-position = { $n ->
    [one] Ett fasitfunn har
   *[other] { $n } fasitfunn har
} ingen brukbar posisjon (ingen bildekoordinater, eller et bilde som ikke er i kohorten) og er utelatt.
det-src-marks-no-position = { $n ->
    [one] Én markering har
   *[other] { $n } markeringer har
} ingen brukbar posisjon (ingen bildekoordinater, eller et bilde som ikke er i kohorten) og er utelatt.
det-src-marks-no-score = { $n ->
    [one] Én markering har
   *[other] { $n } markeringer har
} ingen skår, kan derfor ikke rangeres og er utelatt.
det-src-padding = { $n ->
    [one] Én utdatarad fra modellen har
   *[other] { $n } utdatarader fra modellen har
} skår under planens minste skår ({ $min }): utfylling, ikke markeringer.
det-tiles = De verste bommene og falske markeringene på bildene sine
det-tiles-csv = Ingen bildeflis: markeringene og lesjonene i denne studien er koordinater i CSV-filer, uten bilder å tegne dem på.
det-tiles-intro = De største lesjonene som ble bommet på og de falske markeringene med høyest skår, hver på bildet nærmest sentrum, vinduert slik planens forbehandling vinduerer bildet og beskåret rundt funnet. Alle fasitlesjoner og markeringer på det bildet er tegnet. Se gjennom dem i appens visning før du signerer.
det-tiles-no-miss = Hver lesjon er truffet av en markering: det er ingen bom å vise.
det-tiles-no-false = Hver markering treffer en lesjon: det er ingen falsk markering å vise.
det-tiles-unreadable = Ingen av disse kunne tegnes: bildene kunne ikke leses som ett rutenett eller dekodes. Tallene ovenfor avhenger ikke av det.
det-tiles-miss-caption = { $n ->
    [one] Den største lesjonen som ble bommet på
   *[other] De { $n } største lesjonene som ble bommet på
} (av { $missed }), største først: fasitlesjonen som en sirkel (eller boks) av sin størrelse, markeringene på samme bilde som små sirkler (eller boksene sine).
det-tiles-false-caption = { $n ->
    [one] Den falske markeringen med høyest skår
   *[other] De { $n } falske markeringene med høyest skår
} (av { $false_marks }), høyeste først: markeringen som en liten sirkel (eller boksen sin), fasitlesjonene på samme bilde som sirkler (eller bokser) av sin størrelse.
det-tile-truth = Fasitlesjon
det-tile-mark = Modellens markering
det-tile-image = bilde
det-tile-size = { $size } mm
det-tile-score = skår { $score }
