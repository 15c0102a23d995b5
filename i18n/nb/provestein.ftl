# Programmets og kommandolinjens ord på norsk (bokmål). Same ids and arguments as
# i18n/en/provestein.ftl (src/words.rs tests that); plural forms by selector ([one] / *[other]).

## Frame and steps
step-model = Modell
step-cohort = Kohort
step-plan = Plan
step-run = Kjøring
step-results = Resultater
step-cases = Kasus
step-report = Rapport
step-history = Historikk
step-done = Ferdig: steget har det det trenger
step-not-done = Ikke ferdig ennå
language = Språk i programmet
language-short = Språk
crit-metric = Mål
crit-bound = Vurderes på
crit-direction = Må være
crit-limit = Grense
dismiss = Lukk
browse = Bla gjennom…
open = Åpne
choose = (velg)
none = Ingen
remove = Fjern
status-plan = Plan: { $path }
plan-unsaved = ikke lagret ennå
status-fixed = låst før kjøringen: SHA-256 { $hash }… kl. { $time }
status-post-hoc = post hoc: endret etter kjøring #{ $run }
status-edited = endret etter resultatene som vises
drop-unknown = Kan ikke bruke { $file }: slipp en plan (.toml), en modell (.onnx), en CSV-fil eller en DICOM-mappe.
type-plan-path = Skriv inn stien til planfilen først (eller slipp en på vinduet).
plan-opened = Åpnet { $path }
plan-saved = Lagret planen i { $path }
plan-draft-origin = (under redigering)

## Model
model-heading = Hvor skårene kommer fra
model-intro = Åpne leverandørens ONNX-modell for å kjøre den her, eller leverandørens egne skårer som CSV-fil for produkter uten modell.
study-name = Navn på studien
study-name-hint = f.eks. Triage av thoraxrøntgen, lokal validering 2026
intended-use = Tiltenkt bruk
intended-use-hint = Lim inn leverandørens beskrivelse av tiltenkt bruk
source-onnx = ONNX-modell (kjøres her)
source-vendor = Leverandørens skårer (CSV)
model-file = Modellfil
inspect = Undersøk
inspecting = Åpner modellen i ONNX Runtime…
model-none = Ingen modell åpnet ennå. Skriv stien, bla gjennom, eller slipp .onnx-filen på vinduet.
file-size = Filstørrelse
producer = Laget med
graph = Graf
description = Beskrivelse
domain = Domene
model-version = Modellversjon
tensors = Innganger og utganger
role = Rolle
name = Navn
shape = Form
type = Type
input = inngang
output = utgang
model-input = Inngangen kasusene går inn i
model-output = Utgangen med sannsynlighetene
positive-index = Kolonne for positiv klasse
positive-index-help = For en utgang med form [N, k]: hvilken av de k kolonnene som er sannsynligheten for sykdom. Vanligvis 1.
vendor-file = Skårfil
vendor-none = Ingen skårfil åpnet ennå.
id-column = Kolonne med kasus-id
id-column-help = Et pseudonym per kasus. Det skrives til predictions.csv, så bruk aldri pasientens navn eller fødselsnummer.
score-column = Skårkolonne
rows-in-file =
    { $rows ->
        [one] { $rows } rad i filen:
       *[other] { $rows } rader i filen; de første radene:
    }
role-id = id
role-score = skår
role-label = fasit
role-feature = inngang
role-subgroup = undergruppe
role-join = kobler bilder

## Cohort
cohort-heading = Den lokale kohorten
cohort-intro = Egne kasus med fasit: en CSV-tabell, eller en mappe med DICOM-bilder og en CSV med fasit.
kind-csv = CSV-tabell
kind-dicom = DICOM-mappe
cohort-file = Kohortfil
cohort-none = Ingen kohort åpnet ennå.
label-column = Fasitkolonne
positive-value = Verdi som betyr sykdom
positive-value-help = Alle andre verdier må være den ene negative verdien; rader med andre verdier utelates og telles.
features = Modellinnganger
features-help = { $count } valgt, i rekkefølgen modellen forventer (rekkefølgen du krysser av).
all-other-columns = Alle andre numeriske kolonner
subgroups = Undergrupper
subgroups-help = Egenskaper modellens rettferdighet skal sjekkes over (kjønn, aldersgruppe, skanner, sted…).
dicom-folder = DICOM-mappe
scan = Skann
scanning = Leser toppteksten i hver fil…
labels-file = Fasitfil
join-key = Bilde koblet til fasit med
join-column = Kolonne i fasitfilen
unit = Ett kasus er
unit-image = et bilde
unit-series = en serie
unit-study = en undersøkelse
aggregate = Bilder kombineres med
agg-max = høyeste skår
agg-mean = gjennomsnittlig skår
dicom-subgroups-help = DICOM-attributter, aldersgrupper fra planen, eller kolonner i fasitfilen.
preprocess-from-plan = Bildeforbehandling, fra planfilen:
preprocess-missing = En modell på DICOM-bilder trenger en [preprocess]-seksjon (størrelse, kanaler, normalisering): legg den til i planfilen, se docs/plan.md.
survey-files = Funnet
survey-counts =
    { $files ->
        [one] { $files } fil
       *[other] { $files } filer
    }: { $images ->
        [one] { $images } bilde
       *[other] { $images } bilder
    } i { $studies ->
        [one] { $studies } undersøkelse
       *[other] { $studies } undersøkelser
    }, { $series ->
        [one] { $series } serie
       *[other] { $series } serier
    }
modalities = Modaliteter
manufacturers = Skannere
sex = Kjønn
age = Alder
age-summary =
    { $low } til { $high } år, median { $median } ({ $images ->
        [one] { $images } bilde
       *[other] { $images } bilder
    } med alder)
no-ages = ingen alder registrert
transfer-syntaxes = Overføringssyntakser
not-usable = Ikke brukbare
not-usable-list =
    { $files ->
        [one] { $files } fil som ikke kan brukes, med årsak
       *[other] { $files } filer som ikke kan brukes, med årsak
    }

