//! Service and NetworkPolicy rules (`ValidateService`, `ValidateNetworkPolicySpec` of
//! `pkg/apis/core/validation` and `pkg/apis/networking/validation`): the subset a manifest
//! generator can get wrong. Defaulted fields (`type`, `protocol`, `targetPort`,
//! `sessionAffinity`) are checked only when set, as RULES.md §0 says.

use k8s_openapi::api::core::v1::{ServicePort, ServiceSpec};
use k8s_openapi::api::networking::v1::{
    NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::meta::{self, NameRule};
use super::workload::label_selector;
use super::{Ctx, Path, Seen, Validate, format};
use crate::error::ViolationKind;

/// `supportedServiceType`, sorted.
const SERVICE_TYPES: [&str; 4] = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

/// `supportedPortProtocols`, sorted.
const PROTOCOLS: [&str; 3] = ["SCTP", "TCP", "UDP"];

/// `supportedSessionAffinityType`, sorted.
const SESSION_AFFINITIES: [&str; 2] = ["ClientIP", "None"];

/// The kubelet's port, which a LoadBalancer may not expose (`ports.KubeletPort`).
const KUBELET_PORT: i32 = 10250;

/// Whether a Service is headless (`clusterIP: None`, or `clusterIPs[0]: None`).
pub(crate) fn is_headless(spec: &ServiceSpec) -> bool {
    spec.cluster_ip.as_deref() == Some("None")
        || spec
            .cluster_ips
            .as_ref()
            .and_then(|ips| ips.first())
            .is_some_and(|ip| ip == "None")
}

/// `ValidateService` (spec part).
pub(crate) fn service_spec(ctx: &mut Ctx, spec: &ServiceSpec) {
    let path = Path::root("spec");
    let ty = spec.type_.as_deref().unwrap_or("ClusterIP");
    let headless = is_headless(spec);
    let ports = spec.ports.as_deref().unwrap_or_default();
    if ports.is_empty() && !headless && ty != "ExternalName" {
        ctx.required(&path.child("ports"), "");
    }
    if !SERVICE_TYPES.contains(&ty) {
        ctx.not_supported(&path.child("type"), ty, &SERVICE_TYPES);
    }
    let ips = path.child("clusterIPs");
    let ip0 = ips.index(0);
    let pp = path.child("ports");
    match ty {
        "LoadBalancer" => {
            for (i, p) in ports.iter().enumerate() {
                if p.port == KUBELET_PORT {
                    ctx.invalid_raw(
                        &pp.index(i),
                        p.port,
                        format!(
                            "may not expose port {KUBELET_PORT} externally since it is used by kubelet"
                        ),
                    );
                }
            }
            if headless {
                ctx.invalid(
                    &ip0,
                    "None",
                    "may not be set to 'None' for LoadBalancer services",
                );
            }
        }
        "NodePort" if headless => {
            ctx.invalid(
                &ip0,
                "None",
                "may not be set to 'None' for NodePort services",
            );
        }
        "ExternalName" => {
            let ep = path.child("externalName");
            match spec.external_name.as_deref().filter(|n| !n.is_empty()) {
                None => ctx.required(&ep, ""),
                Some(name) => {
                    let cname = name.strip_suffix('.').unwrap_or(name);
                    ctx.invalid_all(&ep, name, format::dns1123_subdomain(cname));
                }
            }
        }
        _ => {}
    }
    service_ports(ctx, ports, ty, &pp);
    meta::labels(ctx, spec.selector.as_ref(), &path.child("selector"));
    if let Some(sa) = spec.session_affinity.as_deref()
        && !SESSION_AFFINITIES.contains(&sa)
    {
        ctx.not_supported(&path.child("sessionAffinity"), sa, &SESSION_AFFINITIES);
    }
}

/// `validateServicePort` of every port, then the Service-wide port rules: no `nodePort` on a
/// ClusterIP Service, unique node ports and unique `(port, protocol)` pairs.
fn service_ports(ctx: &mut Ctx, ports: &[ServicePort], ty: &str, path: &Path<'_>) {
    let mut names: Seen<&str> = Seen::new();
    let require_name = ports.len() > 1;
    for (i, sp) in ports.iter().enumerate() {
        let p = path.index(i);
        let np = p.child("name");
        match sp.name.as_deref().filter(|n| !n.is_empty()) {
            None if require_name => ctx.required(&np, ""),
            None => {}
            Some(name) => {
                ctx.invalid_all(&np, name, format::dns1123_label(name));
                if !names.insert(name) {
                    ctx.duplicate(&np, name);
                }
            }
        }
        for m in format::port_number(sp.port) {
            ctx.invalid_raw(&p.child("port"), sp.port, m);
        }
        if let Some(proto) = sp.protocol.as_deref()
            && !PROTOCOLS.contains(&proto)
        {
            ctx.not_supported(&p.child("protocol"), proto, &PROTOCOLS);
        }
        // An unset, `0` or `""` target port is defaulted to `port`.
        match &sp.target_port {
            Some(IntOrString::Int(n)) if *n != 0 => {
                for m in format::port_number(*n) {
                    ctx.invalid_raw(&p.child("targetPort"), n, m);
                }
            }
            Some(IntOrString::String(s)) if !s.is_empty() => {
                ctx.invalid_all(&p.child("targetPort"), s, format::port_name(s));
            }
            _ => {}
        }
    }
    let mut node_ports: Seen<(&str, i32)> = Seen::new();
    let mut pairs: Seen<(&str, i32)> = Seen::new();
    for (i, sp) in ports.iter().enumerate() {
        let p = path.index(i);
        let proto = sp.protocol.as_deref().unwrap_or("TCP");
        if let Some(np) = sp.node_port.filter(|n| *n != 0) {
            if ty == "ClusterIP" {
                ctx.forbidden(
                    &p.child("nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                );
            }
            if !node_ports.insert((proto, np)) {
                ctx.push(
                    &p.child("nodePort"),
                    ViolationKind::Duplicate,
                    Some(np.to_string()),
                    None,
                );
            }
        }
        if !pairs.insert((proto, sp.port)) {
            ctx.push(
                &p,
                ViolationKind::Duplicate,
                Some(format!(
                    "core.ServicePort{{Name:\"\", Protocol:{proto:?}, AppProtocol:(*string)(nil), Port:{}, \
                     TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}",
                    sp.port
                )),
                None,
            );
        }
    }
}

impl Validate for NetworkPolicy {
    fn object_ref(&self) -> String {
        format!(
            "NetworkPolicy/{}",
            self.metadata.name.as_deref().unwrap_or("")
        )
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Subdomain, true);
        let default = NetworkPolicySpec::default();
        network_policy_spec(ctx, self.spec.as_ref().unwrap_or(&default));
    }
}

/// `ValidateNetworkPolicySpec`: the pod selector, every rule's ports and peers, the policy
/// types.
fn network_policy_spec(ctx: &mut Ctx, spec: &NetworkPolicySpec) {
    let path = Path::root("spec");
    if let Some(sel) = &spec.pod_selector {
        label_selector(ctx, sel, &path.child("podSelector"));
    }
    let ip = path.child("ingress");
    for (i, rule) in spec.ingress.iter().flatten().enumerate() {
        let rp = ip.index(i);
        policy_ports(ctx, rule.ports.as_deref(), &rp.child("ports"));
        policy_peers(ctx, rule.from.as_deref(), &rp.child("from"));
    }
    let ep = path.child("egress");
    for (i, rule) in spec.egress.iter().flatten().enumerate() {
        let rp = ep.index(i);
        policy_ports(ctx, rule.ports.as_deref(), &rp.child("ports"));
        policy_peers(ctx, rule.to.as_deref(), &rp.child("to"));
    }
    let tp = path.child("policyTypes");
    let types = spec.policy_types.as_deref().unwrap_or_default();
    if types.len() > 2 {
        let dump: Vec<String> = types.iter().map(|t| format!("{t:?}")).collect();
        ctx.invalid_raw(
            &tp,
            format!("&[]networking.PolicyType{{{}}}", dump.join(", ")),
            "may not specify more than two policyTypes",
        );
        return;
    }
    for (i, t) in types.iter().enumerate() {
        if !["Ingress", "Egress"].contains(&t.as_str()) {
            ctx.not_supported(&tp.index(i), t, &["Ingress", "Egress"]);
        }
    }
}

/// `ValidateNetworkPolicyPort`: protocol, and a port number or an IANA port name.
fn policy_ports(ctx: &mut Ctx, ports: Option<&[NetworkPolicyPort]>, path: &Path<'_>) {
    for (i, port) in ports.unwrap_or_default().iter().enumerate() {
        let p = path.index(i);
        if let Some(proto) = port.protocol.as_deref()
            && !["TCP", "UDP", "SCTP"].contains(&proto)
        {
            ctx.not_supported(&p.child("protocol"), proto, &["TCP", "UDP", "SCTP"]);
        }
        match &port.port {
            Some(IntOrString::Int(n)) => {
                for m in format::port_number(*n) {
                    ctx.invalid_raw(&p.child("port"), n, m);
                }
            }
            Some(IntOrString::String(s)) => {
                ctx.invalid_all(&p.child("port"), s, format::port_name(s));
            }
            None => {}
        }
    }
}

/// `ValidateNetworkPolicyPeer`: one kind of peer (an `ipBlock` alone), valid selectors.
fn policy_peers(ctx: &mut Ctx, peers: Option<&[NetworkPolicyPeer]>, path: &Path<'_>) {
    for (i, peer) in peers.unwrap_or_default().iter().enumerate() {
        let p = path.index(i);
        let mut count = 0;
        if let Some(sel) = &peer.pod_selector {
            count += 1;
            label_selector(ctx, sel, &p.child("podSelector"));
        }
        if let Some(sel) = &peer.namespace_selector {
            count += 1;
            label_selector(ctx, sel, &p.child("namespaceSelector"));
        }
        if let Some(block) = &peer.ip_block {
            count += 1;
            if block.cidr.is_empty() {
                let bp = p.child("ipBlock");
                ctx.required(&bp.child("cidr"), "");
            }
        }
        if count == 0 {
            ctx.required(&p, "must specify a peer");
        } else if count > 1 && peer.ip_block.is_some() {
            ctx.forbidden(&p, "may not specify both ipBlock and another peer");
        }
    }
}
