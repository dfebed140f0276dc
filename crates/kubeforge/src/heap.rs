//! [`HeapOne`]: one large k8s-openapi value on the heap that becomes a `Vec` without a copy.
//!
//! A `Container` is over 2 KiB and a `Volume` over 3 KiB. Builders keep them boxed (a builder
//! moves on every setter call), and a plain `Box<T>` moved into a `Vec<T>` is copied twice
//! (box to stack, stack to vector). A `Box<[T; 1]>` is already a one-element slice: it turns into
//! a `Vec<T>` for free and is appended to another vector with one heap-to-heap copy.

use std::ops::{Deref, DerefMut};

/// One value on the heap, as a one-element array.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct HeapOne<T>(Box<[T; 1]>);

impl<T> HeapOne<T> {
    pub(crate) fn new(value: T) -> Self {
        Self(Box::new([value]))
    }

    /// The value as a one-element vector (same allocation, no copy).
    pub(crate) fn into_vec(self) -> Vec<T> {
        let slice: Box<[T]> = self.0;
        slice.into_vec()
    }

    pub(crate) fn into_inner(self) -> T {
        let [value] = *self.0;
        value
    }
}

impl<T> Deref for HeapOne<T> {
    type Target = T;

    fn deref(&self) -> &T {
        let [value] = &*self.0;
        value
    }
}

impl<T> DerefMut for HeapOne<T> {
    fn deref_mut(&mut self) -> &mut T {
        let [value] = &mut *self.0;
        value
    }
}
