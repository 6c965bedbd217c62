//! Operations → the model: method names (operationId, or the one
//! openapi-generator derives), parameters split into arguments, setters and
//! credentials, and the response each call returns.

use super::media::{self, Kind};
use super::type_names::TypeNames;
use crate::diagnostics::Diagnostics;
use crate::load::pointer;
use crate::lower::names::{self, Clash, Scope};
use crate::settings::Settings;
use heck::ToPascalCase;
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, Schema, SchemaKind,
    StatusCode, Type as OaType,
};
use std::cell::RefCell;
use std::collections::BTreeMap;
use templates::model::{
    Enum, Field, ListStyle, Module, Operation, Outcome, PageKind, Pagination, Param, ParamLocation,
    PathPiece, Response, Step, Struct, Type, TypeDef,
};

/// Every operation of the spec, in spec order. Two operations with one
/// method name are an error naming both.
pub fn operations(
    api: &OpenAPI,
    settings: &Settings,
    modules: &[Module],
    diags: &mut Diagnostics,
) -> Vec<Operation> {
    let type_names = TypeNames {
        renames: &settings.type_renames,
    };
    let aliases: BTreeMap<&str, &Type> = modules
        .iter()
        .flat_map(|m| &m.types)
        .filter_map(|t| match t {
            TypeDef::Alias(a) => Some((a.name.as_str(), &a.ty)),
            _ => None,
        })
        .collect();
    let structs = modules
        .iter()
        .flat_map(|m| &m.types)
        .filter_map(|t| match t {
            TypeDef::Struct(s) => Some((s.name.as_str(), s)),
            _ => None,
        })
        .collect();
    let enums = modules
        .iter()
        .flat_map(|m| &m.types)
        .filter(|t| matches!(t, TypeDef::Enum(_)))
        .map(TypeDef::name)
        .collect();
    // One namespace for every type of the crate: the schemas' types, then
    // each operation's builder and enums. An operation's own type never
    // takes a prelude name or one its module imports.
    let reserved: Vec<&'static str> = names::RESERVED_TYPES
        .iter()
        .chain(templates::operations::MODULE_IMPORTS)
        .copied()
        .collect();
    let mut type_scope = Scope::types(&reserved);
    for t in modules.iter().flat_map(|m| &m.types) {
        type_scope.take(t.name(), "schema");
    }
    let lower = LowerOps {
        api,
        settings,
        type_names,
        aliases,
        structs,
        enums,
        type_scope: RefCell::new(type_scope),
    };
    let mut out: Vec<Operation> = Vec::new();
    let mut methods = Scope::snake(names::RESERVED_CLIENT_METHODS);
    for (path, item) in &api.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            let at = pointer::child(&pointer::child("/paths", path), method);
            let key = format!("{} {path}", method.to_uppercase());
            let wanted = match settings.operation_renames.get(&key) {
                Some(name) => names::ident(name),
                None => names::method_name(op.operation_id.as_deref(), method, path),
            };
            let method_name = match methods.holder(&wanted) {
                Some(Clash::TakenBy(first)) => {
                    diags.error(
                        &at,
                        format!("`{key}` and `{first}` would both be the method `{wanted}`"),
                        "rename one of them in spec/renames.yml (`operations: {\"METHOD /path\": method_name}`)",
                    );
                    continue;
                }
                Some(Clash::Reserved) => {
                    let (name, _) = methods.claim(&wanted, &key);
                    diags.warn(
                        &at,
                        format!("`{wanted}` is a method of the client itself; this operation is `{name}`"),
                        "rename it in spec/renames.yml (`operations: {\"METHOD /path\": method_name}`)",
                    );
                    name
                }
                None => methods.claim(&wanted, &key).0,
            };
            let mut operation = lower.operation(method_name, method, path, op, &at, diags);
            qualify_shadowed(&mut operation);
            out.push(operation);
        }
    }
    out
}

/// Warns when an operation's own type could not have the name the rule
/// gives it (a schema or another operation has it).
fn renamed_type(wanted: &str, got: &str, what: &str, at: &str, diags: &mut Diagnostics) {
    let wanted = names::type_name(wanted);
    if names::bare(&wanted) != names::bare(got) {
        diags.warn(
            at,
            format!("the {what} would be `{wanted}`, a name already taken; it is `{got}`"),
            "rename the schema or the operation (spec/renames.yml) to free the name",
        );
    }
}

