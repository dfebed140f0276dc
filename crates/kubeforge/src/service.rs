//! Service and NetworkPolicy, derived from the workload they front or protect: the Service
//! takes the workload's pod selector and checks its named target ports against the
//! workload's container ports; the NetworkPolicy opens exactly the ports the workload
//! declares.

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{ContainerPort, Service, ServicePort, ServiceSpec};
use k8s_openapi::api::networking::v1::{
    NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer,
    NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::compat::MaybeSpec;
use crate::container::PortRef;
use crate::error::{Error, Violation, ViolationKind, quote};
use crate::meta::{metadata_setters, options_setter};
use crate::validate::{self, Options};
use crate::workload::WorkloadRef;

/// What a Service or a NetworkPolicy needs to know about a workload, taken when the builder
/// is given the workload.
#[derive(Clone, Debug, PartialEq)]
struct WorkloadInfo {
    /// `Kind/name`, for messages.
    label: String,
    name: String,
    namespace: Option<String>,
    /// The pod selector as labels, or why there is none.
    selector: Result<BTreeMap<String, String>, String>,
    /// The declared ports of the containers and init containers (sidecars).
    ports: Vec<ContainerPort>,
}

impl WorkloadInfo {
    fn new(w: WorkloadRef<'_>) -> Self {
        let meta = w.metadata();
        let name = meta.name.clone().unwrap_or_default();
        let label = format!("{}/{name}", w.kind());
        let from_selector = |sel: Option<&LabelSelector>| match sel {
            Some(s) if s.match_expressions.as_ref().is_some_and(|e| !e.is_empty()) => Err(format!(
                "the selector of {label} has matchExpressions, which a Service or NetworkPolicy built from it cannot express"
            )),
            Some(s) => Ok(s.match_labels.clone().unwrap_or_default()),
            None => Err(format!("{label} has no pod selector")),
        };
        let selector = match w {
            WorkloadRef::Pod(p) => p
                .metadata
                .labels
                .clone()
                .filter(|l| !l.is_empty())
                .ok_or_else(|| format!("{label} has no labels to select it by")),
            WorkloadRef::Deployment(d) => from_selector(d.spec.as_spec().map(|s| &s.selector)),
            WorkloadRef::StatefulSet(s) => from_selector(s.spec.as_spec().map(|s| &s.selector)),
            WorkloadRef::DaemonSet(d) => from_selector(d.spec.as_spec().map(|s| &s.selector)),
            WorkloadRef::Job(_) | WorkloadRef::CronJob(_) => Err(format!(
                "{label} has no stable pod selector (its pods are selected by a generated controller-uid)"
            )),
        };
        let ports = w
            .pod_spec()
            .map(|s| {
                s.containers
                    .iter()
                    .chain(s.init_containers.iter().flatten())
                    .flat_map(|c| c.ports.iter().flatten().cloned())
                    .collect()
            })
            .unwrap_or_default();
        Self {
            label,
            name,
            namespace: meta.namespace.clone(),
            selector,
            ports,
        }
    }

    fn named_ports(&self) -> String {
        let names: Vec<String> = self
            .ports
            .iter()
            .filter_map(|p| p.name.as_deref())
            .map(quote)
            .collect();
        if names.is_empty() {
            "it has no named port".to_owned()
        } else {
            format!("named ports: {}", names.join(", "))
        }
    }
}

/// How a Service is reachable (`spec.type`).
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::ServiceType::NodePort.as_str(), "NodePort");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ServiceType {
    /// A virtual IP inside the cluster (the default).
    ClusterIP,
    /// `ClusterIP`, plus a port on every node (30000-32767 by default).
    NodePort,
    /// `NodePort`, plus an external load balancer from the cloud provider.
    LoadBalancer,
}

impl ServiceType {
    /// The API spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::ServiceType::LoadBalancer.as_str(), "LoadBalancer");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ClusterIP => "ClusterIP",
            Self::NodePort => "NodePort",
            Self::LoadBalancer => "LoadBalancer",
        }
    }
}

/// One port of a Service (`spec.ports[]`): the port clients connect to, and the pods' port
/// it forwards to (`targetPort`, a number or a container port's name).
///
/// `80.into()` is TCP port 80 forwarded to port 80.
///
/// # Examples
///
/// ```
/// use kubeforge::PortMapping;
/// let web = PortMapping::tcp(80).name("http").target("http");
/// let dns = PortMapping::udp(53).name("dns").target(5353);
/// # let _ = (web, dns);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct PortMapping(ServicePort);

impl PortMapping {
    fn with(port: i32, protocol: Option<&str>) -> Self {
        Self(ServicePort {
            port,
            protocol: protocol.map(str::to_owned),
            ..ServicePort::default()
        })
    }

    /// A TCP port (protocol left to the apiserver's default, `TCP`).
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::PortMapping::tcp(443);
    /// # let _ = p;
    /// ```
    pub fn tcp(port: i32) -> Self {
        Self::with(port, None)
    }

