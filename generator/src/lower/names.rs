//! Rust names from spec names: the one rule for identifiers, type names,
//! field names and operation method names.

use heck::{ToPascalCase, ToSnakeCase};

// Words Rust reserves ([`reserved::KEYWORDS`]). Most can be written raw
// (`r#type`); the four in [`NOT_RAW`] cannot and get a trailing
// underscore instead.
use templates::reserved::KEYWORDS;
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// A valid Rust identifier for `name`, as it should be written in source:
/// characters that cannot appear become `_`, a leading digit gets a `_`
/// before it, keywords become raw identifiers (`r#type`) or, where Rust
/// forbids that, get a trailing `_` (`self_`). Empty names become `_empty`.
pub fn ident(name: &str) -> String {
    // Most names are already identifiers: they are kept as they are.
    let plain = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name.bytes().any(|b| b != b'_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && !name.contains("__");
    keyword_safe(if plain {
        name.to_owned()
    } else {
        respelled(name)
    })
}

/// An identifier that is a keyword written raw (`r#type`), or with a `_`
/// after it where Rust forbids that (`self_`).
fn keyword_safe(mut out: String) -> String {
    if NOT_RAW.contains(&out.as_str()) {
        out.push('_');
    } else if KEYWORDS.contains(&out.as_str()) {
        out.insert_str(0, "r#");
    }
    out
}

/// `name` with what an identifier cannot hold respelled: `_` for each
/// character it cannot, one `_` for a run inside it, `_` before a leading
/// digit, `_empty` for nothing left.
fn respelled(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.chars().all(|c| c == '_') {
        return "_empty".to_owned();
    }
    // A run of `_` inside a name (`aüüb` → `a__b`) is one `_`: rustc's
    // case lints refuse `__` between letters. Runs at the ends stay.
    let (start, end) = (
        out.len() - out.trim_start_matches('_').len(),
        out.trim_end_matches('_').len(),
    );
    let mut inner = String::with_capacity(end - start);
    for c in out[start..end].chars() {
        if !(c == '_' && inner.ends_with('_')) {
            inner.push(c);
        }
    }
    out = format!("{}{inner}{}", &out[..start], &out[end..]);
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// Module (and so file) names are at most this long: file systems refuse
/// names over 255 bytes, and paths get long.
const MAX_MODULE_LEN: usize = 64;

/// The module, and file, a snake_case name goes into: `mod` (the name of
/// the directory's own file) and the directories' own names (`types`,
/// `operations`: a module may not share its parent's) get a `_`; a name
/// over 64 bytes keeps its first 47 and a hash of the whole, so it stays
/// unique.
pub fn module_name(snake: &str) -> String {
    use sha2::{Digest, Sha256};
    let name = bare(snake);
    if ["mod", "types", "operations"].contains(&name) {
        return format!("{name}_");
    }
    if name.len() <= MAX_MODULE_LEN {
        return name.to_owned();
    }
    let hash = Sha256::digest(name.as_bytes());
    let tail: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
    let mut head = name[..47].to_owned();
    while head.ends_with('_') {
        head.pop();
    }
    format!("{head}_{tail}")
}

/// A name without a raw-identifier prefix (`r#type` → `type`): the
/// templates' own rule.
pub use templates::ident::bare;

/// The Rust type name for a definition: kept exactly when it is already
/// PascalCase (`V2UserDetail` stays), converted otherwise (`user_info` →
/// `UserInfo`).
pub fn type_name(name: &str) -> String {
    let is_pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if is_pascal {
        ident(name)
    } else {
        // Characters an identifier cannot hold are word breaks (`CafStraße`
        // → `CafStraE`), never a `_` inside a type name.
        let words: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        ident(&words.to_pascal_case())
    }
}

/// The Rust field (or method) name for a wire name: snake_case.
pub fn field_name(name: &str) -> String {
    ident(&name.to_snake_case())
}

/// [`field_name`] of a wire name, and the name of the method that sets the
/// field: `with_` and the wire name in snake_case (`with_type`, `with_1st`:
/// no escaping needed after `with_`). The name is put in snake_case once
/// for both.
pub fn field_and_setter(wire: &str) -> (String, String) {
    let snake = wire.to_snake_case();
    let setter = ident(&format!("with_{snake}"));
    (ident(&snake), setter)
}

/// The operationId openapi-generator derives when a spec has none: the
/// path's segments with braces dropped, each segment after the first
/// camelized, then the HTTP method. Symphony's official SDKs use these
/// names, and later official specs write them in.
pub fn derived_operation_id(method: &str, path: &str) -> String {
    let path = path.replace(['{', '}'], "");
    let mut id = String::new();
    if path == "/" {
        id.push_str("root");
    }
    for part in path.split('/').chain([method]).filter(|p| !p.is_empty()) {
        if id.is_empty() {
            let mut chars = part.chars();
            id.extend(chars.next().map(|c| c.to_ascii_lowercase()));
            id.push_str(chars.as_str());
        } else {
            id.push_str(&camelize(part));
        }
    }
    id.chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// openapi-generator's `camelize`: words split on `_`, `-`, `.` and spaces,
/// each with its first letter upper-cased and the rest kept.
fn camelize(part: &str) -> String {
    part.split(['_', '-', '.', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
                .collect::<String>()
        })
        .collect()
}

/// The method name of an operation: the snake_case of its operationId, or
/// of the one openapi-generator would derive.
pub fn method_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    match operation_id {
        Some(id) => field_name(id),
        None => field_name(&derived_operation_id(method, path)),
    }
}

/// The names the generated code takes, kept beside the templates that
/// write it ([`templates::reserved`]): no spec name takes one.
pub use templates::reserved;

/// One namespace of generated names (a crate's types, a struct's fields, a
/// builder's parameters): what is taken, and by what. Every name the
/// lowering hands the templates is claimed in its scope first.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    taken: std::collections::BTreeMap<String, String>,
    reserved: Vec<&'static str>,
    /// How a number is appended: `_` for snake_case, nothing for types.
    separator: &'static str,
}

/// Why a name could not be used as wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// The generated code's own name.
    Reserved,
    /// Taken by what this says.
    TakenBy(String),
}