/// Spec types named like what an operation module imports (`Error`,
/// `Client`) are written as `crate::types::…` paths there.
fn qualify_shadowed(op: &mut Operation) {
    let imported = templates::operations::module_imports(op);
    let rename = |n: &str| imported.contains(&n).then(|| format!("crate::types::{n}"));
    for p in &mut op.params {
        p.ty.rename(&rename);
    }
    match &mut op.response {
        Response::Json(ty) => ty.rename(&rename),
        Response::Choice { outcomes, .. } => {
            for o in outcomes.iter_mut().filter_map(|o| o.ty.as_mut()) {
                o.rename(&rename);
            }
        }
        Response::Empty => {}
    }
    if let Some(pg) = &mut op.pagination {
        pg.item.rename(&rename);
    }
}

pub(super) struct LowerOps<'a> {
    pub(super) api: &'a OpenAPI,
    settings: &'a Settings,
    type_names: TypeNames<'a>,
    pub(super) aliases: BTreeMap<&'a str, &'a Type>,
    pub(super) structs: BTreeMap<&'a str, &'a Struct>,
    /// The schemas' enums (they print as their wire value).
    enums: std::collections::BTreeSet<&'a str>,
    /// Every type name of the crate so far (see [`operations`]).
    type_scope: RefCell<Scope>,
}

