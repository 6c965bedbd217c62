//! Which description language a document is written in: Swagger 2.0 or
//! OpenAPI 3.0.x, told from its `swagger` or `openapi` key.

use crate::diagnostics::Diagnostics;
use serde_json::Value;

/// The description language a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `swagger: "2.0"`.
    Swagger2,
    /// `openapi: 3.0.x`.
    OpenApi30,
}

/// Detects the dialect from `swagger:` or `openapi:`.
pub(crate) fn dialect(doc: &Value, diags: &mut Diagnostics) -> Option<Dialect> {
    let Value::Object(root) = doc else {
        let found = super::kind(doc);
        let message = if doc.is_null() {
            "the document is empty".to_owned()
        } else {
            format!("the document is {found}, not a mapping")
        };
        diags.error(
            "",
            message,
            "a spec starts with `swagger: \"2.0\"` or `openapi: 3.0.3`",
        );
        return None;
    };
    let help = "this generator reads Swagger 2.0 and OpenAPI 3.0.x";
    match (root.get("swagger"), root.get("openapi")) {
        (Some(_), Some(_)) => {
            diags.error(
                "/openapi",
                "the document has both `swagger` and `openapi`",
                "keep the one that matches the document",
            );
            None
        }
        (Some(v), None) => match v {
            Value::String(s) if s == "2.0" => Some(Dialect::Swagger2),
            Value::Number(n) if n.as_f64() == Some(2.0) => Some(Dialect::Swagger2),
            other => {
                diags.error(
                    "/swagger",
                    format!("Swagger version {} is not supported", display(other)),
                    help,
                );
                None
            }
        },
        (None, Some(v)) => match v {
            Value::String(s) if s.starts_with("3.0.") || s == "3.0" => Some(Dialect::OpenApi30),
            other => {
                diags.error(
                    "/openapi",
                    format!("OpenAPI version {} is not supported", display(other)),
                    help,
                );
                None
            }
        },
        (None, None) => {
            diags.error(
                "",
                "neither `swagger` nor `openapi` is set: this is not an API description",
                "add `swagger: \"2.0\"` or `openapi: 3.0.3` at the top",
            );
            None
        }
    }
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