impl Scope {
    /// A scope of snake_case names (`user_id`, `user_id_2`).
    pub fn snake(reserved: &[&'static str]) -> Scope {
        Scope {
            taken: Default::default(),
            reserved: reserved.to_vec(),
            separator: "_",
        }
    }

    /// A scope of type names (`Status`, `Status2`).
    pub fn types(reserved: &[&'static str]) -> Scope {
        Scope {
            taken: Default::default(),
            reserved: reserved.to_vec(),
            separator: "",
        }
    }

    /// Marks `name` as held by `owner` (a name decided elsewhere, such as
    /// a schema's type), reserved or not.
    pub fn take(&mut self, name: &str, owner: &str) {
        self.taken.insert(bare(name).to_owned(), owner.to_owned());
    }

    /// Who holds `name`, if anyone.
    pub fn holder(&self, name: &str) -> Option<Clash> {
        if let Some(owner) = self.taken.get(bare(name)) {
            return Some(Clash::TakenBy(owner.clone()));
        }
        self.reserved
            .contains(&bare(name))
            .then_some(Clash::Reserved)
    }

    /// Records that `name` is taken by `owner`, unless something holds it
    /// already: then who does.
    pub(crate) fn take_or_holder(&mut self, name: &str, owner: &str) -> Option<Clash> {
        let holder = self.holder(name);
        if holder.is_none() {
            self.take(name, owner);
        }
        holder
    }

    /// Takes `wanted` for `owner` when it is free; otherwise the first free
    /// of `wanted_` (reserved names, as for keywords) or `wanted2`,
    /// `wanted3`… (names taken in the spec), with what it clashed with.
    pub fn claim(&mut self, wanted: &str, owner: &str) -> (String, Option<Clash>) {
        let clash = self.holder(wanted);
        let mut name = wanted.to_owned();
        if clash == Some(Clash::Reserved) {
            name = unreserved(wanted, &self.reserved);
        }
        let mut n = 2;
        while self.holder(&name).is_some() {
            name = format!("{}{}{n}", bare(wanted), self.separator);
            n += 1;
        }
        self.taken.insert(bare(&name).to_owned(), owner.to_owned());
        (name, clash)
    }
}

/// `wanted`, or `wanted_` when the generated code reserves it (`Option`
/// becomes `Option_`): the one rule for reserved names, whichever scope
/// asks.
pub(crate) fn unreserved(wanted: &str, reserved: &[&str]) -> String {
    if reserved.contains(&bare(wanted)) {
        format!("{}_", bare(wanted))
    } else {
        wanted.to_owned()
    }
}

/// `wanted`, with `suffix` appended until `taken` says the name is free:
/// how a variant keeps a name of its own within its enum (`Empty`,
/// `Empty_`; a catch-all `Unknown`, `UnknownValue`).
pub(crate) fn free(wanted: &str, suffix: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut name = wanted.to_owned();
    while taken(&name) {
        name.push_str(suffix);
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_handle_keywords_and_invalid_characters() {
        assert_eq!(ident("type"), "r#type");
        assert_eq!(ident("self"), "self_");
        assert_eq!(ident("1st"), "_1st");
        assert_eq!(ident("foo-bar"), "foo_bar");
        assert_eq!(ident(""), "_empty");
        assert_eq!(field_name("foo-bar"), "foo_bar");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("userId"), "user_id");
        assert_eq!(field_and_setter("type").1, "with_type");
        assert_eq!(field_and_setter("1st").1, "with_1st");
        assert_eq!(field_and_setter("foo-bar").1, "with_foo_bar");
        assert_eq!(field_and_setter("ünïcödé").1, "with_n_c_d_");
        for wire in [
            "type",
            "1st",
            "foo-bar",
            "ünïcödé",
            "userId",
            "self",
            "a__b",
        ] {
            assert_eq!(field_and_setter(wire).0, field_name(wire), "{wire}");
        }
        assert_eq!(ident("aüüb"), "a_b");
        assert_eq!(ident("__proto__"), "__proto__");
    }

    #[test]
    fn a_name_kept_as_it_is_is_the_name_respelling_gives() {
        // Every name of up to five characters from a few of each kind.
        let mut names = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|n| ["a", "Z", "1", "_", "-", "é"].map(|c| format!("{n}{c}")))
                .collect();
            names.extend(last.iter().cloned());
        }
        names.extend(["type", "self", "Self", "crate", "__proto__", "r#x"].map(String::from));
        for name in &names {
            assert_eq!(ident(name), keyword_safe(respelled(name)), "{name:?}");
        }
        assert!(names.len() > 9000);
    }

