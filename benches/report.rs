//! The report for a large cohort: 100 000 cases with four subgroup attributes, every case a
//! distinct score (so the ROC and precision–recall curves have 100 000 points each). Measures
//! building the document from the evaluation, laying it out as a PDF, and writing the HTML.

use std::hint::black_box;
use std::io::Write;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use provestein::i18n::Lang;
use provestein::report::{content, html, pdf};
use provestein::{Control, Plan};
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

fn evaluation(n: usize) -> provestein::Evaluation {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.path().join("c.csv")).unwrap());
    writeln!(f, "id,label,score,sex,age_group,site,scanner").unwrap();
    for i in 0..n {
        let y = rng.random_bool(0.2);
        let u: f64 = rng.random();
        let s = if y { u.sqrt() } else { u * u };
        let pick = |r: f64, k: usize| (r * k as f64) as usize;
        writeln!(
            f,
            "{i},{},{s},{},{},site{},scanner{}",
            u8::from(y),
            ["F", "M"][pick(rng.random(), 2)],
            ["<40", "40-64", ">=65"][pick(rng.random(), 3)],
            pick(rng.random(), 4),
            pick(rng.random(), 6)
        )
        .unwrap();
    }
    drop(f);
    let plan = "[study]\nname = \"bench\"\nintended_use = \"bench\"\n\
        [predictions]\npath = \"c.csv\"\nid = \"id\"\nscore = \"score\"\n\
        [cohort]\nkind = \"csv\"\npath = \"c.csv\"\nid = \"id\"\nlabel = \"label\"\npositive = 1\n\
        subgroups = [\"sex\", \"age_group\", \"site\", \"scanner\"]\n\
        [analysis]\nbootstrap = 0\n\
        [[acceptance]]\nmetric = \"auc\"\nmin = 0.8\n";
    let plan = Plan::parse(plan, "plan.toml".as_ref(), dir.path().to_path_buf()).unwrap();
    provestein::run(&plan, &Control::silent()).unwrap()
}

fn benches(c: &mut Criterion) {
    let eval = evaluation(100_000);
    let doc = content::build(&eval, Lang::En);
    let bytes = pdf::render(&doc).unwrap();
    eprintln!(
        "report for n = 100 000: PDF {} kB, HTML {} kB",
        bytes.len() / 1024,
        html::render(&doc).len() / 1024
    );
    let mut g = c.benchmark_group("report n=100000");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("build document", |b| {
        b.iter(|| content::build(black_box(&eval), Lang::En))
    });
    g.bench_function("PDF", |b| b.iter(|| pdf::render(black_box(&doc)).unwrap()));
    g.bench_function("HTML", |b| b.iter(|| html::render(black_box(&doc))));
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
