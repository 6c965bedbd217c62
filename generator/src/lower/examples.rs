//! The spec's examples, paired with the generated type each should decode
//! into: definition examples and success-response examples.

use super::conforms::Types;
use super::type_names::TypeNames;
use crate::diagnostics::Diagnostics;
use crate::load::pointer;
use crate::lower::names;
use crate::settings::Settings;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, StatusCode, Type as OaType};
use std::collections::BTreeSet;
use templates::model::{Example, Module, Type};

/// Every example with a type to check it against, in spec order. Entries
/// of the settings' bad-example list that match no example are warnings.
/// An example that does not round-trip through its type (checked on the
/// model) and is not listed is a located warning, and its generated test
/// expects the failure.
pub fn examples(
    api: &OpenAPI,
    settings: &Settings,
    modules: &[Module],
    diags: &mut Diagnostics,
) -> Vec<Example> {
    let type_names = TypeNames {
        renames: &settings.type_renames,
    };
    let types = Types {
        by_name: modules
            .iter()
            .flat_map(|m| &m.types)
            .map(|t| (t.name(), t))
            .collect(),
    };
    let checked =
        |example: Example, at: String, diags: &mut Diagnostics| check(example, &at, &types, diags);
    let mut out = Vec::new();
    for (name, schema) in api.components.iter().flat_map(|c| &c.schemas) {
        let ReferenceOr::Item(s) = schema else {
            continue;
        };
        if let Some(example) = &s.schema_data.example {
            let rust = type_names.of_schema(name);
            let test = format!(
                "definition_{}",
                names::field_name(&rust).trim_start_matches("r#")
            );
            let at = pointer::child(&pointer::child("/components/schemas", name), "example");
            out.push(checked(
                example_of(
                    test,
                    format!("definition {name}"),
                    Type::Named(rust),
                    example,
                    settings,
                ),
                at,
                diags,
            ));
        }
    }
    for (path, item) in &api.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            for (code, response) in &op.responses.responses {
                let StatusCode::Code(code @ 200..=299) = code else {
                    continue;
                };
                // A response given by reference is read (and located) where
                // its chain ends.
                let Some((component, response)) = super::refs::resolve_named(
                    response,
                    api.components.as_ref().map(|c| &c.responses),
                ) else {
                    continue;
                };
                let response_at = match component {
                    Some(name) => pointer::child("/components/responses", &name),
                    None => pointer::child(
                        &pointer::child(
                            &pointer::child(&pointer::child("/paths", path), method),
                            "responses",
                        ),
                        &code.to_string(),
                    ),
                };
                for (mime, media) in &response.content {
                    let media_at = pointer::child(&pointer::child(&response_at, "content"), mime);
                    let Some(ty) = media
                        .schema
                        .as_ref()
                        .and_then(|s| response_type(s, type_names))
                    else {
                        continue;
                    };
                    let method_name = names::method_name(op.operation_id.as_deref(), method, path);
                    let label = format!("{} {path} {code}", method.to_uppercase());
                    if let Some(example) = &media.example {
                        out.push(checked(
                            example_of(
                                format!("{method_name}_{code}"),
                                label.clone(),
                                ty.clone(),
                                example,
                                settings,
                            ),
                            pointer::child(&media_at, "example"),
                            diags,
                        ));
                    }
                    // Named examples (OpenAPI 3.0 `examples`), each on its own.
                    for (name, example) in &media.examples {
                        let here = pointer::child(&pointer::child(&media_at, "examples"), name);
                        let resolved = super::refs::resolve(
                            example,
                            api.components.as_ref().map(|c| &c.examples),
                        );
                        // An example given by `externalValue` only has no value here.
                        let Some(value) = resolved.and_then(|e| e.value.as_ref()) else {
                            if let (None, ReferenceOr::Reference { reference }) =
                                (resolved, example)
                            {
                                diags.warn(
                                    &here,
                                    format!("example `{reference}` resolves to nothing (or to a loop of references); it is not checked"),
                                    "fix the reference",
                                );
                            }
                            continue;
                        };
                        let snake = names::field_name(name).trim_start_matches("r#").to_owned();
                        out.push(checked(
                            example_of(
                                format!("{method_name}_{code}_{snake}"),
                                format!("{label} {name}"),
                                ty.clone(),
                                value,
                                settings,
                            ),
                            here,
                            diags,
                        ));
                    }
                }
            }
        }
    }
    let labels: BTreeSet<&str> = out.iter().map(|e| e.label.as_str()).collect();
    for stale in settings
        .bad_examples
        .keys()
        .filter(|l| !labels.contains(l.as_str()))
    {
        diags.warn(
            "",
            format!("spec/examples.yml lists `{stale}`, which is not an example of this spec"),
            "remove the entry",
        );
    }
    let mut seen = BTreeSet::new();
    out.retain(|e| seen.insert(e.test.clone()));
    out
}

/// The example, marked known bad (with the reason) when it does not
/// round-trip and the settings do not already say so.
fn check(mut example: Example, at: &str, types: &Types<'_>, diags: &mut Diagnostics) -> Example {
    if example.known_bad.is_some() {
        return example;
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&example.json) else {
        return example;
    };
    if let Some(why) = types.mismatch(&value, &example.ty) {
        diags.warn(
            at,
            format!("this example contradicts its schema: {why}; its generated round-trip test expects the failure"),
            format!("fix the example, or list `{}` in the settings' examples.yml with the reason", example.label),
        );
        example.known_bad = Some(why);
    }
    example
}

fn example_of(
    test: String,
    label: String,
    ty: Type,
    example: &serde_json::Value,
    settings: &Settings,
) -> Example {
    let known_bad = settings.bad_examples.get(&label).cloned();
    Example {
        test,
        label,
        ty,
        json: example.to_string(),
        known_bad,
    }
}

/// The generated type of a response schema: a reference, or an array of
/// references. Inline response schemas get their types with the operations.
fn response_type(schema: &ReferenceOr<Schema>, names: TypeNames) -> Option<Type> {
    match names.named(schema) {
        Ok(named) => Some(named),
        Err(Schema {
            schema_kind: SchemaKind::Type(OaType::Array(a)),
            ..
        }) => {
            let item = names.named(a.items.as_ref()?).ok()?;
            Some(Type::Vec(Box::new(item)))
        }
        Err(_) => None,
    }
}