## Plan
plan-heading = Planen, låst før dataene er sett
plan-intro = Bestem analysen og akseptkriteriene nå. Planen lagres og fingeravtrykket registreres før kjøringen, så rapporten viser at kriteriene ikke ble valgt etter resultatene.
plan-file = Planfil
open-plan = Åpne plan
save-plan = Lagre plan
save-plan-as = Lagre plan som…
edited-after-results = Planen er endret etter at den ble kjørt. Hvis historikken har en kjøring av samme modell på samme kohort, er neste kjøring post hoc, og rapporten sier det.
analysis = Analyse
threshold = Terskel
threshold-help = Et kasus regnes som positivt når skåren er minst dette (leverandørens arbeidspunkt).
confidence = Konfidensnivå
confidence-help = For hvert intervall i rapporten.
proportion-interval = Intervall for andeler
proportion-interval-help = Wilson er vanlig; Clopper–Pearson er eksakt og bredere.
bootstrap = Bootstrap-replikater
bootstrap-help = For AUC- og Brier-intervallene; 2000 er nok, 0 slår det av.
seed = Frø for tilfeldighet
seed-help = Samme frø gir samme tall på alle maskiner.
min-group = Minste undergruppe som testes
min-group-help = Mindre grupper vises, men som utilstrekkelige, aldri testet eller flagget.
criteria = Akseptkriterier
criteria-intro = BESTÅTT krever at alle kriterier er oppfylt; et kriterium der intervallet krysser grensen er UAVKLART.
add-criterion = Legg til kriterium
worst-subgroup = i dårligste undergruppe
worst-subgroup-help = Vurder den dårligste undergruppen med nok data i stedet for hele kohorten.
bound-estimate = estimat
bound-low = nedre grense
bound-high = øvre grense
sent-estimate = Estimatet av { $metric }
sent-low = Nedre { $level } %-grense for { $metric }
sent-high = Øvre { $level } %-grense for { $metric }
sent-at-least = må være minst { $limit }
sent-at-most = må være høyst { $limit }
sent-worst = , i dårligste undergruppe
plan-ready = Planen er komplett og godkjent slik `batch` ville sjekket den.
plan-not-ready = Planen er ikke komplett ennå:
go-run = Gå til kjøring
plan-as-toml = Planen slik den vil bli lagret

## Run
run-heading = Kjør valideringen
run-intro = Planen lagres og SHA-256 registreres, så skåres hvert kasus og statistikken beregnes. Vinduet kan brukes imens; du kan avbryte.
run-needs-path = Gi planen et filnavn: den lagres der før kjøringen.
run-will-save = Den redigerte planen lagres i { $path } (filen skrives på nytt; kommentarer beholdes ikke) og låses.
run-will-save-version = { $path } er kjørt, så den beholdes som den er: den redigerte planen lagres ved siden av som { $target } og låses.
run-changes = Hva endringen endrer fra { $path }:
run-no-analysis-change = Endringen endrer ikke noe som analyseres (bare tekst som studiens navn eller rapportens språk).
run-as-is = Planfilen { $path } er uendret: den kjøres som den er, og SHA-256 registreres.
fix-and-run = Lås planen og kjør
last-fixed = Sist låst: { $path } (SHA-256 { $hash }…) kl. { $time }
starting = Starter
progress = { $done } av { $total }
rate = { $rate } per sekund, omtrent { $left } s igjen, { $elapsed } s så langt
cancel = Avbryt
cancelling = Avbryter…
run-stopped = Kjøringen stoppet uventet.
run-cancelled = Kjøringen ble avbrutt. Historikken fører den som avbrutt; kjør på nytt for å begynne forfra.
stage-occlusion = Lager okklusjonskart
occlusion-maps = Lag okklusjonskart etter kjøringen, i rapportmappen (hvilke kasus og hvordan: Plan-steget, Rapportinnstillinger)
resume-run = Fortsett kjøring #{ $run }
resume-offer = Kjøring #{ $run } av denne planen ble avbrutt med { $kept } modellutdata lagret: fortsett den for å bruke { $kept ->
        [one] det
       *[other] dem
    }, eller kjør på nytt.
stage-reading = Leser kohorten
stage-statistics = Beregner statistikken
stage-scoring = Skårer med modellen
stage-joining = Kobler leverandørens skårer
stage-decoding = Dekoder og skårer bilder
stage-report = Skriver rapporten
run-share = { $percent } % av kjøringen
stage-count = Dette trinnet: { $done } av { $total }
run-left = Omtrent { $left } s igjen, { $elapsed } s så langt

## Results
verdict = Konklusjon
verdict-pass = alle akseptkriterier er oppfylt
verdict-fail = et kriterium er ikke oppfylt
verdict-inconclusive = dataene kan ikke avgjøre et kriterium
flags-heading = Ikke dekket av kriteriene
flags-note = Disse endrer ikke resultatet, som kommer bare fra akseptkriteriene; les dem før du signerer.
judged-value = den er { $value } ({ $interval })
not-estimable = kan ikke estimeres fra disse dataene
decided-by = Avgjort av: { $criterion }
all-passed =
    { $count ->
        [one] { $count } akseptkriterium, og det er oppfylt.
       *[other] Alle { $count } akseptkriteriene er oppfylt.
    }