    /// A UDP port.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::PortMapping::udp(53);
    /// # let _ = p;
    /// ```
    pub fn udp(port: i32) -> Self {
        Self::with(port, Some("UDP"))
    }

    /// An SCTP port.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::PortMapping::sctp(9999);
    /// # let _ = p;
    /// ```
    pub fn sctp(port: i32) -> Self {
        Self::with(port, Some("SCTP"))
    }

    /// The port's name (a DNS label; required when the Service has several ports).
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::PortMapping::tcp(80).name("http");
    /// # let _ = p;
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.0.name = Some(name.into());
        self
    }

    /// The pods' port: a number, or the name of a container port (checked against the
    /// workload's ports when the Service is built from a workload). Default: `port`.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::PortMapping::tcp(80).target("http");
    /// # let _ = p;
    /// ```
    pub fn target(mut self, target: impl Into<PortRef>) -> Self {
        self.0.target_port = Some(target.into().into());
        self
    }

    /// A fixed node port for `NodePort` and `LoadBalancer` Services (default: allocated).
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::PortMapping::tcp(80).node_port(30080);
    /// # let _ = p;
    /// ```
    pub fn node_port(mut self, node_port: i32) -> Self {
        self.0.node_port = Some(node_port);
        self
    }

    /// The application protocol (`appProtocol`, e.g. `http`, `kubernetes.io/h2c`), a hint for
    /// gateways and meshes.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::PortMapping::tcp(80).app_protocol("http");
    /// # let _ = p;
    /// ```
    pub fn app_protocol(mut self, protocol: impl Into<String>) -> Self {
        self.0.app_protocol = Some(protocol.into());
        self
    }
}

impl From<i32> for PortMapping {
    fn from(port: i32) -> Self {
        Self::tcp(port)
    }
}

type ServiceCustomizer = Arc<dyn Fn(&mut Service) + Send + Sync>;

/// Builds a Service.
///
/// [`for_workload`](Self::for_workload) takes the selector, the name and the namespace from
/// a built Deployment, StatefulSet, DaemonSet or Pod, and `build()` checks every named
/// `targetPort` against the workload's container ports (name **and** protocol, as the
/// endpoints controller matches them).
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, DeploymentBuilder, PortMapping, ServiceBuilder};
/// let web = DeploymentBuilder::new("web")
///     .container(ContainerBuilder::new("web", "nginx:1.27").named_port("http", 8080))
///     .build()?;
/// let svc = ServiceBuilder::for_workload(&web)
///     .port(PortMapping::tcp(80).name("http").target("http"))
///     .build()?;
/// let spec = svc.spec.unwrap();
/// assert_eq!(spec.selector.unwrap()["app.kubernetes.io/name"], "web");
///
/// // A typo in a named target port is caught before the Service silently routes nowhere.
/// let err = ServiceBuilder::for_workload(&web).port(PortMapping::tcp(80).target("htpp")).build().unwrap_err();
/// assert_eq!(err.violations()[0].to_string(),
///     "spec.ports[0].targetPort: Not found: \"htpp\": no container port of Deployment/web is named \"htpp\" (named ports: \"http\")");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct ServiceBuilder {
    meta: ObjectMeta,
    spec: ServiceSpec,
    ports: Vec<PortMapping>,
    selector: BTreeMap<String, String>,
    workload: Option<WorkloadInfo>,
    expose_all: bool,
    customizers: Vec<ServiceCustomizer>,
    options: Options,
}

impl std::fmt::Debug for ServiceBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceBuilder")
            .field("meta", &self.meta)
            .field("spec", &self.spec)
            .field("ports", &self.ports)
            .field("workload", &self.workload)
            .field("customizers", &self.customizers.len())
            .finish_non_exhaustive()
    }
}

