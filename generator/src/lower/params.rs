//! Parameters → the model: credentials set apart, each parameter's type
//! (a string enum becomes an enum of the operation), its location and list
//! style, and a name of its own within the operation.

use super::context::{renamed_type, LowerOps};
use super::lines;
use super::mapping::{catch_all_name, scalar, string_format, variants};
use super::names::{self, Clash, Scope};
use crate::diagnostics::Diagnostics;
use crate::load::pointer;
use heck::ToPascalCase;
use openapiv3::{
    Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, Schema, SchemaKind,
    Type as OaType,
};
use templates::model::{Enum, ListStyle, Param, ParamLocation, PathStyle, Type, TypeDef};

impl LowerOps<'_> {
    /// An operation's parameters, in spec order, and the names of its
    /// credential headers (a provider sets those); the operation's own
    /// enums go to `types`.
    /// The parameters an operation takes, each with where it is declared:
    /// its path's (`parameters` beside the methods) unless the operation
    /// declares one of the same name and location, then its own.
    pub(super) fn merged_parameters<'p>(
        &self,
        path_level: &'p [ReferenceOr<Parameter>],
        path_at: &str,
        own: &'p [ReferenceOr<Parameter>],
        at: &str,
    ) -> Vec<(&'p ReferenceOr<Parameter>, String)> {
        let key = |p: &ReferenceOr<Parameter>| {
            self.resolve_param(p).map(|p| {
                let location = std::mem::discriminant(p);
                (p.parameter_data_ref().name.clone(), location)
            })
        };
        let own_keys: Vec<_> = own.iter().filter_map(key).collect();
        let inherited = path_level
            .iter()
            .enumerate()
            .filter(|(_, p)| key(p).is_none_or(|k| !own_keys.contains(&k)))
            .map(|(i, p)| (p, pointer::index(path_at, i)));
        let at = pointer::child(at, "parameters");
        inherited
            .chain(
                own.iter()
                    .enumerate()
                    .map(|(i, p)| (p, pointer::index(&at, i))),
            )
            .collect()
    }

    pub(super) fn parameters(
        &self,
        pascal: &str,
        parameters: &[(&ReferenceOr<Parameter>, String)],
        types: &mut Vec<TypeDef>,
        diags: &mut Diagnostics,
    ) -> (Vec<Param>, Vec<String>) {
        let mut params = Vec::new();
        let mut credentials = Vec::new();
        for (p, here) in parameters {
            let here = here.as_str();
            let Some(p) = self.resolve_param(p) else {
                diags.warn(
                    here,
                    "a parameter reference that resolves to nothing (or to a loop of references); skipped",
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
                Parameter::Path { style, .. } => {
                    // `explode` defaults to false for every path style.
                    let explode = data.explode.unwrap_or(false);
                    ParamLocation::Path(match style {
                        openapiv3::PathStyle::Simple => PathStyle::Simple,
                        openapiv3::PathStyle::Label => PathStyle::Label { explode },
                        openapiv3::PathStyle::Matrix => PathStyle::Matrix { explode },
                    })
                }
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Query { style, .. } => {
                    ParamLocation::Query(list_style(style, data.explode))
                }
                Parameter::Cookie { .. } => {
                    diags.warn(
                        here,
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
                    let ty = self.param_type(s, &enum_name, types);
                    for t in &types[defined..] {
                        // Array items' enum is `…Item`.
                        let item = format!("{enum_name}Item");
                        let wanted = if t.name().starts_with(&item) {
                            item
                        } else {
                            enum_name.clone()
                        };
                        renamed_type(&wanted, t.name(), "enum of this parameter", here, diags);
                    }
                    ty
                }
                None => Type::String,
            };
            let required = data.required || location.is_path();
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
        (params, credentials)
    }

    /// Path, header and query values are text: scalars, enums, or lists of
    /// them. A query value of another type that is not a list (an object,
    /// a `oneOf`, a map) is written from its JSON form in its style; any
    /// other (a list of lists; an object in the path or a header) is taken
    /// as a string the caller writes, with a warning.
    pub(super) fn text_params(
        &self,
        params: &mut [Param],
        types: &[TypeDef],
        at: &str,
        diags: &mut Diagnostics,
    ) {
        for p in params.iter_mut().filter(|p| {
            matches!(
                p.location,
                ParamLocation::Path(_) | ParamLocation::Header | ParamLocation::Query(_)
            )
        }) {
            let fits = match &p.ty {
                Type::Vec(item) => self.prints(item, types),
                ty => self.prints(ty, types),
            };
            if fits {
                continue;
            }
            // An object (struct, map, union) in the query is written from
            // its JSON form in its style (`form`, `deepObject`…).
            if let ParamLocation::Query(style) = p.location {
                if !matches!(p.ty, Type::Vec(_) | Type::Binary | Type::File) {
                    p.location = ParamLocation::QueryObject(style);
                    continue;
                }
            }
            let place = match p.location {
                ParamLocation::Path(_) => "path",
                ParamLocation::Header => "header",
                _ => "query",
            };
            diags.warn(
                at,
                format!("{place} parameter `{}` is not a scalar, an enum or a list of them, so it cannot be written as text; the method takes it as a string the caller writes (serialised as the server expects)", p.wire),
                "give it a scalar type, or a list of scalars",
            );
            p.ty = Type::String;
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

    /// The parameter a reference ends at, through any chain of references
    /// (`None` for a dangling one or a loop).
    fn resolve_param<'p>(&'p self, p: &'p ReferenceOr<Parameter>) -> Option<&'p Parameter> {
        super::refs::resolve(p, self.api.components.as_ref().map(|c| &c.parameters))
    }

    /// A parameter's type; a string enum becomes an enum of the operation.
    fn param_type(
        &self,
        schema: &ReferenceOr<Schema>,
        enum_name: &str,
        types: &mut Vec<TypeDef>,
    ) -> Type {
        let schema = match self.type_names.named(schema) {
            Ok(named) => return named,
            Err(inline) => inline,
        };
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) if !s.enumeration.is_empty() => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                let variants = variants(&values);
                let catch_all = catch_all_name(&variants);
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
                    Some(item) => {
                        self.param_type(&item.clone().unbox(), &format!("{enum_name}Item"), types)
                    }
                    None => Type::String,
                };
                Type::Vec(Box::new(item))
            }
            _ => scalar(schema),
        }
    }
}

