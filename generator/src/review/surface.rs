//! The generated crate's public API as text, one line per type, field,
//! variant and method, sorted: what a reviewer reads first on a bump.

use templates::ident::bare;
use templates::model::{Api, Operation, PageKind, Presence, Response, TypeDef};
use templates::spelling::{argument_text, type_text};

/// Every public item, one line each, sorted.
/// A module API's (the agent's) lines name its module: `agent::types::…`,
/// `fn agent::Agent::…`.
pub fn lines(api: &Api) -> Vec<String> {
    let home = templates::home::Home::of(api);
    let prefix = api
        .module
        .as_deref()
        .map(|m| format!("{m}::"))
        .unwrap_or_default();
    let types = format!("{prefix}types");
    let handle = format!("{prefix}{}", home.handle());
    let mut out = Vec::new();
    for t in api.modules.iter().flat_map(|m| &m.types) {
        type_lines(&types, t, &mut out);
    }
    for op in &api.operations {
        operation_lines(op, &prefix, &handle, &mut out);
    }
    out.sort();
    out
}

fn type_lines(module: &str, t: &TypeDef, out: &mut Vec<String>) {
    match t {
        TypeDef::Alias(a) => out.push(format!("type {module}::{} = {}", a.name, type_text(&a.ty))),
        TypeDef::Enum(e) => {
            out.push(format!(
                "enum {module}::{} (non_exhaustive; Eq, Hash, Ord, Display, FromStr)",
                e.name
            ));
            for v in &e.variants {
                out.push(format!(
                    "enum {module}::{}::{} = {:?}",
                    e.name, v.name, v.wire
                ));
            }
            out.push(format!(
                "enum {module}::{}::{}(String)",
                e.name, e.catch_all
            ));
        }
        TypeDef::Union(u) => {
            let how = match &u.tag {
                Some(tag) => format!("tagged by `{tag}`"),
                None => "untagged".to_owned(),
            };
            out.push(format!(
                "enum {module}::{} (non_exhaustive; {how}; Debug, Clone, PartialEq)",
                u.name
            ));
            for v in &u.variants {
                out.push(format!(
                    "enum {module}::{}::{}({}){}",
                    u.name,
                    v.name,
                    type_text(&v.ty),
                    if v.tags.is_empty() {
                        String::new()
                    } else {
                        format!(" = {:?}", v.tags)
                    }
                ));
            }
            out.push(format!(
                "enum {module}::{}::{}(serde_json::Value)",
                u.name, u.catch_all
            ));
        }
        TypeDef::Struct(s) => {
            let derives = [(s.default, "Default"), (s.eq_hash, "Eq, Hash")]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, name)| format!(", {name}"))
                .collect::<String>();
            out.push(format!(
                "struct {module}::{} (non_exhaustive; Debug, Clone, PartialEq{derives})",
                s.name
            ));
            let mut new_args = Vec::new();
            for f in &s.fields {
                let ty = match f.presence {
                    Presence::Required => type_text(&f.ty),
                    _ => format!("Option<{}>", type_text(&f.ty)),
                };
                out.push(format!(
                    "struct {module}::{}.{}: {ty}",
                    s.name,
                    bare(&f.name)
                ));
                if f.presence.is_required() {
                    new_args.push(format!("{}: {}", bare(&f.name), argument_text(&f.ty)));
                } else {
                    out.push(format!(
                        "fn {module}::{}::{}(self, value: {}) -> Self",
                        s.name,
                        bare(&f.setter),
                        argument_text(&f.ty)
                    ));
                }
            }
            out.push(format!(
                "struct {module}::{}.{}: BTreeMap<String, serde_json::Value>",
                s.name, s.extra
            ));
            out.push(format!(
                "fn {module}::{}::new({}) -> Self",
                s.name,
                new_args.join(", ")
            ));
        }
    }
}

fn operation_lines(op: &Operation, prefix: &str, handle: &str, out: &mut Vec<String>) {
    let builder = format!("{prefix}operations::{}", op.builder);
    let args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("{}: {}", bare(&p.name), argument_text(&p.ty)))
        .collect();
    out.push(
        format!(
            "fn {handle}::{}(&self, {}) -> {}",
            bare(&op.method_name),
            args.join(", "),
            op.builder
        )
        .replace("(&self, )", "(&self)"),
    );
    out.push(format!("struct {builder} (must_use; Debug, Clone)"));
    for p in op.params.iter().filter(|p| !p.required) {
        out.push(format!(
            "fn {builder}::{}(self, value: {}) -> Self",
            bare(&p.name),
            argument_text(&p.ty)
        ));
    }
    let output = match &op.response {
        Response::Empty => "()".to_owned(),
        Response::Json(ty) => type_text(ty),
        Response::Optional { some, .. } => format!(
            "Option<{}>",
            some.ty.as_ref().map_or("()".to_owned(), type_text)
        ),
        Response::Choice { name, .. } => name.clone(),
    };
    out.push(format!(
        "async fn {builder}::send(self) -> Result<ResponseValue<{output}>, Error>"
    ));
    out.push(format!(
        "fn {builder}::deadline(self, deadline: std::time::Duration) -> Self"
    ));
    if let Some(pg) = &op.pagination {
        let args = match pg.kind {
            PageKind::SkipLimit => "self, page_size: i64",
            PageKind::Cursor { .. } => "self",
        };
        out.push(format!(
            "fn {builder}::stream({args}) -> impl Stream<Item = Result<{}, Error>>",
            type_text(&pg.item)
        ));
    }
    if let Response::Choice { name, outcomes } = &op.response {
        out.push(format!(
            "enum {prefix}operations::{name} (Debug, Clone, PartialEq)"
        ));
        for o in outcomes {
            let value =
                o.ty.as_ref()
                    .map_or(String::new(), |ty| format!("(Box<{}>)", type_text(ty)));
            out.push(format!(
                "enum {prefix}operations::{name}::{}{value} = {}",
                o.variant, o.status
            ));
        }
    }
    for t in &op.types {
        type_lines(&format!("{prefix}operations"), t, out);
    }
}