impl ServiceBuilder {
    /// A Service named `name` (a DNS-1035 label: it starts with a letter).
    ///
    /// # Examples
    ///
    /// ```
    /// let svc = kubeforge::ServiceBuilder::new("web").selector_label("app", "web").port(80).build()?;
    /// assert_eq!(svc.metadata.name.as_deref(), Some("web"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            meta: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            spec: ServiceSpec::default(),
            ports: Vec::new(),
            selector: BTreeMap::new(),
            workload: None,
            expose_all: false,
            customizers: Vec::new(),
            options: Options::default(),
        }
    }

    /// A Service in front of `workload`, named and namespaced like it (see [`workload`](Self::workload)).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, DeploymentBuilder, ServiceBuilder};
    /// let web = DeploymentBuilder::new("web").namespace("shop")
    ///     .container(ContainerBuilder::new("web", "nginx:1.27").port(80)).build()?;
    /// let svc = ServiceBuilder::for_workload(&web).port(80).build()?;
    /// assert_eq!((svc.metadata.name.as_deref(), svc.metadata.namespace.as_deref()), (Some("web"), Some("shop")));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn for_workload<'a>(workload: impl Into<WorkloadRef<'a>>) -> Self {
        let info = WorkloadInfo::new(workload.into());
        let mut b = Self::new(info.name.clone());
        b.meta.namespace.clone_from(&info.namespace);
        b.workload = Some(info);
        b
    }

    /// The headless Service of a StatefulSet (`clusterIP: None`): no virtual IP, one DNS
    /// record per pod (`<pod>.<service>`), exposing every declared container port.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, ServiceBuilder, StatefulSetBuilder};
    /// let db = StatefulSetBuilder::new("mysql").service_name("mysql")
    ///     .container(ContainerBuilder::new("mysql", "mysql:8.4").named_port("mysql", 3306)).build()?;
    /// let svc = ServiceBuilder::headless_for(&db).build()?;
    /// let spec = svc.spec.unwrap();
    /// assert_eq!(spec.cluster_ip.as_deref(), Some("None"));
    /// assert_eq!(spec.ports.unwrap()[0].port, 3306);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn headless_for<'a>(workload: impl Into<WorkloadRef<'a>>) -> Self {
        Self::for_workload(workload)
            .headless()
            .expose_container_ports()
    }

    metadata_setters!("ServiceBuilder::new(\"web\")");

    /// Selects the pods of `workload`: its selector labels (a Pod's labels), and the
    /// workload's container ports to check named target ports against. The namespace is
    /// taken too, unless one is set.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, PodBuilder, ServiceBuilder};
    /// let pod = PodBuilder::new("echo").label("app", "echo")
    ///     .container(ContainerBuilder::new("echo", "hashicorp/http-echo:1.0").named_port("http", 5678)).build()?;
    /// let svc = ServiceBuilder::new("echo-svc").workload(&pod).port(kubeforge::PortMapping::tcp(80).target("http")).build()?;
    /// assert_eq!(svc.spec.unwrap().selector.unwrap()["app"], "echo");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn workload<'a>(mut self, workload: impl Into<WorkloadRef<'a>>) -> Self {
        let info = WorkloadInfo::new(workload.into());
        if self.meta.namespace.is_none() {
            self.meta.namespace.clone_from(&info.namespace);
        }
        self.workload = Some(info);
        self
    }

    /// Adds `key=value` to the selector (after the workload's labels).
    ///
    /// # Examples
    ///
    /// ```
    /// let svc = kubeforge::ServiceBuilder::new("db").selector_label("app", "mysql").port(3306).build()?;
    /// assert_eq!(svc.spec.unwrap().selector.unwrap()["app"], "mysql");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn selector_label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.selector.insert(key.into(), value.into());
        self
    }

    /// How the Service is reachable (default `ClusterIP`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{PortMapping, ServiceBuilder, ServiceType};
    /// let svc = ServiceBuilder::new("web").selector_label("app", "web")
    ///     .service_type(ServiceType::NodePort).port(PortMapping::tcp(80).node_port(30080)).build()?;
    /// assert_eq!(svc.spec.unwrap().type_.as_deref(), Some("NodePort"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn service_type(mut self, ty: ServiceType) -> Self {
        self.spec.type_ = Some(ty.as_str().to_owned());
        self
    }

    /// No virtual IP (`clusterIP: None`): DNS returns the pods' addresses (a StatefulSet's
    /// governing Service). Only for the `ClusterIP` type.
    ///
    /// # Examples
    ///
    /// ```
    /// let svc = kubeforge::ServiceBuilder::new("db").selector_label("app", "db").headless().build()?;
    /// assert_eq!(svc.spec.unwrap().cluster_ip.as_deref(), Some("None"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn headless(mut self) -> Self {
        self.spec.cluster_ip = Some("None".to_owned());
        self
    }

    /// Adds a port (`80` or a [`PortMapping`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{PortMapping, ServiceBuilder};
    /// let svc = ServiceBuilder::new("web").selector_label("app", "web")
    ///     .port(PortMapping::tcp(80).name("http").target(8080))
    ///     .port(PortMapping::tcp(443).name("https").target(8443))
    ///     .build()?;
    /// assert_eq!(svc.spec.unwrap().ports.unwrap().len(), 2);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn port(mut self, port: impl Into<PortMapping>) -> Self {
        self.ports.push(port.into());
        self
    }

    /// Adds several ports.
    ///
    /// # Examples
    ///
    /// ```
    /// let svc = kubeforge::ServiceBuilder::new("web").selector_label("app", "web")
    ///     .ports([kubeforge::PortMapping::tcp(80).name("http"), kubeforge::PortMapping::tcp(443).name("https")])
    ///     .build()?;
    /// assert_eq!(svc.spec.unwrap().ports.unwrap().len(), 2);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn ports<P: Into<PortMapping>>(mut self, ports: impl IntoIterator<Item = P>) -> Self {
        self.ports.extend(ports.into_iter().map(Into::into));
        self
    }

    /// Adds one port per declared container port of the workload (same number, name and
    /// protocol; the target is the port's name when it has one), before the ports added with
    /// [`port`](Self::port).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, DeploymentBuilder, ServiceBuilder};
    /// let web = DeploymentBuilder::new("web")
    ///     .container(ContainerBuilder::new("web", "nginx:1.27").named_port("http", 8080).named_port("metrics", 9090))
    ///     .build()?;
    /// let svc = ServiceBuilder::for_workload(&web).expose_container_ports().build()?;
    /// let ports = svc.spec.unwrap().ports.unwrap();
    /// assert_eq!(ports[1].name.as_deref(), Some("metrics"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn expose_container_ports(mut self) -> Self {
        self.expose_all = true;
        self
    }

    /// Publishes the pods' addresses before they are ready (`publishNotReadyAddresses`):
    /// the peers of a clustered StatefulSet find each other while starting.
    ///
    /// # Examples
    ///
    /// ```
    /// let svc = kubeforge::ServiceBuilder::new("db").selector_label("app", "db").headless().publish_not_ready_addresses(true).build()?;
    /// assert_eq!(svc.spec.unwrap().publish_not_ready_addresses, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn publish_not_ready_addresses(mut self, publish: bool) -> Self {
        self.spec.publish_not_ready_addresses = Some(publish);
        self
    }

    options_setter!("ServiceBuilder::new(\"web\")");

    /// Edits the raw Service before validation (escape hatch for any field).
    ///
    /// # Examples
    ///
    /// ```
    /// let svc = kubeforge::ServiceBuilder::new("web").selector_label("app", "web").port(80)
    ///     .customize(|s| s.spec.as_mut().unwrap().session_affinity = Some("ClientIP".into()))
    ///     .build()?;
    /// assert_eq!(svc.spec.unwrap().session_affinity.as_deref(), Some("ClientIP"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn customize(mut self, f: impl Fn(&mut Service) + Send + Sync + 'static) -> Self {
        self.customizers.push(Arc::new(f));
        self
    }

    /// Assembles the Service and validates it.
    ///
    /// # Errors
    ///
    /// Every violation found: the apiserver's Service rules (e.g.
    /// `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`),
    /// a named `targetPort` that no container port of the workload has (name and protocol),
    /// and a workload without a selector a Service can use.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ServiceBuilder, ServiceType};
    /// let err = ServiceBuilder::new("db").selector_label("app", "db").headless()
    ///     .service_type(ServiceType::NodePort).port(3306).build().unwrap_err();
    /// assert_eq!(err.violations()[0].to_string(),
    ///     "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services");
    /// ```
    pub fn build(self) -> Result<Service, Error> {
        let mut violations = Vec::new();
        let mut selector = BTreeMap::new();
        let mut ports: Vec<ServicePort> = Vec::new();
        if let Some(w) = &self.workload {
            match &w.selector {
                Ok(labels) => selector.extend(labels.clone()),
                Err(why) => violations.push(Violation::new(
                    "spec.selector".into(),
                    ViolationKind::Invalid,
                    Some(quote(&w.label)),
                    Some(why.clone()),
                )),
            }
            if self.expose_all {
                ports.extend(w.ports.iter().map(|cp| ServicePort {
                    name: cp.name.clone(),
                    port: cp.container_port,
                    protocol: cp.protocol.clone().filter(|p| p != "TCP"),
                    target_port: Some(match &cp.name {
                        Some(n) => IntOrString::String(n.clone()),
                        None => IntOrString::Int(cp.container_port),
                    }),
                    ..ServicePort::default()
                }));
            }
        } else if self.expose_all {
            violations.push(Violation::new(
                "spec.ports".into(),
                ViolationKind::Required,
                None,
                Some("expose_container_ports() needs a workload (for_workload, workload)".into()),
            ));
        }
        selector.extend(self.selector);
        ports.extend(self.ports.into_iter().map(|p| p.0));
        if let Some(w) = &self.workload {
            for (i, p) in ports.iter().enumerate() {
                violations.extend(check_target(w, p, i));
            }
        }
        let mut spec = self.spec;
        spec.selector = (!selector.is_empty()).then_some(selector);
        spec.ports = (!ports.is_empty()).then_some(ports);
        let mut svc = Service {
            metadata: self.meta,
            spec: Some(spec),
            ..Service::default()
        };
        for f in &self.customizers {
            f(&mut svc);
        }
        validate::check_with(&svc, self.options, violations)?;
        Ok(svc)
    }
}