forest-key = Fylte kvadrater: grupper med nok data til å teste; hule grå sirkler: for lite data, ikke testet; stiplet linje: hele kohorten. Linjene er intervallene.
prespec-unknown = Ikke kontrollert mot en kjøringshistorikk: om planen ble låst før dataene ble sett, er ikke kjent.
prespec-first = Forsøk 1 på denne kohorten: ingen tidligere kjøring av denne modellen på den, så planen ble låst før resultatene var sett.
prespec-again = Forsøk { $attempt } på denne kohorten (tidligere kjøringer { $runs }): planens analyse er uendret siden kjøring #{ $first }, så den ble låst før noe resultat var sett.
prespec-post-hoc = POST HOC: { $parts } ble endret etter kjøring #{ $run } av denne modellen på denne kohorten (forsøk { $attempt }; tidligere kjøringer { $runs }). Planen ble ikke låst før dataene ble sett: les resultatet som utforskende.
part-threshold = terskelen
part-criteria = akseptkriteriene
part-analysis = analyseinnstillingene
part-cohort = kohortutvalget
part-model = hvordan modellen leses
part-preprocess = bildeforbehandlingen
part-compare = sammenligningene
and = og
results-of-older-plan = Resultatene kommer fra planen slik den var låst; den er endret siden.
tab-summary = Sammendrag og ROC
tab-threshold = Utforsk terskel
tab-calibration = Kalibrering
tab-subgroups = Undergrupper
tab-exclusions = Utelatte kasus
cases-line =
    { $cases } kasus ({ $positives } med sykdom, { $negatives } uten), { $excluded } utelatt; positiv når skår ≥ { $threshold }; { $level } %-intervaller
metric = Mål
estimate = Estimat
interval = Intervall
method = Metode
count = Antall
copy-table = Kopier tabell
truly-positive = Sykdom
truly-negative = Ikke sykdom
called-positive = Vurdert positiv
called-negative = Vurdert negativ
roc-title = ROC-kurve
axis-fpr = 1 − spesifisitet (falsk positiv-rate)
axis-tpr = Sensitivitet (sann positiv-rate)
chance = Tilfeldig
roc-legend = ROC, AUC { $auc }
operating-point = Planens terskel { $threshold } med intervaller
explored-point = Utforsket terskel
threshold-intro = Konklusjonen bruker alltid planens terskel { $threshold }. Flytt glidebryteren for å se hva et annet arbeidspunkt ville gitt; ingenting her endrer konklusjonen.
explore-threshold = Terskel
reset-threshold = Tilbake til planens terskel
at-threshold = Ved skår ≥ { $threshold }
axis-score = Skår
axis-cases = Kasus
negatives = Ikke sykdom
positives = Sykdom
plan-threshold = Planens terskel { $threshold }
explored-threshold = Utforsket terskel
no-calibration = Ingen kalibrering: skårene er ikke sannsynligheter mellom 0 og 1.
axis-predicted = Gjennomsnittlig predikert sannsynlighet
axis-observed = Observert andel med sykdom
perfect = Perfekt kalibrering
bins = Grupper med eksakte intervaller
bin = Gruppe
ideal-one = ideelt 1
ideal-zero = ideelt 0
no-subgroups = Planen angir ingen undergrupper.
forest-metric = Vis
whole-cohort = Hele kohorten
tested-group = Gruppe med nok data
insufficient-group = For lite data (ikke testet)
group = Gruppe
status = Status
tested = testet
insufficient = utilstrekkelig
fairness-line = { $attribute }: forskjell i equalized odds { $equalized }, forskjell i demografisk paritet { $parity }
exclusions-line =
    { $rows ->
        [one] { $rows } rad lest
       *[other] { $rows } rader lest
    }, { $cases } kasus evaluert, { $excluded } utelatt:
reason = Årsak
where = Hvor
detail = Detaljer
unmatched =
    { $scores ->
        [one] { $scores } skår
       *[other] { $scores } skårer
    } passet ikke til noe kasus; { $labels ->
        [one] { $labels } fasitrad
       *[other] { $labels } fasitrader
    } passet ikke til noe bilde.

## Cases
cases-heading = Kasusene bak tallene
out-tp = Sann positiv
out-fp = Falsk positiv
out-fn = Falsk negativ
out-tn = Sann negativ
all-groups = Alle undergrupper
subgroup-filter = Undergruppe
sample-history-note = En eksempelstudie: kjøringene registreres i eksemplenes egen historikk ({ $path }), aldri i revisjonssporet ditt.
progress-working = Arbeider (tiden som gjenstår kan ikke anslås for dette trinnet)
elapsed = { $elapsed } s så langt
results-of-previous-run = Dette er resultatene fra forrige kjøring: en ny kjøring pågår.
adjudicate-heading = Etterbedøm denne feilen
adjudicate-reference-wrong = Referansestandarden feil
adjudicate-model-right = Modellen riktig
adjudicate-model-wrong = Modellen feil
adjudicate-cannot-tell = Kan ikke avgjøres
adjudicate-comment = Kommentar (hvorfor; lagres med bedømmingen)
adjudicate-help = Lagres i historikken ved siden av kjøringen, som ikke endres. Eksporterte rapporter viser tallene med etterbedømte etiketter som en sensitivitetsanalyse ved siden av det forhåndsspesifiserte resultatet.
adjudicate-not-recorded = Denne kjøringen er ikke i historikken, så feilene kan ikke etterbedømmes.
adjudicate-standing = Bedømt «{ $judgement }» av { $user } { $at }
show-ids = Vis kasus-id
show-ids-help = Av som standard så skjermen kan deles; kasusene nummereres da.
cases-shown = { $shown } av { $cases } kasus, de sikreste først
pick-a-case = Velg et kasus til venstre.
case-score = Skår { $score } (positiv fra { $threshold }); fasit: { $truth }
row-not-found = Raden til kasuset finnes ikke lenger i kohortfilen.
image-of = Bilde { $index } av { $count }
window-center = Vindussenter
window-width = Bredde
window-reset = Tilbakestill vindu
window-presets = Forhåndsvalg:
preset-brain = Hjerne
preset-lung = Lunge
preset-mediastinum = Mediastinum
preset-bone = Skjelett
preset-abdomen = Abdomen
preset-default = Filhode
viewer-zoom = Zoom
viewer-fit = Tilpass
viewer-images = Bilder
viewer-model-input = Det modellen så
viewer-model-input-help = Modellens inndata laget av denne filen slik kjøringen laget dem: planens bilde, vindu, skalering, kanaler og normalisering.
viewer-model-input-caption = Modellinndata { $channels } × { $height } × { $width }, verdier { $min } til { $max }
cohort-thumbnail = Det modellen vil se
cohort-thumbnail-help = Mappens første bilde som en kjøring kan lese, gjort om til modellens inndata med planens forbehandling (bilde, vindu, skalering, kanaler, normalisering) slik en kjøring vil gjøre det: sjekk vinduet og størrelsen før du kjører.
cohort-thumbnail-file = Fra { $file }
viewer-image = Kasusbilde
viewer-case-help = Dra med høyre knapp: vindu (venstre–høyre bredde, opp–ned nivå). Ctrl og hjul, eller + og −: zoom; dra med venstre: flytt.
viewer-pixel = Rad { $row }, kolonne { $column }: lagret { $stored }, verdi { $value } { $unit }
viewer-pixel-rgb = Rad { $row }, kolonne { $column }: RGB { $rgb }
frames =
    { $count ->
        [one] { $count } bilde
       *[other] { $count } bilder
    }

