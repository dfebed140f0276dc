//! Containers: image, command, ports, env, envFrom, mounts, probes, resources, security context.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EnvVar, ExecAction, GRPCAction, HTTPGetAction, HTTPHeader,
    Probe as K8sProbe, ResourceRequirements, SecurityContext, TCPSocketAction,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::env::{self, EnvFrom, FieldRef, KeyRef, ObjectName, ResourceField};
use crate::error::Error;
use crate::heap::HeapOne;
use crate::resources::IntoQuantity;
use crate::security::{self, Level, Seccomp};
use crate::validate::{self, Ctx, Options, Path};
use crate::volume::{Declared, Mount, VolumeBuilder};

/// When the kubelet pulls the image (`imagePullPolicy`).
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::ImagePullPolicy::IfNotPresent.as_str(), "IfNotPresent");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImagePullPolicy {
    /// Pull on every start (the default for `:latest` or untagged images).
    Always,
    /// Pull only when the node lacks the image (the default otherwise).
    IfNotPresent,
    /// Never pull; the image must be on the node.
    Never,
}

impl ImagePullPolicy {
    /// The API spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::ImagePullPolicy::Never.as_str(), "Never");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Always => "Always",
            Self::IfNotPresent => "IfNotPresent",
            Self::Never => "Never",
        }
    }
}

/// A port reference by number or by container-port name (probes).
///
/// # Examples
///
/// ```
/// use kubeforge::PortRef;
/// let by_number: PortRef = 8080.into();
/// let by_name: PortRef = "http".into();
/// assert_ne!(by_number, by_name);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortRef {
    /// A port number.
    Number(i32),
    /// The name of a container port.
    Name(String),
}

impl From<i32> for PortRef {
    fn from(n: i32) -> Self {
        Self::Number(n)
    }
}

impl From<&str> for PortRef {
    fn from(s: &str) -> Self {
        Self::Name(s.to_owned())
    }
}

impl From<String> for PortRef {
    fn from(s: String) -> Self {
        Self::Name(s)
    }
}

impl From<PortRef> for IntOrString {
    fn from(p: PortRef) -> Self {
        match p {
            PortRef::Number(n) => IntOrString::Int(n),
            PortRef::Name(s) => IntOrString::String(s),
        }
    }
}

/// A container port (`ports[]`).
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, Port};
/// let c = ContainerBuilder::new("dns", "coredns:1.11")
///     .port(Port::udp(53).name("dns"))
///     .port(Port::tcp(9153).name("metrics"))
///     .build()?;
/// assert_eq!(c.ports.unwrap()[0].protocol.as_deref(), Some("UDP"));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct Port(ContainerPort);

impl Port {
    /// A TCP port (protocol left to the apiserver's default, `TCP`).
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Port::tcp(8080);
    /// # let _ = p;
    /// ```
    pub fn tcp(container_port: i32) -> Self {
        Self(ContainerPort {
            container_port,
            ..ContainerPort::default()
        })
    }

    /// A UDP port.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Port::udp(53);
    /// # let _ = p;
    /// ```
    pub fn udp(container_port: i32) -> Self {
        Self(ContainerPort {
            container_port,
            protocol: Some("UDP".into()),
            ..ContainerPort::default()
        })
    }

    /// An SCTP port.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Port::sctp(9999);
    /// # let _ = p;
    /// ```
    pub fn sctp(container_port: i32) -> Self {
        Self(ContainerPort {
            container_port,
            protocol: Some("SCTP".into()),
            ..ContainerPort::default()
        })
    }

    /// Names the port (IANA service name: ≤ 15 lowercase characters), so Services and probes can use it.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Port::tcp(8080).name("http");
    /// # let _ = p;
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.0.name = Some(name.into());
        self
    }

    /// Exposes the port on the node (`hostPort`); avoid unless needed.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Port::tcp(80).host_port(8080);
    /// # let _ = p;
    /// ```
    pub fn host_port(mut self, host_port: i32) -> Self {
        self.0.host_port = Some(host_port);
        self
    }
}

impl From<i32> for Port {
    fn from(n: i32) -> Self {
        Self::tcp(n)
    }
}

