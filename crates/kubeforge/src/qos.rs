//! Quality of Service classes, computed as the kubelet does (`GetPodQOS`).

use std::collections::BTreeMap;
use std::fmt;

use k8s_openapi::api::core::v1::PodSpec;

use crate::quantity::Quantity;

/// The QoS class of a pod: who is evicted first when a node runs out of memory.
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::QosClass::Burstable.as_str(), "Burstable");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QosClass {
    /// No container requests or limits CPU or memory: evicted first.
    BestEffort,
    /// Some requests or limits, but not Guaranteed.
    Burstable,
    /// Every container has CPU and memory limits, and requests equal to them: evicted last.
    Guaranteed,
}

impl QosClass {
    /// The API spelling (`status.qosClass`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::QosClass::Guaranteed.as_str(), "Guaranteed");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BestEffort => "BestEffort",
            Self::Burstable => "Burstable",
            Self::Guaranteed => "Guaranteed",
        }
    }
}

impl fmt::Display for QosClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The QoS class of a pod spec, by the Kubernetes rules.
///
/// Only `cpu` and `memory` count. As the apiserver defaults a missing request to its limit
/// before the class is computed, a container with limits only counts as requesting them.
/// Unparsable quantities are ignored (the validation engine reports them).
///
/// # Examples
///
/// ```
/// use kubeforge::{qos_class, ContainerBuilder, PodBuilder, QosClass};
/// let pod = PodBuilder::new("resource-demo")
///     .container(ContainerBuilder::new("demo-container", "nginx:1.27")
///         .request_memory("64Mi").request_cpu("250m")
///         .limit_memory("128Mi").limit_cpu("500m"))
///     .build()?;
/// assert_eq!(qos_class(pod.spec.as_ref().unwrap()), QosClass::Burstable);
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub fn qos_class(spec: &PodSpec) -> QosClass {
    const QOS_RESOURCES: [&str; 2] = ["cpu", "memory"];
    let mut requests: BTreeMap<&str, i128> = BTreeMap::new();
    let mut limits: BTreeMap<&str, i128> = BTreeMap::new();
    let mut guaranteed = true;
    let all = spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten());
    for c in all {
        let res = c.resources.as_ref();
        let parse = |m: Option<
            &BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>,
        >| {
            let mut out: BTreeMap<&'static str, i128> = BTreeMap::new();
            for name in QOS_RESOURCES {
                if let Some(q) = m
                    .and_then(|m| m.get(name))
                    .and_then(|q| Quantity::parse(&q.0).ok())
                {
                    out.insert(name, q.nanos());
                }
            }
            out
        };
        let lim = parse(res.and_then(|r| r.limits.as_ref()));
        let mut req = parse(res.and_then(|r| r.requests.as_ref()));
        for (name, v) in &lim {
            req.entry(name).or_insert(*v);
        }
        for (name, v) in &req {
            if *v > 0 {
                *requests.entry(name).or_insert(0) += *v;
            }
        }
        let mut found = 0;
        for (name, v) in &lim {
            if *v > 0 {
                found += 1;
                *limits.entry(name).or_insert(0) += *v;
            }
        }
        if found < QOS_RESOURCES.len() {
            guaranteed = false;
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return QosClass::BestEffort;
    }
    if guaranteed {
        for (name, req) in &requests {
            if limits.get(name) != Some(req) {
                guaranteed = false;
            }
        }
    }
    if guaranteed && requests.len() == limits.len() {
        QosClass::Guaranteed
    } else {
        QosClass::Burstable
    }
}