    #[test]
    fn a_scope_hands_out_each_name_once() {
        let mut fields = Scope::snake(&["client"]);
        assert_eq!(
            fields.claim("user_id", "userId"),
            ("user_id".to_owned(), None)
        );
        let (again, clash) = fields.claim("user_id", "user-id");
        assert_eq!(again, "user_id_2");
        assert_eq!(clash, Some(Clash::TakenBy("userId".to_owned())));
        assert_eq!(fields.claim("user_id", "user_id").0, "user_id_3");
        assert_eq!(fields.claim("client", "client").0, "client_");
        assert_eq!(fields.claim("r#type", "type").0, "r#type");
        assert_eq!(fields.claim("r#type", "Type").0, "type_2");
        let mut types = Scope::types(reserved::PRELUDE_AND_IMPORTS);
        assert_eq!(types.claim("Option", "Option").0, "Option_");
        assert_eq!(types.claim("Status", "a").0, "Status");
        assert_eq!(types.claim("Status", "b").0, "Status2");
    }

    #[test]
    fn module_names_are_files_a_file_system_takes() {
        assert_eq!(module_name("r#mod"), "mod_");
        assert_eq!(module_name("types"), "types_");
        assert_eq!(module_name("r#type"), "type");
        let long = module_name(&"op".repeat(150));
        assert_eq!(long.len(), 64);
        assert_ne!(long, module_name(&format!("{}x", "op".repeat(150))));
    }

    #[test]
    fn pascal_case_type_names_are_kept() {
        assert_eq!(type_name("V2UserDetail"), "V2UserDetail");
        assert_eq!(type_name("user_info"), "UserInfo");
        assert_eq!(type_name("Self"), "Self_");
    }

    #[test]
    fn method_names_follow_the_issue_examples() {
        let m = |id, method, path| method_name(id, method, path);
        assert_eq!(
            m(Some("listAllowedFileExtensions"), "get", "/x"),
            "list_allowed_file_extensions"
        );
        assert_eq!(
            m(None, "get", "/v1/companycert/list"),
            "v1_companycert_list_get"
        );
        assert_eq!(
            m(None, "get", "/v1/companycert/{fingerPrint}/get"),
            "v1_companycert_finger_print_get_get"
        );
        assert_eq!(
            m(None, "post", "/v1/admin/user/{uid}/avatar/update"),
            "v1_admin_user_uid_avatar_update_post"
        );
        assert_eq!(derived_operation_id("get", "/"), "rootGet");
    }
}
