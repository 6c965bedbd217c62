//! The runtime's writing of object query values (`runtime/src/query.rs`),
//! compiled here too: the templates name its styles, and the generator's
//! call checks expect exactly the pairs the client sends.

use crate::model::ListStyle;

#[allow(unreachable_pub)]
#[path = "../runtime/src/query.rs"]
mod runtime_query;

pub use runtime_query::ObjectStyle;

/// The query pairs `value` becomes as the parameter `name` in `style`,
/// written by the runtime's own code.
pub fn object_pairs(
    name: &str,
    value: &serde_json::Value,
    style: ObjectStyle,
) -> Vec<(String, String)> {
    runtime_query::object_pairs(name, value, style)
}

impl ListStyle {
    /// How an object query value travels in this style: `form` exploded
    /// is a pair per property, the delimited styles one joined pair.
    pub fn object_style(self) -> ObjectStyle {
        match self {
            ListStyle::Repeated => ObjectStyle::Exploded,
            ListStyle::Comma => ObjectStyle::Joined(","),
            ListStyle::Space => ObjectStyle::Joined(" "),
            ListStyle::Pipe => ObjectStyle::Joined("|"),
            ListStyle::Deep => ObjectStyle::Deep,
        }
    }
}