fn list_style(style: &QueryStyle, explode: Option<bool>) -> ListStyle {
    match style {
        QueryStyle::SpaceDelimited => ListStyle::Space,
        QueryStyle::PipeDelimited => ListStyle::Pipe,
        QueryStyle::DeepObject => ListStyle::Deep,
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
pub(super) fn unique_params(params: &mut [Param], at: &str, diags: &mut Diagnostics) {
    let mut scope = Scope::snake(names::reserved::BUILDER_MEMBERS);
    let order: Vec<usize> = (0..params.len())
        .filter(|&i| params[i].location.is_path())
        .chain((0..params.len()).filter(|&i| !params[i].location.is_path()))
        .collect();
    for i in order {
        let p = &mut params[i];
        let wanted = param_name(&p.wire);
        let place = match p.location {
            ParamLocation::Path(_) => "path",
            ParamLocation::Query(_) | ParamLocation::QueryObject(_) => "query",
            ParamLocation::Header => "header",
            ParamLocation::Body => "body",
            ParamLocation::Form => "form",
            ParamLocation::Part | ParamLocation::PartJson => "part",
        };
        let owner = format!("{} `{}`", place, p.wire);
        let (name, clash) = scope.claim(&wanted, &owner);
        match clash {
            Some(Clash::TakenBy(first)) => diags.warn(
                at,
                format!(
                    "{first} and {owner} would both be the parameter `{}`; this one is `{name}`",
                    names::bare(&wanted)
                ),
                "rename one of the parameters if the API allows it",
            ),
            Some(Clash::Reserved) => diags.warn(
                at,
                format!(
                    "{owner} would be `{}`, a member of every request builder; its field and setter are `{name}`",
                    names::bare(&wanted)
                ),
                "nothing to do: the wire name stays as it is",
            ),
            None => {}
        }
        p.name = name;
    }
}