/// A named target port must be a container port of the workload with the same protocol
/// (`FindPort` of the endpoints controller).
fn check_target(w: &WorkloadInfo, p: &ServicePort, index: usize) -> Option<Violation> {
    let Some(IntOrString::String(name)) = &p.target_port else {
        return None;
    };
    if name.is_empty() {
        return None;
    }
    let path = format!("spec.ports[{index}].targetPort");
    let proto = p.protocol.as_deref().unwrap_or("TCP");
    match w.ports.iter().find(|cp| cp.name.as_deref() == Some(name)) {
        None => Some(Violation::new(
            path,
            ViolationKind::NotFound,
            Some(quote(name)),
            Some(format!(
                "no container port of {} is named {} ({})",
                w.label,
                quote(name),
                w.named_ports()
            )),
        )),
        Some(cp) if cp.protocol.as_deref().unwrap_or("TCP") != proto => Some(Violation::new(
            path,
            ViolationKind::Invalid,
            Some(quote(name)),
            Some(format!(
                "the container port {} of {} is {}, the Service port is {proto}",
                quote(name),
                w.label,
                cp.protocol.as_deref().unwrap_or("TCP")
            )),
        )),
        Some(_) => None,
    }
}

/// The ingress a NetworkPolicy built by [`NetworkPolicyBuilder::allow_ingress_to`] opens.
#[derive(Clone, Debug, Default, PartialEq)]
struct AllowIngress {
    peers: Vec<NetworkPolicyPeer>,
    anywhere: bool,
    only_ports: Vec<String>,
}

