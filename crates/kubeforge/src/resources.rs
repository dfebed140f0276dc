//! Resource amounts given to builders: typed [`Quantity`] values or strings parsed at `build()`.

use k8s_openapi::apimachinery::pkg::api::resource::Quantity as K8sQuantity;

use crate::quantity::Quantity;

/// A resource amount accepted by the builders.
///
/// A [`Quantity`] is written in canonical form; a string is kept as given and checked by the
/// validation engine at `build()` (so `"64Mb"` is an error there, with the field path).
///
/// # Examples
///
/// ```
/// use kubeforge::{IntoQuantity, Quantity};
/// assert_eq!(Quantity::millicores(250).into_quantity().0, "250m");
/// assert_eq!("64Mi".into_quantity().0, "64Mi");
/// ```
pub trait IntoQuantity {
    /// The k8s-openapi quantity.
    fn into_quantity(self) -> K8sQuantity;
}

impl IntoQuantity for Quantity {
    fn into_quantity(self) -> K8sQuantity {
        K8sQuantity(self.canonical())
    }
}

impl IntoQuantity for &str {
    fn into_quantity(self) -> K8sQuantity {
        K8sQuantity(self.to_owned())
    }
}

impl IntoQuantity for String {
    fn into_quantity(self) -> K8sQuantity {
        K8sQuantity(self)
    }
}

impl IntoQuantity for K8sQuantity {
    fn into_quantity(self) -> K8sQuantity {
        self
    }
}