/// A liveness, readiness or startup probe.
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, Probe};
/// let c = ContainerBuilder::new("web", "nginx:1.27")
///     .liveness_probe(Probe::http_get("/healthz", "http").period_seconds(10))
///     .readiness_probe(Probe::tcp_socket(80).initial_delay_seconds(5))
///     .startup_probe(Probe::exec(["cat", "/tmp/ready"]).failure_threshold(30))
///     .build()?;
/// assert_eq!(c.liveness_probe.unwrap().http_get.unwrap().path.as_deref(), Some("/healthz"));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct Probe(K8sProbe);

impl Probe {
    /// An HTTP GET on `path` at `port` (number or port name); 2xx/3xx is success.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Probe::http_get("/healthz", 8080);
    /// # let _ = p;
    /// ```
    pub fn http_get(path: impl Into<String>, port: impl Into<PortRef>) -> Self {
        Self(K8sProbe {
            http_get: Some(HTTPGetAction {
                path: Some(path.into()),
                port: port.into().into(),
                ..HTTPGetAction::default()
            }),
            ..K8sProbe::default()
        })
    }

    /// A TCP connect to `port`.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Probe::tcp_socket(3306);
    /// # let _ = p;
    /// ```
    pub fn tcp_socket(port: impl Into<PortRef>) -> Self {
        Self(K8sProbe {
            tcp_socket: Some(TCPSocketAction {
                port: port.into().into(),
                host: None,
            }),
            ..K8sProbe::default()
        })
    }

    /// Runs a command in the container; exit code 0 is success.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Probe::exec(["mysqladmin", "ping"]);
    /// # let _ = p;
    /// ```
    pub fn exec<I, S>(command: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self(K8sProbe {
            exec: Some(ExecAction {
                command: Some(command.into_iter().map(Into::into).collect()),
            }),
            ..K8sProbe::default()
        })
    }

    /// A gRPC health check on `port`.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Probe::grpc(50051);
    /// # let _ = p;
    /// ```
    pub fn grpc(port: i32) -> Self {
        Self(K8sProbe {
            grpc: Some(GRPCAction {
                port,
                ..GRPCAction::default()
            }),
            ..K8sProbe::default()
        })
    }

    /// Uses HTTPS for an HTTP probe.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Probe::http_get("/", 8443).https();
    /// # let _ = p;
    /// ```
    pub fn https(mut self) -> Self {
        if let Some(h) = &mut self.0.http_get {
            h.scheme = Some("HTTPS".into());
        }
        self
    }

    /// Adds a header to an HTTP probe.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Probe::http_get("/", 80).http_header("X-Probe", "1");
    /// # let _ = p;
    /// ```
    pub fn http_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        if let Some(h) = &mut self.0.http_get {
            h.http_headers
                .get_or_insert_with(Vec::new)
                .push(HTTPHeader {
                    name: name.into(),
                    value: value.into(),
                });
        }
        self
    }

    /// Seconds before the first probe.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Probe::tcp_socket(80).initial_delay_seconds(5);
    /// # let _ = p;
    /// ```
    pub fn initial_delay_seconds(mut self, s: i32) -> Self {
        self.0.initial_delay_seconds = Some(s);
        self
    }

    /// Seconds between probes (default 10).
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Probe::tcp_socket(80).period_seconds(5);
    /// # let _ = p;
    /// ```
    pub fn period_seconds(mut self, s: i32) -> Self {
        self.0.period_seconds = Some(s);
        self
    }

    /// Seconds before a probe times out (default 1).
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Probe::tcp_socket(80).timeout_seconds(2);
    /// # let _ = p;
    /// ```
    pub fn timeout_seconds(mut self, s: i32) -> Self {
        self.0.timeout_seconds = Some(s);
        self
    }

    /// Consecutive successes to count as healthy (must be 1 for liveness and startup probes).
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Probe::tcp_socket(80).success_threshold(2);
    /// # let _ = p;
    /// ```
    pub fn success_threshold(mut self, n: i32) -> Self {
        self.0.success_threshold = Some(n);
        self
    }

    /// Consecutive failures to count as failed (default 3).
    ///
    /// # Examples
    ///
    /// ```
    /// let p = kubeforge::Probe::tcp_socket(80).failure_threshold(30);
    /// # let _ = p;
    /// ```
    pub fn failure_threshold(mut self, n: i32) -> Self {
        self.0.failure_threshold = Some(n);
        self
    }

    /// The plain probe.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(kubeforge::Probe::grpc(9000).into_probe().grpc.is_some());
    /// ```
    pub fn into_probe(self) -> K8sProbe {
        self.0
    }
}

