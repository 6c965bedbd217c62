//! Operations → the model: method names (operationId, or the one
//! openapi-generator derives), and each operation assembled from its
//! parameters (`params`), body (`bodies`), path template (`paths`),
//! response (`responses`) and paging (`pagination`).

use super::context::{renamed_type, LowerOps};
use super::lines;
use super::names::{self, Clash, Scope};
use super::params::unique_params;
use super::paths;
use crate::diagnostics::Diagnostics;
use crate::load::pointer;
use crate::settings::Settings;
use heck::ToPascalCase;
use openapiv3::{OpenAPI, Parameter, ReferenceOr};
use templates::model::{Module, Operation};

/// Every operation of the spec, in spec order. Two operations with one
/// method name are an error naming both.
pub fn operations(
    api: &OpenAPI,
    settings: &Settings,
    modules: &[Module],
    diags: &mut Diagnostics,
) -> Vec<Operation> {
    let lower = LowerOps::new(api, settings, modules);
    let mut out: Vec<Operation> = Vec::new();
    // A module API's methods are on its handle; the crate root's on
    // `Client`, beside each module's handle method (`Client::agent`).
    let mut methods = Scope::snake(match settings.module {
        Some(_) => names::reserved::HANDLE_METHODS,
        None => names::reserved::CLIENT_METHODS,
    });
    for module in settings
        .apis
        .iter()
        .filter_map(|a| a.settings.module.as_deref())
    {
        methods.take(
            module,
            &format!("the `{module}` API's handle, `Client::{module}`"),
        );
    }
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
            let path_at = pointer::child(&pointer::child("/paths", path), "parameters");
            let params = lower.merged_parameters(&item.parameters, &path_at, &op.parameters, &at);
            out.push(lower.operation(method_name, (method, path), op, &params, &at, diags));
        }
    }
    super::search::assign(&mut out, settings, diags);
    out
}

impl LowerOps<'_> {
    fn operation(
        &self,
        method_name: String,
        (method, path): (&str, &str),
        op: &openapiv3::Operation,
        parameters: &[(&ReferenceOr<Parameter>, String)],
        at: &str,
        diags: &mut Diagnostics,
    ) -> Operation {
        if !op.servers.is_empty() {
            diags.warn(
                &pointer::child(at, "servers"),
                "operation-level `servers` are not supported: this call goes to the client's pod URL and base path like every other",
                "move the operation to a spec of its own server, or drop its `servers`",
            );
        }
        let pascal = names::bare(&method_name).to_pascal_case();
        let builder = self.type_name(&format!("{pascal}Request"), &method_name);
        renamed_type(
            &format!("{pascal}Request"),
            &builder,
            "request builder",
            at,
            diags,
        );
        let mut types = Vec::new();
        let (mut params, credentials) = self.parameters(&pascal, parameters, &mut types, diags);
        let body = op.request_body.as_ref().and_then(|body| {
            let name = op
                .extensions
                .get(super::bodies::BODY_NAME)
                .and_then(|v| v.as_str());
            self.body(body, name, at, diags)
        });
        let (content_type, part_types) = match body {
            Some(body) => {
                params.extend(body.params);
                (Some(body.content_type), body.part_types)
            }
            None => (None, Vec::new()),
        };
        let response = self.response(&pascal, op, at, diags);
        let pagination = self.pagination(&params, &response);
        let segments = paths::template(path, &mut params, at, diags);
        unique_params(&mut params, at, diags);
        self.text_params(&mut params, &types, at, diags);
        let segments = paths::named(segments, &params);
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
        docs.extend(self.paging_docs(&params, &response, pagination.as_ref()));
        Operation {
            module: names::ident(&names::module_name(&method_name)),
            method_name,
            builder,
            http_method: method.to_uppercase(),
            path: path.to_owned(),
            segments,
            docs,
            params,
            credentials,
            content_type,
            part_types,
            response,
            pagination,
            types,
            aliases: Vec::new(),
        }
    }
}
