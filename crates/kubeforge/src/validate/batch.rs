//! Job and CronJob rules (`pkg/apis/batch/validation`): the counters, the pod template with its
//! `restartPolicy` (`OnFailure` or `Never`), and a CronJob's schedule, time zone, concurrency
//! policy, history limits and name length.

use k8s_openapi::api::batch::v1::{CronJob, CronJobSpec, Job, JobSpec};
use k8s_openapi::api::core::v1::PodSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::meta::{self, NameRule};
use super::pod::{self, PodKind};
use super::{Ctx, Path, Validate, cron};
use crate::compat::MaybeSpec;

/// A CronJob's Jobs are named `<cronjob>-<11-character timestamp suffix>`, at most 63
/// characters (`DNS1035LabelMaxLength - 11`).
const CRONJOB_NAME_MAX: usize = 52;

/// `supported values` of `concurrencyPolicy`, in the apiserver's order.
const CONCURRENCY_POLICIES: [&str; 3] = ["Allow", "Forbid", "Replace"];

impl Validate for Job {
    fn object_ref(&self) -> String {
        format!("Job/{}", self.metadata.name.as_deref().unwrap_or(""))
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Subdomain, true);
        let default = JobSpec::default();
        let spec = self.spec.as_ref().unwrap_or(&default);
        let path = Path::root("spec");
        job_spec(ctx, spec, &path);
        if spec.manual_selector == Some(true) {
            super::workload::selector_and_labels(
                ctx,
                spec.selector.as_ref().unwrap_or(&LabelSelector::default()),
                &spec.template,
                &path,
                "job",
            );
        }
    }
}

impl Validate for CronJob {
    fn object_ref(&self) -> String {
        format!("CronJob/{}", self.metadata.name.as_deref().unwrap_or(""))
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Subdomain, true);
        let default = CronJobSpec::default();
        cron_job_spec(ctx, self.spec.as_spec().unwrap_or(&default));
        let name = self.metadata.name.as_deref().unwrap_or("");
        if name.len() > CRONJOB_NAME_MAX {
            let mp = Path::root("metadata");
            ctx.invalid(
                &mp.child("name"),
                name,
                format!("must be no more than {CRONJOB_NAME_MAX} characters"),
            );
        }
    }
}

/// `validateCronJobSpec` (on create: a `TZ=` prefix in the schedule is refused).
fn cron_job_spec(ctx: &mut Ctx, spec: &CronJobSpec) {
    let path = Path::root("spec");
    let sp = path.child("schedule");
    if spec.schedule.is_empty() {
        ctx.required(&sp, "");
    } else {
        if let Err(m) = cron::parse_standard(&spec.schedule) {
            ctx.invalid(&sp, &spec.schedule, m);
        }
        if spec.schedule.contains("TZ") {
            ctx.invalid(
                &sp,
                &spec.schedule,
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            );
        }
    }
    if let Some(s) = spec.starting_deadline_seconds.filter(|s| *s < 0) {
        ctx.invalid_raw(
            &path.child("startingDeadlineSeconds"),
            s,
            "must be greater than or equal to 0",
        );
    }
    if let Some(zone) = spec.time_zone.as_deref() {
        ctx.invalid_all(&path.child("timeZone"), zone, cron::time_zone(zone));
    }
    let cp = path.child("concurrencyPolicy");
    match spec.concurrency_policy.as_deref() {
        Some("") => ctx.required(&cp, ""),
        Some(p) if !CONCURRENCY_POLICIES.contains(&p) => {
            ctx.not_supported(&cp, p, &CONCURRENCY_POLICIES);
        }
        _ => {}
    }
    let jp = path.child("jobTemplate");
    if let Some(m) = &spec.job_template.metadata {
        let mp = jp.child("metadata");
        meta::labels(ctx, m.labels.as_ref(), &mp.child("labels"));
        meta::annotations(ctx, m.annotations.as_ref(), &mp.child("annotations"));
    }
    let default = JobSpec::default();
    let job = spec.job_template.spec.as_ref().unwrap_or(&default);
    let jsp = jp.child("spec");
    job_spec(ctx, job, &jsp);
    if let Some(sel) = &job.selector {
        ctx.invalid_raw(
            &jsp.child("selector"),
            selector_dump(sel),
            "`selector` will be auto-generated",
        );
    }
    if job.manual_selector == Some(true) {
        ctx.not_supported(&jsp.child("manualSelector"), "true", &["nil", "false"]);
    }
    for (field, v) in [
        (
            "successfulJobsHistoryLimit",
            spec.successful_jobs_history_limit,
        ),
        ("failedJobsHistoryLimit", spec.failed_jobs_history_limit),
    ] {
        if let Some(v) = v.filter(|v| *v < 0) {
            ctx.invalid_raw(&path.child(field), v, "must be greater than or equal to 0");
        }
    }
}

/// Go's `%#v` of a `metav1.LabelSelector` (what `field.Invalid` prints for `*LabelSelector`).
fn selector_dump(sel: &LabelSelector) -> String {
    let labels = match &sel.match_labels {
        None => "map[string]string(nil)".to_owned(),
        Some(m) => super::workload::go_map_dump(m),
    };
    let exprs = match &sel.match_expressions {
        None => "[]v1.LabelSelectorRequirement(nil)".to_owned(),
        Some(list) => {
            let items: Vec<String> = list
                .iter()
                .map(|e| {
                    let values = match &e.values {
                        None => "[]string(nil)".to_owned(),
                        Some(v) => {
                            let v: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
                            format!("[]string{{{}}}", v.join(", "))
                        }
                    };
                    format!(
                        "v1.LabelSelectorRequirement{{Key:{:?}, Operator:{:?}, Values:{values}}}",
                        e.key, e.operator
                    )
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
        }
    };
    format!("v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{exprs}}}")
}

/// `validateJobSpec`: non-negative counters, the pod template, and a `restartPolicy` of
/// `OnFailure` or `Never` (an unset one is defaulted to `Always`, so it is required).
fn job_spec(ctx: &mut Ctx, spec: &JobSpec, path: &Path<'_>) {
    for (field, v) in [
        ("parallelism", spec.parallelism.map(i64::from)),
        ("completions", spec.completions.map(i64::from)),
        ("activeDeadlineSeconds", spec.active_deadline_seconds),
        ("backoffLimit", spec.backoff_limit.map(i64::from)),
        (
            "ttlSecondsAfterFinished",
            spec.ttl_seconds_after_finished.map(i64::from),
        ),
    ] {
        if let Some(v) = v.filter(|v| *v < 0) {
            ctx.invalid_raw(&path.child(field), v, "must be greater than or equal to 0");
        }
    }
    let tp = path.child("template");
    meta::template_meta(ctx, spec.template.metadata.as_ref(), &tp.child("metadata"));
    let default = PodSpec::default();
    let pod_spec = spec.template.spec.as_ref().unwrap_or(&default);
    let sp = tp.child("spec");
    pod::pod_spec(ctx, pod_spec, &sp, PodKind::Job);
    let rp = sp.child("restartPolicy");
    match pod_spec.restart_policy.as_deref().unwrap_or("") {
        "" | "Always" => ctx.required(&rp, "valid values: \"OnFailure\", \"Never\""),
        "OnFailure" | "Never" => {}
        other => ctx.not_supported(&rp, other, &["OnFailure", "Never"]),
    }
}
