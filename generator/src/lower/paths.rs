//! Path templates → the model: each segment split into text and
//! parameters, the template reconciled with the declared path parameters.

use super::params::param_name;
use crate::diagnostics::Diagnostics;
use templates::model::{Param, ParamLocation, PathPiece, PathStyle, Type};

/// The template's segments, parameters by wire name. A template parameter
/// nobody declared becomes a required string argument, and a declared path
/// parameter the template does not name is dropped, each with a warning.
pub(super) fn template(
    path: &str,
    params: &mut Vec<Param>,
    at: &str,
    diags: &mut Diagnostics,
) -> Vec<Vec<PathPiece>> {
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
    let in_template = path_params(path);
    for wire in &in_template {
        let declared = params
            .iter()
            .any(|p| p.location.is_path() && p.wire == *wire);
        if !declared {
            diags.warn(
                    at,
                    format!("the path names `{{{wire}}}` but no path parameter declares it; it becomes a string argument"),
                    format!("declare it: `- {{name: {wire}, in: path, required: true, schema: {{type: string}}}}`"),
                );
            params.push(Param {
                name: param_name(wire),
                wire: (*wire).to_owned(),
                location: ParamLocation::Path(PathStyle::Simple),
                ty: Type::String,
                required: true,
                docs: Vec::new(),
                format: None,
            });
        }
    }
    // A path parameter the template does not name could not be sent.
    params.retain(|p| {
            let sent = !p.location.is_path() || in_template.contains(&p.wire.as_str());
            if !sent {
                diags.warn(
                    at,
                    format!("path parameter `{}` does not appear in the path `{path}`; the method does not take it", p.wire),
                    format!("add `{{{}}}` to the path, or remove the parameter", p.wire),
                );
            }
            sent
        });
    segments
}

/// The segments with each parameter named as its argument.
pub(super) fn named(segments: Vec<Vec<PathPiece>>, params: &[Param]) -> Vec<Vec<PathPiece>> {
    segments
        .into_iter()
        .map(|pieces| {
            pieces
                .into_iter()
                .map(|piece| match piece {
                    PathPiece::Param(wire) => PathPiece::Param(
                        params
                            .iter()
                            .find(|p| p.location.is_path() && p.wire == wire)
                            .map_or_else(|| param_name(&wire), |p| p.name.clone()),
                    ),
                    literal => literal,
                })
                .collect()
        })
        .collect()
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