impl LowerOps<'_> {
    fn operation(
        &self,
        method_name: String,
        method: &str,
        path: &str,
        op: &openapiv3::Operation,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Operation {
        let pascal = names::bare(&method_name).to_pascal_case();
        let builder = self.type_name(&format!("{pascal}Request"), &method_name);
        renamed_type(
            &format!("{pascal}Request"),
            &builder,
            "request builder",
            at,
            diags,
        );
        let mut params = Vec::new();
        let mut credentials = Vec::new();
        let mut types = Vec::new();
        for (i, p) in op.parameters.iter().enumerate() {
            let here = pointer::index(&pointer::child(at, "parameters"), i);
            let Some(p) = self.resolve_param(p) else {
                diags.warn(
                    &here,
                    "a parameter reference that resolves to nothing; skipped",
                    "fix the reference",
                );
                continue;
            };
            let data = p.parameter_data_ref();
            if matches!(p, Parameter::Header { .. })
                && self.settings.credential_headers.contains(&data.name)
            {
                credentials.push(data.name.clone());
                continue;
            }
            let location = match p {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Query { style, .. } => {
                    ParamLocation::Query(list_style(style, data.explode))
                }
                Parameter::Cookie { .. } => {
                    diags.warn(
                        &here,
                        format!("cookie parameter `{}` is not supported; skipped", data.name),
                        "send it as a header",
                    );
                    continue;
                }
            };
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(s) => Some(s),
                ParameterSchemaOrContent::Content(_) => None,
            };
            let enum_name = format!("{pascal}{}", data.name.to_pascal_case().trim_matches('_'));
            let ty = match schema {
                Some(s) => {
                    let defined = types.len();
                    let ty = self.param_type(s, &enum_name, &mut types);
                    for t in &types[defined..] {
                        // Array items' enum is `…Item`.
                        let item = format!("{enum_name}Item");
                        let wanted = if t.name().starts_with(&item) {
                            item
                        } else {
                            enum_name.clone()
                        };
                        renamed_type(&wanted, t.name(), "enum of this parameter", &here, diags);
                    }
                    ty
                }
                None => Type::String,
            };
            let required = data.required || location == ParamLocation::Path;
            let format = schema.and_then(|s| match s {
                ReferenceOr::Item(s) => string_format(s),
                ReferenceOr::Reference { .. } => None,
            });
            params.push(Param {
                format,
                name: param_name(&data.name),
                wire: data.name.clone(),
                location,
                ty,
                required,
                docs: lines(data.description.as_deref()),
            });
        }
        let body = op
            .request_body
            .as_ref()
            .and_then(|body| self.body(body, at, diags));
        let content_type = body.as_ref().map(|b| b.content_type.clone());
        params.extend(body.into_iter().flat_map(|b| b.params));
        let response = self.response(&pascal, op, at, diags);
        let pagination = self.pagination(&params, &response);
        let segments: Vec<Vec<PathPiece>> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(pieces)
            .collect();
        let stray = segments
            .iter()
            .flatten()
            .any(|p| matches!(p, PathPiece::Literal(text) if text.contains(['{', '}'])));
        if stray {
            diags.warn(
                at,
                "a `{` or `}` in the path that does not enclose a parameter name; it is sent as text, percent-encoded",
                "close the brace (`{name}`), or remove it",
            );
        }
        // A template parameter nobody declared still needs a value: it
        // becomes a required string argument, with a warning.
        let in_template = path_params(path);
        for wire in &in_template {
            let declared = params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire == *wire);
            if !declared {
                diags.warn(
                    at,
                    format!("the path names `{{{wire}}}` but no path parameter declares it; it becomes a string argument"),
                    format!("declare it: `- {{name: {wire}, in: path, required: true, schema: {{type: string}}}}`"),
                );
                params.push(Param {
                    name: param_name(wire),
                    wire: (*wire).to_owned(),
                    location: ParamLocation::Path,
                    ty: Type::String,
                    required: true,
                    docs: Vec::new(),
                    format: None,
                });
            }
        }
        // A path parameter the template does not name could not be sent.
        params.retain(|p| {
            let sent = p.location != ParamLocation::Path || in_template.contains(&p.wire.as_str());
            if !sent {
                diags.warn(
                    at,
                    format!("path parameter `{}` does not appear in the path `{path}`; the method does not take it", p.wire),
                    format!("add `{{{}}}` to the path, or remove the parameter", p.wire),
                );
            }
            sent
        });
        unique_params(&mut params, at, diags);
        // Path and header values are text: scalars, enums, or lists of them
        // written comma-separated.
        for p in params
            .iter_mut()
            .filter(|p| matches!(p.location, ParamLocation::Path | ParamLocation::Header))
        {
            let fits = match &p.ty {
                Type::Vec(item) => self.prints(item, &types),
                ty => self.prints(ty, &types),
            };
            if !fits {
                diags.warn(
                    at,
                    format!("{} parameter `{}` is not a scalar, an enum or a list of them, so it cannot be written as text; the method takes it as a string", if p.location == ParamLocation::Path { "path" } else { "header" }, p.wire),
                    "give it a scalar type",
                );
                p.ty = Type::String;
            }
        }
        let segments: Vec<Vec<PathPiece>> = segments
            .into_iter()
            .map(|pieces| {
                pieces
                    .into_iter()
                    .map(|piece| match piece {
                        PathPiece::Param(wire) => PathPiece::Param(
                            params
                                .iter()
                                .find(|p| p.location == ParamLocation::Path && p.wire == wire)
                                .map_or_else(|| param_name(&wire), |p| p.name.clone()),
                        ),
                        literal => literal,
                    })
                    .collect()
            })
            .collect();
        let mut docs = lines(op.summary.as_deref());
        if let Some(d) = op
            .description
            .as_deref()
            .filter(|d| Some(*d) != op.summary.as_deref())
        {
            docs.push(String::new());
            docs.extend(lines(Some(d)));
        }
        docs.push(String::new());
        docs.push(format!("`{} {path}`", method.to_uppercase()));
        Operation {
            method_name,
            builder,
            http_method: method.to_uppercase(),
            path: path.to_owned(),
            segments,
            docs,
            params,
            credentials,
            content_type,
            response,
            pagination,
            types,
        }
    }

    /// Whether values of `ty` print as text a path can hold (scalars,
    /// enums, aliases of them; `local` are the operation's own enums).
    fn prints(&self, ty: &Type, local: &[TypeDef]) -> bool {
        match ty {
            Type::I32 | Type::I64 | Type::F32 | Type::F64 | Type::Bool | Type::String => true,
            Type::LongString | Type::Text => true,
            Type::Named(n) => {
                self.enums.contains(n.as_str())
                    || local.iter().any(|t| t.name() == n)
                    || self
                        .aliases
                        .get(n.as_str())
                        .is_some_and(|a| self.prints(a, local))
            }
            _ => false,
        }
    }

    /// Claims a name for a type of an operation's own: `wanted`, or
    /// `wanted2`… when a schema or another operation has it, or `wanted_`
    /// when it is a prelude name or one the module imports.
    fn type_name(&self, wanted: &str, owner: &str) -> String {
        self.type_scope
            .borrow_mut()
            .claim(&names::type_name(wanted), owner)
            .0
    }

    fn resolve_param<'p>(&'p self, p: &'p ReferenceOr<Parameter>) -> Option<&'p Parameter> {
        match p {
            ReferenceOr::Item(p) => Some(p),
            ReferenceOr::Reference { reference } => {
                let name = super::type_names::ref_name(reference);
                match self.api.components.as_ref()?.parameters.get(&name)? {
                    ReferenceOr::Item(p) => Some(p),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    /// A parameter's type; a string enum becomes an enum of the operation.
    fn param_type(
        &self,
        schema: &ReferenceOr<Schema>,
        enum_name: &str,
        types: &mut Vec<TypeDef>,
    ) -> Type {
        let schema = match schema {
            ReferenceOr::Reference { reference } => {
                return Type::Named(self.type_names.of_ref(reference))
            }
            ReferenceOr::Item(s) => s,
        };
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) if !s.enumeration.is_empty() => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                let variants = super::types::variants(&values);
                let catch_all = super::types::catch_all_name(&variants);
                let name = self.type_name(enum_name, enum_name);
                types.push(TypeDef::Enum(Enum {
                    name: name.clone(),
                    docs: Vec::new(),
                    variants,
                    catch_all,
                }));
                Type::Named(name)
            }
            SchemaKind::Type(OaType::Array(a)) => {
                let item = match &a.items {
                    Some(ReferenceOr::Item(s)) => self.param_type(
                        &ReferenceOr::Item((**s).clone()),
                        &format!("{enum_name}Item"),
                        types,
                    ),
                    Some(ReferenceOr::Reference { reference }) => {
                        Type::Named(self.type_names.of_ref(reference))
                    }
                    None => Type::String,
                };
                Type::Vec(Box::new(item))
            }
            _ => scalar(schema),
        }
    }

    /// The type of a body or response schema: a reference, or a list of
    /// them, or a scalar. Anything else is a JSON value.
    pub(super) fn schema_type(&self, schema: &ReferenceOr<Schema>) -> Type {
        match schema {
            ReferenceOr::Reference { reference } => Type::Named(self.type_names.of_ref(reference)),
            ReferenceOr::Item(s) => match &s.schema_kind {
                SchemaKind::Type(OaType::Array(a)) => Type::Vec(Box::new(match &a.items {
                    Some(ReferenceOr::Reference { reference }) => {
                        Type::Named(self.type_names.of_ref(reference))
                    }
                    Some(ReferenceOr::Item(item)) => {
                        self.schema_type(&ReferenceOr::Item((**item).clone()))
                    }
                    None => Type::Json,
                })),
                SchemaKind::Type(OaType::Object(_))
                | SchemaKind::Any(_)
                | SchemaKind::AllOf { .. } => Type::Json,
                _ => scalar(s),
            },
        }
    }

    fn response(
        &self,
        pascal: &str,
        op: &openapiv3::Operation,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Response {
        let mut outcomes = Vec::new();
        for (code, response) in &op.responses.responses {
            let StatusCode::Code(status @ 200..=299) = code else {
                continue;
            };
            let ReferenceOr::Item(response) = response else {
                continue;
            };
            let here = pointer::child(
                &pointer::child(&pointer::child(at, "responses"), &status.to_string()),
                "content",
            );
            let ty = response
                .content
                .iter()
                .map(|(mime, media)| (mime, media, media::kind(mime, media.schema.as_ref())))
                .min_by_key(|(_, _, kind)| *kind)
                .and_then(|(mime, media, kind)| match kind {
                    Kind::Json => media.schema.as_ref().map(|s| {
                        let at = pointer::child(&pointer::child(&here, mime), "schema");
                        warn_untyped(s, &at, diags);
                        self.schema_type(s)
                    }),
                    Kind::Text => Some(Type::Text),
                    Kind::Form | Kind::Multipart | Kind::Binary | Kind::Other => Some(Type::Binary),
                });
            outcomes.push(Outcome {
                status: *status,
                variant: status_variant(*status),
                ty,
                docs: lines(Some(&response.description)),
            });
        }
        match outcomes.as_slice() {
            [] => Response::Empty,
            [one] => one.ty.clone().map_or(Response::Empty, Response::Json),
            _ => Response::Choice {
                name: self.type_name(&format!("{pascal}Response"), pascal),
                outcomes,
            },
        }
    }

    /// Paging: `skip`/`limit` (i64) or an `after` cursor, over a response
    /// whose items are unambiguous: the response is a list, or has exactly
    /// one list field. A cursor also needs `pagination.cursors.after`.
    fn pagination(&self, params: &[Param], response: &Response) -> Option<Pagination> {
        let query = |name: &str, ty: Type| {
            params.iter().any(|p| {
                p.wire == name
                    && p.ty == ty
                    && !p.required
                    && matches!(p.location, ParamLocation::Query(_))
            })
        };
        let skip_limit = query("skip", Type::I64) && query("limit", Type::I64);
        let cursor = query("after", Type::String);
        if !skip_limit && !cursor {
            return None;
        }
        let mut steps = Vec::new();
        let body = match response {
            Response::Json(ty) => ty,
            Response::Choice { name, outcomes } => {
                let [typed] = outcomes
                    .iter()
                    .filter(|o| o.ty.is_some())
                    .collect::<Vec<_>>()[..]
                else {
                    return None;
                };
                steps.push(Step::Variant {
                    enum_name: name.clone(),
                    variant: typed.variant.clone(),
                });
                typed.ty.as_ref()?
            }
            Response::Empty => return None,
        };
        let (item, mut items) = match self.list_item(body) {
            Some(item) => (item, Vec::new()),
            None => {
                let fields = self.struct_of(body)?;
                let lists: Vec<_> = fields
                    .iter()
                    .filter_map(|f| Some((f, self.list_item(&f.ty)?)))
                    .collect();
                let [(field, item)] = &lists[..] else {
                    return None;
                };
                (
                    item.clone(),
                    vec![Step::Field {
                        name: field.name.clone(),
                        optional: !field.presence.is_required(),
                    }],
                )
            }
        };
        let kind = if skip_limit {
            PageKind::SkipLimit
        } else {
            let mut next = steps.clone();
            next.extend(self.field_path(body, &["pagination", "cursors", "after"])?);
            PageKind::Cursor { next }
        };
        steps.append(&mut items);
        Some(Pagination {
            kind,
            item,
            items: steps,
        })
    }

    /// The item type when `ty` is a list (through aliases).
    fn list_item(&self, ty: &Type) -> Option<Type> {
        match self.resolve(ty) {
            Type::Vec(item) => Some((**item).clone()),
            _ => None,
        }
    }

    /// `ty` with aliases followed.
    fn resolve<'t>(&'t self, mut ty: &'t Type) -> &'t Type {
        while let Type::Named(name) | Type::Boxed(name) = ty {
            match self.aliases.get(name.as_str()) {
                Some(next) => ty = next,
                None => break,
            }
        }
        ty
    }

    fn struct_of(&self, ty: &Type) -> Option<&[Field]> {
        match self.resolve(ty) {
            Type::Named(name) | Type::Boxed(name) => {
                self.structs.get(name.as_str()).map(|s| s.fields.as_slice())
            }
            _ => None,
        }
    }

    /// The steps along fields with these wire names.
    fn field_path(&self, ty: &Type, wires: &[&str]) -> Option<Vec<Step>> {
        let mut steps = Vec::new();
        let mut ty = ty;
        for wire in wires {
            let field = self.struct_of(ty)?.iter().find(|f| f.wire == *wire)?;
            steps.push(Step::Field {
                name: field.name.clone(),
                optional: !field.presence.is_required(),
            });
            ty = &field.ty;
        }
        (self.resolve(ty) == &Type::String).then_some(steps)
    }
}

/// A located warning for an inline body or response schema with a shape
/// of its own (properties, `allOf`, `oneOf`): it becomes
/// `serde_json::Value`, since only component schemas get named types.
pub(super) fn warn_untyped(schema: &ReferenceOr<Schema>, at: &str, diags: &mut Diagnostics) {
    let ReferenceOr::Item(s) = schema else { return };
    let shaped = match &s.schema_kind {
        SchemaKind::Type(OaType::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Any(a) => !a.properties.is_empty(),
        SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Type(OaType::Array(a)) => {
            if let Some(items) = &a.items {
                warn_untyped(&items.clone().unbox(), &pointer::child(at, "items"), diags);
            }
            false
        }
        _ => false,
    };
    if shaped {
        diags.warn(
            at,
            "an inline schema with a shape of its own becomes serde_json::Value here",
            "define it under components/schemas and `$ref` it, so it gets a Rust type",
        );
    }
}

/// The `format` of a string schema (`email`, `date-time`, …).
pub(super) fn string_format(schema: &Schema) -> Option<String> {
    let SchemaKind::Type(OaType::String(s)) = &schema.schema_kind else {
        return None;
    };
    serde_json::to_value(&s.format)
        .ok()?
        .as_str()
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
}

pub(super) fn scalar(schema: &Schema) -> Type {
    use openapiv3::VariantOrUnknownOrEmpty::Item;
    match &schema.schema_kind {
        SchemaKind::Type(OaType::Integer(i))
            if matches!(i.format, Item(openapiv3::IntegerFormat::Int32)) =>
        {
            Type::I32
        }
        SchemaKind::Type(OaType::Integer(_)) => Type::I64,
        SchemaKind::Type(OaType::Number(n))
            if matches!(n.format, Item(openapiv3::NumberFormat::Float)) =>
        {
            Type::F32
        }
        SchemaKind::Type(OaType::Number(_)) => Type::F64,
        SchemaKind::Type(OaType::Boolean(_)) => Type::Bool,
        _ => Type::String,
    }
}

fn list_style(style: &QueryStyle, explode: Option<bool>) -> ListStyle {
    match style {
        QueryStyle::SpaceDelimited => ListStyle::Space,
        QueryStyle::PipeDelimited => ListStyle::Pipe,
        _ if explode == Some(false) => ListStyle::Comma,
        _ => ListStyle::Repeated,
    }
}

/// A parameter's Rust name; names the builder uses itself get a suffix.
/// A parameter's Rust name before [`unique_params`] settles clashes.
pub(super) fn param_name(wire: &str) -> String {
    names::field_name(wire)
}

/// Gives every parameter of an operation a name of its own (argument,
/// builder field and setter): path parameters first, so the template's
/// names stay plain; a name the builder uses itself (`send`, `client`)
/// gets a `_`; parameters whose names meet (`id` in the path and in the
/// query, `X-Trace-Id` and `x_trace_id`) are numbered, with a warning.
fn unique_params(params: &mut [Param], at: &str, diags: &mut Diagnostics) {
    let mut scope = Scope::snake(names::RESERVED_BUILDER_MEMBERS);
    let order: Vec<usize> = (0..params.len())
        .filter(|&i| params[i].location == ParamLocation::Path)
        .chain((0..params.len()).filter(|&i| params[i].location != ParamLocation::Path))
        .collect();
    for i in order {
        let p = &mut params[i];
        let wanted = param_name(&p.wire);
        let place = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query(_) => "query",
            ParamLocation::Header => "header",
            ParamLocation::Body => "body",
            ParamLocation::Form => "form",
            ParamLocation::Part | ParamLocation::PartJson => "part",
        };
        let owner = format!("{} `{}`", place, p.wire);
        let (name, clash) = scope.claim(&wanted, &owner);
        if let Some(Clash::TakenBy(first)) = clash {
            diags.warn(
                at,
                format!(
                    "{first} and {owner} would both be the parameter `{}`; this one is `{name}`",
                    names::bare(&wanted)
                ),
                "rename one of the parameters if the API allows it",
            );
        }
        p.name = name;
    }
}

/// The names of a path template's parameters, in order.
fn path_params(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    out
}

/// One path segment's pieces: `{name}.json` → the parameter `name` (by its
/// wire name), then the text `.json`.
fn pieces(segment: &str) -> Vec<PathPiece> {
    let mut out = Vec::new();
    let mut rest = segment;
    while !rest.is_empty() {
        let param = rest
            .find('{')
            .and_then(|open| Some((open, open + rest[open..].find('}')?)));
        match param {
            Some((0, close)) => {
                out.push(PathPiece::Param(rest[1..close].to_owned()));
                rest = &rest[close + 1..];
            }
            Some((open, _)) => {
                out.push(PathPiece::Literal(rest[..open].to_owned()));
                rest = &rest[open..];
            }
            None => {
                out.push(PathPiece::Literal(rest.to_owned()));
                rest = "";
            }
        }
    }
    out
}

/// The enum variant for a success status.
fn status_variant(status: u16) -> String {
    match status {
        200 => "Ok".to_owned(),
        201 => "Created".to_owned(),
        202 => "Accepted".to_owned(),
        203 => "NonAuthoritative".to_owned(),
        204 => "NoContent".to_owned(),
        206 => "PartialContent".to_owned(),
        other => format!("Status{other}"),
    }
}

pub(super) fn lines(text: Option<&str>) -> Vec<String> {
    text.map(|t| t.trim_end().lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The path part of a server URL (`//host/pod` → `/pod`, `/pod` → `/pod`).
pub fn base_path(api: &OpenAPI) -> String {
    let Some(server) = api.servers.first() else {
        return String::new();
    };
    let url = server.url.as_str();
    let path = match url.find("//") {
        Some(i) => url[i + 2..].find('/').map_or("", |j| &url[i + 2 + j..]),
        None => url,
    };
    path.trim_end_matches('/').to_owned()
}
