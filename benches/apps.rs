//! Criterion benchmark of the "N apps" scenario (`shared/bench/scenario.md`).
//!
//! One group per N in {1, 100, 1000, 10000}, throughput `3N` objects:
//!
//! - `kubeforge` / `floor`: build and write the whole stream into memory (the measured pair;
//!   kubeforge should stay within 1.15x of the floor). The stream goes into one `Vec<u8>`,
//!   cleared and reused between iterations: like the file of the whole-process protocol, and
//!   unlike `io::sink()`, the output bytes are really written, on both sides.
//! - `kubeforge_build` / `floor_build`: build the objects only (no YAML), to split the cost
//!   between the builders and the writer.
//! - `validate`: `kubeforge::validate::validate` alone, on objects built beforehand.
//! - `kubeforge_build+floor_write` / `floor_build+kubeforge_write`: kubeforge's builders with
//!   serde-saphyr's plain writer, and the floor objects with `kubeforge::YamlWriter`, to split
//!   kubeforge's overhead between its builders and its writer.
//!
//! Run with `cargo bench -p kubeforge-benches` (add `-- apps/1000` to filter).

#![forbid(unsafe_code)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use kubeforge::validate::{self, Options};
use kubeforge_benches::{floor_app, kubeforge_app, write_floor, write_kubeforge};

/// The values of N benchmarked.
const SIZES: [usize; 4] = [1, 100, 1000, 10_000];

fn apps(c: &mut Criterion) {
    for n in SIZES {
        let mut group = c.benchmark_group(format!("apps/{n}"));
        group.throughput(Throughput::Elements(3 * n as u64));
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(match n {
            10_000.. => 10,
            1000.. => 4,
            _ => 3,
        }));
        if n >= 1000 {
            group.sample_size(10);
        }

        // Room for the whole stream (about 2.4 KB per app), so no iteration grows it.
        let mut out: Vec<u8> = Vec::with_capacity(n * 2400 + 4096);
        group.bench_function(BenchmarkId::from_parameter("kubeforge"), |b| {
            b.iter(|| {
                out.clear();
                write_kubeforge(black_box(n), &mut out).is_ok()
            });
        });
        group.bench_function(BenchmarkId::from_parameter("floor"), |b| {
            b.iter(|| {
                out.clear();
                write_floor(black_box(n), &mut out).is_ok()
            });
        });
        group.bench_function(BenchmarkId::from_parameter("kubeforge_build"), |b| {
            b.iter(|| {
                for i in 0..black_box(n) {
                    black_box(kubeforge_app(i).is_ok());
                }
            });
        });
        group.bench_function(BenchmarkId::from_parameter("floor_build"), |b| {
            b.iter(|| {
                for i in 0..black_box(n) {
                    black_box(floor_app(i));
                }
            });
        });
        group.bench_function(
            BenchmarkId::from_parameter("kubeforge_build+floor_write"),
            |b| {
                b.iter(|| {
                    out.clear();
                    kubeforge_objects_floor_writer(black_box(n), &mut out).is_ok()
                });
            },
        );
        group.bench_function(
            BenchmarkId::from_parameter("floor_build+kubeforge_write"),
            |b| {
                b.iter(|| {
                    out.clear();
                    floor_objects_kubeforge_writer(black_box(n), &mut out).is_ok()
                });
            },
        );
        if n <= 1000 {
            let objects: Vec<_> = (0..n).map(floor_app).collect();
            let options = Options::default();
            group.bench_function(BenchmarkId::from_parameter("validate"), |b| {
                b.iter(|| {
                    for (config_map, secret, deployment) in &objects {
                        black_box(validate::validate(config_map, &options).is_ok());
                        black_box(validate::validate(secret, &options).is_ok());
                        black_box(validate::validate(deployment, &options).is_ok());
                    }
                });
            });
        }
        group.finish();
    }
}

/// kubeforge's objects written by serde-saphyr directly (no per-document `BufWriter`, flush
/// or guard); separators omitted, as their cost is the same on both sides.
fn kubeforge_objects_floor_writer(
    n: usize,
    mut w: &mut Vec<u8>,
) -> Result<(), Box<dyn std::error::Error>> {
    for i in 0..n {
        let (config_map, secret, deployment) = kubeforge_app(i)?;
        serde_saphyr::to_io_writer(&mut w, &config_map)?;
        serde_saphyr::to_io_writer(&mut w, &secret)?;
        serde_saphyr::to_io_writer(&mut w, &deployment)?;
    }
    Ok(())
}

/// The floor's objects written through kubeforge's stream writer (`kubeforge::YamlWriter`).
fn floor_objects_kubeforge_writer(n: usize, w: &mut Vec<u8>) -> Result<(), kubeforge::Error> {
    let mut out = kubeforge::YamlWriter::new(w);
    for i in 0..n {
        let (config_map, secret, deployment) = floor_app(i);
        out.write(&config_map)?;
        out.write(&secret)?;
        out.write(&deployment)?;
    }
    out.finish().map(drop)
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    apps(&mut criterion);
    criterion.final_summary();
}