type NetworkPolicyCustomizer = Arc<dyn Fn(&mut NetworkPolicy) + Send + Sync>;

fn labels_selector<I, K, V>(labels: I) -> LabelSelector
where
    I: IntoIterator<Item = (K, V)>,
    K: Into<String>,
    V: Into<String>,
{
    let map: BTreeMap<String, String> = labels
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    LabelSelector {
        match_labels: Some(map),
        match_expressions: None,
    }
}

/// Builds a NetworkPolicy.
///
/// Two common shapes have constructors: a namespace-wide default deny
/// ([`deny_all_ingress`](Self::deny_all_ingress), [`deny_all_egress`](Self::deny_all_egress),
/// [`deny_all`](Self::deny_all)), and "let these peers reach this workload on the ports it
/// declares" ([`allow_ingress_to`](Self::allow_ingress_to)). NetworkPolicies add up: with a
/// default deny in place, each allow opens exactly what it says. They need a network plugin
/// that enforces them (Calico, Cilium...).
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, DeploymentBuilder, NetworkPolicyBuilder};
/// let deny = NetworkPolicyBuilder::deny_all_ingress("default-deny-ingress").namespace("shop").build()?;
/// assert_eq!(deny.spec.unwrap().policy_types.unwrap(), ["Ingress"]);
///
/// let api = DeploymentBuilder::new("api").namespace("shop")
///     .container(ContainerBuilder::new("api", "registry.example.com/api:1.0").named_port("http", 8080))
///     .build()?;
/// let allow = NetworkPolicyBuilder::allow_ingress_to("api-from-web", &api)
///     .from_pods([("app.kubernetes.io/name", "web")])
///     .build()?;
/// let rule = &allow.spec.unwrap().ingress.unwrap()[0];
/// assert_eq!(rule.ports.as_ref().unwrap()[0].port, Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(8080)));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct NetworkPolicyBuilder {
    meta: ObjectMeta,
    spec: NetworkPolicySpec,
    workload: Option<WorkloadInfo>,
    allow: Option<AllowIngress>,
    misuse: Vec<String>,
    customizers: Vec<NetworkPolicyCustomizer>,
    options: Options,
}

impl std::fmt::Debug for NetworkPolicyBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NetworkPolicyBuilder")
            .field("meta", &self.meta)
            .field("spec", &self.spec)
            .field("workload", &self.workload)
            .field("allow", &self.allow)
            .field("customizers", &self.customizers.len())
            .finish_non_exhaustive()
    }
}