## What the model relies on (Results and Cases; feature models)
tab-importance = Hva modellen bygger på
importance-intro = Permutasjonsviktighet: hver inngang ble stokket om mellom de { $cases } kasusene, { $repeats ->
        [one] én gang
       *[other] { $repeats } ganger
    }, og kasusene skåret på nytt. En søyle er gjennomsnittlig fall i AUC, streken { $level } %-området over omstokkingene. Et hjelpemiddel til tolkning, ikke bevis for årsakssammenheng: det viser hva modellen bruker, ikke hva som forårsaker tilstanden.
importance-subsample = Beregnet på et tilfeldig utvalg med frø på { $sample } av de { $cases } kasusene.
importance-none = Ingen permutasjonsviktighet: den beregnes for CSV-kohorter skåret av en ONNX-modell når [explain] permutations er over 0.
importance-axis = Fall i AUC når inngangen stokkes om
importance-clear = Området over 0
importance-unclear = Området når 0
importance-range = Område over omstokkingene
importance-chart = Diagram over permutasjonsviktighet: { $bars }
importance-top = Vist: de { $shown } inngangene av { $inputs } med størst gjennomsnittlig fall; tabellen har alle.
model-input-name = Modellinngang
mean-drop = Gjennomsnittlig fall i AUC
case-top-features = Hva som flyttet skåren: hver inngang satt til kohortens median
case-change = Endring i skår
cohort-median = Kohortens median
case-top-help = En negativ endring betyr at kasusets egen verdi økte skåren; en positiv, at den senket den.
case-not-explained = Ikke forklart: i en så stor kohort forklares bare feilene, de sikreste først.
case-no-change = Ingen inngang endrer skåren når den settes til kohortens median.
stage-importance = Permutasjonsviktighet (innganger)
stage-explain-cases = Forklarer kasusene

## For the report (Plan step)
for-the-report = For rapporten: produkt, studiedesign, leverandørens påstander
for-the-report-intro = Skrives i rapporten og brukes til å fylle ut STARD-sjekklisten; ingenting her endrer et tall eller resultatet.
product-name = Produkt
product-vendor = Leverandør
product-version = Versjon
reference-standard = Referansestandard
reference-standard-hint = Hvordan fasiten ble fastsatt, f.eks. histopatologi
eligibility = Inklusjonskriterier
sampling = Utvalg
sampling-hint = fortløpende eller tilfeldig; retrospektiv eller prospektiv
claims = Leverandørens påståtte ytelse
claims-intro = Settes ved siden av det lokale resultatet i rapporten; vurderes aldri.
claims-source = Kilde for påstandene

## Manifest, dates, drift (Model, Cohort, Plan steps)
manifest-file = Leverandørmanifest
manifest-hint = valgfritt: leverandørens manifest.toml
manifest-use = Bruk
date-column = Datokolonne (analyse over tid)
no-date = ingen
drift-period = Perioder over tid
quarter = kvartaler
month = måneder
drift-period-help = Når kasusene har datoer: tall per periode, hver testet mot resten.

## Vendor package (Results tab)
tab-vendor = Leverandørpakke
vendor-no-manifest = Planen nevner ikke noe leverandørmanifest ([model] manifest): ingen kontroll av gjengivelse, signatur eller tiltenkt bruk ble gjort.
vendor-signature = Signatur
vendor-filled = Hentet fra manifestet: { $keys }
vendor-override = Planen overstyrer { $key }: { $plan } (manifestet sier { $manifest })
vendor-vector = Testvektor
vendor-expected = Leverandørens utdata
vendor-actual = Lokalt utdata
vendor-tolerance = Toleranse
vendor-result = Resultat
vendor-ok = gjengitt
vendor-not-ok = IKKE gjengitt
vendor-no-vectors = Manifestet har ingen testvektorer.
vendor-representative = Tiltenkt bruk og representativitet
vendor-outside = Utenfor leverandørens { $attribute }: { $outside } av { $cases } kasus ({ $values })
vendor-sex = { $sex }: { $here } her, { $vendor } i leverandørens populasjon

## History
history-heading = Kjøringshistorikk
history-intro = Hver valideringskjøring, fra programmet eller `provestein batch`, registreres her med plan, hasher, rapport og skåren for hvert kasus. Velg én kjøring for å åpne den, to for å sammenligne dem (den første som velges, er utgangspunktet). Ingenting forlater maskinen.
history-file = Historikkfil
history-open = Åpne
history-refresh = Oppdater
history-verify = Kontroller revisjonskjeden
chain-intact =
    Revisjonskjeden med { $runs ->
        [one] { $runs } fullført kjøring
       *[other] { $runs } fullførte kjøringer
    } er intakt. Topphash: { $head }
