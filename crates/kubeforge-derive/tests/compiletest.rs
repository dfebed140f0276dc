//! The derives' compile errors, pinned with their spans: one file per mistake in `tests/ui/`
//! (`TRYBUILD=overwrite cargo test -p kubeforge-derive --test compiletest` rewrites the
//! `.stderr` files after a reviewed change). `tests/pass/` must compile without a warning in
//! a crate that forbids unsafe code and denies warnings.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/pass/*.rs");
}
