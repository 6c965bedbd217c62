//! The names the generated code itself takes, which no name from a spec
//! may take: the one list the naming authority (`generator`'s
//! `lower::names`) reads. `generator/tests/reserved.rs` ties each list to
//! the code that defines the names, and fails when one is missing.

/// Every method `Client` has, whatever its visibility: the runtime's
/// (`templates/runtime/src`), the generated `client.rs`'s, and those of
/// the traits it implements (`Clone`, `Debug`). An operation never takes
/// one: two methods of one name do not build, and a trait's would be
/// shadowed.
pub const CLIENT_METHODS: &[&str] = &[
    "base_url",
    "builder",
    "clone",
    "clone_from",
    "datafeed_of",
    "fmt",
    "follow_elsewhere",
    "from_bdk_config",
    "raw",
    "retry_policy",
    "send",
    "send_inner",
    "send_timed",
    "url",
];

/// Every method of a module API's handle (the agent's `Agent`): its own
/// (the datafeed) and its traits' (`Clone`, `Debug`). An operation of the
/// module API never takes one.
pub const HANDLE_METHODS: &[&str] = &["clone", "clone_from", "datafeed", "fmt"];

/// The fields and methods every request builder has besides its
/// parameters (its own, and those of the traits it implements: `Clone`,
/// `Debug`, the mock's `MockCall`). No parameter takes one.
pub const BUILDER_MEMBERS: &[&str] = &[
    "client",
    "clone",
    "clone_from",
    "deadline",
    "fmt",
    "into_request",
    "reply",
    "send",
    "stream",
];

/// Type names the generated code uses unqualified in every module: the
/// Rust prelude's types, traits and variants, what the templates import
/// (`BTreeMap`, serde's derives), and the generic parameters they declare
/// around code that names spec types (`A`, `D`, `S`, `T`). No spec type
/// takes one, so that `Option<String>` in a generated file always means
/// std's and a field of type `A` is never the generic `A`. (The runtime's
/// items are never in scope unqualified where a spec type is: generated
/// code names them by path, `runtime::Error`.)
pub const PRELUDE_AND_IMPORTS: &[&str] = &[
    "A",
    "AsMut",
    "AsRef",
    "BTreeMap",
    "Box",
    "Clone",
    "Copy",
    "D",
    "Default",
    "Deserialize",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "FromStr",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "S",
    "Self",
    "Send",
    "Serialize",
    "Sized",
    "Some",
    "String",
    "Sync",
    "T",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Words Rust reserves, strict and reserved for later: an identifier that
/// is one is written raw (`r#type`), or with a trailing `_` where Rust
/// refuses that (`self_`).
pub const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The modules at the generated crate's root: no module API (`agent`)
/// may take one.
pub const ROOT_MODULES: &[&str] = &["areas", "client", "mock", "operations", "runtime", "types"];

/// Names the generated files use besides those above, in scopes a spec
/// name can reach: the crate's modules and items, its tests' helpers and
/// imports, the crates and std items its code names by path. Nothing is
/// renamed for them (generated code keeps them apart by paths); the
/// fuzzer and the own-names fixtures name spec items after them to prove
/// it.
pub const OTHER_NAMES: &[&str] = &[
    "BASE_PATH",
    "OPERATION",
    "sample",
    "call",
    "outcome",
    "OPERATIONS",
    "same",
    "round_trip",
    "without_nulls",
    "method",
    "path",
    "header",
    "query_param",
    "body_json",
    "body_bytes",
    "Mock",
    "MockServer",
    "ResponseTemplate",
    "Value",
    "DeserializeOwned",
    "std",
    "core",
    "serde",
    "serde_json",
    "reqwest",
    "tokio",
    "wiremock",
    "Duration",
    "Url",
    "HashMap",
    "Pages",
    "page_items",
    "next_cursor",
    "Reply",
    "MockCall",
    "Operation",
    "Request",
    "ResponseValue",
];

/// Every name the generated code takes or uses, once each, sorted: what a
/// spec is tried against (the runtime's `Client` methods and builder
/// members, prelude and imported types, the crate root's items, keywords
/// and [`OTHER_NAMES`]).
pub fn all() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = [
        CLIENT_METHODS,
        HANDLE_METHODS,
        BUILDER_MEMBERS,
        PRELUDE_AND_IMPORTS,
        crate::krate::ROOT_API,
        crate::krate::CONFIG_API,
        crate::krate::DATAFEED_API,
        KEYWORDS,
        ROOT_MODULES,
        OTHER_NAMES,
    ]
    .concat();
    all.sort_unstable();
    all.dedup();
    all
}