chain-broken = Revisjonskjeden er BRUTT ved kjøring #{ $run }: { $reason }
history-empty = Ingen kjøring er registrert i denne filen ennå.
history-select = Kryss av én kjøring for å åpne den, to for å sammenligne dem.
history-run = Kjøring
history-status = Status
history-started = Startet
history-user = Bruker
history-run-title = Kjøring #{ $run }: { $study } ({ $started })
history-save = Lagre rapporten
history-compare-title = Kjøring #{ $b } mot kjøring #{ $a } (utgangspunktet); forskjeller er B − A
history-other-model = Kjøringene brukte ulike modellfiler (eller leverandørskårer): en modellendring.
history-plan = Plan
history-post-hoc = Post hoc
yes = ja
no = nei
history-same-plan = De to planene analyserer likt (terskel, kriterier, analyse og kohortutvalg uendret).
history-plan-diff = Hva som skiller planene:
history-tests-paired = * p under 1 − konfidensnivå. De samme kasusene i begge kjøringene (samme kohort, samme kasus-id), så testene er parede: AUC: paret DeLong-test; sensitivitet, spesifisitet og nøyaktighet: eksakt McNemar-test (uten intervall); PPV, NPV og prevalens: ikke testet; hver kjøring ved sin egen terskel.
history-tests = * p under 1 − konfidensnivå. AUC: uparet DeLong-test; andeler: samlet z-test for to andeler med Newcombes intervall; hver kjøring ved sin egen terskel.
history-no-change = Ingen signifikant endring.
history-changes = Endringer:
history-compare-ci = { $level } %-KI
drift-excluded-dates =
    { $cases } kasus har en dato som ikke kan være en reell undersøkelsesdato, og er utelatt fra analysen over tid: { $placeholder ->
        [one] { $placeholder } plassholderdato
       *[other] { $placeholder } plassholderdatoer
    } (som 1900-01-01), { $early } før 1985, { $future } etter kjøringen.
drift-heading = Over tid, per { $period }: hver periode mot resten av kohorten
drift-none = Ingen endringsdiagram: kasusene i denne kjøringen har ingen datoer ([cohort] date for en CSV-kohort; StudyDate for DICOM).
drift-new-equipment = Ny midt i kohorten: { $attribute } = { $value }, først sett { $first } ({ $cases } kasus)
period-worse = signifikant dårligere enn resten
drift-key = Blå kvadrater: perioder testet mot resten av kohorten; rødoransje ruter: signifikant dårligere (Holm); grå, åpne sirkler: for få kasus til å teste. Streker: Wilson-intervaller. Stiplet: hele kohorten.

## Report
report-heading = Eksporter rapporten
report-intro = Skriver report.pdf og report.html (valideringsrapporten, på språket som er valgt nedenfor), report.json (alle tall, planen og sporbarheten) og predictions.csv (én rad per kasus): de samme filene som `provestein batch` skriver.
output-folder = Mappe for utdata
report-language = Språk i rapporten
export = Eksporter
no-identifiers = Eksporterte filer inneholder ingen pasientnavn eller -id; kasus navngis med planens pseudonyme id-kolonne eller filsti.
report-prespec = Forhåndsspesifisering
run-time = Kjøring
written = Skrevet:
exported =
    Eksporterte { $files ->
        [one] { $files } fil
       *[other] { $files } filer
    } til { $folder }

## Occlusion maps (Cases: a DICOM case of an ONNX image model)
occlusion-button = Okklusjonskart
occlusion-help = Dekker modellens input med en kvadratisk lapp i hver posisjon etter tur (erstattet med planens [explain] baseline: bildets middelverdi eller en uskarp kopi), skårer hver kopi med modellen og viser hvor mye skåren faller.
occlusion-patch = Lapp (piksler)
occlusion-stride = Steg (piksler)
occlusion-running = Beregner okklusjonskartet…
occlusion-opacity = Dekkevne
occlusion-scale = Blå: skåren stiger når den dekkes · hvit: ingen endring · rød: skåren faller
occlusion-legend = Gjennomsnittlig fall i skår per piksel, lapp på { $patch }×{ $patch2 }, steg { $stride }, { $positions ->
        [one] { $positions } posisjon
       *[other] { $positions } posisjoner
    }. Modellens skår for dette bildet: { $score }; største fall: { $drop }.
occlusion-caption = Et hjelpemiddel til tolkning, ikke bevis for modellens resonnement

## Command line (printed in English: what scripts and support requests read)
cli-check-valid =
    { $path }: gyldig plan «{ $study }» med { $count ->
        [one] { $count } akseptkriterium
       *[other] { $count } akseptkriterier
    }
cli-check-model = { $what } { $path }: lastes i ONNX Runtime; inndata «{ $input }» { $shape }, utdata «{ $output }»
cli-threads-failed = kan ikke sette opp { $n ->
        [one] { $n } tråd
       *[other] { $n } tråder
    }: { $error }
cli-check-model-unopened = { $what } { $path }: ikke åpnet (ONNX Runtime er ikke tilgjengelig)
cli-check-manifest = manifest { $path }: et leverandørmanifest
cli-check-csv =
    { $what } { $path }: en tabell med { $columns ->
        [one] { $columns } kolonne
       *[other] { $columns } kolonner
    }, med hver kolonne planen nevner
cli-check-dicom = kohortmappe { $path }: inneholder DICOM-filer (den første er lest)
cli-check-exists = { $what } { $path }: finnes (leses når kjøringen starter)
cli-no-display = det finnes ingen skjerm å åpne skrivebordsappen på (verken DISPLAY eller WAYLAND_DISPLAY er satt). Kjør den i en grafisk økt (over SSH: ssh -X), eller kjør valideringen uten skjerm: provestein batch PLAN --out MAPPE
cli-chain-intact =
    { $path }: revisjonskjeden med { $runs ->
        [one] { $runs } fullført kjøring
       *[other] { $runs } fullførte kjøringer
    } er intakt{ $journals ->
        [0] {""}
        [one] , og journalen til { $journals } ufullført kjøring
       *[other] , og journalene til { $journals } ufullførte kjøringer
    }. Topphash: { $head }
cli-prepared =
    Forberedte { $dir }: { $units ->
        [one] { $units } enhet
       *[other] { $units } enheter
    }, kjørenøkkel { $key }. Neste: `provestein score { $dir } --shard K/N` for K = 0 … N−1, deretter `provestein merge { $dir } --out OUT`
cli-shard-scored =
    Del { $shard }: skåret { $units ->
        [one] { $units } enhet
       *[other] { $units } enheter
    } på { $seconds } s
