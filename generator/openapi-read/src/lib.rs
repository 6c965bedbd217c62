//! OpenAPI 3.0 JSON values read as `openapiv3` types, a failure located by
//! the path to the value that failed.
//!
//! A crate of its own for build time: serde's code for the whole openapiv3
//! tree (every type, for the JSON value, for serde's buffered content and
//! for the path tracker) is most of what a release build of the generator
//! compiled. Here it is compiled once, at its own optimisation level and
//! beside the parser and printer the generator waits for, rather than inside
//! the generator. Only the types the generator reads are readable, each by a
//! non-generic function, so no caller instantiates the readers again.

#![warn(missing_docs)]

use openapiv3::{Components, Info, OpenAPI, Operation, Parameter, PathItem, Paths};
use openapiv3::{ReferenceOr, Response};
use openapiv3::{Schema, SecurityScheme};
use serde_json::Value;

pub use serde_path_to_error::{Path, Segment};

/// Why a value is not the type asked for, and where in it.
pub type Failure = serde_path_to_error::Error<serde_json::Error>;

/// A type read from an OpenAPI 3.0 JSON value.
pub trait Read: Sized {
    /// Reads `value` as `Self`; the failure names the path under `value`.
    fn read(value: &Value) -> Result<Self, Failure>;
}

/// `Read` for each type, each impl compiled here.
macro_rules! readable {
    ($($ty:ty),* $(,)?) => {$(
        impl Read for $ty {
            fn read(value: &Value) -> Result<Self, Failure> {
                serde_path_to_error::deserialize(value)
            }
        }
    )*};
}

readable!(
    OpenAPI,
    Paths,
    Option<Components>,
    Info,
    PathItem,
    Operation,
    Vec<ReferenceOr<Parameter>>,
    Parameter,
    ReferenceOr<Response>,
    ReferenceOr<Schema>,
    SecurityScheme,
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_failure_names_the_path_to_the_value_that_failed() {
        let info = json!({"title": "Pod", "version": "1", "contact": {"name": 7}});
        let failure = Info::read(&info).expect_err("a number is not a name");
        assert_eq!(failure.path().to_string(), "contact.name");
        assert!(failure.inner().to_string().contains("invalid type"));
    }

    #[test]
    fn a_valid_value_reads_whole() {
        let schema = json!({"type": "string", "format": "binary"});
        let read = ReferenceOr::<Schema>::read(&schema).expect("a schema");
        let ReferenceOr::Item(schema) = read else {
            panic!("an item, not a reference");
        };
        assert!(matches!(
            schema.schema_kind,
            openapiv3::SchemaKind::Type(openapiv3::Type::String(_))
        ));
    }
}
