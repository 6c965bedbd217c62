//! The normalised document as `openapiv3` types, with failures located.

use crate::diagnostic::Diagnostics;
use crate::pointer;
use serde_json::Value;

/// Reads an OpenAPI 3.0 JSON value into `openapiv3::OpenAPI`. `source_of`
/// maps a pointer in `value` to the pointer in the source document.
pub fn typed(
    value: &Value,
    source_of: impl Fn(&str) -> String,
    diags: &mut Diagnostics,
) -> Option<openapiv3::OpenAPI> {
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value) {
        Ok(api) => Some(api),
        Err(e) => {
            let at = path_pointer("", e.path());
            diags.error(
                &source_of(&at),
                format!("not a valid OpenAPI 3.0 document at {at}: {}", e.inner()),
                "fix the value to match the OpenAPI 3.0 specification",
            );
            None
        }
    }
}

/// A serde path (`paths./v1.get.responses`) as a JSON pointer under `base`.
pub fn path_pointer(base: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(base.to_owned(), |at, segment| match segment {
            Segment::Seq { index } => pointer::index(&at, *index),
            Segment::Map { key } => pointer::child(&at, key),
            Segment::Enum { .. } | Segment::Unknown => at,
        })
}

/// The number of operations a document declares.
pub fn operation_count(api: &openapiv3::OpenAPI) -> usize {
    api.paths
        .paths
        .values()
        .filter_map(|p| p.as_item())
        .map(|i| i.iter().count())
        .sum()
}
