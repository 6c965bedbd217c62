//! Operations → the areas the docs group them in: `settings.yml`'s
//! `areas:` by path prefix, the rest by their path's first segment.

use crate::settings::Settings;
use heck::ToTitleCase;
use templates::model::{Area, Operation};

/// The areas, in order: the configured ones (those that took an
/// operation), then one per first path segment of the rest, as the spec
/// first names it. Every operation is in exactly one.
pub fn areas(operations: &[Operation], settings: &Settings) -> Vec<Area> {
    let mut areas: Vec<Area> = settings
        .areas
        .iter()
        .map(|rule| Area {
            name: rule.name.clone(),
            about: rule.about.clone(),
            operations: Vec::new(),
        })
        .collect();
    let configured = areas.len();
    for (index, op) in operations.iter().enumerate() {
        let rule = settings
            .areas
            .iter()
            .position(|rule| rule.paths.iter().any(|prefix| under(&op.path, prefix)));
        let slot = match rule {
            Some(i) => i,
            None => {
                let name = fallback_name(&op.path);
                match areas[configured..].iter().position(|a| a.name == name) {
                    Some(i) => configured + i,
                    None => {
                        areas.push(Area {
                            name,
                            about: String::new(),
                            operations: Vec::new(),
                        });
                        areas.len() - 1
                    }
                }
            }
        };
        areas[slot].operations.push(index);
    }
    areas.retain(|a| !a.operations.is_empty());
    areas
}

/// Whether `path` is `prefix` or below it, segment by segment.
fn under(path: &str, prefix: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    path == prefix || path.starts_with(&format!("{prefix}/"))
}

/// The heading of an operation no rule takes: its path's first segment
/// after a version segment (`/v2/room/{id}` → `Room`; `/admin/user/…` →
/// `Admin user`), or `Other`.
fn fallback_name(path: &str) -> String {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .filter(|s| !is_version(s))
        .collect();
    let words = match segments.as_slice() {
        ["admin", next, ..] => format!("admin {next}"),
        [first, ..] => (*first).to_owned(),
        [] => "other".to_owned(),
    };
    let title = words.to_title_case();
    let mut chars = title.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => "Other".to_owned(),
    }
}

fn is_version(segment: &str) -> bool {
    segment.len() > 1
        && segment.starts_with('v')
        && segment[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unconfigured_paths_are_grouped_by_their_first_segment() {
        assert_eq!(fallback_name("/v2/room/{id}/info"), "Room");
        assert_eq!(fallback_name("/v1/admin/user/{uid}"), "Admin user");
        assert_eq!(fallback_name("/file_ext/v1/allowed"), "File ext");
        assert_eq!(fallback_name("/v3/{x}"), "Other");
        assert!(under("/v1/room/{id}/info", "/v1/room"));
        assert!(under("/v1/room", "/v1/room/"));
        assert!(!under("/v1/roomx", "/v1/room"));
    }
}
