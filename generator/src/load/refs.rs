//! `$ref` checks shared by both dialects: every reference is local, resolves,
//! and does not lead back to itself through other references.

use crate::diagnostics::Diagnostics;
use crate::load::pointer;
use serde_json::Value;
use std::collections::BTreeSet;

/// Keys whose values are data, not description: a `$ref` inside an example
/// is part of the example.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum"];

/// One `$ref` and the pointer of the object holding it.
struct Ref<'a> {
    at: String,
    target: &'a str,
}

/// Reports external, dangling and cyclic references.
pub(crate) fn check(doc: &Value, diags: &mut Diagnostics) {
    let mut refs = Vec::new();
    collect(doc, String::new(), &mut refs);
    let mut reported_cycles: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for r in &refs {
        let at = pointer::child(&r.at, "$ref");
        let Some(fragment) = r.target.strip_prefix('#') else {
            diags.error(
                &at,
                format!("external reference `{}` is not supported", r.target),
                "bundle the spec into one file (for example `swagger-cli bundle`) so every `$ref` starts with `#`",
            );
            continue;
        };
        let target = pointer::decode_fragment(fragment);
        if pointer::resolve(doc, &target).is_none() {
            diags.error(
                &at,
                format!("`{}` points at nothing", r.target),
                "define the target, or fix the reference's spelling",
            );
            continue;
        }
        if let Some(cycle) = cycle_from(doc, &r.at, &target) {
            if reported_cycles.insert(cycle.iter().cloned().collect()) {
                diags.error(
                    &at,
                    format!("cyclic `$ref`: {} leads back to itself", cycle.join(" → ")),
                    "make one of these a real schema instead of a reference",
                );
            }
        }
    }
}

/// Follows a chain of bare references from `start`; the chain of pointers
/// when it comes back to one already on it.
fn cycle_from(doc: &Value, start: &str, first_target: &str) -> Option<Vec<String>> {
    let mut chain = vec![start.to_owned()];
    let mut next = first_target.to_owned();
    loop {
        if let Some(i) = chain.iter().position(|p| *p == next) {
            let mut cycle = chain[i..].to_vec();
            cycle.push(next);
            return (i == 0).then_some(cycle);
        }
        let target = pointer::resolve(doc, &next)?
            .get("$ref")?
            .as_str()?
            .strip_prefix('#')?;
        chain.push(next);
        next = pointer::decode_fragment(target);
    }
}

fn collect<'a>(value: &'a Value, at: String, out: &mut Vec<Ref<'a>>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                out.push(Ref {
                    at: at.clone(),
                    target,
                });
            }
            for (k, v) in map {
                if !DATA_KEYS.contains(&k.as_str()) && !k.starts_with("x-") {
                    collect(v, pointer::child(&at, k), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect(v, pointer::index(&at, i), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(doc: Value) -> Vec<String> {
        let mut d = Diagnostics::default();
        check(&doc, &mut d);
        d.iter()
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect()
    }

    #[test]
    fn recursive_schemas_are_not_cycles() {
        let doc = json!({"definitions": {"Node": {"properties": {"next": {"$ref": "#/definitions/Node"}}}}});
        assert!(messages(doc).is_empty());
    }

    #[test]
    fn alias_cycles_are_reported_once() {
        let doc = json!({"definitions": {"A": {"$ref": "#/definitions/B"}, "B": {"$ref": "#/definitions/A"}}});
        assert_eq!(
            messages(doc),
            ["/definitions/A/$ref: cyclic `$ref`: /definitions/A → /definitions/B → /definitions/A leads back to itself"]
        );
    }

    #[test]
    fn refs_inside_examples_are_data() {
        let doc = json!({"definitions": {"A": {"example": {"$ref": "#/nowhere"}}}});
        assert!(messages(doc).is_empty());
    }
}
