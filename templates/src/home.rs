//! Where an API's items live in the generated crate: at its root (the pod
//! API) or in a module of their own (`agent`), and the handle its methods
//! are on (`Client`, or the module's handle that `Client::agent` gives).

use crate::model::{Api, Service};
use proc_macro2::TokenStream;
use quote::quote;

/// Where one API lives.
#[derive(Debug, Clone, Copy)]
pub struct Home<'a> {
    /// The module it lives in (`agent`), or `None` at the crate root.
    pub module: Option<&'a str>,
    /// Where the client calls it.
    pub service: Service,
}

impl<'a> Home<'a> {
    /// The home of `api`.
    pub fn of(api: &'a Api) -> Home<'a> {
        Home {
            module: api.module.as_deref(),
            service: api.service,
        }
    }

    /// The API's path from `root` (`crate`, or the crate's name outside
    /// it): `crate`, or `crate::agent`.
    pub fn path(self, root: &str) -> String {
        match self.module {
            Some(m) => format!("{root}::{m}"),
            None => root.to_owned(),
        }
    }

    /// The same path as tokens.
    pub fn path_tokens(self, root: &str) -> TokenStream {
        path_tokens(&self.path(root))
    }

    /// The name of the type its methods are on: `Client`, or the module's
    /// handle (`Agent`).
    pub fn handle(self) -> String {
        match self.module {
            Some(m) => handle_name(m),
            None => "Client".to_owned(),
        }
    }

    /// What reaches the handle from a `client`, as tokens: nothing, or
    /// `.agent()`.
    pub fn via_tokens(self) -> TokenStream {
        match self.module {
            Some(m) => {
                let m = crate::ident::ident(m);
                quote!(.#m())
            }
            None => TokenStream::new(),
        }
    }

    /// The builder calls that serve this API from `url` under `base_path`
    /// (tokens of a `String` and a `&str`): `.base_path(…)` for the pod;
    /// `.agent_url(…).agent_base_path(…)` for the agent.
    pub fn served_at(self, url: &TokenStream, base_path: &TokenStream) -> TokenStream {
        match self.service {
            Service::Pod => quote!(.base_path(#base_path)),
            Service::Agent => quote!(.agent_url(#url).agent_base_path(#base_path)),
        }
    }

    /// The name of the environment variable a test reads `what` from,
    /// this API's own: `PRISM_STATIC_URL`, `PRISM_AGENT_STATIC_URL`.
    pub fn variable(self, what: &str) -> String {
        match self.module {
            Some(m) => format!("PRISM_{}_{what}", m.to_ascii_uppercase()),
            None => format!("PRISM_{what}"),
        }
    }

    /// What reaches the handle from a `client`: ``, or `.agent()`.
    pub fn via(self) -> String {
        match self.module {
            Some(m) => format!(".{m}()"),
            None => String::new(),
        }
    }
}

/// The handle type of a module API: its name in PascalCase (`Agent`).
pub fn handle_name(module: &str) -> String {
    let mut chars = module.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(chars)
        .collect()
}

/// `a::b::c` as path tokens.
pub fn path_tokens(path: &str) -> TokenStream {
    let parts = path.split("::").map(crate::ident::ident);
    quote!(#(#parts)::*)
}

/// The path of the agent's datafeed read, which the runtime's datafeed
/// calls (`runtime/src/datafeed.rs`; a test ties the two).
pub const DATAFEED_READ_PATH: &str = "/v5/datafeeds/{datafeedId}/read";

/// The type of the datafeed's events in an agent API: the item type of the
/// `events` list its read answers with (`V4Event`), when the spec has the
/// read.
pub fn datafeed_event(api: &Api) -> Option<&str> {
    use crate::model::{Response, Type, TypeDef};
    if api.service != Service::Agent {
        return None;
    }
    let read = api
        .operations
        .iter()
        .find(|op| op.path == DATAFEED_READ_PATH && op.http_method == "POST")?;
    let Response::Json(Type::Named(list)) = &read.response else {
        return None;
    };
    let list = api
        .modules
        .iter()
        .flat_map(|m| &m.types)
        .find_map(|t| match t {
            TypeDef::Struct(s) if s.name == *list => Some(s),
            _ => None,
        })?;
    let events = list.fields.iter().find(|f| f.wire == "events")?;
    match &events.ty {
        Type::Vec(item) => match &**item {
            Type::Named(event) => Some(event),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_runtime_reads_the_datafeed_where_the_templates_say() {
        let (_, datafeed) = crate::RUNTIME_FILES
            .iter()
            .find(|(name, _)| *name == "datafeed.rs")
            .unwrap();
        assert!(datafeed.contains(&format!("\"{}\"", super::DATAFEED_READ_PATH)));
    }
}
