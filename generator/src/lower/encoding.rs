//! A form or multipart body's `encoding`: the content type a part is sent
//! with, and a located warning for what the client does not apply.

use crate::diagnostics::Diagnostics;
use crate::load::pointer;
use openapiv3::{MediaType, ObjectType, QueryStyle};
use templates::model::ParamLocation;

/// The content types the body's `encoding` gives its multipart parts, by
/// field name; warns (at `at`, the media type) about every other setting.
pub(super) fn part_types(
    media: &MediaType,
    object: &ObjectType,
    location: ParamLocation,
    at: &str,
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (field, encoding) in &media.encoding {
        let here = pointer::child(&pointer::child(at, "encoding"), field);
        if !object.properties.contains_key(field) {
            diags.warn(
                &here,
                format!("`encoding` names `{field}`, which is not a property of the body; ignored"),
                "name a property of the body's schema",
            );
            continue;
        }
        let multipart = location == ParamLocation::Part;
        if multipart && !encoding.headers.is_empty() {
            diags.warn(
                &here,
                format!("the headers `encoding` gives part `{field}` are not sent"),
                "send what the headers carry as parts or parameters",
            );
        }
        let styled =
            !matches!(encoding.style, None | Some(QueryStyle::Form)) || encoding.allow_reserved;
        if !multipart && styled {
            diags.warn(
                &here,
                format!("form field `{field}` is written in the `form` style, percent-encoded; its `encoding` style is not applied"),
                "drop the field's `style` and `allowReserved`",
            );
        }
        let Some(content_type) = encoding.content_type.as_deref() else {
            continue;
        };
        match (multipart, concrete(content_type)) {
            (true, Some(media_type)) => out.push((field.clone(), media_type)),
            (true, None) => diags.warn(
                &here,
                format!("part `{field}`'s content type `{content_type}` names no single media type; the part is sent with the client's default"),
                "give one media type, like `image/png`",
            ),
            (false, _) => diags.warn(
                &here,
                format!("a urlencoded form field has no content type of its own; `{content_type}` of `{field}` is not applied"),
                "send the body as multipart/form-data to type its parts",
            ),
        }
    }
    out
}

/// The first media type of a content-type list that names one
/// (`image/png, image/jpeg` → `image/png`), without wildcards.
fn concrete(list: &str) -> Option<String> {
    list.split(',').map(str::trim).find_map(|candidate| {
        let (kind, rest) = candidate.split_once('/')?;
        let subtype = rest.split(';').next()?.trim();
        let token = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
        };
        // Parameters (`; charset=…`) are left out: the part is sent with
        // a media type that always parses.
        (token(kind) && token(subtype)).then(|| format!("{kind}/{subtype}"))
    })
}

#[cfg(test)]
mod tests {
    use super::concrete;

    #[test]
    fn a_content_type_list_gives_its_first_media_type() {
        assert_eq!(
            concrete("image/png, image/jpeg").as_deref(),
            Some("image/png")
        );
        assert_eq!(concrete("image/*, text/csv").as_deref(), Some("text/csv"));
        assert_eq!(
            concrete("text/plain; charset=utf-8").as_deref(),
            Some("text/plain")
        );
        assert_eq!(concrete("*/*"), None);
        assert_eq!(concrete("not a type"), None);
    }
}