cli-shard-rescored =
    Del { $shard }: utfallene stemte ikke med hashen i manifestet (endret eller halvskrevet); skåret { $units ->
        [one] { $units } enhet
       *[other] { $units } enheter
    } på nytt på { $seconds } s
cli-shard-skipped =
    Del { $shard }: hoppet over, allerede skåret ({ $units ->
        [one] { $units } enhet
       *[other] { $units } enheter
    }; utfallene stemmer med manifestet)
cli-merged =
    Slo sammen { $shards ->
        [one] { $shards } del
       *[other] { $shards } deler
    } av { $dir }
cli-history-marked = Kjøring #{ $run } er merket som testkjøring. Ingenting som er registrert, er endret; den teller fortsatt som et tidligere forsøk når senere kjøringer kontrolleres for forhåndsspesifisering.
cli-history-unmarked = Kjøring #{ $run } er ikke lenger merket som testkjøring.
cli-history-not-marked = Kjøring #{ $run } var ikke merket som testkjøring.
cli-history-adjudicated = Registrert for kjøring #{ $run }, kasus { $case }: { $judgement }. Kjøringen er uendret; rapporter eksportert etter gjennomgangen viser de etterbedømte etikettene som en sensitivitetsanalyse.
cli-history-removed =
    Fjernet kjøring #{ $run } ({ $status }, startet { $started }{ $recorded ->
        [0] {""}
        [one] , { $recorded } modellutdata registrert
       *[other] , { $recorded } modellutdata registrert
    }). Fjerningen vises av `provestein history list`.
cli-history-removed-line = fjernet: kjøring #{ $run } ({ $status }, startet { $started }, studie «{ $study }») av { $user } { $at }
cli-history-test-line = testkjøring: #{ $run }, merket av { $user } { $at }

## Segmenteringskjøringer: resultater og visningen
seg-mean = gjennomsnitt
fig-dice = Dice
fig-iou = IoU (Jaccard)
fig-hd = Hausdorff (mm)
fig-hd95 = HD95 (mm)
fig-assd = ASSD (mm)
fig-nsd = Overflate-Dice (NSD)
fig-volume-difference = Volumforskjell (ml)
seg-no-structures = Denne kjøringen har ingen tall per struktur.
seg-structure = Struktur
seg-cases-patients = Kasus (pasienter)
seg-mean-ci = Gjennomsnitt [intervall]
seg-median-ci = Median [intervall]
seg-found-when-present = Funnet når den finnes (deteksjon)
seg-empty-when-absent = Tom når den mangler (deteksjon)
seg-share = Andel kasus
seg-distribution = Hvert kasus' Dice og HD95, per struktur (strek: gjennomsnittet)
seg-dice-mean = Dice, gjennomsnitt [intervall]
seg-hd95-median = HD95, median [intervall]
presence-both = begge finnes
presence-both-empty = begge tomme
presence-missed = bommet
presence-false-alarm = falsk alarm
seg-cases-heading = Kasus, de dårligste først
viewer-indexing = Indekserer kohortens bilder og konturer …
viewer-loading = Leser serien og maskene …
case-row-loading = Leser kasusets rad i kohorten …
viewer-slice = Snitt
viewer-truth = Fasit
viewer-prediction = Prediksjon
viewer-opacity = Fylldekkevne
viewer-help = Hjul, glidebryter, piltastene opp og ned eller Page Up/Down: snitt. Dra med høyre knapp: vindu (venstre–høyre bredde, opp–ned nivå).
seg-counts = { $cases } kasus fra { $patients ->
        [one] { $patients } pasient
       *[other] { $patients } pasienter
    }: { $found } funnet, { $missed } bommet, { $false_alarm ->
        [one] { $false_alarm } falsk alarm
       *[other] { $false_alarm } falske alarmer
    }, { $both_empty } begge tomme; { $excluded } utelatt fra kjøringen.
seg-matched-names = Navn i fasitfilene: { $names }
seg-conventions = En struktur som bommes eller en falsk alarm teller som Dice 0 og den verste avstanden, aldri utelatt. Overflate-Dice ved { $tolerance } mm. Struktur: { $structure }.
seg-cases-shown = { $cases } kasus av { $structure }, lavest Dice først
seg-case-figures = Dice { $dice } · HD95 { $hd95 } mm · ASSD { $assd } mm · volum { $volume_truth } ml (fasit), { $volume_pred } ml (prediksjon)
viewer-no-sources = Visningen finner ikke kjøringens filer: { $why }
viewer-truth-only = Bare fasit: { $why }
viewer-slice-of = Snitt { $index } av { $count } ved { $position } mm; fasit { $truth } px, prediksjon { $prediction } px
tab-seg-summary = Sammendrag

