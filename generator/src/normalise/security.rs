//! `securityDefinitions` → `components.securitySchemes`.

use super::keys;
use super::Ctx;
use crate::load::pointer;
use serde_json::{json, Map, Value};

/// One Swagger 2.0 security definition as an OpenAPI 3.0 security scheme.
pub(super) fn scheme(value: &Value, at: &str, ctx: &mut Ctx) -> Option<Value> {
    let Value::Object(def) = value else {
        ctx.diags.error(
            at,
            format!(
                "a security definition must be a mapping, found {}",
                super::kind(value)
            ),
            "write `type:` and its fields",
        );
        return None;
    };
    keys::check(
        def,
        &[keys::SECURITY_SCHEME],
        at,
        "a security definition",
        ctx.diags,
    );
    let field = |k: &str| def.get(k).cloned().unwrap_or(Value::Null);
    let mut out = match def.get("type").and_then(Value::as_str) {
        Some("basic") => json!({ "type": "http", "scheme": "basic" }),
        Some("apiKey") => json!({ "type": "apiKey", "name": field("name"), "in": field("in") }),
        Some("oauth2") => {
            let flow = match def.get("flow").and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                other => {
                    ctx.diags.error(
                        &pointer::child(at, "flow"),
                        format!("unknown oauth2 flow {}", quoted(other)),
                        "use implicit, password, application or accessCode",
                    );
                    return None;
                }
            };
            let mut f = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(v) = def.get(key) {
                    f.insert(key.into(), v.clone());
                }
            }
            f.insert(
                "scopes".into(),
                def.get("scopes").cloned().unwrap_or_else(|| json!({})),
            );
            json!({ "type": "oauth2", "flows": { flow: f } })
        }
        other => {
            ctx.diags.error(
                &pointer::child(at, "type"),
                format!("unknown security type {}", quoted(other)),
                "use basic, apiKey or oauth2",
            );
            return None;
        }
    };
    if let (Value::Object(map), Some(d)) = (&mut out, def.get("description")) {
        map.insert("description".into(), d.clone());
    }
    if let Value::Object(map) = &mut out {
        keys::copy_extensions(def, map);
    }
    ctx.check_typed::<openapiv3::SecurityScheme>(&out, at, "security scheme");
    Some(out)
}

/// A value for a message: `` `x` ``, or "(none)" when absent.
fn quoted(value: Option<&str>) -> String {
    value.map_or("(none)".to_owned(), |v| format!("`{v}`"))
}
