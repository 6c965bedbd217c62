//! Reference chains among components: a `$ref` to a `$ref` is followed to
//! the item it ends at, a bounded number of links.

use super::type_names::ref_name;
use indexmap::IndexMap;
use openapiv3::ReferenceOr;

/// How many references in a row are followed before a chain counts as a
/// loop.
pub(super) const MAX_REFERENCE_CHAIN: usize = 32;

/// The item `start` ends at, each reference looked up by its component
/// name in `components`; `None` for a dangling reference, a missing
/// components section, or a chain longer than [`MAX_REFERENCE_CHAIN`].
pub(super) fn resolve<'a, T>(
    start: &'a ReferenceOr<T>,
    components: Option<&'a IndexMap<String, ReferenceOr<T>>>,
) -> Option<&'a T> {
    resolve_named(start, components).map(|(_, item)| item)
}

/// [`resolve`], with the name of the component the chain ends at (`None`
/// when `start` is the item itself), so a diagnostic can point there.
pub(super) fn resolve_named<'a, T>(
    start: &'a ReferenceOr<T>,
    components: Option<&'a IndexMap<String, ReferenceOr<T>>>,
) -> Option<(Option<String>, &'a T)> {
    let mut next = start;
    let mut name = None;
    for _ in 0..MAX_REFERENCE_CHAIN {
        match next {
            ReferenceOr::Item(item) => return Some((name, item)),
            ReferenceOr::Reference { reference } => {
                let component = ref_name(reference);
                next = components?.get(&component)?;
                name = Some(component);
            }
        }
    }
    None
}