/// Builds one container.
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, ImagePullPolicy, VolumeBuilder, Mount, Quantity};
/// let c = ContainerBuilder::new("app", "registry.example.com/app:1.2.3")
///     .image_pull_policy(ImagePullPolicy::IfNotPresent)
///     .args(["--listen", "0.0.0.0:8080"])
///     .named_port("http", 8080)
///     .env("APP_MODE", "production")
///     .env_secret_key("DB_PASSWORD", "app-secret", "password")
///     .env_from_config_map("app-config")
///     .mount(VolumeBuilder::empty_dir("tmp"), "/tmp")
///     .request_cpu(Quantity::millicores(250))
///     .request_memory(Quantity::mebibytes(64))
///     .limit_memory("128Mi")
///     .build()?;
/// assert_eq!(c.env.as_ref().unwrap().len(), 2);
/// assert_eq!(c.resources.unwrap().requests.unwrap()["cpu"].0, "250m");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct ContainerBuilder {
    // Boxed: builders move on every setter call, and a Container is over 2 KiB.
    container: HeapOne<Container>,
    volumes: Declared,
    preset: Option<Level>,
}

impl ContainerBuilder {
    /// A container named `name` (a DNS label, unique in the pod) running `image`.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("web", "nginx:1.27").build()?;
    /// assert_eq!(c.image.as_deref(), Some("nginx:1.27"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>, image: impl Into<String>) -> Self {
        // `Box::default` builds the 2 KiB container in place, without a stack copy.
        let mut container: HeapOne<Container> = HeapOne::default();
        container.name = name.into();
        container.image = Some(image.into());
        Self {
            container,
            volumes: Declared::default(),
            preset: None,
        }
    }

    /// Starts from a plain k8s-openapi container.
    ///
    /// # Examples
    ///
    /// ```
    /// use k8s_openapi::api::core::v1::Container;
    /// let c = kubeforge::ContainerBuilder::from_container(Container { name: "x".into(), image: Some("busybox:1.36".into()), ..Default::default() }).build()?;
    /// assert_eq!(c.name, "x");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn from_container(container: Container) -> Self {
        Self {
            container: HeapOne::new(container),
            volumes: Declared::default(),
            preset: None,
        }
    }

    /// When to pull the image.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, ImagePullPolicy};
    /// let c = ContainerBuilder::new("a", "img:1").image_pull_policy(ImagePullPolicy::Always).build()?;
    /// assert_eq!(c.image_pull_policy.as_deref(), Some("Always"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn image_pull_policy(mut self, policy: ImagePullPolicy) -> Self {
        self.container.image_pull_policy = Some(policy.as_str().to_owned());
        self
    }

    /// Replaces the image's entrypoint (`command`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("b", "busybox:1.36").command(["sh", "-c", "sleep 3600"]).build()?;
    /// assert_eq!(c.command.unwrap().len(), 3);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn command<I, S>(mut self, command: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.container.command = non_empty(command.into_iter().map(Into::into).collect());
        self
    }

    /// Replaces the image's arguments (`args`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("b", "busybox:1.36").args(["--port", "80"]).build()?;
    /// assert_eq!(c.args.unwrap()[1], "80");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.container.args = non_empty(args.into_iter().map(Into::into).collect());
        self
    }

    /// The working directory (`workingDir`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("b", "busybox:1.36").working_dir("/srv").build()?;
    /// assert_eq!(c.working_dir.as_deref(), Some("/srv"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn working_dir(mut self, dir: impl Into<String>) -> Self {
        self.container.working_dir = Some(dir.into());
        self
    }

    /// Adds a port (a [`Port`], or a bare number for TCP).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("mysql", "mysql:5.7").port(3306).build()?;
    /// assert_eq!(c.ports.unwrap()[0].container_port, 3306);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn port(mut self, port: impl Into<Port>) -> Self {
        self.container
            .ports
            .get_or_insert_with(Vec::new)
            .push(port.into().0);
        self
    }

    /// Adds several ports.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").ports([80, 443]).build()?;
    /// assert_eq!(c.ports.unwrap().len(), 2);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn ports<I, P>(mut self, ports: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<Port>,
    {
        for p in ports {
            self = self.port(p);
        }
        self
    }

    /// Adds a named TCP port.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").named_port("http", 8080).build()?;
    /// assert_eq!(c.ports.unwrap()[0].name.as_deref(), Some("http"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn named_port(self, name: impl Into<String>, container_port: i32) -> Self {
        self.port(Port::tcp(container_port).name(name))
    }

    fn push_env(mut self, var: EnvVar) -> Self {
        self.container.env.get_or_insert_with(Vec::new).push(var);
        self
    }

    /// Adds a literal env var. Order is kept: a later value may use `$(EARLIER)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1")
    ///     .env("HOST", "db").env("URL", "mysql://$(HOST):3306").build()?;
    /// assert_eq!(c.env.unwrap()[1].value.as_deref(), Some("mysql://$(HOST):3306"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn env(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.push_env(env::literal(name.into(), value.into()))
    }

    /// Adds several literal env vars, in iteration order.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").envs([("A", "1"), ("B", "2")]).build()?;
    /// assert_eq!(c.env.unwrap().len(), 2);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn envs<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        for (k, v) in vars {
            self = self.env(k, v);
        }
        self
    }

    /// Adds an env var read from a ConfigMap or Secret key (see [`KeyRef`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, KeyRef};
    /// let c = ContainerBuilder::new("a", "img:1").env_key_ref("X", KeyRef::config_map("cfg", "x")).build()?;
    /// assert!(c.env.unwrap()[0].value_from.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn env_key_ref(self, name: impl Into<String>, key: KeyRef) -> Self {
        self.push_env(env::from_source(name.into(), key.into_source()))
    }

    /// Adds an env var from one key of a ConfigMap (by name or the object itself).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("mysql", "mysql:5.7")
    ///     .env_config_map_key("MYSQL_DATABASE", "mysql-env", "MYSQL_DATABASE").build()?;
    /// let r = c.env.unwrap()[0].value_from.clone().unwrap().config_map_key_ref.unwrap();
    /// assert_eq!((r.name.as_str(), r.key.as_str()), ("mysql-env", "MYSQL_DATABASE"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn env_config_map_key(
        self,
        name: impl Into<String>,
        config_map: impl ObjectName,
        key: impl Into<String>,
    ) -> Self {
        self.env_key_ref(name, KeyRef::config_map(config_map, key))
    }

    /// Adds an env var from one key of a Secret (by name or the object itself).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").env_secret_key("PW", "db", "password").build()?;
    /// assert!(c.env.unwrap()[0].value_from.clone().unwrap().secret_key_ref.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn env_secret_key(
        self,
        name: impl Into<String>,
        secret: impl ObjectName,
        key: impl Into<String>,
    ) -> Self {
        self.env_key_ref(name, KeyRef::secret(secret, key))
    }

    /// Adds an env var from the downward API (pod name, namespace, IP, node, labels...).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, FieldRef};
    /// let c = ContainerBuilder::new("a", "img:1").env_field("NODE", FieldRef::NodeName).build()?;
    /// assert_eq!(c.env.unwrap()[0].value_from.clone().unwrap().field_ref.unwrap().field_path, "spec.nodeName");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn env_field(self, name: impl Into<String>, field: FieldRef) -> Self {
        let source = k8s_openapi::api::core::v1::EnvVarSource {
            field_ref: Some(field.into_selector()),
            ..Default::default()
        };
        self.push_env(env::from_source(name.into(), source))
    }

    /// Adds an env var holding one of this container's requests or limits, divided by `divisor`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, ResourceField};
    /// let c = ContainerBuilder::new("a", "img:1").limit_cpu("2").env_resource("CPUS", ResourceField::LimitsCpu, "1").build()?;
    /// assert!(c.env.unwrap()[0].value_from.clone().unwrap().resource_field_ref.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn env_resource(
        self,
        name: impl Into<String>,
        field: ResourceField,
        divisor: impl IntoQuantity,
    ) -> Self {
        let source = k8s_openapi::api::core::v1::EnvVarSource {
            resource_field_ref: Some(field.into_selector(Some(divisor))),
            ..Default::default()
        };
        self.push_env(env::from_source(name.into(), source))
    }

    /// Adds a plain k8s-openapi env var.
    ///
    /// # Examples
    ///
    /// ```
    /// use k8s_openapi::api::core::v1::EnvVar;
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").env_var(EnvVar { name: "X".into(), value: Some("1".into()), value_from: None }).build()?;
    /// assert_eq!(c.env.unwrap()[0].name, "X");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn env_var(self, var: EnvVar) -> Self {
        self.push_env(var)
    }

    /// Adds a whole ConfigMap or Secret as env vars (see [`EnvFrom`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, EnvFrom};
    /// let c = ContainerBuilder::new("a", "img:1").env_from(EnvFrom::secret("s").prefix("S_")).build()?;
    /// assert_eq!(c.env_from.unwrap()[0].prefix.as_deref(), Some("S_"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn env_from(mut self, source: EnvFrom) -> Self {
        self.container
            .env_from
            .get_or_insert_with(Vec::new)
            .push(source.into_source());
        self
    }

    /// Adds every key of a ConfigMap as env vars (`envFrom.configMapRef`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("my-container", "my-app:1.0").env_from_config_map("app-config").build()?;
    /// assert_eq!(c.env_from.unwrap()[0].config_map_ref.as_ref().unwrap().name, "app-config");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn env_from_config_map(self, config_map: impl ObjectName) -> Self {
        self.env_from(EnvFrom::config_map(config_map))
    }

    /// Adds every key of a Secret as env vars (`envFrom.secretRef`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").env_from_secret("app-secret").build()?;
    /// assert!(c.env_from.unwrap()[0].secret_ref.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn env_from_secret(self, secret: impl ObjectName) -> Self {
        self.env_from(EnvFrom::secret(secret))
    }

    /// Mounts `volume` in this container **and** declares it on the pod, in one call.
    ///
    /// The same volume mounted by several containers is declared once; two different volumes
    /// with one name are an error at `build()` of the pod.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, Mount, VolumeBuilder};
    /// let c = ContainerBuilder::new("a", "img:1")
    ///     .mount(VolumeBuilder::secret("cert", "my-cert"), Mount::at("/etc/certs").read_only())
    ///     .build()?;
    /// assert_eq!(c.volume_mounts.unwrap()[0].read_only, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn mount(mut self, volume: VolumeBuilder, mount: impl Into<Mount>) -> Self {
        let name = volume.name().to_owned();
        self.volumes.push(volume);
        self.volume_mount(name, mount)
    }

    /// Mounts a volume declared on the pod by name (`volumeMounts[]`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").volume_mount("data", "/data").build()?;
    /// assert_eq!(c.volume_mounts.unwrap()[0].mount_path, "/data");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn volume_mount(mut self, volume_name: impl Into<String>, mount: impl Into<Mount>) -> Self {
        let m = mount.into().into_volume_mount(volume_name.into());
        self.container
            .volume_mounts
            .get_or_insert_with(Vec::new)
            .push(m);
        self
    }

    fn resource(mut self, limits: bool, name: &str, q: impl IntoQuantity) -> Self {
        let r = self
            .container
            .resources
            .get_or_insert_with(ResourceRequirements::default);
        let map = if limits {
            &mut r.limits
        } else {
            &mut r.requests
        };
        map.get_or_insert_with(BTreeMap::new)
            .insert(name.to_owned(), q.into_quantity());
        self
    }

    /// Requests CPU for scheduling (`resources.requests.cpu`), e.g. `Quantity::millicores(250)` or `"250m"`.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").request_cpu("250m").build()?;
    /// assert_eq!(c.resources.unwrap().requests.unwrap()["cpu"].0, "250m");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn request_cpu(self, q: impl IntoQuantity) -> Self {
        self.resource(false, "cpu", q)
    }

    /// Requests memory for scheduling (`resources.requests.memory`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").request_memory(kubeforge::Quantity::mebibytes(64)).build()?;
    /// assert_eq!(c.resources.unwrap().requests.unwrap()["memory"].0, "64Mi");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn request_memory(self, q: impl IntoQuantity) -> Self {
        self.resource(false, "memory", q)
    }

    /// Caps CPU (`resources.limits.cpu`; the container is throttled above it).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").limit_cpu("500m").build()?;
    /// assert_eq!(c.resources.unwrap().limits.unwrap()["cpu"].0, "500m");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn limit_cpu(self, q: impl IntoQuantity) -> Self {
        self.resource(true, "cpu", q)
    }

    /// Caps memory (`resources.limits.memory`; the container is OOM-killed above it).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").limit_memory("128Mi").build()?;
    /// assert_eq!(c.resources.unwrap().limits.unwrap()["memory"].0, "128Mi");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn limit_memory(self, q: impl IntoQuantity) -> Self {
        self.resource(true, "memory", q)
    }

    /// Requests any resource by name (`ephemeral-storage`, `hugepages-2Mi`, `example.com/gpu`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").request("ephemeral-storage", "1Gi").build()?;
    /// assert!(c.resources.unwrap().requests.unwrap().contains_key("ephemeral-storage"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn request(self, resource: &str, q: impl IntoQuantity) -> Self {
        self.resource(false, resource, q)
    }

    /// Limits any resource by name.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").limit("example.com/gpu", "1").request("example.com/gpu", "1").build()?;
    /// assert!(c.resources.unwrap().limits.unwrap().contains_key("example.com/gpu"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn limit(self, resource: &str, q: impl IntoQuantity) -> Self {
        self.resource(true, resource, q)
    }

    /// Sets a liveness probe (restart the container when it fails).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, Probe};
    /// let c = ContainerBuilder::new("a", "img:1").liveness_probe(Probe::tcp_socket(80)).build()?;
    /// assert!(c.liveness_probe.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn liveness_probe(mut self, probe: Probe) -> Self {
        self.container.liveness_probe = Some(probe.0);
        self
    }

    /// Sets a readiness probe (remove the pod from Service endpoints when it fails).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, Probe};
    /// let c = ContainerBuilder::new("a", "img:1").readiness_probe(Probe::http_get("/ready", 80)).build()?;
    /// assert!(c.readiness_probe.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn readiness_probe(mut self, probe: Probe) -> Self {
        self.container.readiness_probe = Some(probe.0);
        self
    }

    /// Sets a startup probe (hold the other probes until the app has started).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, Probe};
    /// let c = ContainerBuilder::new("a", "img:1").startup_probe(Probe::grpc(9000)).build()?;
    /// assert!(c.startup_probe.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn startup_probe(mut self, probe: Probe) -> Self {
        self.container.startup_probe = Some(probe.0);
        self
    }

    /// Sets the container's whole security context (see also
    /// [`security_preset`](Self::security_preset) and the field setters).
    ///
    /// # Examples
    ///
    /// ```
    /// use k8s_openapi::api::core::v1::SecurityContext;
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1")
    ///     .security_context(SecurityContext { run_as_non_root: Some(true), ..Default::default() })
    ///     .build()?;
    /// assert_eq!(c.security_context.unwrap().run_as_non_root, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn security_context(mut self, sc: SecurityContext) -> Self {
        self.container.security_context = Some(sc);
        self
    }

    /// Applies the security preset of a Pod Security Standards level to this container (see
    /// [`Level`] and the table in the crate docs of presets). The preset fills, at `build()`,
    /// only the fields left unset, so the setters below override it whatever the call order;
    /// `Level::Privileged` removes a preset, including one the pod would pass down.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, Level};
    /// let c = ContainerBuilder::new("app", "img:1").security_preset(Level::Restricted).build()?;
    /// let sc = c.security_context.unwrap();
    /// assert_eq!(sc.allow_privilege_escalation, Some(false));
    /// assert_eq!(sc.capabilities.unwrap().drop, Some(vec!["ALL".to_owned()]));
    /// assert_eq!(sc.run_as_non_root, Some(true));
    /// assert_eq!(sc.seccomp_profile.unwrap().type_, "RuntimeDefault");
    /// assert_eq!(sc.run_as_user, None); // never forced
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn security_preset(mut self, level: Level) -> Self {
        self.preset = Some(level);
        self
    }

    fn sc(&mut self) -> &mut SecurityContext {
        self.container
            .security_context
            .get_or_insert_with(SecurityContext::default)
    }

    /// `securityContext.runAsNonRoot`.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").run_as_non_root(true).build()?;
    /// assert_eq!(c.security_context.unwrap().run_as_non_root, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn run_as_non_root(mut self, non_root: bool) -> Self {
        self.sc().run_as_non_root = Some(non_root);
        self
    }

    /// `securityContext.runAsUser` (a numeric user id; 0 is root).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").run_as_user(1000).build()?;
    /// assert_eq!(c.security_context.unwrap().run_as_user, Some(1000));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn run_as_user(mut self, uid: i64) -> Self {
        self.sc().run_as_user = Some(uid);
        self
    }

    /// `securityContext.runAsGroup`.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").run_as_group(3000).build()?;
    /// assert_eq!(c.security_context.unwrap().run_as_group, Some(3000));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn run_as_group(mut self, gid: i64) -> Self {
        self.sc().run_as_group = Some(gid);
        self
    }

    /// `securityContext.allowPrivilegeEscalation` (whether a process may gain more privileges
    /// than its parent, e.g. through setuid binaries).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, Level};
    /// // An explicit value wins over the preset, whatever the order.
    /// let c = ContainerBuilder::new("a", "img:1")
    ///     .allow_privilege_escalation(true)
    ///     .security_preset(Level::Restricted)
    ///     .build()?;
    /// assert_eq!(c.security_context.unwrap().allow_privilege_escalation, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn allow_privilege_escalation(mut self, allow: bool) -> Self {
        self.sc().allow_privilege_escalation = Some(allow);
        self
    }

    /// `securityContext.privileged`.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").privileged(false).build()?;
    /// assert_eq!(c.security_context.unwrap().privileged, Some(false));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn privileged(mut self, privileged: bool) -> Self {
        self.sc().privileged = Some(privileged);
        self
    }

    /// `securityContext.readOnlyRootFilesystem`. See
    /// [`read_only_root_filesystem_except`](Self::read_only_root_filesystem_except) for the
    /// directories an app still writes to.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").read_only_root_filesystem(true).build()?;
    /// assert_eq!(c.security_context.unwrap().read_only_root_filesystem, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn read_only_root_filesystem(mut self, read_only: bool) -> Self {
        self.sc().read_only_root_filesystem = Some(read_only);
        self
    }

    /// A read-only root filesystem, with a writable `emptyDir` mounted at each of `paths` (e.g.
    /// `/tmp`, `/var/cache/nginx`). Each volume is named `<container>-<path>` as a DNS label
    /// (`web-var-cache-nginx`) and declared on the pod.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, PodBuilder};
    /// let pod = PodBuilder::new("p")
    ///     .container(ContainerBuilder::new("web", "nginx:1.27").read_only_root_filesystem_except(["/tmp", "/var/cache/nginx"]))
    ///     .build()?;
    /// let spec = pod.spec.unwrap();
    /// let c = &spec.containers[0];
    /// assert_eq!(c.security_context.as_ref().unwrap().read_only_root_filesystem, Some(true));
    /// let mounts: Vec<_> = c.volume_mounts.iter().flatten().map(|m| (m.name.as_str(), m.mount_path.as_str())).collect();
    /// assert_eq!(mounts, [("web-tmp", "/tmp"), ("web-var-cache-nginx", "/var/cache/nginx")]);
    /// assert!(spec.volumes.unwrap().iter().all(|v| v.empty_dir.is_some()));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn read_only_root_filesystem_except<I, S>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self = self.read_only_root_filesystem(true);
        for path in paths {
            let path = path.into();
            let name = security::writable_dir_volume_name(&self.container.name, &path);
            self = self.mount(VolumeBuilder::empty_dir(name), path.as_str());
        }
        self
    }

    /// Adds a Linux capability (`securityContext.capabilities.add`), e.g. `NET_BIND_SERVICE`,
    /// the only one the Restricted level allows.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, Level};
    /// let c = ContainerBuilder::new("a", "img:1").security_preset(Level::Restricted).add_capability("NET_BIND_SERVICE").build()?;
    /// let caps = c.security_context.unwrap().capabilities.unwrap();
    /// assert_eq!((caps.add.unwrap(), caps.drop.unwrap()), (vec!["NET_BIND_SERVICE".to_owned()], vec!["ALL".to_owned()]));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn add_capability(mut self, capability: impl Into<String>) -> Self {
        self.sc()
            .capabilities
            .get_or_insert_with(Default::default)
            .add
            .get_or_insert_with(Vec::new)
            .push(capability.into());
        self
    }

    /// Drops a Linux capability (`securityContext.capabilities.drop`); a preset's `ALL` is then
    /// not added.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").drop_capability("NET_RAW").build()?;
    /// assert_eq!(c.security_context.unwrap().capabilities.unwrap().drop, Some(vec!["NET_RAW".to_owned()]));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn drop_capability(mut self, capability: impl Into<String>) -> Self {
        self.sc()
            .capabilities
            .get_or_insert_with(Default::default)
            .drop
            .get_or_insert_with(Vec::new)
            .push(capability.into());
        self
    }

    /// `securityContext.seccompProfile`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, Seccomp};
    /// let c = ContainerBuilder::new("a", "img:1").seccomp(Seccomp::RuntimeDefault).build()?;
    /// assert_eq!(c.security_context.unwrap().seccomp_profile.unwrap().type_, "RuntimeDefault");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn seccomp(mut self, profile: Seccomp) -> Self {
        self.sc().seccomp_profile = Some(profile.into_profile());
        self
    }

    /// Edits the raw container now (escape hatch); `build()` still validates the result.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::ContainerBuilder::new("a", "img:1").customize(|c| c.tty = Some(true)).build()?;
    /// assert_eq!(c.tty, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn customize(mut self, f: impl FnOnce(&mut Container)) -> Self {
        f(&mut self.container);
        self
    }

    /// The container's name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::ContainerBuilder::new("a", "img:1").name(), "a");
    /// ```
    pub fn name(&self) -> &str {
        &self.container.name
    }

    /// Validates the container on its own (paths relative to the container) and returns it.
    ///
    /// Volumes passed to [`mount`](Self::mount) are not part of a container; build a pod to get them.
    ///
    /// # Errors
    ///
    /// Every violation of the container rules, e.g. `env[0].name: Required value`.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = kubeforge::ContainerBuilder::new("a", "img:1").env("", "x").build().unwrap_err();
    /// assert_eq!(err.violations()[0].to_string(), "env[0].name: Required value");
    /// ```
    pub fn build(self) -> Result<Container, Error> {
        let mut ctx = Ctx::new(Options::default());
        let mut c = self.container.into_inner();
        security::apply_to_container(&mut c, self.preset, None);
        let mounts: validate::Seen<&str> = c
            .volume_mounts
            .iter()
            .flatten()
            .map(|m| m.name.as_str())
            .collect();
        validate::pod::container_alone(&mut ctx, &c, &Path::root(""), &mounts);
        let name = c.name.clone();
        ctx.finish(|| format!("Container/{name}"))?;
        Ok(c)
    }

    /// The container with its preset (or the pod's) applied, and the volumes it declares.
    pub(crate) fn into_parts(
        mut self,
        pod_preset: Option<Level>,
    ) -> (HeapOne<Container>, Declared) {
        security::apply_to_container(&mut self.container, self.preset, pod_preset);
        (self.container, self.volumes)
    }
}

fn non_empty(v: Vec<String>) -> Option<Vec<String>> {
    (!v.is_empty()).then_some(v)
}
