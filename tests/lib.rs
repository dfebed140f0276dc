//! Integration tests of kubeforge (serde's `test_suite` pattern): the test files live in `tests/`.