## Deteksjons- og flerfunnskjøringer: resultater
tab-lesions = Lesjoner
tab-unit-level = Enhetsnivå
tab-detection = FROC og markeringer
tab-findings = Funn
unit-level-note = Enhetsskåren (den høyeste markeringen, eller modellens egen enhetsskår) mot om enheten har en lesjon, med alle tallene fra en binær studie.
axis-fp-per-unit = Falskt positive markeringer per enhet
axis-lesion-sensitivity = Lesjonssensitivitet
froc-curve = FROC-kurve
froc-title = FROC: lesjoner funnet mot falske markeringer per enhet
hit-centre-within-radius = markeringens sentrum ligger innenfor lesjonens radius (LUNA16)
cpm = CPM (gjennomsnittet av ratene over)
marks-total = Markeringer lest
marks-tp = Sanne positive (traff en lesjon)
marks-fp = Falske positive (traff ingen lesjon)
marks-fp-lesion-free = … av dem på enheter uten lesjon
marks-extra = Ekstra markeringer på en lesjon som alt er truffet (verken SP eller FP)
marks-unknown-unit = Markeringer for en enhet som ikke er i kohorten (ikke talt andre steder)
det-sensitivity-at = Lesjonssensitivitet ved hver falsk-positiv-rate
fp-per-unit = FP per enhet
lesion-sensitivity = Sensitivitet
criterion = Kriterium
det-marks = Hva som ble av hver markering
det-marks-what = Markeringer
lesion-missed = bommet
stratum = Stratum
lesions-hit = Truffet / lesjoner
by-size = Lesjonssensitivitet etter størrelse
by-type = Lesjonssensitivitet etter type
no-strata = Ingen i denne kjøringen (planen eller fasiten gir ingen strata).
det-unit = Enhet
centre = Sentrum (x, y, z)
size-mm = Størrelse (mm)
lesion-type = Type
mark-score = Skår for markeringen som traff
finding = Funn
positives-of-n = Positive / n
sensitivity-ci = Sensitivitet [intervall]
specificity-ci = Spesifisitet [intervall]
open-finding = Åpne dette funnets ROC-kurve, terskel, kalibrering og undergrupper
findings-click = Klikk på et funn for de binære tallene.
estimate-ci = Estimat [intervall]
findings-holm = Kriterier per funn ble vurdert med Holms trinnvise korreksjon på tvers av funn.
findings-forest = ROC AUC per funn
findings-forest-key = Fylte kvadrater: funn med nok positive til å vurderes; hule grå sirkler: for få positive, rapportert, ikke vurdert; stiplet linje: makro-AUC. Linjene er intervallene; n: de positive.
truth-predicted = Fasit (rader), predikert (kolonner)
tab-finding = Funn: { $finding }
froc-at-rates = Sensitivitet ved planens rater (CPM { $cpm })
hit-distance = sentrene ligger høyst { $distance } mm fra hverandre
hit-iou = boksene overlapper med IoU ≥ { $iou }
det-counts = { $units ->
        [one] { $units } enhet
       *[other] { $units } enheter
    } ({ $with_lesions } med lesjoner) fra { $patients ->
        [one] { $patients } pasient
       *[other] { $patients } pasienter
    }; { $lesions ->
        [one] { $lesions } lesjon
       *[other] { $lesions } lesjoner
    }: { $hit } truffet ved en eller annen skår, { $missed } bommet; { $excluded } utelatt fra kjøringen.
det-hit-rule = En markering treffer en lesjon når { $rule }; en markering teller for høyst én lesjon, og hver lesjon treffes høyst én gang.
det-intervals = Intervaller: persentil-bootstrap over pasienter, { $replicates ->
        [one] { $replicates } replikat
       *[other] { $replicates } replikater
    }, frø { $seed }.
det-wrong-place = Riktig enhet, feil sted: { $count ->
        [one] { $count } enhet
       *[other] { $count } enheter
    } kalt positiv (skår ≥ { $threshold }) der markeringene bommer på alle lesjonene
det-worst = De verste lesjonene ({ $missed } av { $total } bommet), verst først
finding-insufficient = for få positive (< { $min }): ikke vurdert
findings-counts = { $findings ->
        [one] { $findings } funn
       *[other] { $findings } funn
    }, { $insufficient } med for få positive; { $excluded } utelatt fra kjøringen.
findings-intervals = Makro-, mikro- og flerklasseintervaller: persentil-bootstrap over pasienter, { $replicates ->
        [one] { $replicates } replikat
       *[other] { $replicates } replikater
    }, frø { $seed }.
findings-insufficient-list = For få positive til å vurderes: { $findings }
multiclass-confusion = Forvekslingsmatrise (predikert klasse: { $predicted })
sent-fp-rate = {" "}ved en falsk-positiv-rate på { $rate } per enhet
sent-finding = {" "}for { $finding }
cases-unit-level = Enhetene i deteksjonskjøringen, etter enhetsskåren (den høyeste markeringen).
cases-of-finding = Kasusene for funnet { $finding } (velg et annet funn i Resultater-steget).
marks-source = Produktets markeringer leses fra { $path } (enhetskolonne { $unit }, skårkolonne { $score }), slik planens [marks] sier.
marks-source-sr = Produktets markeringer leses fra DICOM SR-rapportene (TID 1500) i { $path }, slik planens [marks] sier: hver region i en målegruppe er en markering, og sannsynligheten er skåren.
marks-edit-in-plan = En deteksjonsplan navngir markeringene og fasitlesjonene i planfilen ([marks], [lesions], [detection]); endre dem der.
finding-score-column = Skårkolonne for { $finding }
sent-unit-level = {" "}(enhetsnivå)
froc-beyond = FROC-kurve, etter siste markering (sensitiviteten står)
tab-classes = Klasser (én mot resten)
tab-class = Klasse: { $class }
class = Klasse
classes-forest = ROC AUC per klasse (én mot resten)
classes-click = Klikk på en klasse for de binære tallene (én mot resten).
classes-counts = { $classes ->
        [one] { $classes } klasse
       *[other] { $classes } klasser
    }, { $insufficient } med for få positive; { $excluded } utelatt fra kjøringen.
unit-wrong-place = Riktig enhet, feil sted: kalt positiv, men markeringene bommer på alle lesjonene.
unit-worst-lesions = Lesjonene blant de verste (bommet, eller bare truffet av en lav skår)
per-class = Per klasse, én mot resten fra den predikerte klassen
findings-left-out-of-macro = Utelatt fra makro-AUC (ingen AUC: en klasse mangler): { $findings }
findings-skipped = { $macro_ } bootstrap-replikater utelatt fra intervallet for makro-AUC, { $micro } fra mikro-AUC (et funn manglet en klasse i dem).

## Deteksjon på DICOM-bilder: tilfellene og markeringsvisningen
det-view-heading = Enheter, bommede lesjoner og falske markeringer først
det-view-list = { $units ->
        [one] { $units } enhet
       *[other] { $units } enheter
    }: de med en bommet lesjon først, deretter de med en falsk markering. Åpne en for å se bildene med fasitlesjonene og markeringene.
