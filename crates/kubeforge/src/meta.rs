//! Object metadata: name, namespace, labels, annotations, and the recommended
//! `app.kubernetes.io/*` labels.

/// The recommended labels (<https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/>).
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::labels::NAME, "app.kubernetes.io/name");
/// ```
pub mod labels {
    /// The name of the application (`app.kubernetes.io/name`). Stable: used in selectors.
    pub const NAME: &str = "app.kubernetes.io/name";
    /// A unique name identifying this instance of the application. Stable: used in selectors.
    pub const INSTANCE: &str = "app.kubernetes.io/instance";
    /// The version of the application. Changes on upgrade: never in a selector.
    pub const VERSION: &str = "app.kubernetes.io/version";
    /// The component within the architecture (`database`, `frontend`).
    pub const COMPONENT: &str = "app.kubernetes.io/component";
    /// The higher-level application this one is part of.
    pub const PART_OF: &str = "app.kubernetes.io/part-of";
    /// The tool managing the application.
    pub const MANAGED_BY: &str = "app.kubernetes.io/managed-by";
}

/// Generates the metadata setters of a top-level builder (field `self.meta: ObjectMeta`).
macro_rules! metadata_setters {
    ($new:literal) => {
        /// Places the object in `namespace` (a DNS label). Without it, `kubectl` uses the
        /// context's namespace.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".namespace(\"shop\");")]
        /// # let _ = o;
        /// ```
        pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
            self.meta.namespace = Some(namespace.into());
            self
        }

        /// Adds a label (last write wins).
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".label(\"team\", \"payments\");")]
        /// # let _ = o;
        /// ```
        pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            self.meta
                .labels
                .get_or_insert_with(::std::collections::BTreeMap::new)
                .insert(key.into(), value.into());
            self
        }

        /// Adds several labels.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".labels([(\"a\", \"1\"), (\"b\", \"2\")]);")]
        /// # let _ = o;
        /// ```
        pub fn labels<I, K, V>(mut self, labels: I) -> Self
        where
            I: IntoIterator<Item = (K, V)>,
            K: Into<String>,
            V: Into<String>,
        {
            for (k, v) in labels {
                self = self.label(k, v);
            }
            self
        }

        /// Adds an annotation (last write wins).
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".annotation(\"example.com/owner\", \"ops\");")]
        /// # let _ = o;
        /// ```
        pub fn annotation(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            self.meta
                .annotations
                .get_or_insert_with(::std::collections::BTreeMap::new)
                .insert(key.into(), value.into());
            self
        }

        /// Adds several annotations.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".annotations([(\"a\", \"1\")]);")]
        /// # let _ = o;
        /// ```
        pub fn annotations<I, K, V>(mut self, annotations: I) -> Self
        where
            I: IntoIterator<Item = (K, V)>,
            K: Into<String>,
            V: Into<String>,
        {
            for (k, v) in annotations {
                self = self.annotation(k, v);
            }
            self
        }

        /// Sets `app.kubernetes.io/name`.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".app_name(\"shop\");")]
        /// # let _ = o;
        /// ```
        pub fn app_name(self, name: impl Into<String>) -> Self {
            self.label($crate::labels::NAME, name)
        }

        /// Sets `app.kubernetes.io/instance`.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".app_instance(\"shop-eu\");")]
        /// # let _ = o;
        /// ```
        pub fn app_instance(self, instance: impl Into<String>) -> Self {
            self.label($crate::labels::INSTANCE, instance)
        }

        /// Sets `app.kubernetes.io/version`.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".app_version(\"1.2.3\");")]
        /// # let _ = o;
        /// ```
        pub fn app_version(self, version: impl Into<String>) -> Self {
            self.label($crate::labels::VERSION, version)
        }

        /// Sets `app.kubernetes.io/component`.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".app_component(\"database\");")]
        /// # let _ = o;
        /// ```
        pub fn app_component(self, component: impl Into<String>) -> Self {
            self.label($crate::labels::COMPONENT, component)
        }

        /// Sets `app.kubernetes.io/part-of`.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".app_part_of(\"shop\");")]
        /// # let _ = o;
        /// ```
        pub fn app_part_of(self, part_of: impl Into<String>) -> Self {
            self.label($crate::labels::PART_OF, part_of)
        }

        /// Sets `app.kubernetes.io/managed-by`.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".app_managed_by(\"kubeforge\");")]
        /// # let _ = o;
        /// ```
        pub fn app_managed_by(self, managed_by: impl Into<String>) -> Self {
            self.label($crate::labels::MANAGED_BY, managed_by)
        }
    };
}

pub(crate) use metadata_setters;

/// Generates `options()` of a builder that validates with `self.options: Options`.
macro_rules! options_setter {
    ($new:literal) => {
        /// Validation options (target Kubernetes version).
        ///
        /// # Examples
        ///
        /// ```
        /// use kubeforge::validate::{KubeVersion, Options};
        #[doc = concat!("let o = kubeforge::", $new, ".options(Options::default().k8s_version(KubeVersion::V1_37));")]
        /// # let _ = o;
        /// ```
        pub fn options(mut self, options: $crate::validate::Options) -> Self {
            self.options = options;
            self
        }
    };
}

pub(crate) use options_setter;