impl NetworkPolicyBuilder {
    /// A policy named `name` (a DNS-1123 subdomain) selecting every pod of its namespace,
    /// with no rule yet.
    ///
    /// # Examples
    ///
    /// ```
    /// let np = kubeforge::NetworkPolicyBuilder::new("custom").pod_selector_label("app", "web").build()?;
    /// assert_eq!(np.spec.unwrap().pod_selector.unwrap().match_labels.unwrap()["app"], "web");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            meta: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            spec: NetworkPolicySpec {
                pod_selector: Some(LabelSelector::default()),
                ..NetworkPolicySpec::default()
            },
            workload: None,
            allow: None,
            misuse: Vec::new(),
            customizers: Vec::new(),
            options: Options::default(),
        }
    }

    fn with_types(name: impl Into<String>, types: &[&str]) -> Self {
        let mut b = Self::new(name);
        b.spec.policy_types = Some(types.iter().map(|t| (*t).to_owned()).collect());
        b
    }

    /// Denies all incoming traffic to every pod of the namespace (`podSelector: {}`,
    /// `policyTypes: [Ingress]`, no rule). Set the namespace with `.namespace(..)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let np = kubeforge::NetworkPolicyBuilder::deny_all_ingress("deny-in").namespace("shop").build()?;
    /// let spec = np.spec.unwrap();
    /// assert!(spec.ingress.is_none());
    /// assert_eq!(spec.pod_selector.unwrap(), Default::default());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn deny_all_ingress(name: impl Into<String>) -> Self {
        Self::with_types(name, &["Ingress"])
    }

    /// Denies all outgoing traffic from every pod of the namespace, DNS included (see
    /// [`allow_dns_egress`](Self::allow_dns_egress)).
    ///
    /// # Examples
    ///
    /// ```
    /// let np = kubeforge::NetworkPolicyBuilder::deny_all_egress("deny-out").build()?;
    /// assert_eq!(np.spec.unwrap().policy_types.unwrap(), ["Egress"]);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn deny_all_egress(name: impl Into<String>) -> Self {
        Self::with_types(name, &["Egress"])
    }

    /// Denies all incoming and outgoing traffic of every pod of the namespace.
    ///
    /// # Examples
    ///
    /// ```
    /// let np = kubeforge::NetworkPolicyBuilder::deny_all("deny-all").build()?;
    /// assert_eq!(np.spec.unwrap().policy_types.unwrap(), ["Ingress", "Egress"]);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn deny_all(name: impl Into<String>) -> Self {
        Self::with_types(name, &["Ingress", "Egress"])
    }

    /// Allows incoming traffic to the pods of `workload`, on the ports its containers
    /// declare, from the peers added with `from_*` (at least one, or
    /// [`from_anywhere`](Self::from_anywhere)). The namespace is the workload's.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, NetworkPolicyBuilder, StatefulSetBuilder};
    /// let db = StatefulSetBuilder::new("mysql").namespace("shop")
    ///     .container(ContainerBuilder::new("mysql", "mysql:8.4").named_port("mysql", 3306)).build()?;
    /// let np = NetworkPolicyBuilder::allow_ingress_to("mysql-clients", &db)
    ///     .from_pods([("app.kubernetes.io/name", "shop")])
    ///     .from_namespaces([("kubernetes.io/metadata.name", "monitoring")])
    ///     .build()?;
    /// assert_eq!(np.metadata.namespace.as_deref(), Some("shop"));
    /// assert_eq!(np.spec.unwrap().ingress.unwrap()[0].from.as_ref().unwrap().len(), 2);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn allow_ingress_to<'a>(
        name: impl Into<String>,
        workload: impl Into<WorkloadRef<'a>>,
    ) -> Self {
        let info = WorkloadInfo::new(workload.into());
        let mut b = Self::with_types(name, &["Ingress"]);
        b.meta.namespace.clone_from(&info.namespace);
        b.workload = Some(info);
        b.allow = Some(AllowIngress::default());
        b
    }

    metadata_setters!("NetworkPolicyBuilder::new(\"np\")");

    /// Adds `key=value` to the policy's pod selector.
    ///
    /// # Examples
    ///
    /// ```
    /// let np = kubeforge::NetworkPolicyBuilder::deny_all_egress("no-egress-batch").pod_selector_label("tier", "batch").build()?;
    /// assert_eq!(np.spec.unwrap().pod_selector.unwrap().match_labels.unwrap()["tier"], "batch");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn pod_selector_label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.spec
            .pod_selector
            .get_or_insert_with(LabelSelector::default)
            .match_labels
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), value.into());
        self
    }

    fn peer(mut self, what: &str, peer: NetworkPolicyPeer) -> Self {
        match &mut self.allow {
            Some(a) => a.peers.push(peer),
            None => self
                .misuse
                .push(format!("{what} applies only to allow_ingress_to()")),
        }
        self
    }

    /// Allows the pods of the policy's namespace that have all these labels.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{ContainerBuilder, DeploymentBuilder, NetworkPolicyBuilder};
    /// # let api = DeploymentBuilder::new("api").container(ContainerBuilder::new("api", "api:1").port(8080)).build()?;
    /// let np = NetworkPolicyBuilder::allow_ingress_to("api-from-web", &api).from_pods([("app", "web")]).build()?;
    /// # let _ = np;
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn from_pods<I, K, V>(self, labels: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let peer = NetworkPolicyPeer {
            pod_selector: Some(labels_selector(labels)),
            ..NetworkPolicyPeer::default()
        };
        self.peer("from_pods()", peer)
    }

    /// Allows every pod of the namespaces that have all these labels (the name of a
    /// namespace is its `kubernetes.io/metadata.name` label).
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{ContainerBuilder, DeploymentBuilder, NetworkPolicyBuilder};
    /// # let api = DeploymentBuilder::new("api").container(ContainerBuilder::new("api", "api:1").port(8080)).build()?;
    /// let np = NetworkPolicyBuilder::allow_ingress_to("api-from-ingress", &api)
    ///     .from_namespaces([("kubernetes.io/metadata.name", "ingress-nginx")]).build()?;
    /// # let _ = np;
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn from_namespaces<I, K, V>(self, labels: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let peer = NetworkPolicyPeer {
            namespace_selector: Some(labels_selector(labels)),
            ..NetworkPolicyPeer::default()
        };
        self.peer("from_namespaces()", peer)
    }

    /// Allows the pods with `pod_labels` in the namespaces with `namespace_labels` (both
    /// must match: one peer with both selectors).
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{ContainerBuilder, DeploymentBuilder, NetworkPolicyBuilder};
    /// # let api = DeploymentBuilder::new("api").container(ContainerBuilder::new("api", "api:1").port(8080)).build()?;
    /// let np = NetworkPolicyBuilder::allow_ingress_to("api-from-prometheus", &api)
    ///     .from_pods_in_namespaces([("app.kubernetes.io/name", "prometheus")], [("kubernetes.io/metadata.name", "monitoring")])
    ///     .build()?;
    /// let peer = &np.spec.unwrap().ingress.unwrap()[0].from.clone().unwrap()[0];
    /// assert!(peer.pod_selector.is_some() && peer.namespace_selector.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn from_pods_in_namespaces<I, K, V, J, L, W>(
        self,
        pod_labels: I,
        namespace_labels: J,
    ) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
        J: IntoIterator<Item = (L, W)>,
        L: Into<String>,
        W: Into<String>,
    {
        let peer = NetworkPolicyPeer {
            pod_selector: Some(labels_selector(pod_labels)),
            namespace_selector: Some(labels_selector(namespace_labels)),
            ..NetworkPolicyPeer::default()
        };
        self.peer("from_pods_in_namespaces()", peer)
    }

    /// Allows any source (no `from`): only the ports are restricted.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{ContainerBuilder, DeploymentBuilder, NetworkPolicyBuilder};
    /// # let web = DeploymentBuilder::new("web").container(ContainerBuilder::new("web", "nginx:1.27").port(80)).build()?;
    /// let np = NetworkPolicyBuilder::allow_ingress_to("web-public", &web).from_anywhere().build()?;
    /// assert!(np.spec.unwrap().ingress.unwrap()[0].from.is_none());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn from_anywhere(mut self) -> Self {
        match &mut self.allow {
            Some(a) => a.anywhere = true,
            None => self
                .misuse
                .push("from_anywhere() applies only to allow_ingress_to()".into()),
        }
        self
    }

    /// Opens only these declared container ports (by name) instead of all of them.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{ContainerBuilder, DeploymentBuilder, NetworkPolicyBuilder};
    /// let api = DeploymentBuilder::new("api")
    ///     .container(ContainerBuilder::new("api", "api:1").named_port("http", 8080).named_port("admin", 9000)).build()?;
    /// let np = NetworkPolicyBuilder::allow_ingress_to("api-http", &api).from_anywhere().only_ports(["http"]).build()?;
    /// assert_eq!(np.spec.unwrap().ingress.unwrap()[0].ports.as_ref().unwrap().len(), 1);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn only_ports<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        match &mut self.allow {
            Some(a) => a.only_ports.extend(names.into_iter().map(Into::into)),
            None => self
                .misuse
                .push("only_ports() applies only to allow_ingress_to()".into()),
        }
        self
    }

    /// Allows DNS lookups (UDP and TCP 53 to the `k8s-app: kube-dns` pods of `kube-system`),
    /// which a default egress deny blocks too.
    ///
    /// # Examples
    ///
    /// ```
    /// let np = kubeforge::NetworkPolicyBuilder::deny_all_egress("deny-out").allow_dns_egress().build()?;
    /// assert_eq!(np.spec.unwrap().egress.unwrap()[0].ports.as_ref().unwrap().len(), 2);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn allow_dns_egress(self) -> Self {
        let port = |proto: &str| NetworkPolicyPort {
            port: Some(IntOrString::Int(53)),
            protocol: Some(proto.to_owned()),
            ..NetworkPolicyPort::default()
        };
        self.egress_rule(NetworkPolicyEgressRule {
            to: Some(vec![NetworkPolicyPeer {
                namespace_selector: Some(labels_selector([(
                    "kubernetes.io/metadata.name",
                    "kube-system",
                )])),
                pod_selector: Some(labels_selector([("k8s-app", "kube-dns")])),
                ..NetworkPolicyPeer::default()
            }]),
            ports: Some(vec![port("UDP"), port("TCP")]),
        })
    }

    /// Adds a raw ingress rule.
    ///
    /// # Examples
    ///
    /// ```
    /// use k8s_openapi::api::networking::v1::NetworkPolicyIngressRule;
    /// let np = kubeforge::NetworkPolicyBuilder::new("allow-all-in").ingress_rule(NetworkPolicyIngressRule::default()).build()?;
    /// assert_eq!(np.spec.unwrap().ingress.unwrap().len(), 1);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn ingress_rule(mut self, rule: NetworkPolicyIngressRule) -> Self {
        self.spec.ingress.get_or_insert_with(Vec::new).push(rule);
        self
    }

    /// Adds a raw egress rule.
    ///
    /// # Examples
    ///
    /// ```
    /// use k8s_openapi::api::networking::v1::NetworkPolicyEgressRule;
    /// let np = kubeforge::NetworkPolicyBuilder::new("allow-all-out").egress_rule(NetworkPolicyEgressRule::default()).build()?;
    /// assert_eq!(np.spec.unwrap().egress.unwrap().len(), 1);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn egress_rule(mut self, rule: NetworkPolicyEgressRule) -> Self {
        self.spec.egress.get_or_insert_with(Vec::new).push(rule);
        self
    }

    options_setter!("NetworkPolicyBuilder::new(\"np\")");

    /// Edits the raw NetworkPolicy before validation (escape hatch for any field).
    ///
    /// # Examples
    ///
    /// ```
    /// let np = kubeforge::NetworkPolicyBuilder::deny_all_ingress("d")
    ///     .customize(|np| np.metadata.annotations = Some([("owner".to_owned(), "sec".to_owned())].into()))
    ///     .build()?;
    /// assert!(np.metadata.annotations.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn customize(mut self, f: impl Fn(&mut NetworkPolicy) + Send + Sync + 'static) -> Self {
        self.customizers.push(Arc::new(f));
        self
    }

    /// Assembles the NetworkPolicy and validates it.
    ///
    /// # Errors
    ///
    /// Every violation found: the apiserver's rules, and for
    /// [`allow_ingress_to`](Self::allow_ingress_to) a workload without declared ports (the
    /// rule would open every port) or without a usable selector, an unknown
    /// [`only_ports`](Self::only_ports) name, or no peer at all.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, DeploymentBuilder, NetworkPolicyBuilder};
    /// let web = DeploymentBuilder::new("web").container(ContainerBuilder::new("web", "nginx:1.27").port(80)).build()?;
    /// let err = NetworkPolicyBuilder::allow_ingress_to("web-in", &web).build().unwrap_err();
    /// assert_eq!(err.violations()[0].to_string(),
    ///     "spec.ingress[0].from: Required value: no peer: call from_pods(), from_namespaces(), from_pods_in_namespaces() or from_anywhere()");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn build(self) -> Result<NetworkPolicy, Error> {
        let name = self.meta.name.clone().unwrap_or_default();
        let mut violations: Vec<Violation> = self
            .misuse
            .into_iter()
            .map(|m| {
                Violation::new(
                    "spec".into(),
                    ViolationKind::Invalid,
                    Some(quote(&name)),
                    Some(m),
                )
            })
            .collect();
        let mut spec = self.spec;
        if let (Some(w), Some(allow)) = (&self.workload, self.allow) {
            match &w.selector {
                Ok(labels) => {
                    let sel = spec.pod_selector.get_or_insert_with(LabelSelector::default);
                    sel.match_labels
                        .get_or_insert_with(BTreeMap::new)
                        .extend(labels.clone());
                }
                Err(why) => violations.push(Violation::new(
                    "spec.podSelector".into(),
                    ViolationKind::Invalid,
                    Some(quote(&w.label)),
                    Some(why.clone()),
                )),
            }
            let (rule, found) = ingress_rule(w, allow);
            violations.extend(found);
            spec.ingress.get_or_insert_with(Vec::new).insert(0, rule);
        }
        let mut np = NetworkPolicy {
            metadata: self.meta,
            spec: Some(spec),
        };
        for f in &self.customizers {
            f(&mut np);
        }
        validate::check_with(&np, self.options, violations)?;
        Ok(np)
    }
}