det-view-unit = #{ $index } { $id }  lesjoner { $lesions } (bommet { $missed })  markeringer { $marks } (falske { $false_marks })
det-view-image = Bilde
det-view-truth = Fasitlesjoner (stiplet: bommet)
det-view-marks = Markeringer, med skår
det-view-false-legend = Falsk markering (stiplet)
det-view-off-image = { $n ->
        [one] Én lesjon eller markering ligger
       *[other] { $n } lesjoner eller markeringer ligger
    } mer enn en halv snittavstand fra alle bildene i denne enheten; ikke tegnet.
det-view-caption = Bilde { $index } av { $count } ved { $position } mm: { $lesions ->
        [one] { $lesions } lesjon
       *[other] { $lesions } lesjoner
    } ({ $missed } bommet), { $marks ->
        [one] { $marks } markering
       *[other] { $marks } markeringer
    } ({ $tp } sann positiv, { $fp } falsk positiv, { $extra } ekstra)
det-view-lesion-hit = Fasitlesjon, { $size } mm: truffet (skår { $score })
det-view-lesion-missed = Fasitlesjon, { $size } mm: bommet
det-view-mark = Markering, skår { $score }: { $status }
det-view-tp = sann positiv
det-view-fp = falsk positiv
det-view-extra = ekstra (en markering til på en lesjon som alt er truffet)

## Startskjerm, filvelger og rapportinnstillinger (issue 19)
step-start = Start
start-heading = Valider en KI-modell på egne pasienter
start-intro = Åpne en plan du har, prøv en eksempelstudie, eller begynn en ny validering. Du kan også slippe en plan, en modell, en CSV-fil eller en mappe med DICOM-bilder hvor som helst i vinduet.
start-open = Åpne
start-open-plan = Åpne en plan…
start-drop = eller slipp en planfil (.toml) i vinduet
start-samples = Eksempelstudier
start-no-samples = Fant ingen eksempelstudier ved siden av programmet.
start-new = Ny validering
start-model-first = Begynn med modellen
start-cohort-first = Begynn med kohorten
start-new-help = Rekkefølgen er fri: stegene over kan gjøres i hvilken som helst rekkefølge til planen kjøres.
start-settings = Innstillinger
start-recent-plans = Nylige planer
start-no-recent = Ingen plan åpnet ennå.
start-plan-gone = Finnes ikke lenger: { $path }
start-recent-runs = Nylige kjøringer
# $verdict: PASS, FAIL, INCONCLUSIVE, or the run's status when it has no verdict
start-run = #{ $run } { $study }: { $verdict } ({ $started })
sample-opened = Åpnet eksempelet «{ $sample }»; din kopi av planen er { $path }
sample-breast = Cytologi ved brystkreft
sample-breast-about = tabelldata, ONNX-modell, 171 kasus
sample-imaging = CT-lesjonsdetektor (syntetisk)
sample-imaging-about = DICOM-bilder, ONNX-modell, leverandørpakke
sample-segmentation = Organsegmentering (syntetisk)
sample-segmentation-about = CT-serier, masker, Dice og HD95
sample-detection = Lesjonsdeteksjon (syntetisk)
sample-detection-about = markeringer mot lesjoner, FROC
sample-findings = Funn på røntgen thorax (syntetisk)
sample-findings-about = flere funn per bilde, leverandørens skårer
builtin-picker = Bruk den innebygde filvelgeren
picker-system-found = Skrivebordets fildialog er tilgjengelig.
picker-system-missing = Fant ingen fildialog på skrivebordet (ingen XDG-portal med filvelger, ingen zenity): den innebygde filvelgeren brukes.
picker-system-unknown = Ser etter skrivebordets fildialog…
pick-file = Velg en fil
pick-folder = Velg en mappe
pick-save = Lagre som
pick-save-button = Lagre
pick-new-folder = Ny mappe
pick-file-label = Fil:
pick-show-hidden = Vis skjulte filer
pick-parent = Mappen over
pick-refresh = Les mappen på nytt
report-settings = Rapportinnstillinger
report-settings-intro = Det den signerte rapporten sier utover tallene. Lagres i planen, som alt på denne siden.
local-prevalence = Lokal prevalens
local-prevalence-help = PPV, NPV og positive funn per 1000 undersøkelser ved prevalensen som forventes i klinisk bruk; vist ved siden av kohortens egen.
local-prevalence-none = Ikke oppgitt: PPV og NPV vises bare ved kohortens egen prevalens.
site = Sted og institusjon
site-hint = f.eks. Oslo universitetssykehus, radiologi; undersøkelser fra 2024
site-help = Hvor og når kasusene ble samlet inn (STARD 8).
plan-report-language = Språk i den signerte rapporten
plan-report-language-help = PDF-en hver kjøring skriver; Rapport-steget kan eksportere den på nytt på et annet språk.
signers = Hvem som signerer rapporten
signers-default = Ingen oppgitt: rapporten har linjer for en medisinsk fysiker som gjennomgår og en klinisk ansvarlig, med navn som fylles inn for hånd.
signer-role = Rolle
signer-name = Navn
signer-name-hint = tomt: en linje å signere for hånd
add-signer = Legg til signatar
signer-physicist = Medisinsk fysiker (gjennomgang)
signer-clinical-lead = Klinisk ansvarlig
explanations = Forklaringer (hjelp til tolkning; de endrer aldri et tall eller konklusjonen)
explain-outcomes = Okklusjonskart for:
false-negatives = falske negative
false-positives = falske positive
true-positives = sanne positive
true-negatives = sanne negative
explain-needs-images = Okklusjonskart krever en DICOM-kohort og en ONNX-bildemodell.
occlusion-patch-help = Siden av kvadratet som dekkes i hver posisjon, i piksler av modellens input.
occlusion-stride-help = Avstand mellom posisjonene, i piksler.
occlusion-baseline = Dekkes med
baseline-mean = bildets middelverdi
baseline-blur = en uskarp kopi
occlusion-baseline-help = Det som erstatter det dekkede kvadratet.
permutations = Permutasjonsviktighet (stokkinger per variabel)
permutations-help = For modeller med tabelldata; 0 slår den av.
