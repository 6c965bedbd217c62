//! `host`, `basePath` and `schemes` → `servers`.

use super::Ctx;
use crate::load::pointer;
use serde_json::{json, Map, Value};

/// The servers of the document (or of one operation, when `schemes` is its
/// own list). Without `schemes` the URL is scheme-relative (`//host/base`),
/// which is what Swagger 2.0 means: the scheme the document was fetched with.
/// Without `host` the URL is the base path alone.
pub(super) fn servers(
    root: &Map<String, Value>,
    schemes: Option<&Value>,
    ctx: &mut Ctx,
) -> Vec<Value> {
    let host = string(root, "host", ctx);
    let base = string(root, "basePath", ctx).unwrap_or_default();
    if !base.is_empty() && !base.starts_with('/') {
        ctx.diags.warn(
            "/basePath",
            format!("`basePath` `{base}` does not start with `/`"),
            format!("write `/{base}`"),
        );
    }
    let (schemes, at) = match schemes {
        Some(own) => (Some(own), "".to_owned()),
        None => (root.get("schemes"), "/schemes".to_owned()),
    };
    let schemes: Vec<String> = match schemes {
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s.as_str() {
                Some(s @ ("http" | "https" | "ws" | "wss")) => Some(s.to_owned()),
                _ => {
                    ctx.diags.warn(
                        &pointer::index(&at, i),
                        format!("unknown scheme {s}; ignored"),
                        "use http, https, ws or wss",
                    );
                    None
                }
            })
            .collect(),
        Some(_) => {
            ctx.diags.warn(
                &at,
                "`schemes` must be a list; ignored",
                "write e.g. `schemes: [https]`",
            );
            Vec::new()
        }
        None => Vec::new(),
    };
    let Some(host) = host else {
        return if base.is_empty() {
            Vec::new()
        } else {
            vec![json!({ "url": base })]
        };
    };
    if schemes.is_empty() {
        return vec![json!({ "url": format!("//{host}{base}") })];
    }
    schemes
        .iter()
        .map(|s| json!({ "url": format!("{s}://{host}{base}") }))
        .collect()
}

fn string(root: &Map<String, Value>, key: &str, ctx: &mut Ctx) -> Option<String> {
    match root.get(key) {
        None => None,
        Some(Value::String(s)) => {
            Some(s.trim_end_matches('/').to_owned()).filter(|s| !s.is_empty())
        }
        Some(other) => {
            let at = pointer::child("", key);
            ctx.diags.warn(
                &at,
                format!(
                    "`{key}` must be a string, found {}; ignored",
                    super::kind(other)
                ),
                "quote it",
            );
            None
        }
    }
}