/// The ingress rule of `allow_ingress_to` (it goes first: `ingress[0]`), and what is wrong
/// with it.
fn ingress_rule(
    w: &WorkloadInfo,
    allow: AllowIngress,
) -> (NetworkPolicyIngressRule, Vec<Violation>) {
    let mut violations = Vec::new();
    for name in &allow.only_ports {
        if !w.ports.iter().any(|p| p.name.as_deref() == Some(name)) {
            violations.push(Violation::new(
                "spec.ingress[0].ports".into(),
                ViolationKind::NotFound,
                Some(quote(name)),
                Some(format!(
                    "no container port of {} is named {} ({})",
                    w.label,
                    quote(name),
                    w.named_ports()
                )),
            ));
        }
    }
    let mut ports: Vec<NetworkPolicyPort> = Vec::new();
    for cp in &w.ports {
        let wanted = allow.only_ports.is_empty()
            || cp
                .name
                .as_ref()
                .is_some_and(|n| allow.only_ports.contains(n));
        let port = NetworkPolicyPort {
            port: Some(IntOrString::Int(cp.container_port)),
            protocol: Some(cp.protocol.clone().unwrap_or_else(|| "TCP".into())),
            ..NetworkPolicyPort::default()
        };
        if wanted && !ports.contains(&port) {
            ports.push(port);
        }
    }
    if w.ports.is_empty() {
        violations.push(Violation::new(
            "spec.ingress[0].ports".into(),
            ViolationKind::Required,
            None,
            Some(format!(
                "{} declares no container port, and a rule without ports opens them all",
                w.label
            )),
        ));
    }
    if allow.anywhere && !allow.peers.is_empty() {
        violations.push(Violation::new(
            "spec.ingress[0].from".into(),
            ViolationKind::Invalid,
            Some(format!("{} peers", allow.peers.len())),
            Some("from_anywhere() allows every source: drop it or the from_*() peers".into()),
        ));
    }
    if allow.peers.is_empty() && !allow.anywhere {
        violations.push(Violation::new(
            "spec.ingress[0].from".into(),
            ViolationKind::Required,
            None,
            Some("no peer: call from_pods(), from_namespaces(), from_pods_in_namespaces() or from_anywhere()".into()),
        ));
    }
    let rule = NetworkPolicyIngressRule {
        from: (!allow.peers.is_empty()).then_some(allow.peers),
        ports: (!ports.is_empty()).then_some(ports),
    };
    (rule, violations)
}
